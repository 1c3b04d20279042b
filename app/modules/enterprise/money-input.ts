/**
 * Money typed by people: "50", "50.5", "1,200,000", "１２０" in 元 or 万元 → an exact decimal string of 元.
 *
 * The conversion from 万元 is done by moving the decimal point in the string, never with floating point, so
 * "12.345678" 万元 is exactly "123456.78" 元. Shared by the browser (instant hints) and the server (the authority).
 */
export const MONEY_UNITS = ["WAN", "YUAN"] as const;
export type MoneyUnit = (typeof MONEY_UNITS)[number];

export const moneyUnitLabel: Record<MoneyUnit, string> = { WAN: "万元", YUAN: "元" };

export type MoneyInputProblem = "EMPTY" | "NOT_A_NUMBER" | "TOO_PRECISE";

export type MoneyInputResult = { ok: true; yuan: string; fen: bigint } | { ok: false; problem: MoneyInputProblem };

/** Full-width digits and separators that Chinese input methods produce. */
function toHalfWidth(text: string): string {
  return text.replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

export function normalizeMoneyText(raw: string): string {
  return toHalfWidth(raw)
    .replace(/[\s,，_]/g, "")
    .replace(/(万元|万|元)$/, "");
}

/** Decimal places allowed per unit: 分 is the smallest amount, i.e. 2 places of 元 or 6 places of 万元. */
const MAX_DECIMALS: Record<MoneyUnit, number> = { YUAN: 2, WAN: 6 };

export function parseMoneyInput(raw: string, unit: MoneyUnit): MoneyInputResult {
  const text = normalizeMoneyText(raw);
  if (text.length === 0) return { ok: false, problem: "EMPTY" };
  const match = /^(\d{1,16})(?:\.(\d+))?$/.exec(text);
  if (!match) return { ok: false, problem: "NOT_A_NUMBER" };
  const whole = match[1]!;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > MAX_DECIMALS[unit]) return { ok: false, problem: "TOO_PRECISE" };
  // Everything in 分: 元 has 2 decimals, 万元 has 6.
  const digits = MAX_DECIMALS[unit];
  const fen = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
  return { ok: true, fen, yuan: fenToYuanString(fen) };
}

/** 12345678n → "123456.78" */
export function fenToYuanString(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? "-" : ""}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** "500000.00" → "50" (万元), for pre-filling a form in 万元 when the amount is a whole number of 分 of 万元. */
export function yuanStringToWanInput(yuan: string): string {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!match) return yuan;
  const fen = BigInt(match[1]!) * 100n + BigInt((match[2] ?? "").padEnd(2, "0") || "0");
  const whole = fen / 1_000_000n;
  const fraction = (fen % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

export const WAN_FEN = 1_000_000n;
export const YI_FEN = 10_000_000_000n;
