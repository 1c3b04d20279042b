/**
 * Notification settings, parsed with zod from the environment the first time they are needed (the app-wide env in
 * app/infra/env.server.ts does not know about them). Each channel in channels/registry.server.ts declares and reads
 * its own variables (channels/<name>.server.ts) and may be off: without SMTP_URL no e-mail is queued, without
 * SMS_GATEWAY_URL no SMS. In-app notifications and webhooks need no configuration. Every problem in every channel's
 * settings is reported at once.
 */
import { z } from "zod";
import type { NotificationChannel } from "~/generated/prisma/client.ts";
import type { ChannelConfiguration, EnvSource } from "./channels/channel.server.ts";
import { ALL_CHANNELS, type RegisteredField } from "./channels/registry.server.ts";

const SharedEnvSchema = z.object({
  /** Base of links in e-mails and webhooks. */
  APP_BASE_URL: z.url().default("http://127.0.0.1:3000"),
});

export type EnabledChannel = Extract<ChannelConfiguration<RegisteredField>, { enabled: true }>;

export interface NotificationConfig {
  appBaseUrl: string;
  /** The channels that are on in this deployment, each with how to open it; a channel that is off is absent. */
  channels: ReadonlyMap<NotificationChannel, EnabledChannel>;
}

/** Which channels get a row when a notification is created: the ones that are on. */
export type ChannelAvailability = ReadonlySet<NotificationChannel>;

let cached: NotificationConfig | undefined;

export function parseNotificationConfig(source: EnvSource): NotificationConfig {
  // Empty strings from shell templates mean "unset".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const problems: { path: PropertyKey[]; message: string }[] = [];
  const shared = SharedEnvSchema.safeParse(cleaned);
  if (!shared.success) problems.push(...shared.error.issues);
  const channels = new Map<NotificationChannel, EnabledChannel>();
  for (const channel of ALL_CHANNELS) {
    const configuration = channel.configure(cleaned);
    if (!configuration.ok) problems.push(...configuration.issues);
    else if (configuration.enabled) channels.set(channel.name, configuration);
  }
  if (!shared.success || problems.length > 0) {
    const lines = problems.map((issue) => `  - ${issue.path.map(String).join(".")}: ${issue.message}`);
    throw new Error(`通知渠道配置有误 (invalid notification settings):\n${lines.join("\n")}`);
  }
  return { appBaseUrl: shared.data.APP_BASE_URL, channels };
}

export function getNotificationConfig(): NotificationConfig {
  cached ??= parseNotificationConfig(process.env);
  return cached;
}

export function availableChannels(config: NotificationConfig = getNotificationConfig()): ChannelAvailability {
  return new Set(config.channels.keys());
}
