/**
 * search-sync: keeps the Meilisearch documents of needs and products in step with Postgres. Upserts and deletes
 * are naturally idempotent (the document is rebuilt from the current rows), so a retry is harmless.
 */
import type { Job } from "bullmq";
import { isEventJob, parseEventJob, UnknownJobError, type JobProcessor, type WorkerContext } from "../context.ts";

export function createSearchSyncProcessor(ctx: WorkerContext): JobProcessor {
  return async (job: Job) => {
    if (job.name === "reconcile") return ctx.search.reconcile();
    if (!isEventJob(job)) throw new UnknownJobError("search-sync", job);
    const event = parseEventJob(job);
    const payload = event.payload as { needId?: string; productId?: string };
    if (payload.productId) {
      await ctx.search.syncProduct(payload.productId);
      return { product: payload.productId };
    }
    if (payload.needId) {
      await ctx.search.syncNeed(payload.needId);
      return { need: payload.needId };
    }
    return { skipped: event.type };
  };
}
