/**
 * Money is exact. In the database it is Decimal(18,2) 元; in code it is a `Fen` (integer 分 as a branded bigint) or
 * an exact decimal string of 元. Nothing here goes through a floating-point number, and nothing is rounded except
 * the 万元 display format. Shared by the browser (instant hints) and the server (the authority).
 */
import { groupThousands, parseScaled, scaledString } from "./decimal.ts";

/** Integer 分. Made only by the constructors and parsers below, so a plain number of 元 cannot pass for one. */
export type Fen = bigint & { readonly __brand: "Fen" };

/** A Prisma Decimal (or anything with its exact `toFixed()`); a JavaScript number is deliberately not one. */
export interface DecimalLike {
  toFixed(): string;
  toNumber(): number;
}

/** An amount already in 分: a bigint, or a safe integer number. */
export function fen(value: bigint | number): Fen {
  if (typeof value === "number" && !Number.isSafeInteger(value))
    throw new RangeError(`not a whole number of 分: ${value}`);
  return BigInt(value) as Fen;
}

export const ZERO_FEN = fen(0n);
/** 1 万元 in 分. */
export const WAN_FEN = fen(1_000_000n);
/** 1 亿元 in 分. */
export const YI_FEN = fen(10_000_000_000n);

/** A whole number of 元: yuan(5000) is 500000 分. */
export function yuan(amount: bigint | number): Fen {
  return fen(fen(amount) * 100n);
}

/** A whole number of 万元: wan(80) is 80,000,000 分. */
export function wan(amount: bigint | number): Fen {
  return fen(fen(amount) * WAN_FEN);
}

export function sumFen(values: Iterable<bigint>): Fen {
  let total = 0n;
  for (const value of values) total += value;
  return fen(total);
}

// ───────────────────────────── decimal strings of 元 ─────────────────────────────

/**
 * A stored decimal string of 元 ("1234.5", "-3", "800000.00", "1.500") → 分, or null when it is not an amount or has
 * non-zero digits beyond 分 ("1.505"). No separators, no units: this reads what Postgres and Prisma write.
 */
export function parseYuan(text: string): Fen | null {
  const value = parseScaled(text.trim(), 2);
  return value === null ? null : fen(value);
}

/** A Prisma Decimal or a stored decimal string of 元 → 分; throws on anything else (money is never rounded silently). */
export function toFen(value: DecimalLike | string): Fen {
  const text = typeof value === "string" ? value : value.toFixed();
  const parsed = parseYuan(text);
  if (parsed === null) throw new RangeError(`not an amount in 元 with at most 2 decimals: ${text}`);
  return parsed;
}

