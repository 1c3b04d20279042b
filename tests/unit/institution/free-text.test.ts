import { parseWithSchema } from "~/kernel/forms.ts";
import { approvedOutcomeSchema, declinedOutcomeSchema } from "~/modules/engagements/outcome-form.ts";
import { moneyField, optionalTextField } from "~/modules/institution/validation.ts";
import { z } from "zod";

const context = {
  today: "2026-12-03",
  earliest: "2026-11-01",
  institutionKind: "BANK" as const,
  approvedAmountFen: null,
  productIds: [],
};

describe("free text is never cleaned like a number", () => {
  const note = "  已与企业负责人 王先生 面谈，抵押物为厂房, 评估价 1,200,000 元，下周签约。  ";

  it("keeps every space and comma of an outcome note (only the ends are trimmed)", () => {
    const parsed = parseWithSchema(approvedOutcomeSchema(context), {
      approvedAmount: "800,000",
      annualRate: "3.45",
      termMonths: "12",
      decidedOn: "2026-12-01",
      note,
    });
    expect(parsed).toMatchObject({ ok: true, data: { approvedAmount: "800000", note: note.trim() } });
  });

  it("keeps the decline message as written", () => {
    const message = "抵押物不足, 建议 补充 担保 后再申请";
    const parsed = parseWithSchema(declinedOutcomeSchema(context), {
      declineReason: "INSUFFICIENT_COLLATERAL",
      declineMessage: message,
    });
    expect(parsed).toMatchObject({ ok: true, data: { declineMessage: message } });
  });

  it("treats a blank optional text as not given, and a number field still drops separators", () => {
    const schema = z.object({ note: optionalTextField("备注", 20), amount: moneyField("金额") });
    expect(parseWithSchema(schema, { note: "   ", amount: "1, 000" })).toEqual({
      ok: true,
      data: { note: undefined, amount: "1000" },
    });
    expect(parseWithSchema(schema, { note: "a, b c", amount: "1" })).toMatchObject({ data: { note: "a, b c" } });
  });
});
