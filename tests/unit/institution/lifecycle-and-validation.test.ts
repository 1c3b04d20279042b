import { LEGAL_TRANSITIONS, isLegalTransition } from "~/modules/engagements/lifecycle.ts";
import { ENGAGEMENT_ACTIVE_STATUSES, ENGAGEMENT_FINAL_STATUSES } from "~/kernel/statuses.ts";
import { disbursedOutcomeSchema } from "~/modules/engagements/outcome-form.ts";
import { shanghaiToday as todayInShanghai } from "~/kernel/time.ts";
import { wan } from "~/kernel/money.ts";
import { moneyField, rateField } from "~/modules/institution/validation.ts";
import { productFormSchema } from "~/modules/products/product-form.ts";
import type { EngagementStatus } from "~/generated/prisma/enums.ts";

const ALL: EngagementStatus[] = [
  "REQUESTED",
  "ACCEPTED",
  "CONTACTED",
  "UNDER_REVIEW",
  "APPROVED",
  "DISBURSED",
  "DECLINED",
  "WITHDRAWN",
];

describe("engagement lifecycle (docs/domain.md#engagement-lifecycle)", () => {
  it("is as documented: one step forward at a time, decline/withdraw from any live status, nothing out of a final one", () => {
    expect(isLegalTransition("REQUESTED", "ACCEPTED")).toBe(true);
    expect(isLegalTransition("ACCEPTED", "CONTACTED")).toBe(true);
    expect(isLegalTransition("CONTACTED", "UNDER_REVIEW")).toBe(true);
    expect(isLegalTransition("UNDER_REVIEW", "APPROVED")).toBe(true);
    expect(isLegalTransition("APPROVED", "DISBURSED")).toBe(true);
    expect(isLegalTransition("ACCEPTED", "APPROVED")).toBe(false);
    expect(isLegalTransition("UNDER_REVIEW", "DISBURSED")).toBe(false);
    expect(isLegalTransition("REQUESTED", "DECLINED")).toBe(false);
    for (const status of ENGAGEMENT_FINAL_STATUSES) expect(LEGAL_TRANSITIONS[status]).toEqual([]);
    for (const status of ENGAGEMENT_ACTIVE_STATUSES) expect(isLegalTransition(status, "WITHDRAWN")).toBe(true);
    for (const status of ALL) expect(isLegalTransition(status, status)).toBe(false);
  });
});

describe("money and rate fields", () => {
  it("accepts separators and refuses negatives, letters, three decimals and absurd amounts in Chinese", () => {
    const field = moneyField("放款金额");
    expect(field.parse("1,234,567.80")).toBe("1234567.80");
    const message = (value: unknown) => {
      const result = field.safeParse(value);
      return result.success ? null : result.error.issues[0]!.message;
    };
    expect(message("-1")).toBe("放款金额不能为负数");
    expect(message("1e5")).toMatch(/须为数字/);
    expect(message("1.234")).toMatch(/最多两位小数/);
    // Trailing zeros are the same amount (the one money parser of the kernel), so "1.500" is 1.50 元.
    expect(message("1.500")).toBeNull();
    expect(message("１２０")).toMatch(/须为数字/);
    expect(message("0")).toBe("放款金额必须大于 0");
    expect(message("20000000000")).toMatch(/超出合理范围/);
    expect(message(undefined)).toBe("请填写放款金额");
  });

  it("bounds rates", () => {
    const field = rateField("年化利率", { min: 0, max: 24 });
    expect(field.safeParse("3.85").success).toBe(true);
    expect(field.safeParse("24").success).toBe(true);
    expect(field.safeParse("24.0001").success).toBe(false);
    expect(field.safeParse("0").success).toBe(false);
    expect(field.safeParse("3.12345").success).toBe(false);
  });

  it("knows today in Shanghai even when UTC is still yesterday", () => {
    expect(todayInShanghai(new Date("2026-03-14T17:30:00Z"))).toBe("2026-03-15");
  });
});

describe("outcome and product forms", () => {
  const context = {
    today: "2026-03-15",
    earliest: "2026-03-01",
    institutionKind: "BANK" as const,
    approvedAmountFen: wan(80),
    productIds: ["p1"],
  };

  it("refuses a disbursement dated in the future or before the engagement began", () => {
    const schema = disbursedOutcomeSchema(context);
    const base = { disbursedAmount: "800000", annualRate: "3.9", termMonths: "12", totalCreditAtInstitution: "800000" };
    expect(schema.safeParse({ ...base, decidedOn: "2026-03-15" }).success).toBe(true);
    const future = schema.safeParse({ ...base, decidedOn: "2026-03-16" });
    expect(future.success).toBe(false);
    expect(future.error?.issues[0]?.message).toBe("放款日期不能晚于今天，请在实际放款后登记");
    expect(schema.safeParse({ ...base, decidedOn: "2026-02-28" }).error?.issues[0]?.message).toBe(
      "放款日期不能早于对接开始日期",
    );
    expect(schema.safeParse({ ...base, decidedOn: "2026-03-10", productId: "other" }).success).toBe(false);
  });

  it("does not ask a loan product for a fee rate, nor a guarantee for interest rates", () => {
    const fields = {
      name: "测试产品",
      summary: "一句话简介文字",
      description: "足够长的产品介绍文字",
      minAmount: "1",
      maxAmount: "2",
      minTermMonths: "1",
      maxTermMonths: "2",
      acceptedCollateral: "CREDIT",
      eligibleEntityTypes: "SMALL_MICRO",
      regionIds: "r1",
      minYearsInBusiness: "0",
    };
    const loan = productFormSchema({ kind: "LOAN", regionIds: ["r1"] }).safeParse({
      ...fields,
      minAnnualRate: "3",
      maxAnnualRate: "4",
      feeRate: "99",
    });
    expect(loan.success).toBe(true);
    expect(loan.data?.feeRate).toBeUndefined();
    const guarantee = productFormSchema({ kind: "GUARANTEE", regionIds: ["r1"] }).safeParse({
      ...fields,
      minAnnualRate: "99",
      feeRate: "1.5",
    });
    expect(guarantee.success).toBe(true);
    expect(guarantee.data?.minAnnualRate).toBeUndefined();
  });
});
