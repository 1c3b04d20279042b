/**
 * Exact money and rate helpers for matching reasons, search documents and the leads UI. Enum labels are in
 * app/kernel/labels.ts.
 *
 * Money is carried as integer 分 (bigint) and rates as integer units of 0.0001 percentage point, so every
 * comparison and every number shown in a reason is exact (docs/domain.md#money). No server-only imports.
 */
// ───────────────────────────── money and rates ─────────────────────────────

/** Parses a decimal string ("1234.5", "-3", "800000.00") into integer 分. Rejects anything with more than 2 decimals. */
export function parseFen(value: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d{0,2})0*)?$/.exec(value.trim());
  if (!match) throw new Error(`不是合法的金额: ${value}`);
  const [, sign, whole, fraction = ""] = match;
  const fen = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, "0") || "0");
  return sign ? -fen : fen;
}

/** Anything with an exact toFixed (Prisma.Decimal) or a decimal string → 分. */
export function toFen(value: { toFixed(digits: number): string } | string): bigint {
  return parseFen(typeof value === "string" ? value : value.toFixed(2));
}

export function yuan(amount: number | bigint): bigint {
  return BigInt(amount) * 100n;
}

export function wan(amount: number | bigint): bigint {
  return BigInt(amount) * 1_000_000n;
}

/** 分 → 元 as a JavaScript number, for Meilisearch range filters only (never for arithmetic or display). */
export function fenToYuanNumber(fen: bigint): number {
  return Number(fen) / 100;
}

/** Exact decimal string of fen / 10^scaleDigits with trailing zeros trimmed. */
function scaledString(fen: bigint, scaleDigits: number, maxDecimals: number): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const scale = 10n ** BigInt(scaleDigits);
  const whole = abs / scale;
  let fraction = (abs % scale).toString().padStart(scaleDigits, "0").slice(0, maxDecimals);
  fraction = fraction.replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole.toString()}${fraction ? `.${fraction}` : ""}`;
}

/** "80 万元", "3000 万元", "1.5 万元", "5000 元", "2 亿元" — the way Chinese loan documents write amounts. */
export function formatMoney(fen: bigint): string {
  const abs = fen < 0n ? -fen : fen;
  if (abs >= 10_000_000_000n && abs % 100_000_000n === 0n) return `${scaledString(fen, 10, 4)} 亿元`;
  if (abs >= 1_000_000n) return `${scaledString(fen, 6, 6)} 万元`;
  return `${scaledString(fen, 2, 2)} 元`;
}

/** "10–300 万元" when both ends are in 万元, otherwise each end formatted on its own. */
export function formatMoneyRange(minFen: bigint, maxFen: bigint): string {
  if (minFen >= 1_000_000n && maxFen >= 1_000_000n && maxFen < 10_000_000_000n) {
    return `${scaledString(minFen, 6, 6)}–${scaledString(maxFen, 6, 6)} 万元`;
  }
  return `${formatMoney(minFen)}–${formatMoney(maxFen)}`;
}

/** Rates are integer units of 0.0001 percentage point: 3.45% ⇄ 34500. */
export function toRateUnits(value: { toFixed(digits: number): string } | string): number {
  const text = typeof value === "string" ? value : value.toFixed(4);
  const match = /^(\d+)(?:\.(\d{0,4})0*)?$/.exec(text.trim());
  if (!match) throw new Error(`不是合法的利率: ${text}`);
  return Number(match[1]) * 10_000 + Number((match[2] ?? "").padEnd(4, "0") || "0");
}

export function formatRate(units: number): string {
  return `${scaledString(BigInt(units), 4, 4)}%`;
}

export function rateUnitsToPercentNumber(units: number): number {
  return units / 10_000;
}

export function formatRateRange(minUnits: number | null, maxUnits: number | null): string | null {
  if (minUnits === null && maxUnits === null) return null;
  if (minUnits === null) return `不高于 ${formatRate(maxUnits!)}`;
  if (maxUnits === null) return `${formatRate(minUnits)} 起`;
  if (maxUnits === minUnits) return formatRate(minUnits);
  return `${scaledString(BigInt(minUnits), 4, 4)}%–${formatRate(maxUnits)}`;
}

export function formatTermRange(min: number, max: number): string {
  return min === max ? `${min} 个月` : `${min}–${max} 个月`;
}
