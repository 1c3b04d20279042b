/**
 * The product columns the public catalogue, the product page and the institution's own product screens all read,
 * as one explicit `select`: a new term column is added here once, not in every loader.
 */
import type { Prisma } from "~/generated/prisma/client.ts";

/** What a product card shows: kind, amount, term, price, collateral and labels. */
export const productCardSelect = {
  id: true,
  name: true,
  summary: true,
  kind: true,
  minAmount: true,
  maxAmount: true,
  minTermMonths: true,
  maxTermMonths: true,
  minAnnualRate: true,
  maxAnnualRate: true,
  feeRate: true,
  acceptedCollateral: true,
  flags: true,
  policyTool: true,
} satisfies Prisma.ProductSelect;

/** The full terms and eligibility of a product (its detail page and its edit form). */
export const productTermsSelect = {
  ...productCardSelect,
  code: true,
  description: true,
  eligibleEntityTypes: true,
  eligibleIndustrySections: true,
  minYearsInBusiness: true,
  validFrom: true,
  validTo: true,
} satisfies Prisma.ProductSelect;

/** The columns a product's total cost of financing depends on (see modules/financing-cost). */
export const productCostSelect = {
  kind: true,
  minAnnualRate: true,
  maxAnnualRate: true,
  feeRate: true,
  repaymentMethods: true,
  upfrontFeeAmount: true,
  upfrontFeeRate: true,
  periodicFeeRate: true,
  periodicFeeBase: true,
  guaranteeFeeRate: true,
  premiumRate: true,
  feeBasis: true,
  feeBase: true,
  subsidies: {
    select: { kind: true, mode: true, annualRate: true, source: true, eligibility: true },
    orderBy: { kind: "asc" },
  },
} satisfies Prisma.ProductSelect;
