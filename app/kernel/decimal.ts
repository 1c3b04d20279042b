/**
 * Exact decimal text for scaled integers (分 of 元, units of 0.0001 percentage point). Shared by money.ts and
 * rate.ts; nothing here ever becomes a floating-point number.
 */

/** "1234567" → "1,234,567" */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * value / 10^scaleDigits as an exact decimal string, cut (not rounded) to maxDecimals places and with trailing
 * zeros trimmed: scaledString(1_250_000n, 6, 6) → "1.25".
 */
export function scaledString(value: bigint, scaleDigits: number, maxDecimals: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(scaleDigits);
  const whole = abs / scale;
  const fraction = (abs % scale).toString().padStart(scaleDigits, "0").slice(0, maxDecimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole.toString()}${fraction ? `.${fraction}` : ""}`;
}

/**
 * A plain decimal string (optional "-", digits, optional fraction) as an integer scaled by 10^scaleDigits, or null
 * when it is not one or has non-zero digits beyond scaleDigits places ("1.500" is 1.5; "1.505" at 2 places is null).
 */
export function parseScaled(text: string, scaleDigits: number): bigint | null {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const [, sign, whole, rawFraction = ""] = match;
  const fraction = rawFraction.replace(/0+$/, "");
  if (fraction.length > scaleDigits) return null;
  const value = BigInt(whole!) * 10n ** BigInt(scaleDigits) + BigInt(fraction.padEnd(scaleDigits, "0") || "0");
  return sign ? -value : value;
}
