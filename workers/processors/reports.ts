/** reports: the officers' daily digest, the bureau's dashboard rollups, and housekeeping (outbox, expired sessions). */
import type { Job } from "bullmq";
import { deleteExpiredIdempotencyRecords } from "~/modules/api-clients/idempotency.server.ts";
import { deleteExpiredSessions } from "~/modules/auth/sessions.server.ts";
import { z } from "zod";
import { refreshBureauRollups, refreshBureauRollupsSince } from "~/modules/bureau/rollups.server.ts";
import { deleteExpiredFormSubmissions } from "~/modules/form-submissions/form-submissions.server.ts";
import { createDailyDigests } from "~/modules/notifications/digest.server.ts";
import { pruneOutbox } from "~/modules/outbox/outbox.server.ts";
import { isOutboxEventType } from "~/modules/outbox/events.ts";
import { INSTITUTION_EVENT_RETENTION_DAYS } from "~/modules/institution-events/catalog.ts";
import { pruneInstitutionEvents } from "~/modules/institution-events/record.server.ts";
import {
  enqueueDeliveries,
  parseEventJob,
  parseJobData,
  UnknownJobError,
  type JobProcessor,
  type WorkerContext,
} from "../context.ts";

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
      case "delete-expired-sessions": {
        // With the sessions go the other short-lived replay records: form submissions and API idempotency keys.
        const now = ctx.clock();
        return {
          deleted: await deleteExpiredSessions(ctx.db, now),
          formSubmissions: await deleteExpiredFormSubmissions(ctx.db, now),
          idempotencyKeys: await deleteExpiredIdempotencyRecords(ctx.db, now),
        };
      }
      case "outbox-prune": {
        const cutoff = new Date(ctx.clock().getTime() - OUTBOX_RETENTION_DAYS * 86_400_000);
        const eventsCutoff = new Date(ctx.clock().getTime() - INSTITUTION_EVENT_RETENTION_DAYS * 86_400_000);
        return {
          deleted: await pruneOutbox(ctx.db, cutoff),
          institutionEvents: await pruneInstitutionEvents(ctx.db, eventsCutoff),
        };
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
