/**
 * The eligibility predicate of ./eligibility.ts expressed as Meilisearch filters, clause by clause, over the
 * documents of search-index/documents.server.ts. Keep the two in step: tests/unit/matching/search-filters.test.ts checks the
 * clause list and the fast-check property test checks the filter against the predicate on a real index.
 */
import { fenToYuanLiteral } from "~/kernel/money.ts";
import type { ProductKind } from "~/generated/prisma/enums.ts";
import { and, eq, inList, not, num, or } from "../../../search/filter-syntax.ts";
import { type Condition, NEAR_MISS_CONDITIONS } from "./eligibility.ts";
import { ANY, type NeedFacts, type ProductFacts, foundedCutoffDay, yearsInBusiness } from "./facts.ts";
import { NEED_LIVE_STATUSES } from "~/kernel/statuses.ts";
import { dateColumnDayNumber } from "~/kernel/time.ts";

/** Documents store open validity bounds as these sentinels so that range filters need no IS NULL. */
export const OPEN_VALID_FROM = 0;
export const OPEN_VALID_TO = 99_991_231;

/** One clause per condition of the predicate, for a need looking for products of the given kinds. */
export function productClauses(
  need: NeedFacts,
  options: { today: number; kinds: readonly ProductKind[] },
): Record<Condition, string> {
  const amount = num(fenToYuanLiteral(need.amountFen));
  return {
    status: eq("status", "PUBLISHED"),
    validity: `validFromDay <= ${options.today} AND validToDay >= ${options.today}`,
    institution: eq("institutionActive", true),
    kind: inList("kind", options.kinds),
    entityType: inList("eligibleEntityTypes", [ANY, need.entityType]),
    region: inList("regionIds", [ANY, ...need.regionChainIds]),
    industry: inList("eligibleIndustrySections", [ANY, need.industrySection]),
    yearsInBusiness: `minYearsInBusiness <= ${yearsInBusiness(need, options.today) ?? 0}`,
    amount: `minAmount <= ${amount} AND maxAmount >= ${amount}`,
    term: `minTermMonths <= ${need.termMonths} AND maxTermMonths >= ${need.termMonths}`,
    collateral: inList("acceptedCollateral", ["CREDIT", ...need.collateralOffered]),
  };
}

/** Products eligible for the need: every clause. */
export function eligibleProductsFilter(
  need: NeedFacts,
  options: { today: number; kinds: readonly ProductKind[] },
): string {
  return and(Object.values(productClauses(need, options)));
}

/**
 * Products that fail exactly one of the conditions an enterprise can act on (amount, term, collateral, years) and
 * pass everything else — the near misses worth explaining.
 */
export function nearMissProductsFilter(
  need: NeedFacts,
  options: { today: number; kinds: readonly ProductKind[] },
): string {
  const clauses = productClauses(need, options);
  const fixed = (Object.keys(clauses) as Condition[]).filter((name) => !NEAR_MISS_CONDITIONS.includes(name));
  const relaxable = NEAR_MISS_CONDITIONS;
  const exactlyOneFails = or(
    relaxable.map((failing) =>
      and([not(clauses[failing]), ...relaxable.filter((name) => name !== failing).map((name) => clauses[name])]),
    ),
  );
  return and([...fixed.map((name) => clauses[name]), exactlyOneFails]);
}

// ───────────────────────────── reverse: a product looking for needs ─────────────────────────────

/**
 * Open needs a product may fit. Years in business is coarse here (documents carry only the founding year, to keep
 * leads anonymous); callers confirm every hit with the exact predicate on Postgres facts.
 */
export function needsFilterForProduct(product: ProductFacts, options: { today: number; nowTs: number }): string {
  const clauses: string[] = [inList("status", NEED_LIVE_STATUSES), `expiresAtTs > ${options.nowTs}`];
  clauses.push(
    eq(
      product.kind === "LOAN" ? "wantsLoan" : product.kind === "GUARANTEE" ? "wantsGuarantee" : "wantsInsurance",
      true,
    ),
  );
  if (product.eligibleEntityTypes.length > 0) clauses.push(inList("entityType", product.eligibleEntityTypes));
  if (product.regionIds.length > 0) clauses.push(inList("regionChainIds", product.regionIds));
  if (product.eligibleIndustrySections.length > 0)
    clauses.push(inList("industrySection", product.eligibleIndustrySections));
  if (product.minYearsInBusiness > 0) {
    clauses.push(`foundedYear <= ${Math.floor(foundedCutoffDay(options.today, product.minYearsInBusiness) / 10_000)}`);
  }
  clauses.push(
    `amount >= ${num(fenToYuanLiteral(product.minAmountFen))} AND amount <= ${num(fenToYuanLiteral(product.maxAmountFen))}`,
  );
  clauses.push(`termMonths >= ${product.minTermMonths} AND termMonths <= ${product.maxTermMonths}`);
  if (!product.acceptedCollateral.includes("CREDIT")) {
    if (product.acceptedCollateral.length === 0) return "";
    clauses.push(inList("collateralOffered", product.acceptedCollateral));
  }
  clauses.push(or([eq("visibility", "OPEN"), eq("directedInstitutionIds", product.institutionId)]));
  return and(clauses);
}

/** Today's day number for a product's validity, shared with documents. */
export function validityBounds(product: { validFrom: Date | null; validTo: Date | null }): {
  validFromDay: number;
  validToDay: number;
} {
  return {
    validFromDay: dateColumnDayNumber(product.validFrom) ?? OPEN_VALID_FROM,
    validToDay: dateColumnDayNumber(product.validTo) ?? OPEN_VALID_TO,
  };
}
