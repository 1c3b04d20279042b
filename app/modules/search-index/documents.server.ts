/**
 * Postgres rows → Meilisearch documents.
 *
 * Products are public catalogue data. Needs are leads that institutions browse *before* the enterprise consented to
 * them, so their documents are anonymised by construction: they are built field by field from a whitelist, the
 * enterprise name is replaced by a mask made only of fixed vocabulary ("揭阳某塑料制品有限公司"), and the free text
 * is included only when the enterprise chose to share it — and even then redacted (app/modules/redaction: phone
 * numbers, e-mail and web addresses, identity/credit codes, WeChat/QQ ids, street addresses and the enterprise's own
 * names and contact data, in any written form). The lead pages and leads search read these same documents, so the
 * index never holds the raw text. No credit code, contact or enterprise id is copied.
 */
import { createHash } from "node:crypto";
import type { Collateral, NeedVisibility } from "~/generated/prisma/enums.ts";
import { ANY, type ProductFacts } from "~/modules/matching/facts.ts";
import { dateColumnDayNumber } from "~/kernel/time.ts";
import { toNeedFacts, toProductFacts, type NeedRow, type ProductRow } from "~/modules/matching/facts.server.ts";
import {
  collateralLabel,
  entityTypeLabel,
  industryLabel,
  needFlagLabel,
  policyToolLabel,
  productFlagLabel,
  productKindLabel,
  purposeCategoryLabel,
} from "~/kernel/labels.ts";
import { fenToYuanLiteral, fenToYuanNumber, formatMoney, formatMoneyRange } from "~/kernel/money.ts";
import { formatRate, formatRateRange, rateUnitsToPercentNumber } from "~/kernel/rate.ts";
import { OPEN_VALID_FROM, OPEN_VALID_TO } from "~/modules/matching/search-filters.ts";
import type { RegionDirectory } from "~/modules/matching/regions.server.ts";
import type { LeadMatches } from "~/modules/matching/match-store.server.ts";
import { maskEnterpriseName } from "~/modules/redaction/enterprise-names.ts";
import { redactSharedText } from "~/modules/redaction/redact.ts";

/** Stored for needs without an expiry, so `expiresAtTs > now` needs no IS NULL. 9999-12-31T23:59:59Z. */
export const NO_EXPIRY_TS = 253_402_300_799;

export interface ProductDocument {
  id: string;
  code: string;
  name: string;
  summary: string;
  description: string;
  kind: string;
  kindLabel: string;
  status: string;
  validFromDay: number;
  validToDay: number;
  institutionId: string;
  institutionName: string;
  institutionShortName: string;
  institutionKind: string;
  institutionSubType: string;
  institutionActive: boolean;
  institutionKeyPartner: boolean;
  institutionLocatedRegionId: string | null;
  institutionServedRegionIds: string[];
  /** 元 as numbers, for range filters only; the exact values are the *Exact strings. */
  minAmount: number;
  maxAmount: number;
  minAmountExact: string;
  maxAmountExact: string;
  amountRangeText: string;
  minTermMonths: number;
  maxTermMonths: number;
  /** Percent per year as numbers for filters/sorting; texts for display. */
  minAnnualRate: number | null;
  maxAnnualRate: number | null;
  feeRate: number | null;
  rateText: string | null;
  acceptedCollateral: string[];
  collateralLabels: string[];
  eligibleEntityTypes: string[];
  entityTypeLabels: string[];
  eligibleIndustrySections: string[];
  regionIds: string[];
  regionNames: string[];
  minYearsInBusiness: number;
  flags: string[];
  flagLabels: string[];
  policyTool: string | null;
  policyToolLabel: string | null;
  publishedAtTs: number | null;
  updatedAtTs: number;
  contentHash: string;
}

/** Matching writes the LeadMatches part on its own (a partial update); extending it keeps the two shapes in step. */
export interface NeedDocument extends LeadMatches {
  id: string;
  maskedName: string;
  entityType: string;
  entityTypeLabel: string;
  sizeClass: string;
  industrySection: string;
  industryDivision: string | null;
  industryLabel: string;
  regionId: string;
  regionName: string;
  regionChainIds: string[];
  countyId: string | null;
  countyName: string | null;
  parkId: string | null;
  parkName: string | null;
  foundedYear: number | null;
  firstLoanCandidate: boolean;
  amount: number;
  amountExact: string;
  amountText: string;
  termMonths: number;
  purposeCategory: string;
  purposeLabel: string;
  /** Only when the enterprise agreed to share it (redacted); otherwise null. */
  description: string | null;
  collateralOffered: string[];
  collateralLabels: string[];
  maxAnnualRate: number | null;
  maxAnnualRateText: string | null;
  wantsLoan: boolean;
  wantsGuarantee: boolean;
  wantsInsurance: boolean;
  wantedKinds: string[];
  flags: string[];
  flagLabels: string[];
  visibility: NeedVisibility;
  /** For DIRECTED needs: the institutions the enterprise picked (or escalation added). Empty for OPEN needs. */
  directedInstitutionIds: string[];
  /** Institutions whose products matched the need (DIRECT or BUNDLE), for "leads matched to us". */
  matchedInstitutionIds: string[];
  status: string;
  publishedAtTs: number | null;
  expiresAtTs: number;
  wantedByDay: number | null;
  overdue: boolean;
  createdAtTs: number;
  updatedAtTs: number;
  contentHash: string;
}

