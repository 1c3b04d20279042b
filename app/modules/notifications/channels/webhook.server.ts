/**
 * Webhooks to institutions' own systems, one per enabled WebhookEndpoint of the institution a message is for. Always
 * on (an institution opts in by registering an endpoint).
 *
 * Signed like Stripe/GitHub do it: HMAC-SHA256 with the endpoint's secret over `${timestamp}.${body}`, sent as
 * X-Jieyang-Timestamp (unix seconds) and X-Jieyang-Signature (`sha256=<hex>`). Receivers verify with
 * verifyWebhookSignature and reject stale timestamps (replay); X-Jieyang-Delivery is stable across retries, so a
 * receiver can drop a duplicate. Every attempt is logged (AuditLog, append-only); an endpoint that fails
 * WEBHOOK_DISABLE_AFTER_FAILURES times in a row is disabled and its notification fails without more attempts.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { DbOrTx } from "~/infra/db.server.ts";
import { defineEndpointChannel, errorText, type DeliveryResult } from "./channel.server.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";

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
    return { ok: false, status: null, error: errorText(error).slice(0, 500), durationMs: Date.now() - started };
  }
}

const settings = z
  .object({
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** An endpoint is disabled after this many consecutive failed attempts (any notification). */
    WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(10),
  })
  .transform(({ WEBHOOK_TIMEOUT_MS, WEBHOOK_DISABLE_AFTER_FAILURES }) => ({
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    disableAfterFailures: WEBHOOK_DISABLE_AFTER_FAILURES,
  }));

/** Counts a failure against the endpoint; disables it (once, audited) at the threshold. True when it is disabled. */
async function countFailure(db: DbOrTx, endpointId: string, threshold: number, now: Date): Promise<number | null> {
  const updated = await db.webhookEndpoint.update({
    where: { id: endpointId },
    data: { consecutiveFailures: { increment: 1 } },
    select: { consecutiveFailures: true },
  });
  if (updated.consecutiveFailures < threshold) return null;
  const disabled = await db.webhookEndpoint.updateMany({
    where: { id: endpointId, isEnabled: true },
    data: { isEnabled: false, disabledAt: now },
  });
  if (disabled.count > 0) {
    await recordAudit(db, {
      action: "WEBHOOK_ENDPOINT_DISABLED",
      subject: { type: "WebhookEndpoint", id: endpointId },
      data: { consecutiveFailures: updated.consecutiveFailures },
    });
  }
  return updated.consecutiveFailures;
}

export const webhookChannel = defineEndpointChannel({
  name: "WEBHOOK",
  label: "webhook",
  audience: "webhook-endpoints",
  settings,
  open({ timeoutMs, disableAfterFailures }) {
    return {
      async send(message, endpoint, { db, now }): Promise<DeliveryResult> {
        if (!endpoint) return { status: "undeliverable", reason: "webhook endpoint was deleted" };
        if (!endpoint.isEnabled) return { status: "undeliverable", reason: "webhook endpoint is disabled" };
        const body = JSON.stringify({
          id: message.id,
          type: message.template,
          createdAt: message.createdAt.toISOString(),
          title: message.title,
          link: message.link,
          data: message.payload ?? {},
        });
        const attempt = await postWebhook({
          url: endpoint.url,
          secret: endpoint.secret,
          body,
          deliveryId: message.id,
          event: message.template,
          timeoutMs,
          now: now(),
        });
        // The delivery log: one row per attempt, append-only.
        await recordAudit(db, {
          action: attempt.ok ? "WEBHOOK_DELIVERED" : "WEBHOOK_DELIVERY_FAILED",
          subject: { type: "Notification", id: message.id },
          data: {
            endpointId: endpoint.id,
            attempt: message.attempts + 1,
            status: attempt.status,
            error: attempt.error,
            durationMs: attempt.durationMs,
          },
        });
        if (attempt.ok) {
          await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { consecutiveFailures: 0 } });
          return { status: "sent" };
        }
        const error = attempt.error ?? "webhook failed";
        const failures = await countFailure(db, endpoint.id, disableAfterFailures, now());
        if (failures === null) return { status: "failed", error, retryable: true };
        return {
          status: "failed",
          error: `${error}; endpoint disabled after ${failures} consecutive failures`,
          retryable: false,
        };
      },
    };
  },
});
