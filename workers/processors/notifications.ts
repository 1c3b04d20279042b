/**
 * notifications: event → notification rows (unique keys) → one delivery job per e-mail / SMS / webhook row.
 * Delivery jobs retry with exponential backoff; the last failed attempt marks the row FAILED. A sweep re-enqueues
 * PENDING rows whose delivery job was lost (e.g. Redis was down between the insert and the enqueue).
 */
import type { Job } from "bullmq";
import {
  DeferredDeliveryError,
  deliverNotification,
  findStalePendingDeliveries,
  markDeliveryFailed,
} from "~/modules/notifications/deliver.server.ts";
import { notifyForOutboxEvent, notifyMatchedLeads } from "~/modules/notifications/events.server.ts";
import {
  pendingWebhookDeliveriesOfOutboxEvent,
  recordMatchedLeadEvents,
} from "~/modules/institution-events/record.server.ts";
import {
  DeliverJobData,
  enqueueDeliveries,
  LeadsJobData,
  parseEventJob,
  parseJobData,
  type JobProcessor,
  type WorkerContext,
} from "../context.ts";

/** A PENDING row older than this without a delivery is assumed to have lost its job. */
const SWEEP_AFTER_MS = 2 * 60_000;

export function createNotificationsProcessor(ctx: WorkerContext): JobProcessor {
  return async (job: Job) => {
    switch (job.name) {
      case "deliver": {
        const { notificationId } = parseJobData(DeliverJobData, job);
        try {
          return { outcome: await deliverNotification(ctx.db, notificationId, { ...ctx.delivery, now: ctx.clock }) };
        } catch (error) {
          if (error instanceof DeferredDeliveryError) {
            await enqueueDeliveries(ctx, [notificationId], { notBefore: error.until });
            return { outcome: "deferred", until: error.until.toISOString() };
          }
          const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          if (lastAttempt)
            await markDeliveryFailed(
              ctx.db,
              notificationId,
              `gave up after ${job.attemptsMade + 1} attempts: ${(error as Error).message}`,
            );
          throw error;
        }
      }
      case "leads": {
        const data = parseJobData(LeadsJobData, job);
        // The institutions' events feed (and their webhooks) hears of the lead as their officers do.
        const events = await recordMatchedLeadEvents(ctx.db, data.needId, { institutionIds: data.institutionIds });
        const saved = await notifyMatchedLeads(ctx.db, data.needId, {
          channels: ctx.channels,
          institutionIds: data.institutionIds,
        });
        await enqueueDeliveries(ctx, [...saved.pendingDeliveryIds, ...events.webhookDeliveryIds]);
        return { created: saved.created, events: events.recorded };
      }
      case "sweep-deliveries": {
        const ids = await findStalePendingDeliveries(ctx.db, new Date(ctx.clock().getTime() - SWEEP_AFTER_MS));
        await enqueueDeliveries(ctx, ids);
        return { enqueued: ids.length };
      }
      default: {
        const event = parseEventJob(job, "notifications");
        // need.withdrawn comes here only for its institution events' webhooks: nobody is notified otherwise.
        const saved =
          event.type === "need.withdrawn"
            ? { created: 0, pendingDeliveryIds: [] }
            : await notifyForOutboxEvent(ctx.db, event, { channels: ctx.channels });
        // Institution events recorded with the outbox event (their webhook rows) could not be enqueued before it
        // committed; they are now.
        const webhooks = await pendingWebhookDeliveriesOfOutboxEvent(ctx.db, event.eventId);
        await enqueueDeliveries(ctx, [...saved.pendingDeliveryIds, ...webhooks]);
        return { created: saved.created };
      }
    }
  };
}
