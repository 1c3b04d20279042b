/**
 * Contract rates as exact integers so that every interest and fee amount can be computed in 分 without floating
 * point. A rate is held in millionths of one (1 ppm): the database keeps rates as Decimal(7,4) percent, whose
 * smallest step 0.0001 % is exactly one millionth, so 3.6 % = 36 000 and nothing is lost either way.
 */
export type RatePpm = bigint;

export const PPM = 1_000_000n;
/** Annual rate ppm → monthly amount: amount × rate / (12 × 10⁶). */
export const MONTHLY_DENOMINATOR = 12n * PPM;

const PERCENT_PATTERN = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/** "3.6" / "3.6000" (percent) → 36 000 ppm; null when not a non-negative percent with at most four decimals. */
export function percentToPpm(percent: string): RatePpm | null {
  const match = PERCENT_PATTERN.exec(percent.trim());
  if (!match) return null;
  const [, whole, fraction = ""] = match;
  return BigInt(whole!) * 10_000n + BigInt(fraction.padEnd(4, "0"));
}

/** 36 000 ppm → "3.6" (percent, trailing zeros dropped): the inverse of {@link percentToPpm}. */
export function ppmToPercent(rate: RatePpm): string {
  const whole = rate / 10_000n;
  const fraction = (rate % 10_000n).toString().padStart(4, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

/**
 * numerator / denominator rounded half up to an integer (for non-negative numerators, the 四舍五入 banks apply
 * to each period's interest and fee).
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  if (numerator < 0n) return -roundHalfUp(-numerator, denominator);
  return (2n * numerator + denominator) / (2n * denominator);
}

/** A solved rate (a fraction, 0.0662 = 6.62 %) shown as a percent with two decimals: "6.62%". */
export function formatRate(rate: number, decimals = 2): string {
  return `${(rate * 100).toFixed(decimals)}%`;
}
