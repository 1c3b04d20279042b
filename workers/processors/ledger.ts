/** ledger: posts (and reverses) target-ledger entries for recorded, amended and cancelled outcomes. */
import type { Job } from "bullmq";
import { postLedgerForOutcome } from "~/modules/ledger/ledger.server.ts";
import { parseEventJob, type JobProcessor, type WorkerContext } from "../context.ts";

export function createLedgerProcessor(ctx: WorkerContext): JobProcessor {
  return async (job: Job) => {
    const event = parseEventJob(job, "ledger");
    return postLedgerForOutcome(ctx.db, event.payload.outcomeId);
  };
}
