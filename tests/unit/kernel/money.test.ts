import fc from "fast-check";
import { Prisma } from "~/generated/prisma/client.ts";
import {
  addYuan,
  compareYuan,
  decimalToYuanString,
  fen,
  fenToWanString,
  fenToYuanLiteral,
  fenToYuanNumber,
  fenToYuanString,
  formatMoney,
  formatMoneyRange,
  formatMoneyWan,
  formatMoneyYuan,
  formatWanYuan,
  formatYuan,
  parseMoneyInput,
  parseYuan,
  toFen,
  wan,
  wanToFen,
  yuan,
  yuanToWanNumber,
  yuanToWanString,
} from "~/kernel/money.ts";

/** Any amount of 分 up to 10^17 (a Decimal(18,2) column holds less than 10^18). */
const anyFen = fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }).map((value) => fen(value));
const nonNegativeFen = fc.bigInt({ min: 0n, max: 10n ** 17n }).map((value) => fen(value));

describe("Fen constructors", () => {
  it("builds 分 from 分, whole 元 and whole 万元", () => {
    expect(fen(12_345)).toBe(12_345n);
    expect(yuan(5000)).toBe(500_000n);
    expect(wan(80)).toBe(80_000_000n);
    expect(wan(3000)).toBe(3_000_000_000n);
  });

  it("refuses a fractional or unsafe number of 分", () => {
    expect(() => fen(1.5)).toThrow(RangeError);
    expect(() => fen(2 ** 53)).toThrow(RangeError);
    expect(() => yuan(0.1)).toThrow(RangeError);
  });
});

describe("decimal strings of 元 (Prisma Decimal, Postgres numeric)", () => {
  it("converts to integer 分 without floating point", () => {
    expect(parseYuan("0.1")).toBe(10n);
    expect(parseYuan("0.2")).toBe(20n);
    expect(parseYuan("800000.00")).toBe(80_000_000n);
    expect(parseYuan("12345678901234.56")).toBe(1_234_567_890_123_456n);
    expect(parseYuan("9999999999999999.99")).toBe(999_999_999_999_999_999n);
    expect(parseYuan("-12.5")).toBe(-1250n);
    expect(parseYuan("-3")).toBe(-300n);
  });

  it("accepts trailing zeros and refuses digits below 1 分 instead of rounding", () => {
    expect(parseYuan("1.500")).toBe(150n);
    expect(parseYuan("1.5000000")).toBe(150n);
    expect(parseYuan("1.505")).toBeNull();
    expect(parseYuan("1.234")).toBeNull();
    expect(parseYuan("abc")).toBeNull();
    expect(parseYuan("1e6")).toBeNull();
    expect(parseYuan("1,000")).toBeNull();
    expect(() => toFen("1.005")).toThrow(RangeError);
    expect(() => toFen("1e6")).toThrow(RangeError);
  });

  it("reads Prisma Decimals exactly", () => {
    expect(toFen(new Prisma.Decimal("30000000.00"))).toBe(wan(3000));
    expect(toFen(new Prisma.Decimal("0.30"))).toBe(30n);
    expect(toFen(new Prisma.Decimal("99999999999.99"))).toBe(9_999_999_999_999n);
    expect(() => toFen(new Prisma.Decimal("1.505"))).toThrow(RangeError);
    expect(decimalToYuanString(new Prisma.Decimal("1234.5"))).toBe("1234.50");
  });

  it("writes 元 exactly: two decimals for columns, the shortest literal for search filters", () => {
    expect(fenToYuanString(fen(12_345_678n))).toBe("123456.78");
    expect(fenToYuanString(fen(-5n))).toBe("-0.05");
    expect(fenToYuanString(fen(0n))).toBe("0.00");
    expect(fenToYuanLiteral(wan(80))).toBe("800000");
    expect(fenToYuanLiteral(fen(12_345n))).toBe("123.45");
    expect(fenToYuanLiteral(fen(12_340n))).toBe("123.40");
    expect(fenToYuanNumber(fen(10n))).toBe(0.1);
    expect(fenToYuanNumber(fen(9_999_999_999_999n))).toBe(99_999_999_999.99);
  });

  it("writes 万元 exactly for form defaults and CSV templates", () => {
    expect(fenToWanString(fen(1_234_500_000n))).toBe("1234.5");
    expect(fenToWanString(fen(1n))).toBe("0.000001");
    expect(yuanToWanString("500000.00")).toBe("50");
    expect(yuanToWanString("12345000.00")).toBe("1234.5");
    expect(yuanToWanString("0.01")).toBe("0.000001");
    expect(yuanToWanString("not an amount")).toBe("not an amount");
    expect(wanToFen("1234.5")).toBe(1_234_500_000n);
    expect(wanToFen("0.000001")).toBe(1n);
    expect(() => wanToFen("1.0000001")).toThrow(RangeError);
  });

  it("sums decimal strings exactly", () => {
    expect(addYuan("12.30", "-0.05")).toBe("12.25");
    expect(addYuan("0.1", "0.2")).toBe("0.30");
    expect(addYuan()).toBe("0.00");
    expect(addYuan("99999999999.99", "0.01")).toBe("100000000000.00");
  });

  it("round-trips every amount through its decimal string (no float drift)", () => {
    fc.assert(
      fc.property(anyFen, (amount) => {
        expect(toFen(fenToYuanString(amount))).toBe(amount);
        expect(parseYuan(fenToYuanLiteral(amount))).toBe(amount);
        expect(toFen(new Prisma.Decimal(fenToYuanString(amount)))).toBe(amount);
      }),
    );
  });

  it("sums many large amounts without drift", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 9_999_999_999_999n }), { maxLength: 50 }), (amounts) => {
        const expected = amounts.reduce((sum, value) => sum + value, 0n);
        expect(toFen(addYuan(...amounts.map((value) => fenToYuanString(fen(value)))))).toBe(expected);
      }),
    );
    const big = fenToYuanString(toFen("99999999999.99"));
    expect(addYuan(big, big, big)).toBe("299999999999.97");
  });
});

