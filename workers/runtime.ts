/**
 * Everything the worker process runs, as one object that main.ts starts and stops (and tests start in-process):
 * one BullMQ Worker per queue, the outbox relay, the repeatable schedules, and a health report.
 *
 * Connections (docs/decisions/003-transactional-outbox.md): producers (the relay, fan-out from processors) use a
 * fail-fast connection so a Redis outage surfaces as an error instead of a hang; workers use
 * `maxRetriesPerRequest: null` as BullMQ requires.
 */
import { UnrecoverableError, Worker, type Job, type RepeatOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "~/infra/db.server.ts";
import { createCommandRedis, createWorkerRedis } from "~/infra/redis.server.ts";
import { withTimeout } from "~/infra/timeout.ts";
import { DomainError } from "~/kernel/errors.ts";
import { QUEUE_NAMES, type QueueName } from "~/kernel/queues.ts";
import { TIME_ZONE } from "~/kernel/time.ts";
import { availableChannels, type ChannelAvailability } from "~/modules/notifications/config.server.ts";
import { closeDeliveryDeps, createDeliveryDeps, type DeliveryDeps } from "~/modules/notifications/deliver.server.ts";
import {
  markOutboxDeliveryCompleted,
  markOutboxDeliveryFailed,
  outboxCompletionLag,
} from "~/modules/outbox/outbox.server.ts";
import { startCompletionSweeper, type CompletionSweeper } from "./completion-sweeper.ts";
import type { JobProcessor, MatchingPort, SearchPort, WorkerContext } from "./context.ts";
import { createLogger, type Logger } from "./log.ts";
import { createDeadlinesProcessor } from "./processors/deadlines.ts";
import { createLedgerProcessor } from "./processors/ledger.ts";
import { createMatchingProcessor } from "./processors/matching.ts";
import { createNotificationsProcessor } from "./processors/notifications.ts";
import { createReportsProcessor } from "./processors/reports.ts";
import { createSearchSyncProcessor } from "./processors/search-sync.ts";
import { closeQueues, createQueues, DEFAULT_TUNING, type JobTuning, type Queues } from "./queues.ts";
import { startOutboxRelay, type OutboxRelay } from "./relay.ts";
import { eventJobId } from "./routing.ts";

export interface Schedule {
  queue: QueueName;
  id: string;
  jobName: string;
  repeat: Omit<RepeatOptions, "key">;
}

/**
 * Repeatable jobs. Upserted at every start (idempotent), so restarts and several worker processes are safe; re-asserted
 * on every Redis (re)connect and every `scheduleCheckMs`, so a Redis that came back empty gets them back.
 */
export function defaultSchedules(options: { deadlineScanEveryMs?: number } = {}): Schedule[] {
  return [
    {
      queue: "deadlines",
      id: "deadline-scan",
      jobName: "scan",
      repeat: { every: options.deadlineScanEveryMs ?? 60_000 },
    },
    { queue: "notifications", id: "delivery-sweep", jobName: "sweep-deliveries", repeat: { every: 2 * 60_000 } },
    {
      queue: "search-sync",
      id: "search-reconcile",
      jobName: "reconcile",
      repeat: { pattern: "17 3 * * *", tz: TIME_ZONE },
    },
    {
      queue: "reports",
      id: "daily-digest",
      jobName: "daily-digest",
      repeat: { pattern: "0 8 * * *", tz: TIME_ZONE },
    },
    {
      queue: "reports",
      id: "outbox-prune",
      jobName: "outbox-prune",
      repeat: { pattern: "40 3 * * *", tz: TIME_ZONE },
    },
    // The bureau dashboards read materialized views; a city refreshes in well under a second, a province in ~60 s.
    { queue: "reports", id: "bureau-rollups", jobName: "refresh-bureau-rollups", repeat: { every: 5 * 60_000 } },
    {
      queue: "reports",
      id: "session-sweep",
      jobName: "delete-expired-sessions",
      repeat: { pattern: "5 * * * *", tz: TIME_ZONE },
    },
  ];
}

export const DEFAULT_CONCURRENCY: Record<QueueName, number> = {
  "search-sync": 8,
  // matchNeed calls of concurrent jobs are gathered into batches of up to MATCH_BATCH_SIZE (createMatchBatcher); 12
  // keeps three batches in flight, so one batch's reading, searching and storing overlap the others' (bench/README.md).
  matching: 12,
  notifications: 16,
  deadlines: 1,
  ledger: 4,
  reports: 1,
};

export interface WorkerRuntimeOptions {
  db: Db;
  databaseUrl: string;
  redisUrl: string;
  /** REDIS_PREFIX (with its Redis Cluster hash tag). */
  prefix: string;
  search: SearchPort;
  matching: MatchingPort;
  delivery?: DeliveryDeps;
  channels?: ChannelAvailability;
  clock?: () => Date;
  log?: Logger;
  /** Which queues get a Worker here (default all); the relay and schedules are independent of this. */
  queues?: readonly QueueName[];
  concurrency?: Partial<Record<QueueName, number>>;
  /** How long a job's lock lives; BullMQ renews it every half of that while the job runs (default 15 s). */
  lockDurationMs?: number;
  /** How often expired locks are looked for (default 5 s). A dead worker's job is taken over within about both. */
  stalledIntervalMs?: number;
  tuning?: JobTuning;
  relay?: false | { batchSize?: number; pollIntervalMs?: number };
  /** The completion sweeper (completion-sweeper.ts); runs with the relay unless false. */
  completionSweep?: false | { intervalMs?: number; graceMs?: number; batchSize?: number };
  schedules?: false | Schedule[];
  /** How often the schedules are checked and the missing ones put back (default 60 s). */
  scheduleCheckMs?: number;
}

/** Takeover of a dead worker's jobs is bounded by about lock duration + stalled interval (README, worker settings). */
export const DEFAULT_LOCK_DURATION_MS = 15_000;
export const DEFAULT_STALLED_INTERVAL_MS = 5_000;

export interface HealthReport {
  ok: boolean;
  postgres: boolean;
  redis: boolean;
  relay: {
    running: boolean;
    lagSeconds: number | null;
    unrelayed: number | null;
    relayed: number;
    failures: number;
    lastError: string | null;
  };
  /** Hand-over is not completion: deliveries relayed but not confirmed done (docs/decisions/007-outbox-completion.md). */
  completion: {
    sweeping: boolean;
    /** Age in seconds of the oldest relayed delivery whose job has not finished yet. */
    oldestPendingSeconds: number | null;
    pending: number | null;
    /** Failed for good, kept for operators (never re-enqueued). */
    failed: number | null;
    requeued: number;
    lastError: string | null;
  };
  /** Repeatable schedules this process asserts, and those missing from Redis (null when Redis cannot be asked). */
  schedules: { expected: string[]; missing: string[] | null };
  /** "degraded": working, but something needs a look (listed in `problems`); "down": Postgres or Redis unreachable. */
  status: "ok" | "degraded" | "down";
  problems: string[];
  workers: Record<string, { running: boolean; paused: boolean }>;
}

export interface WorkerRuntime {
  queues: Queues;
  workers: Map<QueueName, Worker>;
  relay: OutboxRelay | null;
  sweeper: CompletionSweeper | null;
  context: WorkerContext;
  /** Puts back the schedules missing from Redis; returns their ids. */
  assertSchedules(): Promise<string[]>;
  health(): Promise<HealthReport>;
  /**
   * Graceful stop: no new jobs, the relay finishes its batch, in-flight jobs get `timeoutMs` to finish. Jobs still
   * running after that are abandoned to BullMQ's stalled-job recovery (another worker retries them), never lost.
   */
  stop(options?: { timeoutMs?: number }): Promise<{ forced: boolean }>;
}

/** A fail-fast connection rejects commands while (re)connecting; a health probe waits a moment for it instead. */
function untilReady(redis: Redis): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve) => redis.once("ready", () => resolve()));
}

