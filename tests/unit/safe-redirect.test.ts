import { formatWanYuan, formatYuan, yuanToFen } from "~/modules/money.ts";
import { safeRedirectPath } from "~/web/safe-redirect.ts";

describe("money is exact", () => {
  it("converts decimal strings to integer fen without floating point", () => {
    expect(yuanToFen("0.1")).toBe(10n);
    expect(yuanToFen("0.2")).toBe(20n);
    expect(yuanToFen("9999999999999999.99")).toBe(999999999999999999n);
    expect(yuanToFen("-12.5")).toBe(-1250n);
    expect(yuanToFen("1.234")).toBeNull();
    expect(yuanToFen("abc")).toBeNull();
  });

  it("formats 元 with thousands separators and two decimals", () => {
    expect(formatYuan("1234567.5")).toBe("1,234,567.50 元");
    expect(formatYuan("0")).toBe("0.00 元");
  });

  it("formats 万元 the way users read amounts", () => {
    expect(formatWanYuan("800000")).toBe("80 万元");
    expect(formatWanYuan("30000000")).toBe("3,000 万元");
    expect(formatWanYuan("1234567.5")).toBe("123.46 万元");
    expect(formatWanYuan("5000")).toBe("0.5 万元");
  });
});

describe("redirect after sign-in", () => {
  it("allows same-site paths only", () => {
    expect(safeRedirectPath("/enterprise/needs", "/")).toBe("/enterprise/needs");
    expect(safeRedirectPath("//evil.example/x", "/home")).toBe("/home");
    expect(safeRedirectPath("https://evil.example", "/home")).toBe("/home");
    expect(safeRedirectPath("/\\evil.example", "/home")).toBe("/home");
    expect(safeRedirectPath(undefined, "/home")).toBe("/home");
    expect(safeRedirectPath("/\t/evil.example", "/home")).toBe("/home");
    expect(safeRedirectPath("/\n/evil.example", "/home")).toBe("/home");
    expect(safeRedirectPath("/%09/evil.example", "/home")).toBe("/%09/evil.example");
    expect(safeRedirectPath("/bureau?period=2026Q3#funnel", "/")).toBe("/bureau?period=2026Q3#funnel");
  });
});
