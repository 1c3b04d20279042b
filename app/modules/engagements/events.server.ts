/**
 * What every engagement change writes besides the row itself, in the same transaction: a NeedEvent for the timeline
 * and an OutboxEvent for the jobs (notifications, need reindex, ledger). Payloads carry ids only.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import type { DbOrTx } from "~/infra/db.server.ts";

export type EngagementEventType =
  | "engagement.requested"
  | "engagement.accepted"
  | "engagement.status_changed"
  | "engagement.declined"
  | "engagement.withdrawn"
  | "outcome.recorded";

export async function announce(
  tx: DbOrTx,
  event: { type: EngagementEventType; aggregateType: "Engagement" | "Outcome"; aggregateId: string; payload: Record<string, string | number | boolean | null> },
): Promise<void> {
  await tx.outboxEvent.create({
    data: { type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload: event.payload },
    select: { id: true },
  });
}

export async function recordNeedEvent(
  tx: DbOrTx,
  event: {
    needId: string;
    engagementId: string | null;
    actorId: string | null;
    type: string;
    fromStatus?: string | null;
    toStatus?: string | null;
    note?: string | null;
    data?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await tx.needEvent.create({
    data: {
      needId: event.needId,
      engagementId: event.engagementId,
      actorId: event.actorId,
      type: event.type,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      note: event.note ?? null,
      ...(event.data === undefined ? {} : { data: event.data }),
    },
    select: { id: true },
  });
}
