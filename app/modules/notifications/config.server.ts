/**
 * Delivery settings for notifications, parsed with zod from the environment the first time they are needed (the
 * app-wide env in app/infra/env.server.ts does not know about them; each channel is optional). Without SMTP_URL no e-mail
 * is queued; without SMS_GATEWAY_URL no SMS. In-app notifications and webhooks need no configuration.
 */
import { z } from "zod";

const NotificationEnvSchema = z.object({
  /** smtp://user:pass@host:587 or smtps://…; unset = e-mail channel off. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL 必须以 smtp:// 或 smtps:// 开头")
    .optional(),
  MAIL_FROM: z.string().min(3).default("揭阳银企融资对接平台 <noreply@jieyang-finance.example>"),
  /** A generic HTTP SMS gateway: POST JSON { to, text, template, requestId } with a bearer token. */
  SMS_GATEWAY_URL: z.url().optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  /** 短信签名, shown as 【…】 before the text. */
  SMS_SIGN_NAME: z.string().min(1).max(20).default("揭阳金融"),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** An endpoint is disabled after this many consecutive failed attempts (any notification). */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(10),
  /** Base of links in e-mails and webhooks. */
  APP_BASE_URL: z.url().default("http://127.0.0.1:3000"),
});

export type NotificationConfig = z.infer<typeof NotificationEnvSchema>;

let cached: NotificationConfig | undefined;

export function parseNotificationConfig(source: Record<string, string | undefined>): NotificationConfig {
  // Empty strings from shell templates mean "unset".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = NotificationEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`通知渠道配置有误 (invalid notification settings):\n${lines.join("\n")}`);
  }
  return result.data;
}

export function getNotificationConfig(): NotificationConfig {
  cached ??= parseNotificationConfig(process.env);
  return cached;
}

/** Which external channels get a row when a notification is created. */
export interface ChannelAvailability {
  email: boolean;
  sms: boolean;
}

export function availableChannels(config: NotificationConfig = getNotificationConfig()): ChannelAvailability {
  return { email: Boolean(config.SMTP_URL), sms: Boolean(config.SMS_GATEWAY_URL) };
}
