/**
 * Sending one PENDING notification over its channel. Called by the notifications worker with BullMQ's retries and
 * exponential backoff around it: a failed attempt is recorded (attempts, lastError; for webhooks a delivery-log row
 * in AuditLog and the endpoint's consecutive-failure count) and rethrown so the job retries; a SENT row is never
 * sent again. An endpoint that keeps failing is disabled and its pending notifications fail without more attempts.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import { getNotificationConfig, type NotificationConfig } from "./config.server.ts";
import {
  createHttpSmsGateway,
  createSmtpSender,
  postWebhook,
  type EmailSender,
  type SmsGateway,
} from "./channels.server.ts";

export interface DeliveryDeps {
  email: EmailSender | null;
  sms: SmsGateway | null;
  webhookTimeoutMs: number;
  disableEndpointAfterFailures: number;
  appBaseUrl: string;
  now?: () => Date;
}

export function createDeliveryDeps(config: NotificationConfig = getNotificationConfig()): DeliveryDeps {
  return {
    email: config.SMTP_URL ? createSmtpSender(config.SMTP_URL, config.MAIL_FROM) : null,
    sms: config.SMS_GATEWAY_URL
      ? createHttpSmsGateway({
          url: config.SMS_GATEWAY_URL,
          token: config.SMS_GATEWAY_TOKEN,
          signName: config.SMS_SIGN_NAME,
        })
      : null,
    webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
    disableEndpointAfterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES,
    appBaseUrl: config.APP_BASE_URL,
  };
}

/** A failed attempt worth retrying (the job rethrows it; BullMQ backs off). */
export class RetryableDeliveryError extends Error {
  override name = "RetryableDeliveryError";
}

export type DeliveryOutcome = "sent" | "already-done" | "failed" | "missing";

