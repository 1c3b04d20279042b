/**
 * POST /api/v1/engagements/{engagementId}/outcomes — the officer's outcome forms as JSON (approved, disbursed,
 * declined; a disbursement correction as a new version), validated by the same domain checks; field errors are 422.
 */
import { recordApiOutcome } from "~/modules/engagements/engagement-api.server.ts";
import { apiMethodNotAllowed, apiPost } from "~/web/api/endpoint.server.ts";
import { recordEngagementOutcome } from "~/web/api/operations/engagements.ts";
import { problemBody } from "~/web/api/problem.server.ts";

export const loader = apiMethodNotAllowed("POST");

export const action = apiPost(recordEngagementOutcome, async ({ db, params, caller, body }) => {
  const engagementId = params.engagementId ?? "";
  const result = await recordApiOutcome(db, { engagementId, actor: caller.actor, input: body });
  if (!result.ok) {
    const detail = Object.values(result.fieldErrors)[0] ?? "请求内容有误";
    return { status: 422, body: problemBody(422, "VALIDATION_FAILED", detail, result.fieldErrors) };
  }
  return {
    status: 201,
    body: { engagementId, engagementStatus: result.engagementStatus, outcome: result.outcome },
  };
});
