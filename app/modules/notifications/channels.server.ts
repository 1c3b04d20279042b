/**
 * The three outbound channels behind small interfaces, so delivery logic does not care which SMTP server or SMS
 * vendor a deployment uses and tests can point them at real local servers.
 *
 * Webhooks are signed like Stripe/GitHub do it: HMAC-SHA256 with the endpoint's secret over `${timestamp}.${body}`,
 * sent as X-Jieyang-Timestamp (unix seconds) and X-Jieyang-Signature (`sha256=<hex>`). Receivers verify with
 * verifyWebhookSignature and reject stale timestamps (replay); X-Jieyang-Delivery is stable across retries, so a
 * receiver can drop a duplicate.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";

// ───────────────────────────── e-mail ─────────────────────────────

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Stable per notification, so a resend after a crash is recognisable as the same message. */
  messageId: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

export function createSmtpSender(smtpUrl: string, from: string): EmailSender {
  const transport: Transporter = nodemailer.createTransport(smtpUrl, {
    // Bounded waits: a hung SMTP server fails the job (which retries) instead of blocking a worker slot.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as never);
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
      });
    },
    close() {
      transport.close();
    },
  };
}

// ───────────────────────────── SMS ─────────────────────────────

export interface SmsMessage {
  to: string;
  text: string;
  template: string;
  /** Stable per notification; gateways that support it de-duplicate on it. */
  requestId: string;
}

export interface SmsGateway {
  send(message: SmsMessage): Promise<void>;
}

/**
 * A generic HTTP SMS gateway (most Chinese SMS vendors have an HTTP API of this shape or sit behind a small
 * in-house adapter that does): POST JSON, bearer token, any 2xx is accepted.
 */
export function createHttpSmsGateway(options: {
  url: string;
  token?: string;
  signName: string;
  timeoutMs?: number;
}): SmsGateway {
  return {
    async send(message) {
      const response = await fetch(options.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({
          to: message.to,
          text: `【${options.signName}】${message.text}`,
          template: message.template,
          requestId: message.requestId,
        }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
      await response.body?.cancel();
    },
  };
}

// ───────────────────────────── webhooks ─────────────────────────────

export const WEBHOOK_HEADERS = {
  timestamp: "X-Jieyang-Timestamp",
  signature: "X-Jieyang-Signature",
  delivery: "X-Jieyang-Delivery",
  event: "X-Jieyang-Event",
} as const;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex")}`;
}

/** For receivers (and tests): constant-time check of the signature and a bound on the timestamp's age. */
export function verifyWebhookSignature(input: {
  secret: string;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  body: string;
  toleranceSeconds?: number;
  now?: Date;
}): boolean {
  if (!input.timestamp || !input.signature || !/^\d{1,12}$/.test(input.timestamp)) return false;
  const timestamp = Number(input.timestamp);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.body));
  const actual = Buffer.from(input.signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export interface WebhookAttempt {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export async function postWebhook(input: {
  url: string;
  secret: string;
  body: string;
  deliveryId: string;
  event: string;
  timeoutMs: number;
  now?: Date;
}): Promise<WebhookAttempt> {
  const started = Date.now();
  const timestamp = Math.floor((input.now ?? new Date()).getTime() / 1000);
  try {
    const response = await fetch(input.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "jieyang-financing-platform-webhooks/1",
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(input.secret, timestamp, input.body),
        [WEBHOOK_HEADERS.delivery]: input.deliveryId,
        [WEBHOOK_HEADERS.event]: input.event,
      },
      body: input.body,
      redirect: "manual",
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      status: response.status,
      error: ok ? null : `HTTP ${response.status}`,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    return { ok: false, status: null, error: (error as Error).message.slice(0, 500), durationMs: Date.now() - started };
  }
}
