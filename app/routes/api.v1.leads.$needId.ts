/** GET /api/v1/leads/{needId} — one lead as the officer's lead page shows it: anonymised until consent. */
import { loadAnonymisedLead } from "~/modules/engagements/leads.server.ts";
import { apiGet } from "~/web/api/endpoint.server.ts";
import { getLead } from "~/web/api/operations/leads.ts";

export const loader = apiGet(getLead, async ({ db, params, caller }) => ({
  body: await loadAnonymisedLead(db, params.needId ?? "", caller.institutionId),
}));
