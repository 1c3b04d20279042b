import {
  formatMoney,
  formatMoneyRange,
  formatRate,
  formatRateRange,
  parseFen,
  toFen,
  toRateUnits,
  wan,
} from "~/modules/matching/labels.ts";
import { fenToYuanLiteral } from "~/modules/matching/search-filters.ts";
import { Prisma } from "~/generated/prisma/client.ts";

describe("money is exact", () => {
  it("parses decimal strings into 分 without floating point", () => {
    expect(parseFen("800000.00")).toBe(80_000_000n);
    expect(parseFen("0.1")).toBe(10n);
    expect(parseFen("12345678901234.56")).toBe(1_234_567_890_123_456n);
    expect(parseFen("-3")).toBe(-300n);
    expect(() => parseFen("1.234")).toThrow();
    expect(toFen(new Prisma.Decimal("30000000.00"))).toBe(wan(3000));
    expect(toFen(new Prisma.Decimal("0.30"))).toBe(30n);
  });

  it("formats in 万元 where customary", () => {
    expect(formatMoney(wan(80))).toBe("80 万元");
    expect(formatMoney(wan(3000))).toBe("3000 万元");
    expect(formatMoney(1_500_000n)).toBe("1.5 万元");
    expect(formatMoney(500_000n)).toBe("5000 元");
    expect(formatMoney(12_345n)).toBe("123.45 元");
    expect(formatMoney(123_456_789n)).toBe("123.456789 万元");
    expect(formatMoney(wan(20_000))).toBe("2 亿元");
    expect(formatMoneyRange(wan(10), wan(300))).toBe("10–300 万元");
    expect(formatMoneyRange(500_000n, wan(30))).toBe("5000 元–30 万元");
  });

  it("writes filter literals of 元 exactly", () => {
    expect(fenToYuanLiteral(wan(80))).toBe("800000");
    expect(fenToYuanLiteral(12_345n)).toBe("123.45");
    expect(fenToYuanLiteral(12_340n)).toBe("123.40");
    expect(Number(fenToYuanLiteral(10n))).toBe(0.1);
  });

  it("keeps rates in 0.0001 percentage points", () => {
    expect(toRateUnits(new Prisma.Decimal("3.4500"))).toBe(34_500);
    expect(toRateUnits("4.35")).toBe(43_500);
    expect(formatRate(34_500)).toBe("3.45%");
    expect(formatRate(50_000)).toBe("5%");
    expect(formatRateRange(38_500, 43_500)).toBe("3.85%–4.35%");
    expect(formatRateRange(38_500, null)).toBe("3.85% 起");
    expect(formatRateRange(null, 43_500)).toBe("不高于 4.35%");
    expect(formatRateRange(null, null)).toBeNull();
  });
});
