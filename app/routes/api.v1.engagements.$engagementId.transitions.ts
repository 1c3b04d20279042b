/**
 * POST /api/v1/engagements/{engagementId}/transitions — the plain progress steps of the officer's page (受理 under
 * consent, 已联系, 审批中, 撤回), through the same changeEngagementStatus: an illegal step is a 409.
 */
import { changeEngagementStatus } from "~/modules/engagements/engagements.server.ts";
import { loadApiEngagement } from "~/modules/engagements/engagement-api.server.ts";
import { apiMethodNotAllowed, apiPost } from "~/web/api/endpoint.server.ts";
import { transitionEngagement } from "~/web/api/operations/engagements.ts";

export const loader = apiMethodNotAllowed("POST");

export const action = apiPost(transitionEngagement, async ({ db, params, caller, body }) => {
  const engagementId = params.engagementId ?? "";
  await changeEngagementStatus(db, { engagementId, actor: caller.actor, to: body.to, note: body.reason || null });
  return { body: await loadApiEngagement(db, engagementId, caller.institutionId) };
});