/** Every field a needs document may have. A test asserts documents never carry anything else. */
export const NEED_DOCUMENT_FIELDS: readonly (keyof NeedDocument)[] = [
  "id",
  "maskedName",
  "entityType",
  "entityTypeLabel",
  "sizeClass",
  "industrySection",
  "industryDivision",
  "industryLabel",
  "regionId",
  "regionName",
  "regionChainIds",
  "countyId",
  "countyName",
  "parkId",
  "parkName",
  "foundedYear",
  "firstLoanCandidate",
  "amount",
  "amountExact",
  "amountText",
  "termMonths",
  "purposeCategory",
  "purposeLabel",
  "description",
  "collateralOffered",
  "collateralLabels",
  "maxAnnualRate",
  "maxAnnualRateText",
  "wantsLoan",
  "wantsGuarantee",
  "wantsInsurance",
  "wantedKinds",
  "flags",
  "flagLabels",
  "visibility",
  "directedInstitutionIds",
  "matchedInstitutionIds",
  "status",
  "publishedAtTs",
  "expiresAtTs",
  "wantedByDay",
  "overdue",
  "createdAtTs",
  "updatedAtTs",
  "contentHash",
];

function epochSeconds(date: Date): number;
function epochSeconds(date: Date | null): number | null;
function epochSeconds(date: Date | null): number | null {
  return date ? Math.floor(date.getTime() / 1000) : null;
}

/**
 * A hash of everything but the hash itself and a need's matched institutions: reconcile compares it (and those
 * institutions, see documentFingerprint) to find stale documents. The matched institutions are left out because
 * matchNeed updates that one field on its own (a partial update, half the indexing work of a whole document).
 */
export function contentHash(document: Record<string, unknown>): string {
  const { contentHash: _ignored, matchedInstitutionIds: _matched, ...rest } = document;
  return createHash("sha1").update(JSON.stringify(rest)).digest("hex");
}

/** What reconcile compares between an indexed document and the one Postgres gives: the hash and the matches. */
export function documentFingerprint(document: {
  contentHash?: string;
  matchedInstitutionIds?: readonly string[];
}): string {
  return `${document.contentHash ?? ""}/${document.matchedInstitutionIds?.join(",") ?? ""}`;
}

function withHash<T extends { contentHash: string }>(document: Omit<T, "contentHash">): T {
  const complete = { ...document, contentHash: "" } as T;
  complete.contentHash = contentHash(complete);
  return complete;
}

function orAny(values: readonly string[]): string[] {
  return values.length > 0 ? [...values] : [ANY];
}

export function toProductDocument(row: ProductRow, regions: RegionDirectory): ProductDocument {
  const facts: ProductFacts = toProductFacts(row);
  const rate =
    facts.kind === "LOAN"
      ? formatRateRange(facts.minRate, facts.maxRate)
      : facts.feeRate === null
        ? null
        : `${facts.kind === "GUARANTEE" ? "担保费率" : "保险费率"} ${formatRate(facts.feeRate)}`;
  return withHash<ProductDocument>({
    id: row.id,
    code: row.code,
    name: row.name,
    summary: row.summary,
    description: row.description,
    kind: row.kind,
    kindLabel: productKindLabel[row.kind],
    status: row.status,
    validFromDay: dateColumnDayNumber(row.validFrom) ?? OPEN_VALID_FROM,
    validToDay: dateColumnDayNumber(row.validTo) ?? OPEN_VALID_TO,
    institutionId: facts.institutionId,
    institutionName: facts.institutionName,
    institutionShortName: facts.institutionShortName,
    institutionKind: facts.institutionKind,
    institutionSubType: facts.institutionSubType,
    institutionActive: facts.institutionActive,
    institutionKeyPartner: facts.institutionKeyPartner,
    institutionLocatedRegionId: facts.institutionLocatedRegionId,
    institutionServedRegionIds: [...facts.institutionServedRegionIds].sort(),
    minAmount: fenToYuanNumber(facts.minAmountFen),
    maxAmount: fenToYuanNumber(facts.maxAmountFen),
    minAmountExact: fenToYuanLiteral(facts.minAmountFen),
    maxAmountExact: fenToYuanLiteral(facts.maxAmountFen),
    amountRangeText: formatMoneyRange(facts.minAmountFen, facts.maxAmountFen),
    minTermMonths: facts.minTermMonths,
    maxTermMonths: facts.maxTermMonths,
    minAnnualRate: facts.minRate === null ? null : rateUnitsToPercentNumber(facts.minRate),
    maxAnnualRate: facts.maxRate === null ? null : rateUnitsToPercentNumber(facts.maxRate),
    feeRate: facts.feeRate === null ? null : rateUnitsToPercentNumber(facts.feeRate),
    rateText: rate,
    acceptedCollateral: facts.acceptedCollateral,
    collateralLabels: facts.acceptedCollateral.map((item) => collateralLabel[item]),
    eligibleEntityTypes: orAny(facts.eligibleEntityTypes),
    entityTypeLabels: facts.eligibleEntityTypes.map((type) => entityTypeLabel[type]),
    eligibleIndustrySections: orAny(facts.eligibleIndustrySections),
    regionIds: orAny([...facts.regionIds].sort()),
    regionNames: [...facts.regionIds].sort().map((id) => regions.name(id)),
    minYearsInBusiness: facts.minYearsInBusiness,
    flags: facts.flags,
    flagLabels: facts.flags.map((flag) => productFlagLabel[flag]),
    policyTool: facts.policyTool,
    policyToolLabel: facts.policyTool ? policyToolLabel[facts.policyTool] : null,
    publishedAtTs: epochSeconds(row.publishedAt),
    updatedAtTs: epochSeconds(row.updatedAt),
  });
}

