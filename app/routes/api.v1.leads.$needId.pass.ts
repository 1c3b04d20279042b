/**
 * POST /api/v1/leads/{needId}/pass — 明确不予对接, as the pass form on the lead page: the same domain function, so
 * only an asked institution that has not answered may pass, and it counts as its response.
 */
import { domainError } from "~/kernel/errors.ts";
import { passLead } from "~/modules/engagements/asks.server.ts";
import { apiMethodNotAllowed, apiPost } from "~/web/api/endpoint.server.ts";
import { passLeadOperation } from "~/web/api/operations/leads.ts";

export const loader = apiMethodNotAllowed("POST");

export const action = apiPost(passLeadOperation, async ({ db, params, caller, body }) => {
  const needId = params.needId ?? "";
  const result = await passLead(db, { needId, actor: caller.actor, fields: body });
  if (!result.ok) throw domainError(422, "INVALID_BODY", Object.values(result.fieldErrors).join("；"));
  return { status: 200, body: { needId, response: "PASSED" as const } };
});
