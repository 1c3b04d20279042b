import { buildCreditCode } from "~/modules/enterprise/credit-code.ts";
import { buildIdentityNumber, explainCreditCode, explainIdentityNumber } from "~/modules/enterprise/identifiers.ts";
import { parseWithSchema } from "~/kernel/forms.ts";
import { makeNeedForm } from "~/modules/needs/need-form.ts";
import { deriveNeedFlags } from "~/modules/needs/need-flags.ts";
import { canDo, illegalActionMessage } from "~/modules/needs/need-lifecycle.ts";

describe("identifiers", () => {
  it("accepts generated credit codes and explains which character is wrong", () => {
    const code = buildCreditCode("445202", 12345, "91");
    expect(explainCreditCode(code)).toBeNull();
    expect(explainCreditCode(code.toLowerCase())).toBeNull();
    const wrongCheck = code.slice(0, 17) + (code.endsWith("1") ? "2" : "1");
    expect(explainCreditCode(wrongCheck)).toBe(
      `第 18 位校验码不符：按前 17 位应为“${code.charAt(17)}”，您填写的是“${wrongCheck.charAt(17)}”。请逐位核对营业执照上的代码`,
    );
    expect(explainCreditCode(`${code.slice(0, 10)}O${code.slice(11)}`)).toBe(
      "第 11 位“O”不是有效字符（统一社会信用代码不含 I、O、Z、S、V）",
    );
  });

  it("validates resident identity numbers for farm households", () => {
    const id = buildIdentityNumber("44522419800101123");
    expect(explainIdentityNumber(id)).toBeNull();
    expect(explainIdentityNumber(id.slice(0, 17) + (id.endsWith("0") ? "1" : "0"))).toMatch(/校验码不符/);
    expect(explainIdentityNumber("445224198013011234")).toMatch(/出生日期/);
  });
});

describe("need form schema", () => {
  const valid = {
    amount: "50",
    amountUnit: "WAN",
    termMonths: "12",
    purposeCategory: "WORKING_CAPITAL",
    collateralOffered: "CREDIT",
    wantsLoan: "on",
    visibility: "OPEN",
    consent: "on",
    consentVersion: "2026-01",
  };

  it("accepts a single checkbox value as a one-item list and keeps the amount exact", () => {
    const parsed = parseWithSchema(makeNeedForm({ intent: "publish", today: "2026-11-25" }), valid);
    expect(parsed.ok && parsed.data).toMatchObject({
      amountYuan: "500000.00",
      collateralOffered: ["CREDIT"],
      institutionIds: [],
    });
  });

  it("needs consent only to publish", () => {
    const { consent: _consent, ...withoutConsent } = valid;
    expect(parseWithSchema(makeNeedForm({ intent: "draft", today: "2026-11-25" }), withoutConsent).ok).toBe(true);
    const publish = parseWithSchema(makeNeedForm({ intent: "publish", today: "2026-11-25" }), withoutConsent);
    expect(!publish.ok && publish.fieldErrors.consent).toMatch(/请阅读并勾选同意/);
  });

  it("bounds the wanted-by date by today and two years ahead", () => {
    const schema = makeNeedForm({ intent: "draft", today: "2026-11-25" });
    expect(parseWithSchema(schema, { ...valid, wantedBy: "2026-11-25" }).ok).toBe(true);
    const past = parseWithSchema(schema, { ...valid, wantedBy: "2026-11-24" });
    expect(!past.ok && past.fieldErrors.wantedBy).toBe("期望到位日期不能早于今天");
    const far = parseWithSchema(schema, { ...valid, wantedBy: "2029-01-01" });
    expect(!far.ok && far.fieldErrors.wantedBy).toBe("期望到位日期不能超过两年以后");
  });
});

describe("flags and lifecycle", () => {
  it("derives flags from the entity and the purpose", () => {
    const micro = { entityType: "SMALL_MICRO" as const, industrySection: "C", declaresNoPriorLoan: true };
    expect(deriveNeedFlags(micro, "WORKING_CAPITAL")).toEqual(["FIRST_LOAN"]);
    expect(deriveNeedFlags({ ...micro, declaresNoPriorLoan: false }, "GREEN_RETROFIT")).toEqual(["GREEN"]);
    expect(
      deriveNeedFlags(
        { entityType: "FARM_HOUSEHOLD", industrySection: "A", declaresNoPriorLoan: false },
        "FISHING_BOAT_RENEWAL",
      ),
    ).toEqual(["AGRI", "MARINE"]);
    expect(
      deriveNeedFlags(
        { entityType: "TRANSFERRED_FIRM", industrySection: "C", declaresNoPriorLoan: false },
        "RESEARCH_AND_DEVELOPMENT",
      ),
    ).toEqual(["TECH", "TRANSFER"]);
  });

  it("allows each enterprise action only from its statuses", () => {
    expect(canDo("publish", "DRAFT")).toBe(true);
    expect(canDo("publish", "OPEN")).toBe(false);
    expect(canDo("close", "DRAFT")).toBe(false);
    expect(canDo("republish", "EXPIRED")).toBe(true);
    expect(canDo("withdraw", "SUCCEEDED")).toBe(false);
    expect(illegalActionMessage("close", "DRAFT")).toBe("需求当前状态为“草稿”，不能关闭。请刷新页面查看最新状态");
  });
});
