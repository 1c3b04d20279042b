/**
 * The Open API's leads feed: every lead visible to an institution, oldest publication first, in pages a bank's
 * system walks with a cursor and resumes after a pause.
 *
 * Exactly once, even while needs are being published: the order is (feedSeq, id), where feedSeq is numbered by a
 * trigger at the need's first publication while the publishing transaction holds an advisory lock until it ends
 * (migration need_feed_sequence). The next publisher waits for that lock, so numbers become visible in order: once
 * a reader has seen number N, no smaller number can still commit, and the cursor never passes a need.
 *
 * Visibility is the leads page's: published, OPEN or DIRECTED to this institution; documents are the anonymised
 * lead documents of the search index, built by the same mapper (toNeedDocument).
 */
import { z } from "zod";
import { Prisma } from "~/generated/prisma/client.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { domainError } from "~/kernel/errors.ts";
import { needRowSelect, regionDirectoryCovering } from "~/modules/matching/facts.server.ts";
import { toNeedDocument } from "~/modules/search-index/documents.server.ts";
import { LEAD_STATUSES } from "~/modules/search-index/lead-query.ts";
import { toInstitutionLead, type InstitutionLead } from "./leads.server.ts";

export const LEAD_FEED_MAX_LIMIT = 100;

export const LeadFeedQuerySchema = z.object({
  cursor: z.string().max(200, "cursor 无效：请使用上一页返回的 nextCursor").optional(),
  limit: z.coerce
    .number({ error: "limit 须为 1–100 的整数" })
    .int("limit 须为 1–100 的整数")
    .min(1, "limit 须为 1–100 的整数")
    .max(LEAD_FEED_MAX_LIMIT, "limit 须为 1–100 的整数")
    .default(50),
  /** Only leads matched to this institution's products. */
  matched: z.enum(["true", "false"], { error: "matched 须为 true 或 false" }).optional(),
  /** Only leads DIRECTED to this institution. */
  directed: z.enum(["true", "false"], { error: "directed 须为 true 或 false" }).optional(),
});

export type LeadFeedQuery = z.output<typeof LeadFeedQuerySchema>;

interface FeedPosition {
  seq: bigint;
  id: string;
}

export function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(`${position.seq}.${position.id}`, "utf8").toString("base64url");
}

export function decodeFeedCursor(cursor: string): FeedPosition {
  const invalid = domainError(400, "INVALID_CURSOR", "cursor 无效：请使用上一页返回的 nextCursor");
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^(\d{1,19})\.([a-z0-9]{0,64})$/.exec(text);
  if (!match?.[1] || match[2] === undefined) throw invalid;
  return { seq: BigInt(match[1]), id: match[2] };
}

export interface LeadFeedPage {
  items: InstitutionLead[];
  /** Pass as `cursor` for the next page; present even on the last page, so a client resumes from there later. */
  nextCursor: string;
  hasMore: boolean;
}

export async function readLeadFeed(
  db: DbOrTx,
  args: { institutionId: string; query: LeadFeedQuery },
): Promise<LeadFeedPage> {
  const { institutionId, query } = args;
  const after = query.cursor ? decodeFeedCursor(query.cursor) : { seq: 0n, id: "" };
  const directedToUs = Prisma.sql`EXISTS (SELECT 1 FROM "NeedDirectedInstitution" d
      WHERE d."needId" = n."id" AND d."institutionId" = ${institutionId})`;
  const matchedToUs = Prisma.sql`EXISTS (SELECT 1 FROM "Match" m
      JOIN "Product" p ON p."id" = m."productId" OR p."id" = m."bundleProductId"
      WHERE m."needId" = n."id" AND m."kind" IN ('DIRECT', 'BUNDLE') AND p."institutionId" = ${institutionId})`;
  const filters = [
    query.matched === "true" ? matchedToUs : query.matched === "false" ? Prisma.sql`NOT ${matchedToUs}` : null,
    query.directed === "true" ? directedToUs : query.directed === "false" ? Prisma.sql`NOT ${directedToUs}` : null,
  ].filter((clause): clause is Prisma.Sql => clause !== null);
  const rows = await db.$queryRaw<{ id: string; feedSeq: bigint }[]>`
    SELECT n."id", n."feedSeq" FROM "FinancingNeed" n
    WHERE n."feedSeq" IS NOT NULL
      AND (n."feedSeq", n."id") > (${after.seq}, ${after.id})
      AND n."status"::text IN (${Prisma.join([...LEAD_STATUSES])})
      AND (n."visibility" = 'OPEN' OR ${directedToUs})
      ${filters.length > 0 ? Prisma.sql`AND ${Prisma.join(filters, " AND ")}` : Prisma.empty}
    ORDER BY n."feedSeq", n."id"
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  // The lead documents of the search index, built by the same mapper — but without the query for the institutions
  // each need matched (buildNeedDocuments runs it), since toInstitutionLead drops that list anyway. That query
  // was the slowest of the feed's three (bench/README.md, "Open API leads feed").
  const needRows = await db.financingNeed.findMany({
    where: { id: { in: page.map((row) => row.id) } },
    select: needRowSelect,
  });
  const regions = await regionDirectoryCovering(
    db,
    needRows.flatMap((row) => [row.regionId, row.enterprise.parkId]),
  );
  const leads = new Map(
    needRows.map((row) => [row.id, toInstitutionLead(toNeedDocument(row, regions), institutionId)]),
  );
  const items = page.flatMap((row) => {
    const lead = leads.get(row.id);
    return lead ? [lead] : [];
  });
  const last = page.at(-1);
  return {
    items,
    nextCursor: last ? encodeFeedCursor({ seq: last.feedSeq, id: last.id }) : (query.cursor ?? encodeFeedCursor(after)),
    hasMore: rows.length > query.limit,
  };
}
