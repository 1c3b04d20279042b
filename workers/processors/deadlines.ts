/**
 * deadlines: the scheduled scan (reminders, escalations, expiry — all idempotent, see deadlines.server.ts) and the
 * per-event bookkeeping that keeps deadlines and first-response times filled in.
 */
import type { Job } from "bullmq";
import {
  ensureNeedDeadline,
  recordResponseFromEngagement,
  scanDeadlines,
} from "~/modules/deadlines/deadlines.server.ts";
import { enqueueDeliveries, parseEventJob, type JobProcessor, type WorkerContext } from "../context.ts";

export function createDeadlinesProcessor(ctx: WorkerContext): JobProcessor {
  return async (job: Job) => {
    if (job.name === "scan") {
      const result = await scanDeadlines(ctx.db, { now: ctx.clock(), channels: ctx.channels });
      await enqueueDeliveries(ctx, result.pendingDeliveryIds);
      if (result.escalations.length > 0) ctx.log.info("deadlines escalated", { count: result.escalations.length });
      return {
        reminders: result.remindersSent,
        escalations: result.escalations.length,
        expired: result.expired.length,
        backfilled: result.responsesBackfilled,
      };
    }
    const event = parseEventJob(job, "deadlines");
    if (event.type === "need.published") return { dueAt: await ensureNeedDeadline(ctx.db, event.payload.needId) };
    return recordResponseFromEngagement(ctx.db, event.payload.engagementId);
  };
}
