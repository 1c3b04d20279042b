/**
 * search-sync: keeps the Meilisearch documents of needs and products in step with Postgres. Upserts and deletes
 * are naturally idempotent (the document is rebuilt from the current rows), so a retry is harmless.
 */
import type { Job } from "bullmq";
import { parseEventJob, type JobProcessor, type WorkerContext } from "../context.ts";

export function createSearchSyncProcessor(ctx: WorkerContext): JobProcessor {
  return async (job: Job) => {
    if (job.name === "reconcile") return ctx.search.reconcile();
    const { payload } = parseEventJob(job, "search-sync");
    if ("productId" in payload) {
      await ctx.search.syncProduct(payload.productId);
      return { product: payload.productId };
    }
    await ctx.search.syncNeed(payload.needId);
    return { need: payload.needId };
  };
}
