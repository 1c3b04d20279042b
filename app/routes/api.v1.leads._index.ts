/**
 * GET /api/v1/leads?cursor=&limit=&matched=&directed= — every lead visible to the institution, oldest publication
 * first, anonymised as on the web until consent; walk it with `nextCursor` and resume from the last one later.
 */
import { readLeadFeed, LeadFeedQuerySchema } from "~/modules/engagements/lead-feed.server.ts";
import { apiGet, parseQuery } from "~/web/api/endpoint.server.ts";

export const loader = apiGet({ scope: "leads:read" }, async ({ db, url, caller }) => ({
  body: await readLeadFeed(db, { institutionId: caller.institutionId, query: parseQuery(LeadFeedQuerySchema, url) }),
}));
