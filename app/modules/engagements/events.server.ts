/**
 * What every engagement change writes besides the row itself, in the same transaction: a NeedEvent for the timeline
 * and (through the outbox catalog of app/modules/outbox) the event the jobs react to. Payloads carry ids only.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import type { DbOrTx } from "~/infra/db.server.ts";

export { recordOutboxEvent } from "~/modules/outbox/outbox.server.ts";

export async function recordNeedEvent(
  tx: DbOrTx,
  event: {
    needId: string;
    engagementId?: string | null;
    actorId: string | null;
    type: string;
    fromStatus?: string | null;
    toStatus?: string | null;
    note?: string | null;
    data?: Prisma.InputJsonValue;
    /** When it happened, if the change stamps its rows with one instant (otherwise: now). */
    at?: Date;
  },
): Promise<{ id: string }> {
  return tx.needEvent.create({
    data: {
      needId: event.needId,
      engagementId: event.engagementId ?? null,
      actorId: event.actorId,
      type: event.type,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      note: event.note ?? null,
      ...(event.data === undefined ? {} : { data: event.data }),
      ...(event.at ? { createdAt: event.at } : {}),
    },
    select: { id: true },
  });
}