export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const log = options.log ?? createLogger("worker");
  const tuning = options.tuning ?? DEFAULT_TUNING;
  const producer: Redis = createCommandRedis(options.redisUrl);
  const workerConnection: Redis = createWorkerRedis(options.redisUrl);
  const queues = createQueues(producer, options.prefix, tuning);
  const context: WorkerContext = {
    db: options.db,
    queues,
    search: options.search,
    matching: options.matching,
    delivery: options.delivery ?? createDeliveryDeps(),
    channels: options.channels ?? availableChannels(),
    clock: options.clock ?? (() => new Date()),
    log,
    tuning,
  };

  const processors: Record<QueueName, JobProcessor> = {
    "search-sync": createSearchSyncProcessor(context),
    matching: createMatchingProcessor(context),
    notifications: createNotificationsProcessor(context),
    deadlines: createDeadlinesProcessor(context),
    ledger: createLedgerProcessor(context),
    reports: createReportsProcessor(context),
  };

  const completionWrites = new Set<Promise<void>>();
  // Completion tracking: an outbox event's job finished (or failed for good). Best effort: if this write is lost, the
  // completion sweeper reads the job's state from BullMQ later.
  function recordCompletion(queue: QueueName, job: Job, error: string | null): void {
    const eventId = (job.data as { eventId?: unknown } | undefined)?.eventId;
    if (typeof eventId !== "string" || job.id !== eventJobId(eventId)) return;
    const delivery = { eventId, queue, attempts: job.attemptsMade };
    const write = (
      error === null
        ? markOutboxDeliveryCompleted(options.db, delivery)
        : markOutboxDeliveryFailed(options.db, { ...delivery, error })
    )
      .then(() => {})
      .catch((failure: unknown) =>
        log.warn("could not record an outbox delivery; the sweeper will", {
          queue,
          id: job.id,
          error: (failure as Error).message,
        }),
      )
      .finally(() => completionWrites.delete(write));
    completionWrites.add(write);
  }

  const workers = new Map<QueueName, Worker>();
  for (const name of options.queues ?? QUEUE_NAMES) {
    const worker = new Worker(name, failingDomainErrorsForGood(processors[name]), {
      connection: workerConnection,
      prefix: options.prefix,
      concurrency: options.concurrency?.[name] ?? DEFAULT_CONCURRENCY[name],
      lockDuration: options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
      stalledInterval: options.stalledIntervalMs ?? DEFAULT_STALLED_INTERVAL_MS,
      maxStalledCount: 2,
    });
    worker.on("error", (error) => log.warn("worker error", { queue: name, error: error.message }));
    worker.on("failed", (job: Job | undefined, error: Error) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === "UnrecoverableError";
      (final ? log.error : log.warn)(final ? "job failed permanently" : "job failed; will retry", {
        queue: name,
        job: job.name,
        id: job.id,
        attempt: job.attemptsMade,
        error: error.message,
      });
      if (final) recordCompletion(name, job, error.message);
    });
    worker.on("completed", (job: Job) => recordCompletion(name, job, null));
    workers.set(name, worker);
  }

  const relay =
    options.relay === false
      ? null
      : startOutboxRelay({
          db: options.db,
          queues,
          databaseUrl: options.databaseUrl,
          log,
          batchSize: options.relay?.batchSize,
          pollIntervalMs: options.relay?.pollIntervalMs,
          redisReady: () => producer.status === "ready",
        });

  const sweeper =
    options.relay === false || options.completionSweep === false
      ? null
      : startCompletionSweeper({
          db: options.db,
          queues,
          log,
          intervalMs: options.completionSweep?.intervalMs,
          graceMs: options.completionSweep?.graceMs,
          batchSize: options.completionSweep?.batchSize,
          redisReady: () => producer.status === "ready",
        });

  // Schedules need Redis; keep trying in the background so a worker started during an outage still gets them.
  let stopping = false;
  const schedules = options.schedules === false ? [] : (options.schedules ?? defaultSchedules());
  const upsertSchedule = (schedule: Schedule) =>
    withTimeout(
      queues[schedule.queue].upsertJobScheduler(schedule.id, schedule.repeat, {
        name: schedule.jobName,
        data: {},
        opts: { attempts: 3, backoff: { type: "exponential", delay: tuning.backoffMs } },
      }),
      10_000,
      `scheduling ${schedule.id}`,
    );
  const missingSchedules = async (): Promise<Schedule[]> => {
    const found = await withTimeout(
      Promise.all(schedules.map((schedule) => queues[schedule.queue].getJobScheduler(schedule.id))),
      5_000,
      "reading the schedules",
    );
    return schedules.filter((_, index) => !found[index]);
  };
  let installed = false;
  const schedulesInstalled = (async () => {
    for (let attempt = 1; !stopping && schedules.length > 0; attempt++) {
      try {
        for (const schedule of schedules) await upsertSchedule(schedule);
        installed = true;
        return;
      } catch (error) {
        if (attempt === 1) log.warn("could not install schedules yet; retrying", { error: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000 * attempt, 15_000)));
      }
    }
  })();
  // Re-asserting upserts only what is missing: upserting an `every` schedule that exists would move its next run.
  let asserting: Promise<string[]> | null = null;
  const assertSchedules = (): Promise<string[]> => {
    asserting ??= (async () => {
      try {
        const missing = await missingSchedules();
        for (const schedule of missing) await upsertSchedule(schedule);
        if (missing.length > 0)
          log.warn("schedules were missing from Redis and were put back", { ids: missing.map((item) => item.id) });
        return missing.map((schedule) => schedule.id);
      } finally {
        asserting = null;
      }
    })();
    return asserting;
  };
  const reassert = () => {
    if (stopping || !installed) return;
    assertSchedules().catch((error: unknown) =>
      log.warn("could not check the schedules; will retry", { error: (error as Error).message }),
    );
  };
  // A Redis that restarted empty comes back through a reconnect; a flush without one is caught by the interval.
  const onReady = () => {
    reassert();
    sweeper?.poke();
  };
  producer.on("ready", onReady);
  const scheduleTimer = schedules.length > 0 ? setInterval(reassert, options.scheduleCheckMs ?? 60_000) : null;
  scheduleTimer?.unref();

  async function health(): Promise<HealthReport> {
    const [postgres, redis, lag, completion] = await Promise.all([
      options.db.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      ),
      withTimeout(
        untilReady(producer).then(() => producer.ping()),
        2_000,
        "redis ping",
      ).then(
        () => true,
        () => false,
      ),
      relay ? relay.lag().catch(() => null) : Promise.resolve(null),
      outboxCompletionLag(options.db).catch(() => null),
    ]);
    const missing = redis
      ? await missingSchedules().then(
          (list) => list.map((schedule) => schedule.id),
          () => null,
        )
      : null;
    const problems: string[] = [];
    if (missing && missing.length > 0) problems.push(`schedules missing from Redis: ${missing.join(", ")}`);
    if (completion && completion.failed > 0)
      problems.push(`${completion.failed} outbox deliveries failed for good this week (retry at /admin/queues)`);
    const stats = relay?.stats();
    const sweep = sweeper?.stats();
    const workerStates = Object.fromEntries(
      [...workers].map(([name, worker]) => [name, { running: worker.isRunning(), paused: worker.isPaused() }]),
    );
    const ok = postgres && redis;
    return {
      ok,
      status: !ok ? "down" : problems.length > 0 ? "degraded" : "ok",
      problems,
      postgres,
      redis,
      relay: {
        running: relay !== null,
        lagSeconds: lag?.lagSeconds ?? null,
        unrelayed: lag?.unrelayed ?? null,
        relayed: stats?.relayed ?? 0,
        failures: stats?.failures ?? 0,
        lastError: stats?.lastError ?? null,
      },
      completion: {
        sweeping: sweeper !== null,
        oldestPendingSeconds: completion?.oldestPendingSeconds ?? null,
        pending: completion?.pending ?? null,
        failed: completion?.failed ?? null,
        requeued: sweep?.requeued ?? 0,
        lastError: sweep?.lastError ?? null,
      },
      schedules: { expected: schedules.map((schedule) => schedule.id), missing },
      workers: workerStates,
    };
  }

  async function stop(stopOptions: { timeoutMs?: number } = {}): Promise<{ forced: boolean }> {
    stopping = true;
    if (scheduleTimer) clearInterval(scheduleTimer);
    producer.off("ready", onReady);
    const timeoutMs = stopOptions.timeoutMs ?? 25_000;
    // The relay and the sweeper finish the batch they hold: it commits or rolls back, never half-done.
    await Promise.all([relay?.stop(), sweeper?.stop()]);
    let forced = false;
    const closing = Promise.all([...workers.values()].map((worker) => worker.close()));
    try {
      await withTimeout(closing, timeoutMs, "closing workers");
    } catch {
      // BullMQ's close(true) cannot overtake a graceful close already under way (it returns the same promise), so
      // stop waiting: the connections are cut below and the job's lock expires; another worker retries it.
      forced = true;
      log.warn("in-flight jobs did not finish in time; abandoning them to stalled-job recovery", { timeoutMs });
      closing.catch(() => {});
    }
    await schedulesInstalled.catch(() => {});
    await asserting?.catch(() => {});
    // The last completions reach Postgres before the caller disconnects it (bounded; the sweeper covers a loss).
    await withTimeout(Promise.all(completionWrites), 2_000, "recording completions").catch(() => {});
    await closeQueues(queues);
    closeDeliveryDeps(context.delivery);
    producer.disconnect();
    workerConnection.disconnect();
    return { forced };
  }

  return { queues, workers, relay, sweeper, context, assertSchedules, health, stop };
}

/**
 * A 4xx DomainError (app/kernel/errors.ts) is the domain's answer, not an outage: retrying cannot change it, so the
 * job fails at once instead of spending its retries. A 5xx one (the consent text not configured yet, Redis down) is
 * a condition an operator fixes, and other errors may pass too: they keep BullMQ's retries with backoff.
 */
export function failingDomainErrorsForGood(processor: JobProcessor): JobProcessor {
  return async (job) => {
    try {
      return await processor(job);
    } catch (error) {
      if (error instanceof DomainError && error.status < 500) {
        throw new UnrecoverableError(`${error.code}: ${error.message}`);
      }
      throw error;
    }
  };
}
