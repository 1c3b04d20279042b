/**
 * matching: stores the matches of a published or changed need, then asks the notifications queue to tell the
 * institutions; a published product is matched against open needs, each of which is re-matched in its own job.
 * Follow-up job ids derive from this job's id, so a retry after a partial run adds nothing twice.
 */
import type { Job } from "bullmq";
import { jobId } from "../queues.ts";
import { MatchNeedJobData, parseEventJob, parseJobData, type JobProcessor, type WorkerContext } from "../context.ts";

export function createMatchingProcessor(ctx: WorkerContext): JobProcessor {
  async function matchAndNotify(job: Job, needId: string, institutionIds?: string[]) {
    const { found } = await ctx.matching.matchNeed(needId);
    if (!found) return { needId, found };
    await ctx.queues.notifications.add(
      "leads",
      { needId, ...(institutionIds ? { institutionIds } : {}) },
      { jobId: jobId("leads", job.id!) },
    );
    return { needId, found };
  }

  return async (job: Job) => {
    if (job.name === "match-need") {
      const data = parseJobData(MatchNeedJobData, job);
      return matchAndNotify(job, data.needId, data.notifyInstitutionIds);
    }
    const event = parseEventJob(job, "matching");
    switch (event.type) {
      case "need.published":
      case "need.updated":
        return matchAndNotify(job, event.payload.needId);
      case "product.published":
      case "product.updated": {
        const { needIds, institutionId } = await ctx.matching.matchProduct(event.payload.productId);
        for (let start = 0; start < needIds.length; start += 500) {
          await ctx.queues.matching.addBulk(
            needIds.slice(start, start + 500).map((needId) => ({
              name: "match-need",
              data: { needId, ...(institutionId ? { notifyInstitutionIds: [institutionId] } : {}) },
              opts: { jobId: jobId("match", event.eventId, needId) },
            })),
          );
        }
        return { needs: needIds.length };
      }
    }
  };
}
