import {
  checkBalanceRows,
  explainReportMonth,
  lastClosedMonth,
  parseTag,
  parseYesNo,
  previousMonth,
} from "~/modules/balances/rows.ts";
import { buildCreditCode } from "~/modules/enterprise/credit-code.ts";

const code = buildCreditCode("445202", 42, "91");
const row = (line: number, overrides: Record<string, unknown> = {}) => ({
  line,
  borrowerCode: code,
  borrowerName: "借款人",
  loanId: `L${line}`,
  tags: ["INCLUSIVE"],
  balance: "100.00",
  totalCredit: "1000000",
  ...overrides,
});

describe("report months", () => {
  it("steps back across a year and allows only months that have ended", () => {
    expect(previousMonth("2026-01")).toBe("2025-12");
    expect(lastClosedMonth("2026-12-01")).toBe("2026-11");
    expect(explainReportMonth("2026-11", "2026-12-01")).toBeNull();
    expect(explainReportMonth("2026-12", "2026-12-31")).toContain("尚未结束");
    expect(explainReportMonth("2026-13", "2026-12-31")).toContain("无效");
    expect(explainReportMonth("26-11", "2026-12-31")).toContain("YYYY-MM");
  });
});

describe("cells", () => {
  it("reads 是/否 as Excel users write them and tags by code or Chinese name", () => {
    expect(["是", "Y", "true", "1", "√"].map(parseYesNo)).toEqual([true, true, true, true, true]);
    expect(["否", "", "N", "0"].map(parseYesNo)).toEqual([false, false, false, false]);
    expect(parseYesNo("也许")).toBeNull();
    expect([parseTag("普惠"), parseTag("agri"), parseTag("GREEN"), parseTag("其他")]).toEqual([
      "INCLUSIVE",
      "AGRI",
      "GREEN",
      null,
    ]);
  });
});

describe("checkBalanceRows", () => {
  it("keeps exact amounts and reports each bad line once with all its reasons", () => {
    const { rows, errors } = checkBalanceRows("2026-11", [
      row(2, { balance: "1,234.56" }),
      row(3, { balance: "-1", totalCredit: "x" }),
      row(4, { loanId: "L2" }),
    ]);
    expect(rows.map((each) => [each.line, each.balance, each.balanceFen])).toEqual([[2, "1234.56", 123456n]]);
    expect(errors.map((error) => error.line)).toEqual([3, 4]);
    expect(errors[0]!.reason).toMatch(/贷款余额须为非负金额.*；授信总额须为非负金额/);
    expect(errors[1]!.reason).toBe("贷款编号“L2”与第 2 行重复");
  });

  it("accepts a credit line of exactly 1000 万元 for an inclusive loan and refuses one 分 more", () => {
    expect(checkBalanceRows("2026-11", [row(2, { totalCredit: "10000000.00" })]).errors).toEqual([]);
    expect(checkBalanceRows("2026-11", [row(2, { totalCredit: "10000000.01" })]).errors[0]!.reason).toContain(
      "超过 1000 万元",
    );
    expect(checkBalanceRows("2026-11", [row(2, { totalCredit: "10000000.01", tags: [] })]).errors).toEqual([]);
  });

  it("refuses an empty report", () => {
    expect(checkBalanceRows("2026-11", []).errors).toEqual([{ line: 1, reason: "没有余额数据行" }]);
  });
});