export function toNeedDocument(
  row: NeedRow,
  regions: RegionDirectory,
  matchedInstitutionIds: readonly string[] = [],
): NeedDocument {
  const facts = toNeedFacts(row, regions);
  const enterprise = row.enterprise;
  const county = regions.county(row.regionId);
  const city = regions.city(row.regionId);
  const kinds = [row.wantsLoan && "LOAN", row.wantsGuarantee && "GUARANTEE", row.wantsInsurance && "INSURANCE"].filter(
    (kind): kind is string => Boolean(kind),
  );
  return withHash<NeedDocument>({
    id: row.id,
    maskedName: maskEnterpriseName(enterprise.name, enterprise.entityType, city?.name ?? null),
    entityType: enterprise.entityType,
    entityTypeLabel: entityTypeLabel[enterprise.entityType],
    sizeClass: enterprise.sizeClass,
    industrySection: enterprise.industrySection,
    industryDivision: enterprise.industryDivision,
    industryLabel: industryLabel(enterprise.industrySection),
    regionId: row.regionId,
    regionName: facts.regionName,
    regionChainIds: [...facts.regionChainIds].sort(),
    countyId: county?.id ?? null,
    countyName: county?.name ?? null,
    parkId: enterprise.parkId,
    parkName: enterprise.parkId ? regions.name(enterprise.parkId) : null,
    foundedYear: facts.foundedOnDay === null ? null : Math.floor(facts.foundedOnDay / 10_000),
    firstLoanCandidate: enterprise.declaresNoPriorLoan || row.flags.includes("FIRST_LOAN"),
    amount: fenToYuanNumber(facts.amountFen),
    amountExact: fenToYuanLiteral(facts.amountFen),
    amountText: formatMoney(facts.amountFen),
    termMonths: row.termMonths,
    purposeCategory: row.purposeCategory,
    purposeLabel: purposeCategoryLabel[row.purposeCategory],
    description: row.shareDescription ? redactSharedText(row.description, enterprise) : null,
    collateralOffered: facts.collateralOffered,
    collateralLabels: facts.collateralOffered.map((item: Collateral) => collateralLabel[item]),
    maxAnnualRate: facts.maxRate === null ? null : rateUnitsToPercentNumber(facts.maxRate),
    maxAnnualRateText: facts.maxRate === null ? null : formatRate(facts.maxRate),
    wantsLoan: row.wantsLoan,
    wantsGuarantee: row.wantsGuarantee,
    wantsInsurance: row.wantsInsurance,
    wantedKinds: kinds,
    flags: facts.flags,
    flagLabels: facts.flags.map((flag) => needFlagLabel[flag]),
    visibility: row.visibility,
    directedInstitutionIds: row.visibility === "DIRECTED" ? [...facts.directedInstitutionIds].sort() : [],
    matchedInstitutionIds: [...new Set(matchedInstitutionIds)].sort(),
    status: row.status,
    publishedAtTs: epochSeconds(row.publishedAt),
    expiresAtTs: epochSeconds(row.expiresAt) ?? NO_EXPIRY_TS,
    wantedByDay: dateColumnDayNumber(row.wantedBy),
    overdue: row.overdueSince !== null,
    createdAtTs: epochSeconds(row.createdAt),
    updatedAtTs: epochSeconds(row.updatedAt),
  });
}

/** Needs that belong in the leads index: everything the enterprise has published (drafts are private). */
export function needIsIndexable(row: Pick<NeedRow, "status">): boolean {
  return row.status !== "DRAFT";
}
