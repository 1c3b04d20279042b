/**
 * The product form of the institution admin (金融产品): what makes a product publishable — ordered positive ranges,
 * rates within sane bounds, at least one collateral, entity type and region. The kind is not a choice: it follows
 * from the institution (banks lend, guarantors guarantee, insurers insure). No server-only imports.
 */
import { z } from "zod";
import type {
  ChargeBasis,
  Collateral,
  EntityType,
  FeeBase,
  InstitutionKind,
  ProductFlag,
  ProductKind,
  RepaymentMethod,
  SubsidyKind,
  SubsidyMode,
} from "~/generated/prisma/enums.ts";
import {
  dateField,
  enumListField,
  intField,
  moneyField,
  optionalEnumField,
  optionalTextField,
  rateField,
  textField,
  tryMoneyToFen,
} from "~/modules/institution/validation.ts";
import { tryRateToUnits } from "~/kernel/rate.ts";

export const productKindOf: Record<InstitutionKind, ProductKind> = {
  BANK: "LOAN",
  GUARANTOR: "GUARANTEE",
  INSURER: "INSURANCE",
};

export const COLLATERALS = [
  "CREDIT",
  "REAL_ESTATE",
  "EQUIPMENT",
  "LAND_USE_RIGHT",
  "FISHING_BOAT",
  "SEA_AREA_USE_RIGHT",
  "RECEIVABLES",
  "IP_PLEDGE",
  "FOREST_RIGHT",
  "CARBON_RIGHT",
  "DEPOSIT_RECEIPT",
  "GUARANTEE_COMPANY",
  "PERSONAL_GUARANTEE",
  "POLICY",
  "SUBSIDY_RECEIVABLE",
  "INVENTORY",
] as const satisfies readonly Collateral[];

export const ENTITY_TYPES = [
  "TRANSFERRED_FIRM",
  "SMALL_MICRO",
  "INDIVIDUAL_BUSINESS",
  "FARM_HOUSEHOLD",
  "FAMILY_FARM",
  "COOPERATIVE",
  "AGRI_ENTERPRISE",
  "OTHER",
] as const satisfies readonly EntityType[];

export const PRODUCT_FLAGS = [
  "FIRST_LOAN_FRIENDLY",
  "GREEN",
  "MARINE",
  "AGRI",
  "TECH",
  "TRANSFER",
  "INCLUSIVE",
] as const satisfies readonly ProductFlag[];

export const INDUSTRY_SECTIONS = [
  "A",
  "B",
  "C",
  "D",
  "E",
  "F",
  "G",
  "H",
  "I",
  "J",
  "K",
  "L",
  "M",
  "N",
  "O",
  "P",
  "Q",
  "R",
  "S",
  "T",
] as const;

export const PRODUCT_POLICY_TOOLS = [
  "AGRI_SMALL_RELENDING",
  "INCLUSIVE_SMALL_MICRO_TOOL",
  "CARBON_REDUCTION_TOOL",
  "TECH_INNOVATION_RELENDING",
] as const;

/** Loans: annual interest rate; guarantees and insurance: annual fee / premium rate. Percent per year. */
export const LOAN_RATE_BOUNDS = { min: 0, max: 24 } as const;
export const FEE_RATE_BOUNDS = { min: 0, max: 10 } as const;

export const REPAYMENT_METHOD_VALUES = [
  "BULLET",
  "INTEREST_ONLY",
  "EQUAL_INSTALMENT",
  "EQUAL_PRINCIPAL",
  "REVOLVING",
] as const satisfies readonly RepaymentMethod[];
export const FEE_BASES = ["PRINCIPAL", "BALANCE"] as const satisfies readonly FeeBase[];
export const CHARGE_BASES = ["UPFRONT", "YEARLY"] as const satisfies readonly ChargeBasis[];
export const SUBSIDY_MODES = ["RATE_REDUCTION", "REFUND"] as const satisfies readonly SubsidyMode[];
/** The form's subsidy sections: one per kind, each field prefixed. */
export const SUBSIDY_FIELDS = [
  { kind: "INTEREST", prefix: "interestSubsidy", label: "贴息" },
  { kind: "GUARANTEE_FEE", prefix: "guaranteeSubsidy", label: "担保费补贴" },
] as const satisfies readonly { kind: SubsidyKind; prefix: string; label: string }[];

/** A rate that may be left empty (no such fee); zero is allowed. */
function optionalRate(label: string, bounds: { min: number; max: number }) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    rateField(label, { ...bounds, allowZero: true }).optional(),
  );
}

function optionalMoney(label: string) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    moneyField(label, { allowZero: true }).optional(),
  );
}