/** 12345678n → "123456.78": the exact decimal string Prisma stores in a Decimal(18,2) column. */
export function fenToYuanString(value: Fen): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  return `${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** A Prisma Decimal → "1234.50" (two decimals, exact), for loaders that hand amounts to pages. */
export function decimalToYuanString(value: DecimalLike): string {
  return fenToYuanString(toFen(value));
}

/** 分 → the shortest exact 元 literal for search documents and filters: 8000000n → "80000", 12345n → "123.45". */
export function fenToYuanLiteral(value: Fen): string {
  const text = fenToYuanString(value);
  return text.endsWith(".00") ? text.slice(0, -3) : text;
}

/** 分 → 元 as a JavaScript number, for Meilisearch range attributes only (never for arithmetic or display). */
export function fenToYuanNumber(value: Fen): number {
  return Number(fenToYuanLiteral(value));
}

/** 分 → 万元, exact with trailing zeros trimmed: 125000000n → "125", 12345678n → "12.345678" (form defaults, CSV). */
export function fenToWanString(value: Fen): string {
  return scaledString(value, 6, 6);
}

/** An exact decimal string of 万元 ("12.5", "0.000001") → 分; throws on anything else (fixtures, seed data). */
export function wanToFen(text: string): Fen {
  const value = parseScaled(text.trim(), 6);
  if (value === null) throw new RangeError(`not an amount in 万元 with at most 6 decimals: ${text}`);
  return fen(value);
}

/** A decimal string of 元 → 万元 as a JavaScript number, for chart values only (never for sums or comparisons). */
export function yuanToWanNumber(yuanText: string): number {
  return Number(fenToWanString(parseYuan(yuanText) ?? ZERO_FEN));
}

/** "500000.00" 元 → "50" 万元 (exact), for pre-filling a form in 万元; a string that is not an amount comes back as it is. */
export function yuanToWanString(yuanText: string): string {
  const amount = parseYuan(yuanText);
  return amount === null ? yuanText : fenToWanString(amount);
}

/** Exact sum of decimal strings of 元 ("12.30" + "-0.05" → "12.25"); anything that is not an amount counts as 0. */
export function addYuan(...values: string[]): string {
  return fenToYuanString(sumFen(values.map((value) => parseYuan(value) ?? ZERO_FEN)));
}

/** Compares decimal strings of 元 exactly, for sorting (anything that is not an amount counts as 0). */
export function compareYuan(a: string, b: string): number {
  const left = parseYuan(a) ?? 0n;
  const right = parseYuan(b) ?? 0n;
  return left < right ? -1 : left > right ? 1 : 0;
}

// ───────────────────────────── amounts typed by people ─────────────────────────────

export const MONEY_UNITS = ["WAN", "YUAN"] as const;
export type MoneyUnit = (typeof MONEY_UNITS)[number];

export const moneyUnitLabel: Record<MoneyUnit, string> = { WAN: "万元", YUAN: "元" };

export type MoneyInputProblem = "EMPTY" | "NOT_A_NUMBER" | "NEGATIVE" | "TOO_PRECISE";

export type MoneyInputResult =
  { ok: true; fen: Fen; yuan: string } | { ok: false; problem: MoneyInputProblem; reason: string };

export interface MoneyInputOptions {
  /**
   * Also accept what phone input methods produce: full-width digits and point ("１２０．５"), "_" as a separator, and
   * a trailing 元 / 万 / 万元 (the unit itself still comes from `unit`). On by default (the enterprise forms and the
   * product supermarket); the institution and bureau forms accept only half-width digits, commas and spaces.
   */
  lenient?: boolean;
  /** Most digits before the decimal point (a longer number is not a number the form accepts). Default 16. */
  maxWholeDigits?: number;
}

/** Decimal places of each unit down to 1 分: 2 places of 元, 6 places of 万元. */
const UNIT_DECIMALS: Record<MoneyUnit, number> = { YUAN: 2, WAN: 6 };

const PROBLEM_REASON: Record<MoneyInputProblem, (unit: MoneyUnit) => string> = {
  EMPTY: () => "请填写金额",
  NOT_A_NUMBER: (unit) => `请填写数字金额（单位：${moneyUnitLabel[unit]}）`,
  NEGATIVE: () => "金额不能为负数",
  TOO_PRECISE: (unit) => (unit === "YUAN" ? "金额最多精确到分（元的两位小数）" : "金额最多精确到分（万元的六位小数）"),
};

/** Full-width digits and point that Chinese input methods produce → ASCII. */
function toHalfWidth(text: string): string {
  return text.replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** The text with separators (and, when lenient, full-width forms and a unit suffix) removed. */
export function normalizeMoneyText(raw: string, options: MoneyInputOptions = {}): string {
  if (options.lenient === false) return raw.replace(/[\s,，]/g, "");
  return toHalfWidth(raw)
    .replace(/[\s,，_]/g, "")
    .replace(/(万元|万|元)$/, "");
}

/**
 * An amount as a person typed it, in 元 or 万元 → exact 分 and the decimal string of 元. Conversion from 万元 moves the
 * decimal point in the string, so "12.345678" 万元 is exactly "123456.78" 元. Trailing zeros are fine ("1.500" 元 is
 * 150 分); digits below 1 分 are refused ("1.505" 元), never rounded.
 */
export function parseMoneyInput(raw: string, unit: MoneyUnit, options: MoneyInputOptions = {}): MoneyInputResult {
  const text = normalizeMoneyText(raw, options);
  const refuse = (problem: MoneyInputProblem): MoneyInputResult => ({
    ok: false,
    problem,
    reason: PROBLEM_REASON[problem](unit),
  });
  if (text.length === 0) return refuse("EMPTY");
  const maxWholeDigits = options.maxWholeDigits ?? 16;
  const match = new RegExp(`^(-)?(\\d{1,${maxWholeDigits}})(?:\\.(\\d+))?$`).exec(text);
  if (!match) return refuse("NOT_A_NUMBER");
  if (match[1]) return refuse("NEGATIVE");
  const value = parseScaled(`${match[2]}${match[3] === undefined ? "" : `.${match[3]}`}`, UNIT_DECIMALS[unit]);
  if (value === null) return refuse("TOO_PRECISE");
  // Scaled to the unit's decimals down to 分, the value already is 分 (1 万元 = 10^6 分).
  const amount = fen(value);
  return { ok: true, fen: amount, yuan: fenToYuanString(amount) };
}

// ───────────────────────────── display ─────────────────────────────

function fenOf(value: Fen | string): Fen | null {
  return typeof value === "string" ? parseYuan(value) : value;
}

/** "1234567.5" or 123456750n → "1,234,567.50 元". A string that is not an amount is shown as it is. */
export function formatYuan(value: Fen | string): string {
  const amount = fenOf(value);
  if (amount === null) return String(value);
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  return `${negative ? "-" : ""}${groupThousands((abs / 100n).toString())}.${(abs % 100n).toString().padStart(2, "0")} 元`;
}

/**
 * "800000" → "80 万元", "1234567.5" → "123.46 万元": rounded half up to two places of 万元, for the eye only.
 * `{ unit: false }` leaves off the " 万元" (table cells whose header names the unit).
 */
export function formatWanYuan(value: Fen | string, options: { unit?: boolean } = {}): string {
  const amount = fenOf(value);
  if (amount === null) return String(value);
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  // Two decimals of 万元 = units of 10,000 分, rounding half up.
  const hundredthsOfWan = (abs + 5_000n) / 10_000n;
  const whole = hundredthsOfWan / 100n;
  const fraction = (hundredthsOfWan % 100n).toString().padStart(2, "0").replace(/0+$/, "");
  const text = `${negative ? "-" : ""}${groupThousands(whole.toString())}${fraction ? `.${fraction}` : ""}`;
  return options.unit === false ? text : `${text} 万元`;
}

/** formatYuan, or "—" when there is no amount. */
export function formatMoneyYuan(value: string | null | undefined): string {
  return value ? formatYuan(value) : "—";
}

/** formatWanYuan, or "—" when there is no amount. */
export function formatMoneyWan(value: string | null | undefined): string {
  return value ? formatWanYuan(value) : "—";
}

/**
 * Exact, in the unit Chinese loan documents use: "80 万元", "3000 万元", "1.5 万元", "5000 元", "2 亿元" (亿 only for a
 * whole number of 万元 from 1 亿 up). Match reasons and product terms.
 */
export function formatMoney(value: Fen): string {
  const abs = value < 0n ? -value : value;
  if (abs >= YI_FEN && abs % 100_000_000n === 0n) return `${scaledString(value, 10, 4)} 亿元`;
  if (abs >= WAN_FEN) return `${scaledString(value, 6, 6)} 万元`;
  return `${scaledString(value, 2, 2)} 元`;
}

/** "10–300 万元" when both ends are in 万元, otherwise each end formatted on its own. */
export function formatMoneyRange(min: Fen, max: Fen): string {
  if (min >= WAN_FEN && max >= WAN_FEN && max < YI_FEN) {
    return `${scaledString(min, 6, 6)}–${scaledString(max, 6, 6)} 万元`;
  }
  return `${formatMoney(min)}–${formatMoney(max)}`;
}
