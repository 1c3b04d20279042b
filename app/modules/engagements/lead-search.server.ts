/**
 * The officer's leads page query: URL search params → searchLeads (search-index/lead-query.ts, which enforces visibility and
 * anonymisation) → each hit decorated with why it matches our products and our own engagement, if any. A search
 * outage degrades to an explained empty list; Postgres stays the source of the engagement tabs.
 */
import { z } from "zod";
import { Collateral, EntityType, NeedFlag, PurposeCategory } from "~/generated/prisma/enums.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { loadRegionDirectory } from "~/modules/matching/regions.server.ts";
import { LEAD_SORTS, LEAD_STATUSES, searchLeads, type LeadSearchResult } from "~/modules/search-index/lead-query.ts";
import { getMeili, type Meili } from "../../../search/client.ts";
import { POSTED_WITHIN } from "./lead-filters.ts";
import { loadOurMatchReasons } from "./leads.server.ts";
import { passedLiveNeedIds } from "./asks.server.ts";

export const LEAD_TABS = ["matched", "open", "mine", "overdue"] as const;
export type LeadTab = (typeof LEAD_TABS)[number];

const many = z.array(z.string().max(100)).max(50);
const optionalNumber = z.preprocess(
  (value) => (value === "" || value === null ? undefined : value),
  z.coerce.number().nonnegative().max(1e7).optional(),
);

/** Query-string parameters of the leads page. Unknown or malformed values are dropped, never echoed into a filter. */
export const LeadQuerySchema = z.object({
  tab: z.enum(LEAD_TABS).catch("matched"),
  q: z.string().trim().max(100).catch(""),
  region: many.catch([]),
  industry: many.catch([]),
  entityType: many.catch([]),
  purpose: many.catch([]),
  collateral: many.catch([]),
  flag: many.catch([]),
  kind: many.catch([]),
  /** 万元 in the form; 元 in the search. */
  amountMin: optionalNumber.catch(undefined),
  amountMax: optionalNumber.catch(undefined),
  termMin: optionalNumber.catch(undefined),
  termMax: optionalNumber.catch(undefined),
  /** 发布时间: within the last 3, 7 or 30 days. */
  posted: z.enum(POSTED_WITHIN).optional().catch(undefined),
  /** 用款时间不晚于 (YYYY-MM-DD, as a date input sends it). */
  wantedBy: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  firstLoan: z.literal("on").optional().catch(undefined),
  directed: z.literal("on").optional().catch(undefined),
  sort: z.enum(LEAD_SORTS).optional().catch(undefined),
  status: many.catch([]),
  page: z.coerce.number().int().min(1).max(500).catch(1),
});

export type LeadQuery = z.output<typeof LeadQuerySchema>;

export function parseLeadQuery(url: URL): LeadQuery {
  const params = url.searchParams;
  const raw: Record<string, unknown> = {};
  for (const key of [
    "tab",
    "q",
    "amountMin",
    "amountMax",
    "termMin",
    "termMax",
    "posted",
    "wantedBy",
    "firstLoan",
    "directed",
    "sort",
    "page",
  ]) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  for (const key of ["region", "industry", "entityType", "purpose", "collateral", "flag", "kind", "status"])
    raw[key] = params.getAll(key);
  return LeadQuerySchema.parse(raw);
}

/** Keeps only the values the enum knows (a hand-edited URL cannot break the search). */
function known<T extends string>(chosen: readonly string[], allowed: readonly T[]): T[] {
  return chosen.filter((value): value is T => (allowed as readonly string[]).includes(value));
}

function wanToYuan(wan: number | undefined): number | undefined {
  return wan === undefined ? undefined : Math.round(wan * 10_000);
}

export type LeadListing =
  | {
      available: true;
      result: LeadSearchResult;
      reasons: Record<string, { productName: string; score: string; kind: string; reasons: string[] }[]>;
      ours: Record<string, { id: string; status: string }>;
    }
  | { available: false; message: string };

export async function searchLeadsForOfficer(
  db: DbOrTx,
  args: { institutionId: string; query: LeadQuery; overdueOnly?: boolean; meili?: Meili },
): Promise<LeadListing> {
  const meili = args.meili ?? getMeili();
  const { query } = args;
  const regions = await loadRegionDirectory(db);
  const passed = await passedLiveNeedIds(db, args.institutionId);
  let result: LeadSearchResult;
  try {
    result = await searchLeads(
      meili,
      {
        institutionId: args.institutionId,
        text: query.q,
        filters: {
          regionIds: query.region,
          industrySections: query.industry.filter((value) => /^[A-T]$/.test(value)),
          entityTypes: known(query.entityType, Object.values(EntityType)),
          purposeCategories: known(query.purpose, Object.values(PurposeCategory)),
          collateral: known(query.collateral, Object.values(Collateral)),
          flags: known(query.flag, Object.values(NeedFlag)),
          wantedKinds: known(query.kind, ["LOAN", "GUARANTEE", "INSURANCE"] as const),
          statuses: known(query.status, LEAD_STATUSES),
          amountMin: wanToYuan(query.amountMin),
          amountMax: wanToYuan(query.amountMax),
          termMin: query.termMin,
          termMax: query.termMax,
          postedWithinDays: query.posted === undefined ? undefined : Number(query.posted),
          wantedByLatest: query.wantedBy,
          matchedToUs: query.tab === "matched" ? true : undefined,
          directedToUs: query.directed === "on" ? true : undefined,
          firstLoanOnly: query.firstLoan === "on" ? true : undefined,
          overdueOnly: args.overdueOnly ? true : undefined,
          excludeNeedIds: passed,
        },
        sort: query.sort,
        page: query.page,
        hitsPerPage: 20,
      },
      { regionName: (id) => regions.get(id)?.name },
    );
  } catch (error) {
    if (error instanceof z.ZodError) return { available: false, message: "筛选条件有误，请重新选择。" };
    console.error("[leads] search failed", error);
    return { available: false, message: "线索检索服务暂时不可用，请稍后再试。“我的对接”不受影响。" };
  }
  const ids = result.hits.map((hit) => hit.id);
  const [reasons, ours] = await Promise.all([
    loadOurMatchReasons(db, ids, args.institutionId),
    db.engagement.findMany({
      where: { institutionId: args.institutionId, needId: { in: ids } },
      select: { id: true, needId: true, status: true },
    }),
  ]);
  return {
    available: true,
    result,
    reasons: Object.fromEntries(ids.map((id) => [id, reasons.get(id) ?? []])),
    ours: Object.fromEntries(ours.map((row) => [row.needId, { id: row.id, status: row.status }])),
  };
}
