/**
 * Match eligibility (the hard filters of docs/domain.md#eligibility) as a plain predicate over facts. It is the
 * reference the Meilisearch filter in ./search-filters.ts must agree with (a property test checks both against each
 * other), and it explains every failed condition in Chinese with what would make the product fit.
 */
import type { Collateral, ProductKind } from "~/generated/prisma/enums.ts";
import { type NeedFacts, type ProductFacts, foundedCutoffDay, wantedKinds, yearsInBusiness } from "./facts.ts";
import { collateralSentence, entityTypeLabel, industryLabel, productKindLabel } from "~/kernel/labels.ts";
import { dayFromNumber } from "~/kernel/time.ts";
import { formatMoney, formatMoneyRange } from "~/kernel/money.ts";

/** Conditions in the order they are checked and explained. */
export const CONDITIONS = [
  "status",
  "validity",
  "institution",
  "kind",
  "entityType",
  "region",
  "industry",
  "yearsInBusiness",
  "amount",
  "term",
  "collateral",
] as const;
export type Condition = (typeof CONDITIONS)[number];

/**
 * Conditions an enterprise can act on (change the amount or term, offer other collateral, wait until it has been in
 * business long enough). Only these make a product a near miss; a product for another region or entity type is not
 * "almost" a fit.
 */
export const NEAR_MISS_CONDITIONS: readonly Condition[] = ["yearsInBusiness", "amount", "term", "collateral"];

export interface FailedCondition {
  condition: Condition;
  /** Stable machine code, e.g. AMOUNT_ABOVE_MAX. */
  code: string;
  /** What failed, in Chinese, e.g. "期限 36 个月超过该产品上限 24 个月". */
  message: string;
  /** What would make it fit, when something would. */
  fix?: string;
}

export interface EligibilityOptions {
  /** Calendar day (YYYYMMDD, Asia/Shanghai) the products must be valid on. */
  today: number;
  /** Product kinds acceptable; defaults to the kinds the need asks for. Bundles ask for GUARANTEE / INSURANCE. */
  kinds?: readonly ProductKind[];
}

/**
 * The conditions a product fails for a need, without explanations — the fast path for ranking hundreds of
 * candidates. An empty list means eligible.
 */
export function failedConditions(need: NeedFacts, product: ProductFacts, options: EligibilityOptions): Condition[] {
  const failed: Condition[] = [];
  const { today } = options;
  if (product.status !== "PUBLISHED") failed.push("status");
  if (
    (product.validFromDay !== null && product.validFromDay > today) ||
    (product.validToDay !== null && product.validToDay < today)
  ) {
    failed.push("validity");
  }
  if (!product.institutionActive) failed.push("institution");
  if (!(options.kinds ?? wantedKinds(need)).includes(product.kind)) failed.push("kind");
  if (product.eligibleEntityTypes.length > 0 && !product.eligibleEntityTypes.includes(need.entityType))
    failed.push("entityType");
  if (product.regionIds.length > 0 && !product.regionIds.some((regionId) => need.regionChainIds.includes(regionId)))
    failed.push("region");
  if (product.eligibleIndustrySections.length > 0 && !product.eligibleIndustrySections.includes(need.industrySection))
    failed.push("industry");
  if (product.minYearsInBusiness > 0) {
    const years = yearsInBusiness(need, today);
    if (years === null || years < product.minYearsInBusiness) failed.push("yearsInBusiness");
  }
  if (need.amountFen > product.maxAmountFen || need.amountFen < product.minAmountFen) failed.push("amount");
  if (need.termMonths > product.maxTermMonths || need.termMonths < product.minTermMonths) failed.push("term");
  if (!collateralAccepted(need.collateralOffered, product.acceptedCollateral)) failed.push("collateral");
  return failed;
}

