/**
 * The facts matching works on: plain, exact values derived from Postgres rows (money in 分, rates in 0.0001 pp,
 * dates as YYYYMMDD numbers). The eligibility predicate, the ranking and the Meilisearch documents/filters all read
 * these same shapes, so the in-code predicate and the search filter cannot drift apart silently.
 */
import type {
  Collateral,
  EntityType,
  InstitutionKind,
  InstitutionSubType,
  NeedFlag,
  NeedStatus,
  NeedVisibility,
  PolicyTool,
  ProductFlag,
  ProductKind,
  ProductStatus,
  PurposeCategory,
  SizeClass,
} from "~/generated/prisma/enums.ts";
import { deriveNeedFlags } from "~/modules/needs/need-flags.ts";
import type { Fen } from "~/kernel/money.ts";

/** Sentinel stored in a document's list when the product restricts nothing (no regions / industries listed). */
export const ANY = "ANY";

export interface ProductFacts {
  id: string;
  code: string;
  name: string;
  kind: ProductKind;
  status: ProductStatus;
  /** YYYYMMDD, null = no bound. */
  validFromDay: number | null;
  validToDay: number | null;
  institutionId: string;
  institutionName: string;
  institutionShortName: string;
  institutionKind: InstitutionKind;
  institutionSubType: InstitutionSubType;
  institutionActive: boolean;
  institutionKeyPartner: boolean;
  institutionLocatedRegionId: string | null;
  institutionServedRegionIds: string[];
  minAmountFen: Fen;
  maxAmountFen: Fen;
  minTermMonths: number;
  maxTermMonths: number;
  /** Loans: annual rate range in 0.0001 percentage points (3.45% = 34500). */
  minRate: number | null;
  maxRate: number | null;
  /** Insurance premium / guarantee fee rate, same unit. */
  feeRate: number | null;
  acceptedCollateral: Collateral[];
  /** Empty = every entity type. */
  eligibleEntityTypes: EntityType[];
  /** GB/T 4754 section letters; empty = every industry. */
  eligibleIndustrySections: string[];
  /**
   * Regions where the product can be taken up: the product's own regions, else the regions its institution serves;
   * empty = anywhere. A region covers everything below it in the region tree.
   */
  regionIds: string[];
  minYearsInBusiness: number;
  flags: ProductFlag[];
  policyTool: PolicyTool | null;
}

export interface NeedFacts {
  id: string;
  enterpriseId: string;
  status: NeedStatus;
  visibility: NeedVisibility;
  directedInstitutionIds: string[];
  entityType: EntityType;
  sizeClass: SizeClass;
  industrySection: string;
  industryDivision: string | null;
  regionId: string;
  regionName: string;
  parkId: string | null;
  /** The need's region, the enterprise's park and all their ancestors (a city-wide product covers a county). */
  regionChainIds: string[];
  /** YYYYMMDD of the enterprise's founding date; null when not declared. */
  foundedOnDay: number | null;
  declaresNoPriorLoan: boolean;
  amountFen: Fen;
  termMonths: number;
  purposeCategory: PurposeCategory;
  /** The enterprise's own text: used for the match query, never copied into a document unless shared. */
  description: string;
  collateralOffered: Collateral[];
  maxRate: number | null;
  wantsLoan: boolean;
  wantsGuarantee: boolean;
  wantsInsurance: boolean;
  flags: NeedFlag[];
}

// ───────────────────────────── dates ─────────────────────────────

/** Whole years between two days (the usual "满 N 年" reading). */
export function fullYearsBetween(fromDay: number, toDay: number): number {
  const years = Math.floor(toDay / 10_000) - Math.floor(fromDay / 10_000);
  return toDay % 10_000 < fromDay % 10_000 ? years - 1 : years;
}

/**
 * The latest founding day that is at least `years` whole years before `today`: foundedOnDay ≤ cutoff ⇔ years in
 * business ≥ `years`. (Comparing YYYYMMDD numbers lexicographically is exact, even for 29 February.)
 */
export function foundedCutoffDay(today: number, years: number): number {
  return today - years * 10_000;
}

export function yearsInBusiness(need: Pick<NeedFacts, "foundedOnDay">, today: number): number | null {
  return need.foundedOnDay === null ? null : Math.max(0, fullYearsBetween(need.foundedOnDay, today));
}

// ───────────────────────────── derived need properties ─────────────────────────────

export function wantedKinds(need: Pick<NeedFacts, "wantsLoan" | "wantsGuarantee" | "wantsInsurance">): ProductKind[] {
  const kinds: ProductKind[] = [];
  if (need.wantsLoan) kinds.push("LOAN");
  if (need.wantsGuarantee) kinds.push("GUARANTEE");
  if (need.wantsInsurance) kinds.push("INSURANCE");
  return kinds;
}

/**
 * The kinds matching looks for among the products a need is eligible for: the kinds it asks for and, when it wants a
 * loan, guarantee and insurance products too — those supply the collateral of a bundle (政银担 / 政银保).
 */
export function candidateKinds(
  need: Pick<NeedFacts, "wantsLoan" | "wantsGuarantee" | "wantsInsurance">,
): ProductKind[] {
  const kinds = wantedKinds(need);
  if (!need.wantsLoan) return kinds;
  return [...new Set<ProductKind>([...kinds, "GUARANTEE", "INSURANCE"])];
}

/**
 * The product flags a need would value: its declared flags plus what its entity type, size, industry and purpose
 * imply (a co-operative is 涉农, a micro firm is 普惠, boat renewal is 海洋 and 涉农, a self-declared 首贷 candidate
 * values first-loan-friendly products).
 */
export function desiredProductFlags(need: NeedFacts): ProductFlag[] {
  const flags = new Set<ProductFlag>(
    deriveNeedFlags(need, need.purposeCategory, need.flags).map((flag) =>
      flag === "FIRST_LOAN" ? "FIRST_LOAN_FRIENDLY" : flag,
    ),
  );
  if (
    need.entityType === "SMALL_MICRO" ||
    need.entityType === "INDIVIDUAL_BUSINESS" ||
    need.sizeClass === "SMALL" ||
    need.sizeClass === "MICRO"
  ) {
    flags.add("INCLUSIVE");
  }
  return [...flags];
}
