/**
 * The queues (named in app/kernel/queues.ts), one per concern, and the job options every job gets. Queue keys live
 * under REDIS_PREFIX, whose hash tag ({jieyang}) keeps a deployment's keys in one Redis Cluster slot as BullMQ
 * requires.
 *
 * Retention matters for idempotency: a deterministic jobId only de-duplicates while the earlier job is kept, so
 * completed jobs stay for a day (longer than any relay retry window) and failed ones for a week (to inspect).
 */
import { Queue, type DefaultJobOptions } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUE_NAMES, type QueueName } from "~/kernel/queues.ts";

export type Queues = Record<QueueName, Queue>;

export interface JobTuning {
  /** Base delay of the exponential backoff (ms): retries after 1×, 2×, 4×, … */
  backoffMs: number;
  attempts: number;
}

/**
 * 12 attempts from 2 s doubling: the last retry comes ~2.3 hours after the first failure, so a Meilisearch or SMTP
 * outage of an hour or two heals by itself; beyond that the admin queue page retries failed jobs.
 */
export const DEFAULT_TUNING: JobTuning = { backoffMs: 2_000, attempts: 12 };

export function defaultJobOptions(tuning: JobTuning = DEFAULT_TUNING): DefaultJobOptions {
  return {
    attempts: tuning.attempts,
    backoff: { type: "exponential", delay: tuning.backoffMs },
    removeOnComplete: { age: 24 * 3_600, count: 20_000 },
    removeOnFail: { age: 7 * 24 * 3_600, count: 50_000 },
  };
}

/**
 * Deliveries to outside systems back off longer and give up sooner: a webhook receiver that is down for an hour
 * should not keep a retry chain going for a day. Attempts: 1×, 2×, 4×, 8×, 16× the base delay.
 */
export function deliveryJobOptions(tuning: JobTuning = DEFAULT_TUNING) {
  return { attempts: 6, backoff: { type: "exponential" as const, delay: tuning.backoffMs * 2 } };
}

/** Producers get the fail-fast command connection (a request or the relay never hangs on Redis). */
export function createQueues(connection: Redis, prefix: string, tuning: JobTuning = DEFAULT_TUNING): Queues {
  const queues = {} as Queues;
  for (const name of QUEUE_NAMES) {
    const queue = new Queue(name, { connection, prefix, defaultJobOptions: defaultJobOptions(tuning) });
    // Connection errors surface through the relay's and health check's own error handling.
    queue.on("error", () => {});
    queues[name] = queue;
  }
  return queues;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close().catch(() => {})));
}

/** BullMQ refuses ':' in custom ids (it separates key parts) and integers; every id we make goes through this. */
export function jobId(...parts: string[]): string {
  const id = parts.join("-").replaceAll(":", "_");
  if (/^\d+$/.test(id)) throw new Error(`job id must not be an integer: ${id}`);
  return id;
}
