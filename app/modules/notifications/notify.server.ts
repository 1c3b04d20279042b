/**
 * Turning one message into notification rows, one per recipient × channel, each with a unique key. Saving is
 * INSERT … ON CONFLICT DO NOTHING on that key, so a retried job (or a second scanner) never creates — and therefore
 * never sends — a notification twice. In-app rows are delivered by being written; e-mail, SMS and webhook rows stay
 * PENDING until the delivery job (deliver.server.ts) sends them.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { ENDPOINT_CHANNELS, isDeliveredByJob, USER_CHANNELS, type Recipient } from "./channels/registry.server.ts";
import { availableChannels, type ChannelAvailability } from "./config.server.ts";
import type { RenderedNotification } from "./templates.ts";

export interface Message extends RenderedNotification {
  /** Identifies the message; a recipient's key is `${key}:${userId}:${channel}`. Must be stable across retries. */
  key: string;
  /** Ids only (docs/decisions/003-transactional-outbox.md): what a webhook receiver gets as `data`. */
  payload?: Record<string, string | number | boolean | null | string[]>;
  /** Deadline reminders and escalations: also sent by SMS (channels/sms.server.ts). */
  urgent?: boolean;
}

export type NotificationDraft = Prisma.NotificationCreateManyInput;

export function draftsForUsers(
  message: Message,
  recipients: readonly Recipient[],
  channels: ChannelAvailability = availableChannels(),
): NotificationDraft[] {
  const drafts: NotificationDraft[] = [];
  const seen = new Set<string>();
  for (const recipient of recipients) {
    if (seen.has(recipient.id)) continue;
    seen.add(recipient.id);
    for (const channel of USER_CHANNELS) {
      if (!channels.has(channel.name) || !channel.reaches(recipient, message)) continue;
      drafts.push({
        uniqueKey: `${message.key}:${recipient.id}:${channel.name}`,
        recipientId: recipient.id,
        channel: channel.name,
        template: message.template,
        title: message.title,
        body: message.body,
        link: message.link,
        payload: message.payload ?? {},
        // sentAt is set from createdAt on insert (saveNotifications): one clock, the database's.
        ...(channel.delivery === "on-write" ? { status: "SENT" as const } : {}),
      });
    }
  }
  return drafts;
}

export function draftsForWebhooks(
  message: Message,
  endpoints: readonly { id: string }[],
  channels: ChannelAvailability = availableChannels(),
): NotificationDraft[] {
  return ENDPOINT_CHANNELS.filter((channel) => channels.has(channel.name)).flatMap((channel) =>
    endpoints.map((endpoint) => ({
      uniqueKey: `${message.key}:${channel.name.toLowerCase()}:${endpoint.id}`,
      webhookEndpointId: endpoint.id,
      channel: channel.name,
      template: message.template,
      title: message.title,
      body: message.body,
      link: message.link,
      payload: message.payload ?? {},
    })),
  );
}

export interface SaveResult {
  /** Rows actually inserted by this call (0 on a retry). */
  created: number;
  /** E-mail / SMS / webhook rows among these keys still waiting to be sent: enqueue a delivery for each. */
  pendingDeliveryIds: string[];
}

export async function saveNotifications(db: DbOrTx, drafts: readonly NotificationDraft[]): Promise<SaveResult> {
  if (drafts.length === 0) return { created: 0, pendingDeliveryIds: [] };
  let created = 0;
  const keys: string[] = [];
  for (let start = 0; start < drafts.length; start += 1_000) {
    const chunk = drafts.slice(start, start + 1_000);
    created += (await db.notification.createMany({ data: chunk, skipDuplicates: true })).count;
    const writtenSent = chunk.filter((draft) => draft.status === "SENT").map((draft) => draft.uniqueKey);
    if (writtenSent.length > 0)
      await db.$executeRaw`UPDATE "Notification" SET "sentAt" = "createdAt"
        WHERE "uniqueKey" = ANY(${writtenSent}) AND status = 'SENT' AND "sentAt" IS NULL`;
    keys.push(...chunk.filter((draft) => isDeliveredByJob(draft.channel)).map((draft) => draft.uniqueKey));
  }
  const pending: string[] = [];
  for (let start = 0; start < keys.length; start += 1_000) {
    const rows = await db.notification.findMany({
      where: { uniqueKey: { in: keys.slice(start, start + 1_000) }, status: "PENDING" },
      select: { id: true },
    });
    pending.push(...rows.map((row) => row.id));
  }
  return { created, pendingDeliveryIds: pending };
}

/** Merges several save results (a handler that sends more than one message). */
export function mergeSaveResults(results: readonly SaveResult[]): SaveResult {
  return {
    created: results.reduce((sum, result) => sum + result.created, 0),
    pendingDeliveryIds: [...new Set(results.flatMap((result) => result.pendingDeliveryIds))],
  };
}