describe("amounts typed by people", () => {
  it("converts 元 and 万元 exactly, with thousands separators and full-width digits", () => {
    expect(parseMoneyInput("50", "WAN")).toEqual({ ok: true, fen: 50_000_000n, yuan: "500000.00" });
    expect(parseMoneyInput("12.345678", "WAN")).toMatchObject({ yuan: "123456.78" });
    expect(parseMoneyInput("1,234,567.5", "YUAN")).toMatchObject({ yuan: "1234567.50" });
    expect(parseMoneyInput("１２０", "WAN")).toMatchObject({ yuan: "1200000.00" });
    expect(parseMoneyInput("１２０．５", "YUAN")).toMatchObject({ yuan: "120.50" });
    expect(parseMoneyInput("0.1", "WAN")).toMatchObject({ yuan: "1000.00" });
    expect(parseMoneyInput("50万", "WAN")).toMatchObject({ yuan: "500000.00" });
    expect(parseMoneyInput("50 万元", "WAN")).toMatchObject({ yuan: "500000.00" });
    expect(parseMoneyInput("1_000元", "YUAN")).toMatchObject({ yuan: "1000.00" });
    expect(parseMoneyInput("99999999999.99", "YUAN")).toMatchObject({ fen: 9_999_999_999_999n });
  });

  it("takes trailing zeros as written and refuses digits below 1 分 with a reason", () => {
    expect(parseMoneyInput("1.500", "YUAN")).toMatchObject({ ok: true, fen: 150n, yuan: "1.50" });
    expect(parseMoneyInput("1.500", "YUAN", { lenient: false })).toMatchObject({ ok: true, fen: 150n });
    expect(parseMoneyInput("1.505", "YUAN")).toEqual({
      ok: false,
      problem: "TOO_PRECISE",
      reason: "金额最多精确到分（元的两位小数）",
    });
    expect(parseMoneyInput("1.2345678", "WAN")).toMatchObject({ ok: false, problem: "TOO_PRECISE" });
    expect(parseMoneyInput("1.0000001", "WAN", { lenient: false })).toMatchObject({ problem: "TOO_PRECISE" });
  });

  it("rejects what is not an amount", () => {
    expect(parseMoneyInput("", "WAN")).toEqual({ ok: false, problem: "EMPTY", reason: "请填写金额" });
    expect(parseMoneyInput("  ", "WAN")).toMatchObject({ ok: false, problem: "EMPTY" });
    expect(parseMoneyInput("-5", "WAN")).toEqual({ ok: false, problem: "NEGATIVE", reason: "金额不能为负数" });
    expect(parseMoneyInput("1e5", "YUAN")).toMatchObject({ ok: false, problem: "NOT_A_NUMBER" });
    expect(parseMoneyInput("1.", "YUAN")).toMatchObject({ ok: false, problem: "NOT_A_NUMBER" });
    expect(parseMoneyInput(".5", "YUAN")).toMatchObject({ ok: false, problem: "NOT_A_NUMBER" });
    expect(parseMoneyInput("12345678901234567", "YUAN")).toMatchObject({ ok: false, problem: "NOT_A_NUMBER" });
  });

  it("in strict mode (institution and bureau forms) takes only half-width digits, commas and spaces", () => {
    const strict = { lenient: false, maxWholeDigits: 13 } as const;
    expect(parseMoneyInput("1,234,567.80", "YUAN", strict)).toMatchObject({ yuan: "1234567.80" });
    expect(parseMoneyInput("1 000，000", "YUAN", strict)).toMatchObject({ yuan: "1000000.00" });
    expect(parseMoneyInput("１２０", "YUAN", strict)).toMatchObject({ problem: "NOT_A_NUMBER" });
    expect(parseMoneyInput("120万", "YUAN", strict)).toMatchObject({ problem: "NOT_A_NUMBER" });
    expect(parseMoneyInput("1_000", "YUAN", strict)).toMatchObject({ problem: "NOT_A_NUMBER" });
    expect(parseMoneyInput("1234567890123", "YUAN", strict)).toMatchObject({ ok: true });
    expect(parseMoneyInput("12345678901234", "YUAN", strict)).toMatchObject({ problem: "NOT_A_NUMBER" });
  });

  it("parse ∘ format round-trips every amount, in 元 and in 万元", () => {
    fc.assert(
      fc.property(nonNegativeFen, (amount) => {
        const inYuan = parseMoneyInput(fenToYuanString(amount), "YUAN");
        expect(inYuan).toMatchObject({ ok: true, fen: amount });
        const inWan = parseMoneyInput(fenToWanString(amount), "WAN");
        expect(inWan).toMatchObject({ ok: true, fen: amount });
        // What the 元 formatter shows can be typed back in (separators and the unit are accepted).
        expect(parseMoneyInput(formatYuan(amount), "YUAN")).toMatchObject({ ok: true, fen: amount });
      }),
    );
  });

  it("refuses every amount with a non-zero third decimal of 元", () => {
    fc.assert(
      fc.property(nonNegativeFen, fc.integer({ min: 1, max: 9 }), (amount, extra) => {
        const text = `${fenToYuanString(amount)}${extra}`;
        expect(parseMoneyInput(text, "YUAN")).toMatchObject({ ok: false, problem: "TOO_PRECISE" });
        expect(parseYuan(text)).toBeNull();
      }),
    );
  });
});

