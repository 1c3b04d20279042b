/**
 * The cost terms of the demo catalogue: repayment methods, fees, how guarantee fees and premiums are charged, and
 * the subsidies borrowers may receive. The defaults follow the rules the migration applied to existing products
 * (prisma/migrations/20261203000000_product_cost_terms); the rows below are the products that differ. Figures are
 * illustrative demo data, not offers.
 */
import {
  ChargeBasis,
  FeeBase,
  ProductKind,
  RepaymentMethod as M,
  SubsidyKind,
  SubsidyMode,
} from "../../app/generated/prisma/client.ts";
import type { ProductSeed } from "./products.ts";

export interface ProductCostSeed {
  repaymentMethods?: readonly M[];
  /** 元 */
  upfrontFeeAmount?: string;
  /** Percent of the principal. */
  upfrontFeeRate?: string;
  /** Percent per year. */
  periodicFeeRate?: string;
  periodicFeeBase?: FeeBase;
  guaranteeFeeRate?: string;
  premiumRate?: string;
  feeBasis?: ChargeBasis;
  feeBase?: FeeBase;
  subsidies?: readonly {
    kind: SubsidyKind;
    mode: SubsidyMode;
    /** Percentage points per year. */
    annualRate: string;
    source: string;
    eligibility: string;
  }[];
}

const OVERRIDES: Readonly<Record<string, ProductCostSeed>> = {
  "ABC-JY-SPRING": {
    repaymentMethods: [M.BULLET, M.INTEREST_ONLY, M.EQUAL_INSTALMENT],
    subsidies: [
      {
        kind: SubsidyKind.INTEREST,
        mode: SubsidyMode.REFUND,
        annualRate: "1.00",
        source: "揭阳市春耕备耕贷款贴息",
        eligibility: "种粮大户、家庭农场和农民专业合作社用于春耕生产",
      },
    ],
  },
  // A project loan to larger firms, which may carry an arrangement fee (small-business loans may not).
  "CIB-JY-GREENRETROFIT": { upfrontFeeRate: "0.30" },
  "ICBC-JY-TRANSFER": {
    subsidies: [
      {
        kind: SubsidyKind.INTEREST,
        mode: SubsidyMode.REFUND,
        annualRate: "1.00",
        source: "揭阳市产业有序转移企业融资贴息",
        eligibility: "新落户产业转移园区、投产未满三年的转移企业",
      },
    ],
  },
  "JYFG-INCLUSIVE": {
    subsidies: [
      {
        kind: SubsidyKind.GUARANTEE_FEE,
        mode: SubsidyMode.RATE_REDUCTION,
        annualRate: "0.40",
        source: "政府性融资担保降费奖补",
        eligibility: "首次获得银行贷款的小微企业（首贷户）",
      },
    ],
  },
  "JYFG-AGRI": {
    subsidies: [
      {
        kind: SubsidyKind.GUARANTEE_FEE,
        mode: SubsidyMode.REFUND,
        annualRate: "0.25",
        source: "广东省农业信贷担保费补贴",
        eligibility: "家庭农场、农民专业合作社等新型农业经营主体",
      },
    ],
  },
};

/** The default terms for a product of its kind and term, as the migration sets them for existing products. */
export function defaultCostTerms(product: Pick<ProductSeed, "kind" | "name" | "termMonths">): ProductCostSeed {
  if (product.kind === ProductKind.GUARANTEE) return { feeBasis: ChargeBasis.YEARLY, feeBase: FeeBase.PRINCIPAL };
  if (product.kind === ProductKind.INSURANCE) return {};
  return {
    repaymentMethods: [
      M.INTEREST_ONLY,
      M.EQUAL_INSTALMENT,
      M.EQUAL_PRINCIPAL,
      ...(product.termMonths[0] <= 12 ? [M.BULLET] : []),
      ...(/(随借随还|快贷|e贷|E贷)/.test(product.name) ? [M.REVOLVING] : []),
    ],
  };
}

export function costTermsFor(product: ProductSeed): ProductCostSeed {
  return { ...defaultCostTerms(product), ...OVERRIDES[product.code] };
}

/** Codes with cost overrides: the seed checks each names a real product. */
export const COST_OVERRIDE_CODES = Object.keys(OVERRIDES);
