/**
 * Transactional outbox (docs/decisions/003-transactional-outbox.md): a state change and the event announcing it commit
 * together or not at all, so a request never waits on Redis and nothing is lost while Redis is down. The worker's relay
 * (workers/relay.ts) moves committed rows to BullMQ.
 *
 *   await db.$transaction(async (tx) => {
 *     await tx.financingNeed.update(…);
 *     await recordOutboxEvent(tx, { type: "need.published", aggregateId: need.id, payload: { needId: need.id } });
 *   });
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import { aggregateTypeOf, parseOutboxEvent, type OutboxEventPayload, type OutboxEventType } from "./events.ts";

/** Postgres NOTIFY channel the relay LISTENs on, so it wakes up at commit instead of at its next poll. */
export const OUTBOX_NOTIFY_CHANNEL = "jieyang_outbox";

export interface NewOutboxEvent<T extends OutboxEventType> {
  type: T;
  /** Defaults to the catalog's aggregate for the type. */
  aggregateType?: string;
  aggregateId: string;
  payload: OutboxEventPayload<T>;
}

/**
 * Writes one event in the caller's transaction (pass the `tx` of `db.$transaction`). The payload is validated here,
 * at the source, so a bad payload fails the request rather than a job much later.
 */
export async function recordOutboxEvent<T extends OutboxEventType>(
  tx: DbOrTx,
  event: NewOutboxEvent<T>,
): Promise<{ id: string }> {
  const { payload } = parseOutboxEvent(event);
  const row = await tx.outboxEvent.create({
    data: {
      type: event.type,
      aggregateType: event.aggregateType ?? aggregateTypeOf[event.type],
      aggregateId: event.aggregateId,
      payload,
    },
    select: { id: true },
  });
  // Delivered to listeners only when the transaction commits; a rolled-back change wakes nobody.
  await tx.$executeRaw`SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, '')`;
  return row;
}

/** Age of the oldest unrelayed event in seconds (0 when the outbox is drained): the relay's lag metric. */
export async function outboxLag(db: DbOrTx, now = new Date()): Promise<{ lagSeconds: number; unrelayed: number }> {
  const oldest = await db.outboxEvent.findFirst({
    where: { relayedAt: null },
    orderBy: { sequence: "asc" },
    select: { createdAt: true },
  });
  const unrelayed = await db.outboxEvent.count({ where: { relayedAt: null } });
  const lagSeconds = oldest ? Math.max(0, (now.getTime() - oldest.createdAt.getTime()) / 1000) : 0;
  return { lagSeconds, unrelayed };
}
