/**
 * GET /api/v1/engagements?cursor=&limit=&status= — this institution's engagements, oldest first, in pages walked
 * with `nextCursor`.
 */
import { listInstitutionEngagements } from "~/modules/engagements/engagement-api.server.ts";
import { apiGet } from "~/web/api/endpoint.server.ts";
import { listEngagements } from "~/web/api/operations/engagements.ts";

export const loader = apiGet(listEngagements, async ({ db, query, caller }) => ({
  body: await listInstitutionEngagements(db, { institutionId: caller.institutionId, ...query }),
}));
