/**
 * A product row's cost columns (Prisma Decimals) → the plain terms the financing-cost module prices.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import type { ProductCostTerms } from "~/modules/financing-cost/product-cost.ts";
import { toFen } from "~/kernel/money.ts";
import type { productCostSelect } from "./product-select.ts";

type CostRow = Prisma.ProductGetPayload<{ select: typeof productCostSelect }>;

const rate = (value: { toFixed(digits: number): string } | null) => (value === null ? null : value.toFixed(4));

export function productCostTerms(row: CostRow): ProductCostTerms {
  return {
    kind: row.kind,
    minAnnualRate: rate(row.minAnnualRate),
    maxAnnualRate: rate(row.maxAnnualRate),
    feeRate: rate(row.feeRate),
    repaymentMethods: row.repaymentMethods,
    upfrontFeeAmountFen: row.upfrontFeeAmount === null ? null : toFen(row.upfrontFeeAmount),
    upfrontFeeRate: rate(row.upfrontFeeRate),
    periodicFeeRate: rate(row.periodicFeeRate),
    periodicFeeBase: row.periodicFeeBase,
    guaranteeFeeRate: rate(row.guaranteeFeeRate),
    premiumRate: rate(row.premiumRate),
    feeBasis: row.feeBasis,
    feeBase: row.feeBase,
    subsidies: row.subsidies.map((subsidy) => ({
      kind: subsidy.kind,
      mode: subsidy.mode,
      annualRate: subsidy.annualRate.toFixed(4),
      source: subsidy.source,
      eligibility: subsidy.eligibility,
    })),
  };
}
