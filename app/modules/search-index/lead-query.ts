/**
 * Leads search for the institution workspace: text, filters, facets, sort and pages over the anonymised needs index.
 *
 * Visibility is not a filter the caller chooses: every query carries "OPEN, or DIRECTED to this institution", and
 * only published statuses (never drafts or withdrawn needs). Input is validated with zod and every value is quoted
 * into the filter, so nothing a user types can widen what they see. Hits are cut down to a whitelist of fields; the
 * lists of other institutions a need was directed to or matched with are never returned.
 */
import { z } from "zod";
import { Collateral, EntityType, NeedFlag, type NeedStatus, PurposeCategory } from "~/generated/prisma/enums.ts";
import type { Meili } from "../../../search/client.ts";
import { and, eq, inList, not, num, or } from "../../../search/filter-syntax.ts";
import type { NeedDocument } from "./documents.server.ts";
import {
  collateralLabel,
  entityTypeLabel,
  industryLabel,
  needFlagLabel,
  needStatusLabel,
  productKindLabel,
  purposeCategoryLabel,
} from "~/kernel/labels.ts";
import { NEED_LIVE_STATUSES } from "~/kernel/statuses.ts";

export const LEAD_STATUSES = ["OPEN", "IN_PROGRESS", "SUCCEEDED", "CLOSED_UNMET", "EXPIRED"] as const;
export const LEAD_FACETS = [
  "countyId",
  "entityType",
  "industrySection",
  "purposeCategory",
  "collateralOffered",
  "flags",
  "wantedKinds",
  "status",
] as const;
export const LEAD_SORTS = ["relevance", "newest", "amountDesc", "amountAsc", "expiringSoon", "wantedSoon"] as const;

const values = <T extends Record<string, string>>(record: T) => Object.values(record) as [T[keyof T], ...T[keyof T][]];
const list = <T extends z.ZodType>(item: T) => z.array(item).max(50).optional();

export const LeadSearchSchema = z.object({
  institutionId: z.string().min(1).max(100),
  text: z.string().trim().max(100).default(""),
  filters: z
    .object({
      /** Needs in these regions or anywhere below them (a county includes its towns and parks). */
      regionIds: list(z.string().min(1).max(100)),
      industrySections: list(z.string().regex(/^[A-T]$/)),
      entityTypes: list(z.enum(values(EntityType))),
      purposeCategories: list(z.enum(values(PurposeCategory))),
      collateral: list(z.enum(values(Collateral))),
      flags: list(z.enum(values(NeedFlag))),
      wantedKinds: list(z.enum(["LOAN", "GUARANTEE", "INSURANCE"])),
      statuses: list(z.enum(LEAD_STATUSES)),
      /** 元. */
      amountMin: z.coerce.number().nonnegative().optional(),
      amountMax: z.coerce.number().nonnegative().optional(),
      termMin: z.coerce.number().int().nonnegative().optional(),
      termMax: z.coerce.number().int().nonnegative().optional(),
      /** Published within the last N days. */
      postedWithinDays: z.coerce.number().int().min(1).max(366).optional(),
      /** Wanted (用款时间) on or before this day, YYYY-MM-DD; needs without a date do not qualify. */
      wantedByLatest: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
      matchedToUs: z.boolean().optional(),
      directedToUs: z.boolean().optional(),
      firstLoanOnly: z.boolean().optional(),
      overdueOnly: z.boolean().optional(),
      /** Needs to leave out (the ones this institution passed on). */
      excludeNeedIds: z.array(z.string().min(1).max(100)).max(2000).optional(),
    })
    .default({}),
  facets: z.array(z.enum(LEAD_FACETS)).default([...LEAD_FACETS]),
  sort: z.enum(LEAD_SORTS).optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
  hitsPerPage: z.coerce.number().int().min(1).max(100).default(20),
});

export type LeadSearchInput = z.input<typeof LeadSearchSchema>;

/** What an institution sees of a lead before the enterprise consents to it. */
export type LeadHit = Pick<
  NeedDocument,
  | "id"
  | "maskedName"
  | "entityType"
  | "entityTypeLabel"
  | "sizeClass"
  | "industrySection"
  | "industryLabel"
  | "regionName"
  | "countyName"
  | "parkName"
  | "amountExact"
  | "amountText"
  | "termMonths"
  | "purposeCategory"
  | "purposeLabel"
  | "description"
  | "collateralOffered"
  | "collateralLabels"
  | "maxAnnualRateText"
  | "wantedKinds"
  | "flags"
  | "flagLabels"
  | "firstLoanCandidate"
  | "visibility"
  | "status"
  | "publishedAtTs"
  | "expiresAtTs"
  | "wantedByDay"
  | "overdue"
> & {
  /** One of this institution's products matched the need. */
  matchedToUs: boolean;
  /** The enterprise chose this institution (DIRECTED). */
  directedToUs: boolean;
};

const HIT_FIELDS = [
  "id",
  "maskedName",
  "entityType",
  "entityTypeLabel",
  "sizeClass",
  "industrySection",
  "industryLabel",
  "regionName",
  "countyName",
  "parkName",
  "amountExact",
  "amountText",
  "termMonths",
  "purposeCategory",
  "purposeLabel",
  "description",
  "collateralOffered",
  "collateralLabels",
  "maxAnnualRateText",
  "wantedKinds",
  "flags",
  "flagLabels",
  "firstLoanCandidate",
  "visibility",
  "status",
  "publishedAtTs",
  "expiresAtTs",
  "wantedByDay",
  "overdue",
] as const satisfies readonly (keyof NeedDocument)[];

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface LeadSearchResult {
  hits: LeadHit[];
  page: number;
  hitsPerPage: number;
  totalHits: number;
  totalPages: number;
  facets: Partial<Record<(typeof LEAD_FACETS)[number], FacetValue[]>>;
  processingTimeMs: number;
}

