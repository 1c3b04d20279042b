/** reports: the officers' daily digest, the bureau's dashboard rollups, and housekeeping (outbox, expired sessions). */
import type { Job } from "bullmq";
import { deleteExpiredSessions } from "~/modules/auth/sessions.server.ts";
import { z } from "zod";
import { refreshBureauRollups, refreshBureauRollupsSince } from "~/modules/bureau/rollups.server.ts";
import { createDailyDigests } from "~/modules/notifications/digest.server.ts";
import { pruneOutbox } from "~/modules/outbox/outbox.server.ts";
import {
  enqueueDeliveries,
  parseEventJob,
  parseJobData,
  UnknownJobError,
  type JobProcessor,
  type WorkerContext,
} from "../context.ts";
import { isOutboxEventType } from "~/modules/outbox/events.ts";

const RefreshSinceJobData = z.object({ since: z.iso.datetime() });

/** Relayed outbox rows are kept this long for auditing and replay, then deleted (once all their deliveries are done). */
const OUTBOX_RETENTION_DAYS = 30;

export function createReportsProcessor(ctx: WorkerContext): JobProcessor {
  return async (job: Job) => {
    switch (job.name) {
      case "daily-digest": {
        const saved = await createDailyDigests(ctx.db, { now: ctx.clock(), channels: ctx.channels });
        await enqueueDeliveries(ctx, saved.pendingDeliveryIds);
        return { created: saved.created };
      }
      case "refresh-bureau-rollups":
        // Safe to overlap: a second refresh while one runs returns at once.
        return refreshBureauRollups(ctx.db);
      case "refresh-bureau-rollups-since": {
        // After a ledger posting: bring the figures up to it (one refresh covers a burst of postings).
        const { since } = parseJobData(RefreshSinceJobData, job);
        return refreshBureauRollupsSince(ctx.db, new Date(since));
      }
      case "delete-expired-sessions":
        return { deleted: await deleteExpiredSessions(ctx.db, ctx.clock()) };
      case "outbox-prune": {
        const cutoff = new Date(ctx.clock().getTime() - OUTBOX_RETENTION_DAYS * 86_400_000);
        return { deleted: await pruneOutbox(ctx.db, cutoff) };
      }
      default: {
        if (!isOutboxEventType(job.name)) throw new UnknownJobError("reports", job);
        // A response (a request, an acceptance, a pass): the job was added after the change committed, so a refresh
        // from then on includes it.
        parseEventJob(job, "reports");
        return refreshBureauRollupsSince(ctx.db, new Date(job.timestamp));
      }
    }
  };
}
