/**
 * The completion sweeper: the outbox tracks completion, not hand-over (docs/decisions/007-outbox-completion.md).
 *
 * The relay marks an event relayed once BullMQ has its jobs, and writes one pending OutboxDelivery per routed queue.
 * If Redis then loses its data (a restart without persistence, a failover to a lagging replica, a flush, eviction)
 * those jobs are gone while Postgres still says "handed over". Each sweep claims a bounded batch of deliveries that
 * are still pending after a grace period (`FOR UPDATE SKIP LOCKED`, so several workers share the work) and asks
 * BullMQ about the job `evt-<eventId>` in that queue:
 *   - gone: added again with the same data and the same deterministic id, so a race with the relay or another
 *     sweeper adds nothing; processors are idempotent, so a job that did run once more changes nothing;
 *   - completed / failed (the worker's completion hook missed it, e.g. it ran before the relay committed): recorded;
 *   - waiting, delayed, active: looked at again after another grace period.
 * A delivery that failed for good is never re-enqueued: it stays visible (health, metrics) for an operator.
 */
import type { Db } from "~/infra/db.server.ts";
import { withTimeout } from "~/infra/timeout.ts";
import { isQueueName, type QueueName } from "~/kernel/queues.ts";
import {
  claimDueOutboxDeliveries,
  markOutboxDeliveryCompleted,
  markOutboxDeliveryFailed,
  type DueDelivery,
} from "~/modules/outbox/outbox.server.ts";
import type { Logger } from "./log.ts";
import type { Queues } from "./queues.ts";
import { eventJobData } from "./relay.ts";
import { eventJobId } from "./routing.ts";
import { createWakeableSleep } from "./wake.ts";

export interface SweepOptions {
  /** A pending delivery is looked at once it was relayed (or last looked at) this long ago. */
  graceMs?: number;
  batchSize?: number;
  /** Bound on the Redis calls of one sweep; the row locks are held meanwhile. */
  redisTimeoutMs?: number;
  now?: () => Date;
}

export interface SweepResult {
  checked: number;
  requeued: number;
  completed: number;
  failed: number;
  pending: number;
}

export const DEFAULT_SWEEP = { intervalMs: 15_000, graceMs: 20_000, batchSize: 500 } as const;