const SORTS: Record<(typeof LEAD_SORTS)[number], string[] | undefined> = {
  relevance: undefined,
  newest: ["publishedAtTs:desc"],
  amountDesc: ["amount:desc"],
  amountAsc: ["amount:asc"],
  expiringSoon: ["expiresAtTs:asc"],
  wantedSoon: ["wantedByDay:asc"],
};

function facetLabel(
  facet: (typeof LEAD_FACETS)[number],
  value: string,
  regionName?: (id: string) => string | undefined,
): string {
  switch (facet) {
    case "countyId":
      return regionName?.(value) ?? value;
    case "entityType":
      return entityTypeLabel[value as EntityType] ?? value;
    case "industrySection":
      return industryLabel(value);
    case "purposeCategory":
      return purposeCategoryLabel[value as PurposeCategory] ?? value;
    case "collateralOffered":
      return collateralLabel[value as Collateral] ?? value;
    case "flags":
      return needFlagLabel[value as NeedFlag] ?? value;
    case "wantedKinds":
      return productKindLabel[value as keyof typeof productKindLabel] ?? value;
    case "status":
      return needStatusLabel[value as NeedStatus] ?? value;
  }
}

/** The filter an institution's leads query always carries, whatever else it asks for. */
export function visibilityFilter(institutionId: string): string {
  return or([eq("visibility", "OPEN"), eq("directedInstitutionIds", institutionId)]);
}

/** `now` only matters for postedWithinDays (tests pass a fixed instant). */
export function buildLeadFilter(input: z.output<typeof LeadSearchSchema>, now: Date = new Date()): string {
  const f = input.filters;
  const clauses = [
    visibilityFilter(input.institutionId),
    inList("status", f.statuses?.length ? f.statuses : NEED_LIVE_STATUSES),
  ];
  const anyOf = (field: string, chosen: readonly string[] | undefined) => {
    if (chosen?.length) clauses.push(inList(field, chosen));
  };
  anyOf("regionChainIds", f.regionIds);
  anyOf("industrySection", f.industrySections);
  anyOf("entityType", f.entityTypes);
  anyOf("purposeCategory", f.purposeCategories);
  anyOf("collateralOffered", f.collateral);
  anyOf("flags", f.flags);
  anyOf("wantedKinds", f.wantedKinds);
  if (f.amountMin !== undefined) clauses.push(`amount >= ${num(f.amountMin)}`);
  if (f.amountMax !== undefined) clauses.push(`amount <= ${num(f.amountMax)}`);
  if (f.termMin !== undefined) clauses.push(`termMonths >= ${num(f.termMin)}`);
  if (f.termMax !== undefined) clauses.push(`termMonths <= ${num(f.termMax)}`);
  if (f.postedWithinDays !== undefined)
    clauses.push(`publishedAtTs >= ${num(Math.floor(now.getTime() / 1000) - f.postedWithinDays * 86_400)}`);
  if (f.wantedByLatest !== undefined) clauses.push(`wantedByDay <= ${num(f.wantedByLatest.replaceAll("-", ""))}`);
  if (f.matchedToUs) clauses.push(eq("matchedInstitutionIds", input.institutionId));
  if (f.directedToUs) clauses.push(eq("directedInstitutionIds", input.institutionId));
  if (f.firstLoanOnly) clauses.push(eq("firstLoanCandidate", true));
  if (f.overdueOnly) clauses.push(eq("overdue", true));
  if (f.excludeNeedIds?.length) clauses.push(not(inList("id", f.excludeNeedIds)));
  return and(clauses);
}

export async function searchLeads(
  meili: Meili,
  input: LeadSearchInput,
  options: { regionName?: (id: string) => string | undefined } = {},
): Promise<LeadSearchResult> {
  const params = LeadSearchSchema.parse(input);
  const sort = params.sort ?? (params.text ? "relevance" : "newest");
  const response = await meili.client.index<NeedDocument>(meili.indexes.needs).search(params.text || null, {
    filter: buildLeadFilter(params),
    facets: params.facets,
    sort: SORTS[sort],
    page: params.page,
    hitsPerPage: params.hitsPerPage,
    attributesToRetrieve: [...HIT_FIELDS, "matchedInstitutionIds", "directedInstitutionIds"],
    locales: ["cmn"],
  });
  const hits: LeadHit[] = response.hits.map((hit) => {
    const picked = Object.fromEntries(HIT_FIELDS.map((field) => [field, hit[field] ?? null])) as Omit<
      LeadHit,
      "matchedToUs" | "directedToUs"
    >;
    return {
      ...picked,
      matchedToUs: (hit.matchedInstitutionIds ?? []).includes(params.institutionId),
      directedToUs: (hit.directedInstitutionIds ?? []).includes(params.institutionId),
    };
  });
  const facets: LeadSearchResult["facets"] = {};
  for (const facet of params.facets) {
    const distribution = response.facetDistribution?.[facet] ?? {};
    facets[facet] = Object.entries(distribution)
      .map(([value, count]) => ({ value, label: facetLabel(facet, value, options.regionName), count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  }
  return {
    hits,
    page: response.page,
    hitsPerPage: response.hitsPerPage,
    totalHits: response.totalHits,
    totalPages: response.totalPages,
    facets,
    processingTimeMs: response.processingTimeMs,
  };
}
