/**
 * The outbox relay: moves committed OutboxEvent rows to BullMQ (docs/decisions/003-transactional-outbox.md).
 *
 * Each batch is one Postgres transaction: claim up to N unrelayed rows in sequence order with
 * `FOR UPDATE SKIP LOCKED` (several relays share the work and never take the same row), add one job per routed
 * queue with the deterministic id `evt-<eventId>`, mark the rows relayed, commit. If Redis fails the transaction
 * rolls back and the rows wait for the next try; if the process dies after the jobs were added but before the
 * commit, the next relay adds them again and BullMQ ignores the duplicate ids. At least once, never lost.
 * The same transaction writes one OutboxDelivery row per routed queue: hand-over is not completion, and the
 * completion sweeper (completion-sweeper.ts) re-enqueues a delivery whose job vanished from Redis.
 *
 * The loop wakes on Postgres NOTIFY (recordOutboxEvent notifies at commit) and polls as a fallback.
 */
import pg from "pg";
import type { Job } from "bullmq";
import type { Db } from "~/infra/db.server.ts";
import { withTimeout } from "~/infra/timeout.ts";
import type { QueueName } from "~/kernel/queues.ts";
import { OUTBOX_NOTIFY_CHANNEL, outboxLag, recordOutboxDeliveries } from "~/modules/outbox/outbox.server.ts";
import type { Logger } from "./log.ts";
import { queuesFor, eventJobId } from "./routing.ts";
import type { Queues } from "./queues.ts";
import { createWakeableSleep } from "./wake.ts";

export interface EventJobData {
  eventId: string;
  type: string;
  payload: unknown;
  /** ISO time the event was written (for latency metrics). */
  occurredAt: string;
}

interface ClaimedRow {
  id: string;
  type: string;
  payload: unknown;
  createdAt: Date;
}

/** The job data of an event (shared with the completion sweeper, which must re-add exactly what the relay added). */
export function eventJobData(row: ClaimedRow): EventJobData {
  return { eventId: row.id, type: row.type, payload: row.payload, occurredAt: row.createdAt.toISOString() };
}

export interface RelayBatchOptions {
  batchSize?: number;
  /** Bound on the Redis calls of one batch; the row locks are held meanwhile. */
  redisTimeoutMs?: number;
}

/** Relays one batch; returns how many events were relayed (0 when the outbox is empty). Throws on Redis trouble. */
export async function relayBatch(db: Db, queues: Queues, options: RelayBatchOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 200;
  const redisTimeoutMs = options.redisTimeoutMs ?? 10_000;
  let claimedIds: string[] = [];
  try {
    return await db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<ClaimedRow[]>`
          SELECT "id", "type", "payload", "createdAt" FROM "OutboxEvent"
          WHERE "relayedAt" IS NULL
          ORDER BY "sequence"
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return 0;
        claimedIds = rows.map((row) => row.id);

        const byQueue = new Map<QueueName, { name: string; data: EventJobData; opts: { jobId: string } }[]>();
        const deliveries: { eventId: string; queue: QueueName }[] = [];
        for (const row of rows) {
          const data = eventJobData(row);
          for (const queue of queuesFor(row.type)) {
            const list = byQueue.get(queue) ?? [];
            list.push({ name: row.type, data, opts: { jobId: eventJobId(row.id) } });
            byQueue.set(queue, list);
            deliveries.push({ eventId: row.id, queue });
          }
        }
        await withTimeout(
          Promise.all([...byQueue].map(([queue, jobs]) => queues[queue].addBulk(jobs) as Promise<Job[]>)),
          redisTimeoutMs,
          "adding jobs to Redis",
        );
        const relayedAt = new Date();
        await recordOutboxDeliveries(tx, deliveries, relayedAt);
        await tx.outboxEvent.updateMany({ where: { id: { in: claimedIds } }, data: { relayedAt } });
        return rows.length;
      },
      { timeout: redisTimeoutMs + 20_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (claimedIds.length > 0) {
      // Bookkeeping for operators (outside the rolled-back transaction); best effort.
      await db.outboxEvent
        .updateMany({
          where: { id: { in: claimedIds }, relayedAt: null },
          data: { attempts: { increment: 1 }, lastError: (error as Error).message.slice(0, 500) },
        })
        .catch(() => {});
    }
    throw error;
  }
}

export interface OutboxRelayOptions extends RelayBatchOptions {
  db: Db;
  queues: Queues;
  /** For LISTEN; without it the relay only polls. */
  databaseUrl?: string;
  pollIntervalMs?: number;
  log: Logger;
  /** Is the producer Redis connection usable? Skips batches (no row locks taken) while it is not. */
  redisReady?: () => boolean;
}

export interface OutboxRelay {
  stop(): Promise<void>;
  /** Age in seconds of the oldest unrelayed event and how many wait. */
  lag(): Promise<{ lagSeconds: number; unrelayed: number }>;
  stats(): { relayed: number; failures: number; lastError: string | null; lastRelayAt: Date | null };
  /** Wake the loop now (tests, after a reconnect). */
  poke(): void;
}

export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  let running = true;
  let failures = 0;
  let consecutiveFailures = 0;
  let relayed = 0;
  let lastError: string | null = null;
  let lastRelayAt: Date | null = null;

  const { sleep, poke } = createWakeableSleep();

  let listener: pg.Client | null = null;
  async function listen(): Promise<void> {
    if (!options.databaseUrl || !running) return;
    const client = new pg.Client({ connectionString: options.databaseUrl });
    client.on("error", () => {});
    client.on("notification", poke);
    client.on("end", () => {
      listener = null;
      // Reconnect the wake-up channel; polling covers the gap.
      if (running) setTimeout(() => void listen(), pollIntervalMs * 5);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
      listener = client;
    } catch {
      await client.end().catch(() => {});
    }
  }
  void listen();

  const loop = (async () => {
    while (running) {
      if (options.redisReady && !options.redisReady()) {
        await sleep(pollIntervalMs);
        continue;
      }
      try {
        const count = await relayBatch(options.db, options.queues, options);
        if (consecutiveFailures > 0) options.log.info("outbox relay recovered", { after: consecutiveFailures });
        consecutiveFailures = 0;
        relayed += count;
        if (count > 0) lastRelayAt = new Date();
        // A full batch means more may be waiting: go again at once.
        if (count < (options.batchSize ?? 200)) await sleep(pollIntervalMs);
      } catch (error) {
        failures++;
        consecutiveFailures++;
        lastError = (error as Error).message;
        if (consecutiveFailures === 1 || consecutiveFailures % 30 === 0) {
          options.log.warn("outbox relay batch failed; will retry", { error: lastError, consecutiveFailures });
        }
        await sleep(Math.min(pollIntervalMs * 2 ** Math.min(consecutiveFailures, 5), 15_000));
      }
    }
  })();

  return {
    async stop() {
      running = false;
      poke();
      await loop;
      const client = listener;
      listener = null;
      await client?.end().catch(() => {});
    },
    lag: () => outboxLag(options.db),
    stats: () => ({ relayed, failures, lastError, lastRelayAt }),
    poke,
  };
}
