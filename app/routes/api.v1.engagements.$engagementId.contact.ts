/**
 * GET /api/v1/engagements/{engagementId}/contact — the enterprise's contact while its consent to this institution is
 * in force (else 403 CONSENT_REQUIRED); every answered read is audited as on the officer's page.
 */
import { revealEngagementContact } from "~/modules/engagements/engagement-api.server.ts";
import { apiGet } from "~/web/api/endpoint.server.ts";
import { getEngagementContact } from "~/web/api/operations/engagements.ts";

export const loader = apiGet(getEngagementContact, async ({ db, params, caller, request, clientIp }) => ({
  body: await revealEngagementContact(db, {
    engagementId: params.engagementId ?? "",
    actor: caller.actor,
    reveal: { ip: clientIp, userAgent: request.headers.get("user-agent") },
  }),
}));
