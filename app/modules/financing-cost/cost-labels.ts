import type { ChargeBasis, CostComponent, FeeBase, RepaymentMethod, SubsidyKind, SubsidyMode } from "./schedule.ts";

/** Chinese names for the financing-cost vocabulary (kept beside the module: it is the only user). */
export const repaymentMethodLabel: Record<RepaymentMethod, string> = {
  BULLET: "到期一次还本付息",
  INTEREST_ONLY: "按月付息到期还本",
  EQUAL_INSTALMENT: "等额本息",
  EQUAL_PRINCIPAL: "等额本金",
  REVOLVING: "随借随还",
};

export const costComponentLabel: Record<CostComponent, string> = {
  INTEREST: "利息",
  UPFRONT_FEE: "一次性费用",
  PERIODIC_FEE: "按期费用",
  GUARANTEE_FEE: "担保费",
  INSURANCE: "保险费",
  INTEREST_SUBSIDY: "贴息",
  GUARANTEE_FEE_SUBSIDY: "担保费补贴",
};

export const feeBaseLabel: Record<FeeBase, string> = {
  PRINCIPAL: "按贷款本金",
  BALANCE: "按贷款余额",
};

export const chargeBasisLabel: Record<ChargeBasis, string> = {
  UPFRONT: "放款时一次性收取",
  YEARLY: "按年预收",
};

export const subsidyKindLabel: Record<SubsidyKind, string> = {
  INTEREST: "贴息",
  GUARANTEE_FEE: "担保费补贴",
};

export const subsidyModeLabel: Record<SubsidyMode, string> = {
  RATE_REDUCTION: "直接降低利率",
  REFUND: "先付后返",
};
