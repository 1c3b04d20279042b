/**
 * Worker-only settings, parsed with zod at start-up next to the app's own environment (app/infra/env.server.ts).
 * Notification channel settings (SMTP, SMS, webhooks) are declared by each channel in
 * app/modules/notifications/channels/ and parsed by app/modules/notifications/config.server.ts.
 */
import { z } from "zod";

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false"])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === "true"));

const WorkerEnvSchema = z.object({
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).default(3199),
  WORKER_HEALTH_HOST: z.string().default("0.0.0.0"),
  /** Multiplies each queue's default concurrency (1 = defaults). */
  WORKER_CONCURRENCY_FACTOR: z.coerce.number().min(0.1).max(20).default(1),
  WORKER_SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(10 * 60_000)
    .default(25_000),
  /**
   * A dead worker's jobs are taken over within about lock duration + stalled interval (20 s by default). The lock is
   * renewed every half of its duration, so a job may block the event loop for up to that long without being
   * mistaken for stalled.
   */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1_000).default(15_000),
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(5_000),
  JOB_BACKOFF_MS: z.coerce.number().int().min(10).default(2_000),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(12),
  RELAY_ENABLED: flag(true),
  RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(200),
  RELAY_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1_000),
  /** The completion sweeper: how often it looks, and how long a relayed delivery may stay unconfirmed first. */
  OUTBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  OUTBOX_SWEEP_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
  OUTBOX_SWEEP_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
  WORKER_SCHEDULES: flag(true),
  /** How often the schedules are checked in Redis and the missing ones put back (also at every reconnect). */
  SCHEDULE_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  DEADLINE_SCAN_EVERY_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** Comma-separated subset of queues this process works on (default: all). */
  WORKER_QUEUES: z.string().optional(),
});

export type WorkerEnv = z.infer<typeof WorkerEnvSchema>;

export function parseWorkerEnv(source: Record<string, string | undefined>): WorkerEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = WorkerEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`worker 环境变量配置有误 (invalid worker environment):\n${lines.join("\n")}`);
  }
  return result.data;
}