/** Why a product fails one condition, in Chinese, and what would make it fit. */
export function explainCondition(
  condition: Condition,
  need: NeedFacts,
  product: ProductFacts,
  options: EligibilityOptions,
): FailedCondition {
  const { today } = options;
  switch (condition) {
    case "status":
      return product.status === "RETIRED"
        ? { condition, code: "PRODUCT_RETIRED", message: "该产品已下架" }
        : { condition, code: "PRODUCT_NOT_PUBLISHED", message: "该产品尚未发布" };
    case "validity":
      return product.validFromDay !== null && product.validFromDay > today
        ? {
            condition,
            code: "PRODUCT_NOT_YET_VALID",
            message: `该产品 ${dayFromNumber(product.validFromDay)} 起生效`,
            fix: `${dayFromNumber(product.validFromDay)} 后可申请`,
          }
        : { condition, code: "PRODUCT_EXPIRED", message: `该产品已于 ${dayFromNumber(product.validToDay!)} 到期` };
    case "institution":
      return { condition, code: "INSTITUTION_INACTIVE", message: `${product.institutionName}已暂停在平台服务` };
    case "kind":
      return {
        condition,
        code: "KIND_NOT_WANTED",
        message: `您的需求未包含${productKindLabel[product.kind]}`,
        fix: `在需求中勾选“${productKindLabel[product.kind]}”`,
      };
    case "entityType":
      return {
        condition,
        code: "ENTITY_TYPE_NOT_ELIGIBLE",
        message: `该产品不面向${entityTypeLabel[need.entityType]}（适用：${product.eligibleEntityTypes.map((type) => entityTypeLabel[type]).join("、")}）`,
      };
    case "region":
      return { condition, code: "REGION_NOT_SERVED", message: `该产品不在${need.regionName}办理` };
    case "industry":
      return {
        condition,
        code: "INDUSTRY_NOT_ELIGIBLE",
        message: `该产品不面向${industryLabel(need.industrySection)}（适用：${product.eligibleIndustrySections.map(industryLabel).join("；")}）`,
      };
    case "yearsInBusiness": {
      const years = yearsInBusiness(need, today);
      if (years === null) {
        return {
          condition,
          code: "YEARS_UNKNOWN",
          message: `该产品要求经营满 ${product.minYearsInBusiness} 年，您未填写成立日期`,
          fix: "在企业信息中补充成立日期",
        };
      }
      return {
        condition,
        code: "YEARS_TOO_FEW",
        message: `成立 ${years} 年，未满该产品要求的 ${product.minYearsInBusiness} 年`,
        fix: `${dayFromNumber(need.foundedOnDay! + product.minYearsInBusiness * 10_000)} 起满 ${product.minYearsInBusiness} 年后可申请`,
      };
    }
    case "amount":
      return need.amountFen > product.maxAmountFen
        ? {
            condition,
            code: "AMOUNT_ABOVE_MAX",
            message: `金额 ${formatMoney(need.amountFen)}超过该产品上限 ${formatMoney(product.maxAmountFen)}`,
            fix: `将金额调整到 ${formatMoney(product.maxAmountFen)}以内可申请`,
          }
        : {
            condition,
            code: "AMOUNT_BELOW_MIN",
            message: `金额 ${formatMoney(need.amountFen)}低于该产品起点 ${formatMoney(product.minAmountFen)}`,
            fix: `该产品额度为 ${formatMoneyRange(product.minAmountFen, product.maxAmountFen)}`,
          };
    case "term":
      return need.termMonths > product.maxTermMonths
        ? {
            condition,
            code: "TERM_ABOVE_MAX",
            message: `期限 ${need.termMonths} 个月超过该产品上限 ${product.maxTermMonths} 个月`,
            fix: `将期限调整为 ${product.maxTermMonths} 个月以内可申请`,
          }
        : {
            condition,
            code: "TERM_BELOW_MIN",
            message: `期限 ${need.termMonths} 个月短于该产品下限 ${product.minTermMonths} 个月`,
            fix: `将期限调整为 ${product.minTermMonths} 个月以上可申请`,
          };
    case "collateral": {
      const offered = need.collateralOffered.length
        ? need.collateralOffered.map((item) => collateralSentence[item]).join("、")
        : "无";
      return {
        condition,
        code: "COLLATERAL_NOT_ACCEPTED",
        message: `该产品需要${product.acceptedCollateral.map((item) => collateralSentence[item]).join("、")}（任一），您提供的是：${offered}`,
        fix: `提供${product.acceptedCollateral.map((item) => collateralSentence[item]).join("或")}可申请`,
      };
    }
  }
}

/** Every failed condition with its explanation; an empty list means the product is eligible for the need. */
export function checkEligibility(
  need: NeedFacts,
  product: ProductFacts,
  options: EligibilityOptions,
): FailedCondition[] {
  return failedConditions(need, product, options).map((condition) =>
    explainCondition(condition, need, product, options),
  );
}

export function isEligible(need: NeedFacts, product: ProductFacts, options: EligibilityOptions): boolean {
  return failedConditions(need, product, options).length === 0;
}

/** A credit product needs nothing; otherwise one offered item must be accepted. */
export function collateralAccepted(offered: readonly Collateral[], accepted: readonly Collateral[]): boolean {
  return accepted.includes("CREDIT") || offered.some((item) => accepted.includes(item));
}

/** The founding-day cutoff the filter uses; exported so the Meilisearch filter and the predicate share it. */
export function yearsCutoff(today: number, years: number): number {
  return foundedCutoffDay(today, years);
}