export async function deliverNotification(
  db: DbOrTx,
  notificationId: string,
  deps: DeliveryDeps,
): Promise<DeliveryOutcome> {
  const now = deps.now ?? (() => new Date());
  const notification = await db.notification.findUnique({
    where: { id: notificationId },
    select: {
      id: true,
      channel: true,
      status: true,
      attempts: true,
      template: true,
      title: true,
      body: true,
      link: true,
      payload: true,
      createdAt: true,
      recipient: { select: { email: true, phone: true, isActive: true } },
      webhookEndpoint: { select: { id: true, url: true, secret: true, isEnabled: true } },
    },
  });
  if (!notification) return "missing";
  if (notification.status !== "PENDING" || notification.channel === "IN_APP") return "already-done";

  const link = notification.link ? new URL(notification.link, deps.appBaseUrl).toString() : null;
  let failure: string | null = null;

  switch (notification.channel) {
    case "EMAIL": {
      if (!deps.email) return fail(db, notificationId, "e-mail channel is not configured");
      if (!notification.recipient?.email || !notification.recipient.isActive)
        return fail(db, notificationId, "recipient has no e-mail address");
      try {
        await deps.email.send({
          to: notification.recipient.email,
          subject: notification.title,
          text: `${notification.body}${link ? `\n\n查看详情：${link}` : ""}\n\n—— 揭阳银企融资对接平台（本邮件由系统发送，请勿直接回复）`,
          messageId: `<${notification.id}@notifications.jieyang-finance>`,
        });
      } catch (error) {
        failure = (error as Error).message;
      }
      break;
    }
    case "SMS": {
      if (!deps.sms) return fail(db, notificationId, "SMS channel is not configured");
      if (!notification.recipient?.phone || !notification.recipient.isActive)
        return fail(db, notificationId, "recipient has no phone number");
      try {
        await deps.sms.send({
          to: notification.recipient.phone,
          text: notification.title,
          template: notification.template,
          requestId: notification.id,
        });
      } catch (error) {
        failure = (error as Error).message;
      }
      break;
    }
    case "WEBHOOK": {
      const endpoint = notification.webhookEndpoint;
      if (!endpoint) return fail(db, notificationId, "webhook endpoint was deleted");
      if (!endpoint.isEnabled) return fail(db, notificationId, "webhook endpoint is disabled");
      const body = JSON.stringify({
        id: notification.id,
        type: notification.template,
        createdAt: notification.createdAt.toISOString(),
        title: notification.title,
        link,
        data: notification.payload ?? {},
      });
      const attempt = await postWebhook({
        url: endpoint.url,
        secret: endpoint.secret,
        body,
        deliveryId: notification.id,
        event: notification.template,
        timeoutMs: deps.webhookTimeoutMs,
        now: now(),
      });
      // The delivery log: one row per attempt, append-only.
      await db.auditLog.create({
        data: {
          action: attempt.ok ? "WEBHOOK_DELIVERED" : "WEBHOOK_DELIVERY_FAILED",
          subjectType: "Notification",
          subjectId: notification.id,
          data: {
            endpointId: endpoint.id,
            attempt: notification.attempts + 1,
            status: attempt.status,
            error: attempt.error,
            durationMs: attempt.durationMs,
          },
        },
      });
      if (attempt.ok) {
        await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { consecutiveFailures: 0 } });
      } else {
        failure = attempt.error ?? "webhook failed";
        const updated = await db.webhookEndpoint.update({
          where: { id: endpoint.id },
          data: { consecutiveFailures: { increment: 1 } },
          select: { consecutiveFailures: true },
        });
        if (updated.consecutiveFailures >= deps.disableEndpointAfterFailures) {
          const disabled = await db.webhookEndpoint.updateMany({
            where: { id: endpoint.id, isEnabled: true },
            data: { isEnabled: false, disabledAt: now() },
          });
          if (disabled.count > 0) {
            await db.auditLog.create({
              data: {
                action: "WEBHOOK_ENDPOINT_DISABLED",
                subjectType: "WebhookEndpoint",
                subjectId: endpoint.id,
                data: { consecutiveFailures: updated.consecutiveFailures },
              },
            });
          }
          await db.notification.update({ where: { id: notificationId }, data: { attempts: { increment: 1 } } });
          return fail(
            db,
            notificationId,
            `${failure}; endpoint disabled after ${updated.consecutiveFailures} consecutive failures`,
          );
        }
      }
      break;
    }
  }

  if (failure !== null) {
    await db.notification.update({
      where: { id: notificationId },
      data: { attempts: { increment: 1 }, lastError: failure.slice(0, 1_000) },
    });
    throw new RetryableDeliveryError(failure);
  }
  const sent = await db.notification.updateMany({
    where: { id: notificationId, status: "PENDING" },
    data: { status: "SENT", sentAt: now(), attempts: { increment: 1 }, lastError: null },
  });
  return sent.count > 0 ? "sent" : "already-done";
}

/** Gives up on a notification (last attempt failed, or nothing to send it to). */
export async function markDeliveryFailed(db: DbOrTx, notificationId: string, reason: string): Promise<void> {
  await db.notification.updateMany({
    where: { id: notificationId, status: "PENDING" },
    data: { status: "FAILED", lastError: reason.slice(0, 1_000) },
  });
}

async function fail(db: DbOrTx, notificationId: string, reason: string): Promise<DeliveryOutcome> {
  await markDeliveryFailed(db, notificationId, reason);
  return "failed";
}

/** PENDING external notifications older than `olderThan` (lost enqueue, crashed worker): the sweeper re-enqueues them. */
export async function findStalePendingDeliveries(db: DbOrTx, olderThan: Date, limit = 1_000): Promise<string[]> {
  const rows = await db.notification.findMany({
    where: { status: "PENDING", channel: { in: ["EMAIL", "SMS", "WEBHOOK"] }, createdAt: { lt: olderThan } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
  return rows.map((row) => row.id);
}
