/**
 * Webhooks to institutions' own systems, one per enabled WebhookEndpoint of the institution a message is for. Always
 * on (an institution opts in by registering an endpoint).
 *
 * The body is an institution event exactly as the Open API's events feed lists it — `{ id, type, occurredAt, data }`
 * (app/modules/institution-events) — so a receiver handles pushed and replayed events with one parser and drops
 * duplicates by `id`. Signed like Standard Webhooks / Stripe: HMAC-SHA256 with the endpoint's secret over
 * `${id}.${timestamp}.${body}`, sent as X-Jieyang-Webhook-Id (the event id), X-Jieyang-Timestamp (unix seconds) and
 * X-Jieyang-Signature (`sha256=<hex>`; while a secret is being rotated, two of them separated by a space — one per
 * secret — so a receiver accepts either until it has switched). Receivers verify with verifyWebhookSignature and
 * reject stale timestamps (replay); X-Jieyang-Delivery is stable across retries of one delivery. Every attempt is
 * logged (AuditLog, append-only); an endpoint that fails WEBHOOK_DISABLE_AFTER_FAILURES times in a row is disabled and
 * its notification fails without more attempts.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { isInstitutionEventType } from "~/modules/institution-events/catalog.ts";
import { defineEndpointChannel, errorText, type DeliveryResult, type WebhookEndpointTarget } from "./channel.server.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";

export const WEBHOOK_HEADERS = {
  id: "X-Jieyang-Webhook-Id",
  timestamp: "X-Jieyang-Timestamp",
  signature: "X-Jieyang-Signature",
  delivery: "X-Jieyang-Delivery",
  event: "X-Jieyang-Event",
} as const;

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${id}.${timestamp}.${body}`, "utf8").digest("hex")}`;
}

/** The X-Jieyang-Signature value: one signature per secret in use, separated by a space. */
export function signatureHeader(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map((secret) => signWebhook(secret, id, timestamp, body)).join(" ");
}

/** The secrets that sign now: the current one, and the previous one until its overlap ends. */
export function signingSecrets(
  endpoint: Pick<WebhookEndpointTarget, "secret" | "previousSecret" | "previousSecretExpiresAt">,
  now: Date,
): string[] {
  const previousValid =
    endpoint.previousSecret !== null &&
    endpoint.previousSecretExpiresAt !== null &&
    endpoint.previousSecretExpiresAt > now;
  return previousValid ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

/**
 * For receivers (and tests): constant-time check that one of the header's signatures is the secret's signature of
 * `id.timestamp.body`, and a bound on the timestamp's age.
 */
export function verifyWebhookSignature(input: {
  secret: string;
  id: string | null | undefined;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  body: string;
  toleranceSeconds?: number;
  now?: Date;
}): boolean {
  if (!input.id || !input.timestamp || !input.signature || !/^\d{1,12}$/.test(input.timestamp)) return false;
  const timestamp = Number(input.timestamp);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(input.secret, input.id, timestamp, input.body));
  return input.signature.split(" ").some((candidate) => {
    const actual = Buffer.from(candidate);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  });
}

/**
 * What a webhook row posts: its institution event (the feed's object) — or, for a row that carries no event (an
 * older row, a test message), the notification itself in the same envelope.
 */
export function webhookEnvelope(message: {
  id: string;
  template: string;
  title: string;
  link: string | null;
  createdAt: Date;
  payload: Prisma.JsonValue | null;
}): { id: string; type: string; body: string } {
  const payload = message.payload as Record<string, unknown> | null;
  if (
    payload &&
    typeof payload.id === "string" &&
    typeof payload.type === "string" &&
    isInstitutionEventType(payload.type) &&
    typeof payload.occurredAt === "string"
  ) {
    const event = { id: payload.id, type: payload.type, occurredAt: payload.occurredAt, data: payload.data ?? {} };
    return { id: event.id, type: event.type, body: JSON.stringify(event) };
  }
  const body = JSON.stringify({
    id: message.id,
    type: message.template,
    occurredAt: message.createdAt.toISOString(),
    title: message.title,
    link: message.link,
    data: message.payload ?? {},
  });
  return { id: message.id, type: message.template, body };
}

export interface WebhookAttempt {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export async function postWebhook(input: {
  url: string;
  secrets: readonly string[];
  id: string;
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
        [WEBHOOK_HEADERS.id]: input.id,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signatureHeader(input.secrets, input.id, timestamp, input.body),
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
        const envelope = webhookEnvelope(message);
        const attempt = await postWebhook({
          url: endpoint.url,
          secrets: signingSecrets(endpoint, now()),
          id: envelope.id,
          body: envelope.body,
          deliveryId: message.id,
          event: envelope.type,
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
