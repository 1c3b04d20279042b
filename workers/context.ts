/**
 * What processors get: the database, the queues (to fan out follow-up jobs), the search engine behind two small
 * ports, delivery channels and a clock (tests move time; production uses the wall clock).
 */
import { UnrecoverableError, type Job } from "bullmq";
import { z } from "zod";
import type { Db } from "~/infra/db.server.ts";
import type { ChannelAvailability } from "~/modules/notifications/config.server.ts";
import type { DeliveryDeps } from "~/modules/notifications/deliver.server.ts";
import type { QueueName } from "~/kernel/queues.ts";
import { isOutboxEventType, OutboxEventSchema, type OutboxEvent, type OutboxEventOf } from "~/modules/outbox/events.ts";
import type { Logger } from "./log.ts";
import { deliveryJobOptions, jobId, type JobTuning, type Queues } from "./queues.ts";
import { isRoutedTo, type EventTypeFor } from "./routing.ts";

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

/** What parsing reads of a BullMQ job. */
export type JobIdentity = Pick<Job, "id" | "name" | "data">;

// ───────────────────────────── job data ─────────────────────────────

const EventEnvelope = z.object({
  eventId: z.string().min(1),
  type: z.string().min(1),
  payload: z.unknown(),
  occurredAt: z.string(),
});

/** A relayed event as queue `Q` sees it: one of the types routed to `Q`, its payload typed by `type`. */
export type EventJob<Q extends QueueName> = OutboxEventOf<EventTypeFor<Q>> & { eventId: string };

function isRoutedHere<Q extends QueueName>(event: OutboxEvent, queue: Q): event is OutboxEventOf<EventTypeFor<Q>> {
  return isRoutedTo(event.type, queue);
}

/**
 * The one boundary where an event job's data becomes typed: checks the job is an event, validates it against the
 * catalogue (app/modules/outbox/events.ts) and checks it was routed to this queue (workers/routing.ts). A job that
 * fails any of these can never succeed, so it fails permanently (no retries).
 */
export function parseEventJob<Q extends QueueName>(job: JobIdentity, queue: Q): EventJob<Q> {
  if (!isOutboxEventType(job.name)) throw new UnknownJobError(queue, job);
  const envelope = EventEnvelope.safeParse(job.data);
  if (!envelope.success) throw new UnrecoverableError(`invalid event job ${job.id}: ${envelope.error.message}`);
  const { eventId, type, payload } = envelope.data;
  if (!isOutboxEventType(type)) throw new UnrecoverableError(`unknown event type ${type} in job ${job.id}`);
  const parsed = OutboxEventSchema.safeParse({ type, payload });
  if (!parsed.success)
    throw new UnrecoverableError(`invalid ${type} payload in job ${job.id}: ${parsed.error.message}`);
  const event = parsed.data;
  if (!isRoutedHere(event, queue))
    throw new UnrecoverableError(`${type} is not routed to queue ${queue} (job ${job.id})`);
  return { ...event, eventId };
}

export function parseJobData<S extends z.ZodType>(schema: S, job: JobIdentity): z.infer<S> {
  const result = schema.safeParse(job.data);
  if (!result.success) throw new UnrecoverableError(`invalid ${job.name} job ${job.id}: ${result.error.message}`);
  return result.data;
}

export class UnknownJobError extends UnrecoverableError {
  constructor(queue: string, job: JobIdentity) {
    super(`queue ${queue} has no handler for job ${job.name} (${job.id})`);
  }
}

// ───────────────────────────── follow-up jobs ─────────────────────────────

/** One delivery job per notification; the id makes a second enqueue of the same notification a no-op. */
/**
 * One delivery job per notification. `notBefore` (an SMS held over the quiet night) makes it a delayed job with its
 * own id, so it does not collide with the job that deferred it and a second deferral to the same morning is a no-op.
 */
export async function enqueueDeliveries(
  ctx: WorkerContext,
  notificationIds: readonly string[],
  schedule: { notBefore?: Date } = {},
): Promise<void> {
  if (notificationIds.length === 0) return;
  const options = deliveryJobOptions(ctx.tuning);
  const delay = schedule.notBefore ? Math.max(0, schedule.notBefore.getTime() - ctx.clock().getTime()) : 0;
  const idParts = schedule.notBefore ? ["deliver", `at${schedule.notBefore.getTime()}`] : ["deliver"];
  for (let start = 0; start < notificationIds.length; start += 500) {
    await ctx.queues.notifications.addBulk(
      notificationIds.slice(start, start + 500).map((notificationId) => ({
        name: "deliver",
        data: { notificationId },
        opts: { jobId: jobId(...idParts, notificationId), ...options, ...(delay > 0 ? { delay } : {}) },
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
