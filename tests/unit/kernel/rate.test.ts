import fc from "fast-check";
import { Prisma } from "~/generated/prisma/client.ts";
import {
  decimalToRateString,
  formatPercent,
  formatRate,
  formatRatePercent,
  formatRateRange,
  toRateUnits,
  tryRateToUnits,
} from "~/kernel/rate.ts";

describe("rates in 0.0001 percentage points", () => {
  it("reads Decimal(7,4) and typed percentages exactly", () => {
    expect(toRateUnits(new Prisma.Decimal("3.4500"))).toBe(34_500);
    expect(toRateUnits("4.35")).toBe(43_500);
    expect(toRateUnits("24")).toBe(240_000);
    expect(() => toRateUnits("3.12345")).toThrow(RangeError);
    expect(() => toRateUnits("-1")).toThrow(RangeError);
    expect(tryRateToUnits("3.85")).toBe(38_500);
    expect(tryRateToUnits("3.12345")).toBeNull();
    expect(tryRateToUnits(undefined)).toBeNull();
    expect(decimalToRateString(new Prisma.Decimal("3.4500"))).toBe("3.45");
    expect(decimalToRateString(new Prisma.Decimal("5.0000"))).toBe("5");
  });

  it("formats rates and ranges", () => {
    expect(formatRate(34_500)).toBe("3.45%");
    expect(formatRate(50_000)).toBe("5%");
    expect(formatRateRange(38_500, 43_500)).toBe("3.85%–4.35%");
    expect(formatRateRange(38_500, 38_500)).toBe("3.85%");
    expect(formatRateRange(38_500, null)).toBe("3.85% 起");
    expect(formatRateRange(null, 43_500)).toBe("不高于 4.35%");
    expect(formatRateRange(null, null)).toBeNull();
    expect(formatRatePercent("3.4500")).toBe("3.45%");
    expect(formatRatePercent("5.0000")).toBe("5%");
    expect(formatRatePercent(null)).toBe("—");
    expect(formatPercent(0.1234)).toBe("12.3%");
    expect(formatPercent(null)).toBe("—");
  });

  it("round-trips every Decimal(7,4) rate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_9999 }), (units) => {
        expect(toRateUnits(formatRate(units).slice(0, -1))).toBe(units);
      }),
    );
  });
});
