/**
 * Sending one PENDING notification over its channel (channels/registry.server.ts). Called by the notifications
 * worker with BullMQ's retries and exponential backoff around it: a failed attempt is recorded (attempts, lastError)
 * and rethrown so the job retries; a SENT row is never sent again. A failure the channel calls final (a webhook
 * endpoint disabled after repeated failures) and a row with nothing to send to fail without more attempts.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import type { NotificationChannel } from "~/generated/prisma/client.ts";
import type { OpenChannel } from "./channels/channel.server.ts";
import {
  channelNamed,
  JOB_DELIVERED_CHANNELS,
  recipientSelect,
  type RegisteredField,
} from "./channels/registry.server.ts";
import { getNotificationConfig, type NotificationConfig } from "./config.server.ts";
import { payloadDueAt, smsQuietUntil } from "./quiet-hours.ts";

export interface DeliveryDeps {
  /** The channels that are on, opened (an SMTP transport, a gateway's settings). */
  channels: ReadonlyMap<NotificationChannel, OpenChannel<RegisteredField>>;
  appBaseUrl: string;
  now?: () => Date;
}

export function createDeliveryDeps(config: NotificationConfig = getNotificationConfig()): DeliveryDeps {
  const channels = new Map<NotificationChannel, OpenChannel<RegisteredField>>();
  for (const [name, configuration] of config.channels) {
    const opened = configuration.open();
    if (opened) channels.set(name, opened);
  }
  return { channels, appBaseUrl: config.appBaseUrl };
}

/** Closes what the channels opened (the SMTP transport's pool). */
export function closeDeliveryDeps(deps: DeliveryDeps): void {
  for (const channel of deps.channels.values()) channel.close();
}

/** A failed attempt worth retrying (the job rethrows it; BullMQ backs off). */
export class RetryableDeliveryError extends Error {
  override name = "RetryableDeliveryError";
}

export type DeliveryOutcome = "sent" | "already-done" | "failed" | "missing";

/** An SMS asked for during the quiet night (quiet-hours.ts): the job re-enqueues it for `until`. */
export class DeferredDeliveryError extends Error {
  override name = "DeferredDeliveryError";
  constructor(readonly until: Date) {
    super(`deferred until ${until.toISOString()}`);
  }
}

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
      recipient: { select: { ...recipientSelect, isActive: true } },
      webhookEndpoint: {
        select: {
          id: true,
          url: true,
          secret: true,
          previousSecret: true,
          previousSecretExpiresAt: true,
          isEnabled: true,
        },
      },
    },
  });
  if (!notification) return "missing";
  const channel = channelNamed(notification.channel);
  if (notification.status !== "PENDING" || channel.delivery === "on-write") return "already-done";
  const open = deps.channels.get(channel.name);
  if (!open) return fail(db, notificationId, `${channel.label} channel is not configured`);
  if (channel.name === "SMS") {
    const until = smsQuietUntil(now(), payloadDueAt(notification.payload));
    if (until) throw new DeferredDeliveryError(until);
  }

  const result = await open.deliver(
    {
      id: notification.id,
      template: notification.template,
      title: notification.title,
      body: notification.body,
      link: notification.link ? new URL(notification.link, deps.appBaseUrl).toString() : null,
      payload: notification.payload,
      createdAt: notification.createdAt,
      attempts: notification.attempts,
    },
    { recipient: notification.recipient, webhookEndpoint: notification.webhookEndpoint },
    { db, now },
  );

  switch (result.status) {
    case "undeliverable":
      return fail(db, notificationId, result.reason);
    case "failed":
      await db.notification.update({
        where: { id: notificationId },
        data: { attempts: { increment: 1 }, lastError: result.error.slice(0, 1_000) },
      });
      if (!result.retryable) return fail(db, notificationId, result.error);
      throw new RetryableDeliveryError(result.error);
    case "sent": {
      const sent = await db.notification.updateMany({
        where: { id: notificationId, status: "PENDING" },
        // Never before the row was written, whatever the worker's clock says.
        data: {
          status: "SENT",
          sentAt: new Date(Math.max(now().getTime(), notification.createdAt.getTime())),
          attempts: { increment: 1 },
          lastError: null,
        },
      });
      return sent.count > 0 ? "sent" : "already-done";
    }
  }
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
    where: { status: "PENDING", channel: { in: [...JOB_DELIVERED_CHANNELS] }, createdAt: { lt: olderThan } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
  return rows.map((row) => row.id);
}