function costFields(isLoan: boolean) {
  const subsidy = (label: string) => ({
    rate: optionalRate(`${label}幅度`, FEE_RATE_BOUNDS),
    mode: optionalEnumField(SUBSIDY_MODES, `${label}方式`),
    source: optionalTextField(`${label}政策依据`, 120),
    eligibility: optionalTextField(`${label}适用对象`, 200),
  });
  const interest = subsidy("贴息");
  const guarantee = subsidy("担保费补贴");
  return {
    repaymentMethods: isLoan ? enumListField(REPAYMENT_METHOD_VALUES, "还款方式") : ignored,
    upfrontFeeAmount: isLoan ? optionalMoney("一次性费用金额") : ignored,
    upfrontFeeRate: isLoan ? optionalRate("一次性费率", FEE_RATE_BOUNDS) : ignored,
    periodicFeeRate: isLoan ? optionalRate("按期费用年费率", FEE_RATE_BOUNDS) : ignored,
    periodicFeeBase: isLoan ? optionalEnumField(FEE_BASES, "按期费用计费基数") : ignored,
    guaranteeFeeRate: isLoan ? optionalRate("内含担保费年费率", FEE_RATE_BOUNDS) : ignored,
    premiumRate: isLoan ? optionalRate("内含保险费年费率", FEE_RATE_BOUNDS) : ignored,
    feeBasis: optionalEnumField(CHARGE_BASES, "担保费/保费收取方式"),
    feeBase: optionalEnumField(FEE_BASES, "担保费/保费计费基数"),
    interestSubsidyRate: isLoan ? interest.rate : ignored,
    interestSubsidyMode: isLoan ? interest.mode : ignored,
    interestSubsidySource: isLoan ? interest.source : ignored,
    interestSubsidyEligibility: isLoan ? interest.eligibility : ignored,
    guaranteeSubsidyRate: guarantee.rate,
    guaranteeSubsidyMode: guarantee.mode,
    guaranteeSubsidySource: guarantee.source,
    guaranteeSubsidyEligibility: guarantee.eligibility,
  };
}

/** A field that does not apply to this kind of product: whatever was posted is dropped. */
const ignored = z
  .unknown()
  .optional()
  .transform(() => undefined);

function optionalDate(label: string) {
  return z.preprocess((value) => (value === "" ? undefined : value), dateField(label).optional());
}

export function productFormSchema(options: { kind: ProductKind; regionIds: readonly string[] }) {
  const isLoan = options.kind === "LOAN";
  const base = z.object({
    name: textField("产品名称", { min: 2, max: 60 }),
    summary: textField("一句话简介", { min: 5, max: 120 }),
    description: textField("产品介绍", { min: 10, max: 4000 }),
    minAmount: moneyField("最低额度"),
    maxAmount: moneyField("最高额度"),
    minTermMonths: intField("最短期限", { min: 1, max: 360 }, " 个月"),
    maxTermMonths: intField("最长期限", { min: 1, max: 360 }, " 个月"),
    minAnnualRate: isLoan ? rateField("最低年化利率", LOAN_RATE_BOUNDS) : ignored,
    maxAnnualRate: isLoan ? rateField("最高年化利率", LOAN_RATE_BOUNDS) : ignored,
    feeRate: isLoan ? ignored : rateField(options.kind === "GUARANTEE" ? "担保费率" : "保险费率", FEE_RATE_BOUNDS),
    acceptedCollateral: enumListField(COLLATERALS, "担保方式", { min: 1 }),
    eligibleEntityTypes: enumListField(ENTITY_TYPES, "适用主体类型", { min: 1 }),
    eligibleIndustrySections: enumListField(INDUSTRY_SECTIONS, "适用行业"),
    regionIds: z.preprocess(
      (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
      z
        .array(z.string().refine((id) => options.regionIds.includes(id), "适用地区中有无法识别的地区"))
        .min(1, "请至少选择一个适用地区")
        .transform((list) => [...new Set(list)]),
    ),
    minYearsInBusiness: intField("最低经营年限", { min: 0, max: 50 }, " 年"),
    flags: enumListField(PRODUCT_FLAGS, "产品标签"),
    policyTool: optionalEnumField(PRODUCT_POLICY_TOOLS, "货币政策工具"),
    validFrom: optionalDate("生效日期"),
    validTo: optionalDate("截止日期"),
    ...costFields(isLoan),
  });
  return base.superRefine((data, ctx) => {
    const [minFen, maxFen] = [tryMoneyToFen(data.minAmount), tryMoneyToFen(data.maxAmount)];
    if (minFen !== null && maxFen !== null && minFen > maxFen) {
      ctx.addIssue({ code: "custom", path: ["maxAmount"], message: "最高额度不能低于最低额度" });
    }
    if (data.minTermMonths > data.maxTermMonths) {
      ctx.addIssue({ code: "custom", path: ["maxTermMonths"], message: "最长期限不能短于最短期限" });
    }
    if (isLoan) {
      const [minRate, maxRate] = [tryRateToUnits(data.minAnnualRate), tryRateToUnits(data.maxAnnualRate)];
      if (minRate !== null && maxRate !== null && minRate > maxRate) {
        ctx.addIssue({ code: "custom", path: ["maxAnnualRate"], message: "最高年化利率不能低于最低年化利率" });
      }
    }
    for (const { prefix, label } of SUBSIDY_FIELDS) {
      const rate = data[`${prefix}Rate`];
      if (typeof rate !== "string" || tryRateToUnits(rate) === 0) continue;
      if (!data[`${prefix}Mode`])
        ctx.addIssue({ code: "custom", path: [`${prefix}Mode`], message: `请选择${label}方式` });
      if (!data[`${prefix}Source`]) {
        ctx.addIssue({ code: "custom", path: [`${prefix}Source`], message: `请填写${label}的政策依据` });
      }
      if (!data[`${prefix}Eligibility`]) {
        ctx.addIssue({ code: "custom", path: [`${prefix}Eligibility`], message: `请填写${label}的适用对象` });
      }
    }
    if (data.validFrom && data.validTo && data.validFrom > data.validTo) {
      ctx.addIssue({ code: "custom", path: ["validTo"], message: "截止日期不能早于生效日期" });
    }
  });
}

export type ProductFormInput = z.output<ReturnType<typeof productFormSchema>>;
