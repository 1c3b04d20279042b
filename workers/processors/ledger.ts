/** ledger: posts (and reverses) target-ledger entries for recorded, amended and cancelled outcomes. */
import type { Job } from "bullmq";
import { postLedgerForOutcome } from "~/modules/ledger/ledger.server.ts";
import { isEventJob, parseEventJob, UnknownJobError, type JobProcessor, type WorkerContext } from "../context.ts";

export function createLedgerProcessor(ctx: WorkerContext): JobProcessor {
  return async (job: Job) => {
    if (!isEventJob(job)) throw new UnknownJobError("ledger", job);
    const event = parseEventJob(job);
    const { outcomeId } = event.payload as { outcomeId: string };
    return postLedgerForOutcome(ctx.db, outcomeId);
  };
}