/** One sweep over at most `batchSize` due deliveries. Throws on Redis or Postgres trouble (nothing is changed then). */
export async function sweepOutboxDeliveries(db: Db, queues: Queues, options: SweepOptions = {}): Promise<SweepResult> {
  const graceMs = options.graceMs ?? DEFAULT_SWEEP.graceMs;
  const batchSize = options.batchSize ?? DEFAULT_SWEEP.batchSize;
  const redisTimeoutMs = options.redisTimeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  return db.$transaction(
    async (tx) => {
      const result: SweepResult = { checked: 0, requeued: 0, completed: 0, failed: 0, pending: 0 };
      const due = await claimDueOutboxDeliveries(tx, new Date(now().getTime() - graceMs), batchSize);
      if (due.length === 0) return result;
      result.checked = due.length;

      const known = due.filter((delivery): delivery is DueDelivery & { queue: QueueName } =>
        isQueueName(delivery.queue),
      );
      for (const delivery of due.filter((row) => !isQueueName(row.queue))) {
        await markOutboxDeliveryFailed(tx, { ...delivery, attempts: 0, error: `unknown queue ${delivery.queue}` });
        result.failed++;
      }

      const states = await withTimeout(
        Promise.all(known.map((delivery) => queues[delivery.queue].getJobState(eventJobId(delivery.eventId)))),
        redisTimeoutMs,
        "asking Redis for job states",
      );

      const gone = new Map<QueueName, DueDelivery[]>();
      const stillPending: DueDelivery[] = [];
      for (const [index, delivery] of known.entries()) {
        const state = states[index];
        if (state === "unknown") {
          gone.set(delivery.queue, [...(gone.get(delivery.queue) ?? []), delivery]);
        } else if (state === "completed" || state === "failed") {
          const job = await withTimeout(
            queues[delivery.queue].getJob(eventJobId(delivery.eventId)),
            redisTimeoutMs,
            "reading a finished job",
          );
          const attempts = job?.attemptsMade ?? 0;
          const at = job?.finishedOn ? new Date(job.finishedOn) : now();
          if (state === "completed") {
            await markOutboxDeliveryCompleted(tx, { ...delivery, attempts, at });
            result.completed++;
          } else {
            await markOutboxDeliveryFailed(tx, { ...delivery, attempts, at, error: job?.failedReason ?? "failed" });
            result.failed++;
          }
        } else {
          stillPending.push(delivery);
        }
      }

      if (gone.size > 0) {
        await withTimeout(
          Promise.all(
            [...gone].map(([queue, deliveries]) =>
              queues[queue].addBulk(
                deliveries.map((delivery) => ({
                  name: delivery.type,
                  data: eventJobData({ ...delivery, id: delivery.eventId }),
                  opts: { jobId: eventJobId(delivery.eventId) },
                })),
              ),
            ),
          ),
          redisTimeoutMs,
          "re-adding vanished jobs",
        );
      }
      const checkedAt = now();
      for (const [queue, deliveries] of gone) {
        await tx.outboxDelivery.updateMany({
          where: { queue, eventId: { in: deliveries.map((delivery) => delivery.eventId) } },
          data: { requeues: { increment: 1 }, checkAfter: checkedAt },
        });
        result.requeued += deliveries.length;
      }
      for (const queue of new Set(stillPending.map((delivery) => delivery.queue))) {
        await tx.outboxDelivery.updateMany({
          where: {
            queue,
            eventId: { in: stillPending.filter((row) => row.queue === queue).map((row) => row.eventId) },
          },
          data: { checkAfter: checkedAt },
        });
      }
      result.pending = stillPending.length;
      return result;
    },
    { timeout: redisTimeoutMs * 2 + 20_000, maxWait: 10_000 },
  );
}

export interface CompletionSweeperOptions extends SweepOptions {
  db: Db;
  queues: Queues;
  log: Logger;
  intervalMs?: number;
  /** Is the producer Redis connection usable? A sweep is skipped (no row locks taken) while it is not. */
  redisReady?: () => boolean;
}

export interface CompletionSweeper {
  stop(): Promise<void>;
  /** Sweep now instead of at the next interval (after a reconnect, in tests). */
  poke(): void;
  stats(): { requeued: number; sweeps: number; failures: number; lastError: string | null; lastSweepAt: Date | null };
}

export function startCompletionSweeper(options: CompletionSweeperOptions): CompletionSweeper {
  const intervalMs = options.intervalMs ?? DEFAULT_SWEEP.intervalMs;
  const batchSize = options.batchSize ?? DEFAULT_SWEEP.batchSize;
  let running = true;
  let requeued = 0;
  let sweeps = 0;
  let failures = 0;
  let lastError: string | null = null;
  let lastSweepAt: Date | null = null;

  const { sleep, poke } = createWakeableSleep();

  const loop = (async () => {
    while (running) {
      await sleep(intervalMs);
      if (!running) break;
      if (options.redisReady && !options.redisReady()) continue;
      try {
        // A full batch means more may be due (a whole Redis was lost): keep going until the backlog is looked at.
        for (let full = true; full && running;) {
          const result = await sweepOutboxDeliveries(options.db, options.queues, options);
          sweeps++;
          lastSweepAt = new Date();
          requeued += result.requeued;
          if (result.requeued > 0)
            options.log.warn("outbox deliveries whose jobs vanished from Redis were re-enqueued", {
              requeued: result.requeued,
              checked: result.checked,
            });
          full = result.checked >= batchSize;
        }
        lastError = null;
      } catch (error) {
        failures++;
        lastError = (error as Error).message;
        if (failures === 1 || failures % 30 === 0)
          options.log.warn("outbox completion sweep failed; will retry", { error: lastError, failures });
      }
    }
  })();

  return {
    async stop() {
      running = false;
      poke();
      await loop;
    },
    poke,
    stats: () => ({ requeued, sweeps, failures, lastError, lastSweepAt }),
  };
}
