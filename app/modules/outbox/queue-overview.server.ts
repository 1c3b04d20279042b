/**
 * What the admin's queue page shows: the outbox relay's lag and stuck events, and per BullMQ queue its job counts,
 * latest failures and schedules. Read from the web process with the fail-fast Redis connection; when Redis is down
 * the page says so instead of hanging (the outbox keeps every change meanwhile).
 */
import { Queue } from "bullmq";
import type { DbOrTx } from "~/infra/db.server.ts";
import { getEnv } from "~/infra/env.server.ts";
import { getCommandRedis } from "~/infra/redis.server.ts";
import { withTimeout } from "~/infra/timeout.ts";
import { QUEUE_NAMES, type QueueName } from "~/kernel/queues.ts";
import { outboxLag } from "./outbox.server.ts";

export interface QueueSummary {
  name: QueueName;
  counts: Record<"waiting" | "active" | "delayed" | "completed" | "failed", number>;
  failures: { id: string; name: string; attempts: number; reason: string; finishedAt: string | null }[];
  schedules: { id: string; every: number | null; pattern: string | null; next: string | null }[];
}

export interface QueueOverview {
  outbox: {
    lagSeconds: number;
    unrelayed: number;
    stuck: { id: string; type: string; attempts: number; lastError: string | null; createdAt: string }[];
  };
  redis: { reachable: boolean; error: string | null };
  queues: QueueSummary[];
}

const globalForQueues = globalThis as unknown as { __jieyangAdminQueues?: Map<QueueName, Queue> };

function adminQueue(name: QueueName): Queue {
  globalForQueues.__jieyangAdminQueues ??= new Map();
  let queue = globalForQueues.__jieyangAdminQueues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection: getCommandRedis(), prefix: getEnv().REDIS_PREFIX });
    queue.on("error", () => {});
    globalForQueues.__jieyangAdminQueues.set(name, queue);
  }
  return queue;
}

export async function loadQueueOverview(db: DbOrTx): Promise<QueueOverview> {
  const lag = await outboxLag(db);
  const stuck = await db.outboxEvent.findMany({
    where: { relayedAt: null, attempts: { gt: 0 } },
    select: { id: true, type: true, attempts: true, lastError: true, createdAt: true },
    orderBy: { sequence: "asc" },
    take: 20,
  });
  const outbox = { ...lag, stuck: stuck.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() })) };
  try {
    const queues = await withTimeout(Promise.all(QUEUE_NAMES.map(summarise)), 3_000, "reading queues");
    return { outbox, redis: { reachable: true, error: null }, queues };
  } catch (error) {
    return { outbox, redis: { reachable: false, error: (error as Error).message }, queues: [] };
  }
}

async function summarise(name: QueueName): Promise<QueueSummary> {
  const queue = adminQueue(name);
  const counts = await queue.getJobCounts("waiting", "active", "delayed", "completed", "failed");
  const failed = await queue.getJobs(["failed"], 0, 9, false);
  const schedulers = await queue.getJobSchedulers(0, 20, true);
  return {
    name,
    counts: {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
    },
    // Reasons only — job data (ids) is not needed here.
    failures: failed.map((job) => ({
      id: job.id ?? "",
      name: job.name,
      attempts: job.attemptsMade,
      reason: (job.failedReason ?? "").slice(0, 300),
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    })),
    schedules: schedulers.map((scheduler) => ({
      id: scheduler.key,
      every: scheduler.every ? Number(scheduler.every) : null,
      pattern: scheduler.pattern ?? null,
      next: scheduler.next ? new Date(scheduler.next).toISOString() : null,
    })),
  };
}

/** Puts a queue's failed jobs back to waiting (after the cause was fixed). Returns false when Redis is unreachable. */
export async function retryFailedJobs(name: QueueName): Promise<boolean> {
  try {
    await withTimeout(adminQueue(name).retryJobs({ state: "failed", count: 1_000 }), 5_000, "retrying jobs");
    return true;
  } catch {
    return false;
  }
}
