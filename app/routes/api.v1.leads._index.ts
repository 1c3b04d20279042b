/**
 * GET /api/v1/leads?cursor=&limit=&matched=&directed= — every lead visible to the institution, oldest publication
 * first, anonymised as on the web until consent; walk it with `nextCursor` and resume from the last one later.
 */
import { readLeadFeed } from "~/modules/engagements/lead-feed.server.ts";
import { apiGet } from "~/web/api/endpoint.server.ts";
import { listLeads } from "~/web/api/operations/leads.ts";

export const loader = apiGet(listLeads, async ({ db, query, caller }) => ({
  body: await readLeadFeed(db, { institutionId: caller.institutionId, query }),
}));
