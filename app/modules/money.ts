/**
 * Money is exact: amounts travel as decimal strings of 元 (from Prisma's Decimal) and are formatted without ever
 * becoming floating-point numbers.
 */
const YUAN_PATTERN = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** Converts a decimal string of 元 into integer 分 (BigInt), or null when it is not a valid amount. */
export function yuanToFen(yuan: string): bigint | null {
  const match = YUAN_PATTERN.exec(yuan.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  const fen = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, "0"));
  return sign ? -fen : fen;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "1234567.5" → "1,234,567.50 元" */
export function formatYuan(yuan: string): string {
  const fen = yuanToFen(yuan);
  if (fen === null) return yuan;
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${groupThousands((abs / 100n).toString())}.${(abs % 100n).toString().padStart(2, "0")}`;
  return `${negative ? "-" : ""}${text} 元`;
}

/** "800000" → "80 万元", "1234567.5" → "123.46 万元" (rounded half up to 2 places, display only). */
export function formatWanYuan(yuan: string): string {
  const fen = yuanToFen(yuan);
  if (fen === null) return yuan;
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  // 1 万元 = 1,000,000 分; keep two decimals of 万元 = units of 10,000 分, rounding half up.
  const hundredthsOfWan = (abs + 5_000n) / 10_000n;
  const whole = hundredthsOfWan / 100n;
  const fraction = (hundredthsOfWan % 100n).toString().padStart(2, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${groupThousands(whole.toString())}${fraction ? `.${fraction}` : ""} 万元`;
}
