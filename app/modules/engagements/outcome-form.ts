/**
 * The outcome forms of an engagement (approved / disbursed / declined), with every check the issue asks for:
 * positive exact money, no disbursement dated in the future, known decline reasons, sane rates. The schema is built
 * per request because some bounds depend on the engagement (when it started, what was approved).
 */
import { z } from "zod";
import type { InstitutionKind } from "~/generated/prisma/enums.ts";
import { DECLINE_REASONS } from "./lifecycle.ts";
import {
  checkboxField,
  dateField,
  enumField,
  intField,
  moneyField,
  optionalEnumField,
  optionalMoneyField,
  optionalTextField,
  rateField,
  textField,
  tryMoneyToFen,
} from "~/modules/institution/validation.ts";
import type { Fen } from "~/kernel/money.ts";

export const POLICY_TOOLS = [
  "AGRI_SMALL_RELENDING",
  "INCLUSIVE_SMALL_MICRO_TOOL",
  "CARBON_REDUCTION_TOOL",
  "TECH_INNOVATION_RELENDING",
] as const;
export const OUTCOME_KINDS = ["APPROVED", "DISBURSED", "DECLINED"] as const;
export type OutcomeFormKind = (typeof OUTCOME_KINDS)[number];

/** Loans are priced by an annual rate, guarantees and insurance by a fee rate; both are bounded to catch typos. */
export const RATE_BOUNDS = { min: 0, max: 24 } as const;

export type OutcomeFormContext = {
  /** YYYY-MM-DD in Asia/Shanghai. */
  today: string;
  /** The day the engagement began (YYYY-MM-DD): a decision cannot predate it. */
  earliest: string;
  institutionKind: InstitutionKind;
  /** The approved amount on file, in 分, when recording the disbursement. */
  approvedAmountFen: Fen | null;
  /** Ids of the institution's own products (the only ones an outcome may name). */
  productIds: readonly string[];
};

const amountLabels: Record<InstitutionKind, { approved: string; disbursed: string }> = {
  BANK: { approved: "审批金额", disbursed: "放款金额" },
  GUARANTOR: { approved: "批准担保金额", disbursed: "在保金额" },
  INSURER: { approved: "核保金额", disbursed: "保险金额" },
};

export function outcomeLabels(kind: InstitutionKind) {
  return amountLabels[kind];
}

function productIdField(productIds: readonly string[]) {
  return z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .refine((id) => productIds.includes(id), "所选产品不属于本机构")
      .optional(),
  );
}

export function approvedOutcomeSchema(context: OutcomeFormContext) {
  const labels = outcomeLabels(context.institutionKind);
  return z.object({
    approvedAmount: moneyField(labels.approved),
    annualRate: rateField(context.institutionKind === "BANK" ? "年化利率" : "费率", RATE_BOUNDS),
    termMonths: intField("期限", { min: 1, max: 360 }, " 个月"),
    decidedOn: dateField("审批日期", {
      notAfter: context.today,
      notAfterMessage: "审批日期不能晚于今天",
      notBefore: context.earliest,
      notBeforeMessage: "审批日期不能早于对接开始日期",
    }),
    productId: productIdField(context.productIds),
    policyTool: optionalEnumField(POLICY_TOOLS, "货币政策工具"),
    note: optionalTextField("备注", 500),
  });
}

export function disbursedOutcomeSchema(context: OutcomeFormContext) {
  const labels = outcomeLabels(context.institutionKind);
  const isBank = context.institutionKind === "BANK";
  return z
    .object({
      disbursedAmount: moneyField(labels.disbursed),
      annualRate: rateField(isBank ? "年化利率" : "费率", RATE_BOUNDS),
      termMonths: intField("期限", { min: 1, max: 360 }, " 个月"),
      decidedOn: dateField("放款日期", {
        notAfter: context.today,
        notAfterMessage: "放款日期不能晚于今天，请在实际放款后登记",
        notBefore: context.earliest,
        notBeforeMessage: "放款日期不能早于对接开始日期",
      }),
      productId: productIdField(context.productIds),
      policyTool: optionalEnumField(POLICY_TOOLS, "货币政策工具"),
      firstLoanConfirmed: checkboxField,
      totalCreditAtInstitution: isBank
        ? moneyField("该企业在本机构的授信总额")
        : optionalMoneyField("该企业在本机构的授信总额"),
      note: optionalTextField("备注", 500),
    })
    .superRefine((data, ctx) => {
      const disbursed = tryMoneyToFen(data.disbursedAmount);
      if (disbursed === null) return;
      if (context.approvedAmountFen !== null && disbursed > context.approvedAmountFen) {
        ctx.addIssue({ code: "custom", path: ["disbursedAmount"], message: `${labels.disbursed}不能超过已审批的金额` });
      }
      const total = tryMoneyToFen(data.totalCreditAtInstitution);
      if (total !== null && total < disbursed) {
        ctx.addIssue({
          code: "custom",
          path: ["totalCreditAtInstitution"],
          message: `授信总额（含本笔）不能小于${labels.disbursed}`,
        });
      }
    });
}

export function declinedOutcomeSchema(context: OutcomeFormContext) {
  return z.object({
    declineReason: enumField(DECLINE_REASONS, "未通过原因"),
    declineMessage: textField("给企业的说明", { min: 5, max: 500 }),
    decidedOn: z.preprocess(
      (value) => (value === undefined || value === "" ? context.today : value),
      dateField("决定日期", {
        notAfter: context.today,
        notAfterMessage: "决定日期不能晚于今天",
        notBefore: context.earliest,
        notBeforeMessage: "决定日期不能早于对接开始日期",
      }),
    ),
  });
}

export type ApprovedOutcomeInput = z.output<ReturnType<typeof approvedOutcomeSchema>>;
export type DisbursedOutcomeInput = z.output<ReturnType<typeof disbursedOutcomeSchema>>;
export type DeclinedOutcomeInput = z.output<ReturnType<typeof declinedOutcomeSchema>>;
