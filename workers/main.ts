/**
 * `npm run worker` — the background-job process (docs/decisions/003-transactional-outbox.md: never inside the web
 * server). Starts the outbox relay, one BullMQ worker per queue, the schedules and a health endpoint; on SIGTERM/SIGINT
 * stops taking work, lets in-flight jobs finish within WORKER_SHUTDOWN_TIMEOUT_MS and exits. A second signal exits at
 * once (unfinished jobs are then retried by BullMQ's stalled-job recovery).
 */
import type { Server } from "node:http";
import { getEnv } from "~/infra/env.server.ts";
import { getDb } from "~/infra/db.server.ts";
import { withTimeout } from "~/infra/timeout.ts";
import { isQueueName, QUEUE_NAMES, type QueueName } from "~/kernel/queues.ts";
import { getNotificationConfig } from "~/modules/notifications/config.server.ts";
import { flushLeadRefreshes } from "~/modules/matching/match-store.server.ts";
import { getMeili } from "../search/client.ts";
import { parseWorkerEnv } from "./env.ts";
import { startHealthServer } from "./health.ts";
import { createLogger } from "./log.ts";
import { DEFAULT_CONCURRENCY, defaultSchedules, startWorkerRuntime } from "./runtime.ts";
import { createSearchPorts } from "./search-ports.ts";

const log = createLogger("worker");

async function main(): Promise<void> {
  const env = getEnv();
  const workerEnv = parseWorkerEnv(process.env);
  getNotificationConfig(); // fail fast on a malformed SMTP/SMS setting

  const queues = workerEnv.WORKER_QUEUES
    ? workerEnv.WORKER_QUEUES.split(",")
        .map((name) => name.trim())
        .filter(Boolean)
    : [...QUEUE_NAMES];
  const unknown = queues.filter((name) => !isQueueName(name));
  if (unknown.length > 0)
    throw new Error(`WORKER_QUEUES: unknown queue(s) ${unknown.join(", ")}; known: ${QUEUE_NAMES.join(", ")}`);

  const db = getDb();
  const { search, matching } = createSearchPorts(db, getMeili());
  const concurrency = Object.fromEntries(
    QUEUE_NAMES.map((name) => [
      name,
      Math.max(1, Math.round(DEFAULT_CONCURRENCY[name] * workerEnv.WORKER_CONCURRENCY_FACTOR)),
    ]),
  ) as Record<QueueName, number>;

  const runtime = await startWorkerRuntime({
    db,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    prefix: env.REDIS_PREFIX,
    search,
    matching,
    log,
    queues: queues as QueueName[],
    concurrency,
    lockDurationMs: workerEnv.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: workerEnv.WORKER_STALLED_INTERVAL_MS,
    tuning: { backoffMs: workerEnv.JOB_BACKOFF_MS, attempts: workerEnv.JOB_ATTEMPTS },
    relay: workerEnv.RELAY_ENABLED
      ? { batchSize: workerEnv.RELAY_BATCH_SIZE, pollIntervalMs: workerEnv.RELAY_POLL_INTERVAL_MS }
      : false,
    completionSweep: {
      intervalMs: workerEnv.OUTBOX_SWEEP_INTERVAL_MS,
      graceMs: workerEnv.OUTBOX_SWEEP_GRACE_MS,
      batchSize: workerEnv.OUTBOX_SWEEP_BATCH_SIZE,
    },
    scheduleCheckMs: workerEnv.SCHEDULE_CHECK_INTERVAL_MS,
    schedules: workerEnv.WORKER_SCHEDULES
      ? defaultSchedules({ deadlineScanEveryMs: workerEnv.DEADLINE_SCAN_EVERY_MS })
      : false,
  });

  let health: Server | null = null;
  if (workerEnv.WORKER_HEALTH_PORT > 0) {
    try {
      health = await startHealthServer(runtime, workerEnv.WORKER_HEALTH_PORT, workerEnv.WORKER_HEALTH_HOST);
    } catch (error) {
      // A second worker on the same host: it still works, the first one answers health checks.
      log.warn("health endpoint not started", { port: workerEnv.WORKER_HEALTH_PORT, error: (error as Error).message });
    }
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      log.warn("second signal: exiting now", { signal });
      process.exit(1);
    }
    shuttingDown = true;
    const started = Date.now();
    log.info("shutting down", { signal, timeoutMs: workerEnv.WORKER_SHUTDOWN_TIMEOUT_MS });
    health?.close();
    // Whatever happens below, the process ends within the bound plus a margin.
    setTimeout(() => {
      log.error("shutdown did not complete; exiting", { ms: Date.now() - started });
      process.exit(1);
    }, workerEnv.WORKER_SHUTDOWN_TIMEOUT_MS + 10_000).unref();
    const { forced } = await runtime.stop({ timeoutMs: workerEnv.WORKER_SHUTDOWN_TIMEOUT_MS });
    // Leads-document updates queued by the last matches (sent in batches once a second) go out before exiting.
    await withTimeout(flushLeadRefreshes(getMeili()), 2_000, "sending queued leads updates").catch(() => {});
    // An abandoned job may still hold a pooled connection inside its transaction; the pool would wait for it.
    // Exiting closes the socket and Postgres rolls that transaction back.
    await withTimeout(db.$disconnect(), forced ? 500 : 5_000, "disconnecting from Postgres").catch(() => {});
    log.info("stopped", { forced, ms: Date.now() - started });
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  log.info("worker ready", {
    queues,
    prefix: env.REDIS_PREFIX,
    healthPort: workerEnv.WORKER_HEALTH_PORT,
    pid: process.pid,
  });
}

process.on("unhandledRejection", (reason) => log.error("unhandled rejection", { error: String(reason) }));

main().catch((error: unknown) => {
  log.error("worker failed to start", { error: (error as Error).message });
  process.exit(1);
});
