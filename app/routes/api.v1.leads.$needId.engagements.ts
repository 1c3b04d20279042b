/**
 * POST /api/v1/leads/{needId}/engagements — take up a lead, as 发起对接 on the lead page: accepted at once when the
 * enterprise's consent is on file, otherwise a request the enterprise answers. The cap on active engagements and
 * DIRECTED visibility apply as on the web, since this calls the same domain function.
 */
import { requestLead } from "~/modules/engagements/engagements.server.ts";
import { apiMethodNotAllowed, apiPost } from "~/web/api/endpoint.server.ts";
import { requestEngagement } from "~/web/api/operations/leads.ts";

export const loader = apiMethodNotAllowed("POST");

export const action = apiPost(requestEngagement, async ({ db, params, caller }) => {
  const result = await requestLead(db, { needId: params.needId ?? "", actor: caller.actor });
  return { status: 201, body: { id: result.engagementId, status: result.status } };
});