describe("display", () => {
  it("formats 元 with thousands separators and two decimals", () => {
    expect(formatYuan("1234567.5")).toBe("1,234,567.50 元");
    expect(formatYuan("0")).toBe("0.00 元");
    expect(formatYuan(fen(-5n))).toBe("-0.05 元");
    expect(formatYuan("99999999999.99")).toBe("99,999,999,999.99 元");
    expect(formatYuan("not an amount")).toBe("not an amount");
    expect(formatMoneyYuan(null)).toBe("—");
    expect(formatMoneyYuan("12.3")).toBe("12.30 元");
  });

  it("formats 万元 the way users read amounts, rounding for display only", () => {
    expect(formatWanYuan("800000")).toBe("80 万元");
    expect(formatWanYuan("30000000")).toBe("3,000 万元");
    expect(formatWanYuan("1234567.5")).toBe("123.46 万元");
    expect(formatWanYuan("5000")).toBe("0.5 万元");
    expect(formatWanYuan("49.99")).toBe("0 万元");
    expect(formatWanYuan("50.00")).toBe("0.01 万元");
    expect(formatWanYuan(wan(80))).toBe("80 万元");
    expect(formatWanYuan("30000000", { unit: false })).toBe("3,000");
    expect(formatMoneyWan(undefined)).toBe("—");
  });

  it("formats exact amounts in the unit loan documents use", () => {
    expect(formatMoney(wan(80))).toBe("80 万元");
    expect(formatMoney(wan(3000))).toBe("3000 万元");
    expect(formatMoney(fen(1_500_000n))).toBe("1.5 万元");
    expect(formatMoney(fen(500_000n))).toBe("5000 元");
    expect(formatMoney(fen(12_345n))).toBe("123.45 元");
    expect(formatMoney(fen(123_456_789n))).toBe("123.456789 万元");
    expect(formatMoney(wan(20_000))).toBe("2 亿元");
    expect(formatMoneyRange(wan(10), wan(300))).toBe("10–300 万元");
    expect(formatMoneyRange(fen(500_000n), wan(30))).toBe("5000 元–30 万元");
  });
});

describe("sorting and charts", () => {
  it("compares decimal strings exactly and gives charts 万元 numbers", () => {
    expect(compareYuan("99999999999.99", "100000000000.00")).toBe(-1);
    expect(compareYuan("12.50", "12.5")).toBe(0);
    expect(compareYuan("-0.01", "0")).toBe(-1);
    expect(yuanToWanNumber("1234567.89")).toBe(123.456789);
    expect(yuanToWanNumber("800000.00")).toBe(80);
  });
});
