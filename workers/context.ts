/**
 * What processors get: the database, the queues (to fan out follow-up jobs), the search engine behind two small
 * ports, delivery channels and a clock (tests move time; production uses the wall clock).
 */
import { UnrecoverableError, type Job } from "bullmq";
import { z } from "zod";
import type { Db } from "~/infra/db.server.ts";
import type { ChannelAvailability } from "~/modules/notifications/config.server.ts";
import type { DeliveryDeps } from "~/modules/notifications/deliver.server.ts";
import {
  isOutboxEventType,
  parseOutboxPayload,
  type OutboxEventPayload,
  type OutboxEventType,
} from "~/modules/outbox/events.ts";
import type { Logger } from "./log.ts";
import { deliveryJobOptions, jobId, type JobTuning, type Queues } from "./queues.ts";

/** Keeping Meilisearch in step with Postgres (app/modules/search-index/sync.server.ts). */
export interface SearchPort {
  syncNeed(needId: string): Promise<void>;
  syncProduct(productId: string): Promise<void>;
  /** Repairs drift between Postgres and the indexes (scheduled). */
  reconcile(): Promise<Record<string, unknown>>;
}

/** Matching (app/modules/matching): stores Match rows for a need; finds open needs a product fits. */
export interface MatchingPort {
  matchNeed(needId: string): Promise<{ found: boolean }>;
  matchProduct(productId: string): Promise<{ needIds: string[]; institutionId: string | null }>;
}

export interface WorkerContext {
  db: Db;
  queues: Queues;
  search: SearchPort;
  matching: MatchingPort;
  delivery: DeliveryDeps;
  channels: ChannelAvailability;
  clock: () => Date;
  log: Logger;
  tuning: JobTuning;
}

export type JobProcessor = (job: Job) => Promise<unknown>;

// ───────────────────────────── job data ─────────────────────────────

const EventEnvelope = z.object({
  eventId: z.string().min(1),
  type: z.string().min(1),
  payload: z.unknown(),
  occurredAt: z.string(),
});

export interface EventJob<T extends OutboxEventType = OutboxEventType> {
  eventId: string;
  type: T;
  payload: OutboxEventPayload<T>;
}

/** Re-validates a relayed event; an invalid one can never succeed, so it fails permanently (no retries). */
export function parseEventJob(job: Job): EventJob {
  const envelope = EventEnvelope.safeParse(job.data);
  if (!envelope.success) throw new UnrecoverableError(`invalid event job ${job.id}: ${envelope.error.message}`);
  const { eventId, type, payload } = envelope.data;
  if (!isOutboxEventType(type)) throw new UnrecoverableError(`unknown event type ${type} in job ${job.id}`);
  try {
    return { eventId, type, payload: parseOutboxPayload(type, payload) } as EventJob;
  } catch (error) {
    throw new UnrecoverableError(`invalid ${type} payload in job ${job.id}: ${(error as Error).message}`);
  }
}

export function parseJobData<S extends z.ZodType>(schema: S, job: Job): z.infer<S> {
  const result = schema.safeParse(job.data);
  if (!result.success) throw new UnrecoverableError(`invalid ${job.name} job ${job.id}: ${result.error.message}`);
  return result.data;
}

export function isEventJob(job: Job): boolean {
  return isOutboxEventType(job.name);
}

export class UnknownJobError extends UnrecoverableError {
  constructor(queue: string, job: Job) {
    super(`queue ${queue} has no handler for job ${job.name} (${job.id})`);
  }
}

// ───────────────────────────── follow-up jobs ─────────────────────────────

/** One delivery job per notification; the id makes a second enqueue of the same notification a no-op. */
export async function enqueueDeliveries(ctx: WorkerContext, notificationIds: readonly string[]): Promise<void> {
  if (notificationIds.length === 0) return;
  const options = deliveryJobOptions(ctx.tuning);
  for (let start = 0; start < notificationIds.length; start += 500) {
    await ctx.queues.notifications.addBulk(
      notificationIds.slice(start, start + 500).map((notificationId) => ({
        name: "deliver",
        data: { notificationId },
        opts: { jobId: jobId("deliver", notificationId), ...options },
      })),
    );
  }
}

export const DeliverJobData = z.object({ notificationId: z.string().min(1) });
export const LeadsJobData = z.object({
  needId: z.string().min(1),
  institutionIds: z.array(z.string().min(1)).max(1_000).optional(),
});
export const MatchNeedJobData = z.object({
  needId: z.string().min(1),
  notifyInstitutionIds: z.array(z.string().min(1)).max(1_000).optional(),
});
