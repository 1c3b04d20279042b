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
import { recordInstitutionEventsForOutbox } from "~/modules/institution-events/record.server.ts";
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
  const parsed = parseOutboxEvent(event);
  const row = await tx.outboxEvent.create({
    data: {
      type: event.type,
      aggregateType: event.aggregateType ?? aggregateTypeOf[event.type],
      aggregateId: event.aggregateId,
      payload: parsed.payload,
    },
    select: { id: true },
  });
  // What the change means to institutions (the Open API's events feed) commits with it too.
  await recordInstitutionEventsForOutbox(tx, row.id, parsed);
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

// ───────────────────────────── completion ─────────────────────────────
// An event is done when the job of every queue it was relayed to has finished. The relay writes one OutboxDelivery
// row per routed queue in its batch transaction; the worker marks it when the job completes or fails for good; the
// completion sweeper (workers/completion-sweeper.ts) re-enqueues a pending delivery whose job vanished from Redis.

/** In the relay's transaction: one pending delivery per (event, queue). A re-relay adds nothing. */
export async function recordOutboxDeliveries(
  tx: DbOrTx,
  deliveries: readonly { eventId: string; queue: string }[],
  relayedAt = new Date(),
): Promise<void> {
  if (deliveries.length === 0) return;
  await tx.outboxDelivery.createMany({
    data: deliveries.map((delivery) => ({ ...delivery, relayedAt, checkAfter: relayedAt })),
    skipDuplicates: true,
  });
}

/** The queue's job finished. Returns false when no delivery row was found (an old event, or its relay not yet committed). */
export async function markOutboxDeliveryCompleted(
  db: DbOrTx,
  delivery: { eventId: string; queue: string; attempts: number; at?: Date },
): Promise<boolean> {
  const { count } = await db.outboxDelivery.updateMany({
    where: { eventId: delivery.eventId, queue: delivery.queue, completedAt: null },
    data: { completedAt: delivery.at ?? new Date(), failedAt: null, attempts: delivery.attempts, lastError: null },
  });
  return count > 0;
}

/** The queue's job failed for good: kept for operators, never re-enqueued by the sweeper. */
export async function markOutboxDeliveryFailed(
  db: DbOrTx,
  delivery: { eventId: string; queue: string; attempts: number; error: string; at?: Date },
): Promise<boolean> {
  const { count } = await db.outboxDelivery.updateMany({
    where: { eventId: delivery.eventId, queue: delivery.queue, completedAt: null },
    data: { failedAt: delivery.at ?? new Date(), attempts: delivery.attempts, lastError: delivery.error.slice(0, 500) },
  });
  return count > 0;
}

export interface DueDelivery {
  eventId: string;
  queue: string;
  type: string;
  payload: unknown;
  createdAt: Date;
}

/**
 * In the sweeper's transaction: pending deliveries last looked at before `checkedBefore`, oldest check first, locked
 * so several sweepers share the work (OutboxDelivery_completedAt_failedAt_checkAfter_idx).
 */
export function claimDueOutboxDeliveries(tx: DbOrTx, checkedBefore: Date, limit: number): Promise<DueDelivery[]> {
  return tx.$queryRaw<DueDelivery[]>`
    SELECT d."eventId", d."queue", e."type", e."payload", e."createdAt"
    FROM "OutboxDelivery" d JOIN "OutboxEvent" e ON e."id" = d."eventId"
    WHERE d."completedAt" IS NULL AND d."failedAt" IS NULL AND d."checkAfter" < ${checkedBefore}
    ORDER BY d."checkAfter"
    LIMIT ${limit}
    FOR UPDATE OF d SKIP LOCKED`;
}

/**
 * Completion lag: the age of the oldest delivery relayed but not yet confirmed done, how many wait, and how many
 * failed for good within `failedWithinMs` (default 7 days, as long as BullMQ keeps a failed job for a retry; the rows
 * themselves stay until the outbox prune).
 */
export async function outboxCompletionLag(
  db: DbOrTx,
  now = new Date(),
  failedWithinMs = 7 * 86_400_000,
): Promise<{ oldestPendingSeconds: number; pending: number; failed: number }> {
  const [oldest, pending, failed] = await Promise.all([
    db.outboxDelivery.findFirst({
      where: { completedAt: null, failedAt: null },
      orderBy: { relayedAt: "asc" },
      select: { relayedAt: true },
    }),
    db.outboxDelivery.count({ where: { completedAt: null, failedAt: null } }),
    db.outboxDelivery.count({
      where: { completedAt: null, failedAt: { gte: new Date(now.getTime() - failedWithinMs) } },
    }),
  ]);
  const oldestPendingSeconds = oldest ? Math.max(0, (now.getTime() - oldest.relayedAt.getTime()) / 1000) : 0;
  return { oldestPendingSeconds, pending, failed };
}

/**
 * Deletes events relayed before `cutoff`, in chunks, except those with a delivery still pending: an event is kept
 * until it is done, so the sweeper can still re-enqueue it. Deliveries go with their event (ON DELETE CASCADE).
 */
export async function pruneOutbox(db: DbOrTx, cutoff: Date, chunk = 5_000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows = await db.outboxEvent.findMany({
      where: { relayedAt: { lt: cutoff }, deliveries: { none: { completedAt: null, failedAt: null } } },
      select: { id: true },
      take: chunk,
    });
    if (rows.length === 0) return deleted;
    deleted += (await db.outboxEvent.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } })).count;
  }
}
