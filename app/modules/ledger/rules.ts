/**
 * Which target metrics a disbursed loan counts toward (docs/domain.md#the-ledger). Pure and exact: money is integer 分
 * (bigint), never a floating-point number, so the rules can be tested exhaustively without a database.
 *
 * - 首贷户 FIRST_LOAN_BORROWER: the lender confirmed 征信无贷款记录 when recording the disbursement; counted once per
 *   enterprise (ledger.server.ts enforces "once").
 * - 普惠型小微 INCLUSIVE_SMALL_MICRO_*: a small or micro enterprise, or an individual business (个体工商户), whose total
 *   credit line at the lending institution is ≤ 10,000,000 元; the borrower counts once per institution and year.
 * - 涉农 AGRI_AMOUNT: farm households, family farms, co-operatives, agricultural enterprises, or 农林牧渔 purposes
 *   (GB/T 4754 section A, spring farming, fishing boats, aquaculture) or a declared 涉农 flag.
 * - 绿色 / 海洋 / 转移: by purpose category and declared flags; green also by the 碳减排支持工具 policy tool;
 *   transferred firms by entity type.
 */
import type {
  EntityType,
  LedgerMetric,
  NeedFlag,
  PolicyTool,
  PurposeCategory,
  SizeClass,
} from "~/generated/prisma/enums.ts";
import {
  AGRI_ENTITY_TYPES,
  AGRI_INDUSTRY_SECTION,
  AGRI_PURPOSES,
  MARINE_PURPOSES,
} from "~/modules/needs/need-flags.ts";

/** 10,000,000 元 in 分. */
export const INCLUSIVE_CREDIT_CAP_FEN = 1_000_000_000n;

export interface DisbursementFacts {
  entityType: EntityType;
  sizeClass: SizeClass;
  industrySection: string;
  purposeCategory: PurposeCategory;
  needFlags: readonly NeedFlag[];
  policyTool: PolicyTool | null;
  disbursedFen: bigint;
  /** Borrower's total credit line at the lender after this loan; null when the lender did not record it. */
  totalCreditAtInstitutionFen: bigint | null;
  approvedFen: bigint | null;
  firstLoanConfirmed: boolean;
}

export type LedgerScope =
  /** One row per outcome and metric. */
  | "outcome"
  /** At most one net row per enterprise. */
  | "enterprise"
  /** At most one net row per enterprise, institution and year. */
  | "enterprise-institution-year";

export interface LedgerLine {
  metric: LedgerMetric;
  amountFen: bigint;
  borrowerCount: 0 | 1;
  scope: LedgerScope;
}

export function isSmallMicroBorrower(facts: Pick<DisbursementFacts, "entityType" | "sizeClass">): boolean {
  if (facts.entityType === "INDIVIDUAL_BUSINESS") return true;
  // 农户 loans are counted as 普惠型农户经营性贷款, a different statistic.
  if (facts.entityType === "FARM_HOUSEHOLD") return false;
  return facts.sizeClass === "SMALL" || facts.sizeClass === "MICRO";
}

/** The credit line the ≤ 10,000,000 元 test applies to: as recorded, else the best lower bound we know. */
export function creditLineFen(
  facts: Pick<DisbursementFacts, "totalCreditAtInstitutionFen" | "approvedFen" | "disbursedFen">,
): bigint {
  if (facts.totalCreditAtInstitutionFen !== null) return facts.totalCreditAtInstitutionFen;
  const approved = facts.approvedFen ?? 0n;
  return approved > facts.disbursedFen ? approved : facts.disbursedFen;
}

export function isInclusiveSmallMicro(facts: DisbursementFacts): boolean {
  return isSmallMicroBorrower(facts) && creditLineFen(facts) <= INCLUSIVE_CREDIT_CAP_FEN;
}

export function isAgri(
  facts: Pick<DisbursementFacts, "entityType" | "industrySection" | "purposeCategory" | "needFlags">,
): boolean {
  return (
    AGRI_ENTITY_TYPES.includes(facts.entityType) ||
    facts.industrySection === AGRI_INDUSTRY_SECTION ||
    AGRI_PURPOSES.includes(facts.purposeCategory) ||
    facts.needFlags.includes("AGRI")
  );
}

export function isGreen(facts: Pick<DisbursementFacts, "purposeCategory" | "needFlags" | "policyTool">): boolean {
  return (
    facts.purposeCategory === "GREEN_RETROFIT" ||
    facts.needFlags.includes("GREEN") ||
    facts.policyTool === "CARBON_REDUCTION_TOOL"
  );
}

export function isMarine(facts: Pick<DisbursementFacts, "purposeCategory" | "needFlags">): boolean {
  return MARINE_PURPOSES.includes(facts.purposeCategory) || facts.needFlags.includes("MARINE");
}

export function isTransferFirm(facts: Pick<DisbursementFacts, "entityType" | "needFlags">): boolean {
  return facts.entityType === "TRANSFERRED_FIRM" || facts.needFlags.includes("TRANSFER");
}

/** The lines a disbursement contributes, before the once-per-enterprise checks. Nothing for a zero amount. */
export function ledgerLinesFor(facts: DisbursementFacts): LedgerLine[] {
  if (facts.disbursedFen <= 0n) return [];
  const amount = (metric: LedgerMetric): LedgerLine => ({
    metric,
    amountFen: facts.disbursedFen,
    borrowerCount: 0,
    scope: "outcome",
  });
  const lines: LedgerLine[] = [amount("DISBURSED_AMOUNT")];
  if (facts.firstLoanConfirmed)
    lines.push({ metric: "FIRST_LOAN_BORROWER", amountFen: 0n, borrowerCount: 1, scope: "enterprise" });
  if (isInclusiveSmallMicro(facts)) {
    lines.push(amount("INCLUSIVE_SMALL_MICRO_AMOUNT"));
    lines.push({
      metric: "INCLUSIVE_SMALL_MICRO_BORROWER",
      amountFen: 0n,
      borrowerCount: 1,
      scope: "enterprise-institution-year",
    });
  }
  if (isAgri(facts)) lines.push(amount("AGRI_AMOUNT"));
  if (isGreen(facts)) lines.push(amount("GREEN_AMOUNT"));
  if (isMarine(facts)) lines.push(amount("MARINE_AMOUNT"));
  if (isTransferFirm(facts)) lines.push(amount("TRANSFER_FIRM_AMOUNT"));
  return lines;
}
