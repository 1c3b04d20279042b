/**
 * GET /api/v1/events?after=&limit= — the institution's events in commit order; resume from the last nextCursor to
 * get exactly what happened since.
 */
import { readInstitutionEventFeed } from "~/modules/institution-events/feed.server.ts";
import { apiGet } from "~/web/api/endpoint.server.ts";
import { listEvents } from "~/web/api/operations/events.ts";

export const loader = apiGet(listEvents, async ({ db, query, caller }) => ({
  body: await readInstitutionEventFeed(db, { institutionId: caller.institutionId, query }),
}));
