/** GET /api/v1/engagements/{engagementId} — one of this institution's engagements, with every outcome version. */
import { loadApiEngagement } from "~/modules/engagements/engagement-api.server.ts";
import { apiGet } from "~/web/api/endpoint.server.ts";
import { getEngagement } from "~/web/api/operations/engagements.ts";

export const loader = apiGet(getEngagement, async ({ db, params, caller }) => ({
  body: await loadApiEngagement(db, params.engagementId ?? "", caller.institutionId),
}));
