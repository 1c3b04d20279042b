/**
 * A product's terms (as Postgres returns them: decimal strings) → the loan terms the cost module prices, for a
 * sample amount, term and repayment method; and a loan + guarantee or loan + insurance bundle as one cash flow.
 * Pure: shared by the product page, the catalogue and matching.
 */
import { financingCost, type FinancingCost } from "./cost.ts";
import { percentToPpm, type RatePpm } from "./rates.ts";
import {
  REPAYMENT_METHODS,
  type ChargeBasis,
  type FeeBase,
  type LoanTerms,
  type RepaymentMethod,
  type Subsidy,
  type SubsidyKind,
  type SubsidyMode,
} from "./schedule.ts";

export interface ProductSubsidyTerms {
  readonly kind: SubsidyKind;
  readonly mode: SubsidyMode;
  /** Percentage points per year, e.g. "1.0000". */
  readonly annualRate: string;
  readonly source: string;
  readonly eligibility: string;
}

/** The cost columns of a product, with decimals as strings (Decimal.toFixed). */
export interface ProductCostTerms {
  readonly kind: "LOAN" | "GUARANTEE" | "INSURANCE";
  readonly minAnnualRate: string | null;
  readonly maxAnnualRate: string | null;
  readonly feeRate: string | null;
  readonly repaymentMethods: readonly RepaymentMethod[];
  /** 分 */
  readonly upfrontFeeAmountFen: bigint | null;
  readonly upfrontFeeRate: string | null;
  readonly periodicFeeRate: string | null;
  readonly periodicFeeBase: FeeBase;
  readonly guaranteeFeeRate: string | null;
  readonly premiumRate: string | null;
  readonly feeBasis: ChargeBasis;
  readonly feeBase: FeeBase;
  readonly subsidies: readonly ProductSubsidyTerms[];
}

export interface CostSample {
  readonly principalFen: bigint;
  readonly termMonths: number;
  /** Omitted or not offered: the product's preferred method ({@link preferredMethod}). */
  readonly method?: RepaymentMethod;
  /** Price at the lowest or the highest rate of the product's range. */
  readonly rate?: "MIN" | "MAX";
  /** Whether the borrower qualifies for the product's subsidies. */
  readonly withSubsidies?: boolean;
}

/** The order in which a method is chosen for a headline figure: 等额本息 first, the method rates are quoted for. */
const PREFERENCE: readonly RepaymentMethod[] = [
  "EQUAL_INSTALMENT",
  "EQUAL_PRINCIPAL",
  "INTEREST_ONLY",
  "BULLET",
  "REVOLVING",
];

export function preferredMethod(offered: readonly RepaymentMethod[], wanted?: RepaymentMethod): RepaymentMethod {
  if (wanted && (offered.length === 0 || offered.includes(wanted))) return wanted;
  return PREFERENCE.find((method) => offered.includes(method)) ?? "EQUAL_INSTALMENT";
}

export function isRepaymentMethod(value: string): value is RepaymentMethod {
  return (REPAYMENT_METHODS as readonly string[]).includes(value);
}

function ppm(percent: string | null): RatePpm | null {
  if (percent === null) return null;
  const rate = percentToPpm(percent);
  if (rate === null) throw new RangeError(`not a rate: ${percent}`);
  return rate;
}

function subsidiesOf(product: ProductCostTerms, kinds: readonly SubsidyKind[]): Subsidy[] {
  return product.subsidies
    .filter((subsidy) => kinds.includes(subsidy.kind))
    .map((subsidy) => ({
      kind: subsidy.kind,
      mode: subsidy.mode,
      annualRate: ppm(subsidy.annualRate)!,
      source: subsidy.source,
    }));
}

/**
 * The loan terms for a loan product (optionally bundled with a guarantee or insurance product), or — for a
 * guarantee or insurance product on its own — a zero-rate loan carrying only its fee, whose rate is then what the
 * fee adds to any loan's annual cost.
 */
export function loanTermsFor(
  product: ProductCostTerms,
  sample: CostSample,
  companion: ProductCostTerms | null = null,
): LoanTerms {
  const withSubsidies = sample.withSubsidies ?? false;
  const charge = (rate: string | null, of: ProductCostTerms) => {
    const annualRate = ppm(rate);
    return annualRate === null || annualRate === 0n ? null : { annualRate, basis: of.feeBasis, base: of.feeBase };
  };
  if (product.kind !== "LOAN") {
    return {
      principalFen: sample.principalFen,
      termMonths: sample.termMonths,
      annualRate: 0n,
      method: "INTEREST_ONLY",
      guarantee: product.kind === "GUARANTEE" ? charge(product.feeRate, product) : null,
      insurance: product.kind === "INSURANCE" ? charge(product.feeRate, product) : null,
      subsidies: withSubsidies ? subsidiesOf(product, ["GUARANTEE_FEE"]) : [],
    };
  }
  const rateText = sample.rate === "MAX" ? (product.maxAnnualRate ?? product.minAnnualRate) : product.minAnnualRate;
  const upfrontRate = ppm(product.upfrontFeeRate);
  const periodicRate = ppm(product.periodicFeeRate);
  // A bundle's guarantee (or premium) is the companion product's; the loan's own built-in one otherwise.
  const guarantee =
    companion?.kind === "GUARANTEE" ? charge(companion.feeRate, companion) : charge(product.guaranteeFeeRate, product);
  const insurance =
    companion?.kind === "INSURANCE" ? charge(companion.feeRate, companion) : charge(product.premiumRate, product);
  const subsidies = withSubsidies
    ? [
        ...subsidiesOf(product, ["INTEREST", ...(companion?.kind === "GUARANTEE" ? [] : ["GUARANTEE_FEE" as const])]),
        ...(companion?.kind === "GUARANTEE" ? subsidiesOf(companion, ["GUARANTEE_FEE"]) : []),
      ]
    : [];
  return {
    principalFen: sample.principalFen,
    termMonths: sample.termMonths,
    annualRate: ppm(rateText ?? product.maxAnnualRate) ?? 0n,
    method: preferredMethod(product.repaymentMethods, sample.method),
    upfrontFees: [
      ...(product.upfrontFeeAmountFen
        ? [{ name: "一次性费用", kind: "AMOUNT" as const, amountFen: product.upfrontFeeAmountFen }]
        : []),
      ...(upfrontRate ? [{ name: "一次性费用", kind: "RATE" as const, rate: upfrontRate }] : []),
    ],
    periodicFees: periodicRate
      ? [{ name: "按期费用", kind: "RATE" as const, annualRate: periodicRate, base: product.periodicFeeBase }]
      : [],
    guarantee,
    insurance,
    subsidies,
  };
}

/** Prices a product (or a bundle) for a sample. */
export function productCost(
  product: ProductCostTerms,
  sample: CostSample,
  companion: ProductCostTerms | null = null,
): FinancingCost {
  return financingCost(loanTermsFor(product, sample, companion));
}

/** The compound APR of a product (or bundle) for a sample, null when none exists. */
export function compoundApr(
  product: ProductCostTerms,
  sample: CostSample,
  companion: ProductCostTerms | null = null,
): number | null {
  const rate = productCost(product, sample, companion).annualRate;
  return rate.kind === "rate" ? rate.compound : null;
}
