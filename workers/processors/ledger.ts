/** ledger: posts (and reverses) target-ledger entries for recorded, amended and cancelled outcomes. */
import type { Job } from "bullmq";
import { postLedgerForOutcome } from "~/modules/ledger/ledger.server.ts";
import { parseEventJob, type JobProcessor, type WorkerContext } from "../context.ts";
import { jobId } from "../queues.ts";

export function createLedgerProcessor(ctx: WorkerContext): JobProcessor {
  return async (job: Job) => {
    const event = parseEventJob(job, "ledger");
    const result = await postLedgerForOutcome(ctx.db, event.payload.outcomeId);
    // The bureau overview shows a disbursement or a decline within seconds, not at the next scheduled refresh.
    await ctx.queues.reports.add(
      "refresh-bureau-rollups-since",
      { since: ctx.clock().toISOString() },
      { jobId: jobId("rollups", job.id!) },
    );
    return result;
  };
}
