/**
 * Rates are exact too: Decimal(7,4) percent in the database, integer units of 0.0001 percentage point in code
 * (3.45% ⇄ 34500), decimal strings between the two. Only display turns them into text.
 */
import { parseScaled, scaledString } from "./decimal.ts";
import type { DecimalLike } from "./money.ts";

/** Units of 0.0001 percentage point: 3.45% is 34500. */
export type RateUnits = number;

/** A percentage as typed in a form: up to three whole digits and four decimals ("3.45", "12.3456"). */
export const RATE_PATTERN = /^\d{1,3}(?:\.\d{1,4})?$/;

/** A Prisma Decimal or a decimal string of percent ("3.4500", "4.35") → units; throws beyond 4 decimals or if negative. */
export function toRateUnits(value: DecimalLike | string): RateUnits {
  const text = (typeof value === "string" ? value : value.toFixed()).trim();
  const units = text.startsWith("-") ? null : parseScaled(text, 4);
  if (units === null) throw new RangeError(`not a rate in percent with at most 4 decimals: ${text}`);
  return Number(units);
}

/** Units for a string that matches RATE_PATTERN, else null (object-level checks run after the field errors). */
export function tryRateToUnits(value: unknown): RateUnits | null {
  return typeof value === "string" && RATE_PATTERN.test(value) ? toRateUnits(value) : null;
}

/** 34500 → "3.45%" */
export function formatRate(units: RateUnits): string {
  return `${scaledString(BigInt(units), 4, 4)}%`;
}

/** Units → percent as a JavaScript number, for Meilisearch sort and range attributes only. */
export function rateUnitsToPercentNumber(units: RateUnits): number {
  return units / 10_000;
}

/** "3.85%–4.35%", "3.85% 起", "不高于 4.35%", or null when neither end is known. */
export function formatRateRange(minUnits: RateUnits | null, maxUnits: RateUnits | null): string | null {
  if (minUnits === null && maxUnits === null) return null;
  if (minUnits === null) return `不高于 ${formatRate(maxUnits!)}`;
  if (maxUnits === null) return `${formatRate(minUnits)} 起`;
  if (maxUnits === minUnits) return formatRate(minUnits);
  return `${scaledString(BigInt(minUnits), 4, 4)}%–${formatRate(maxUnits)}`;
}

/** A Prisma Decimal of percent → its exact decimal string without trailing zeros: 3.4500 → "3.45", 5.0000 → "5". */
export function decimalToRateString(value: DecimalLike): string {
  return scaledString(BigInt(toRateUnits(value)), 4, 4);
}

/** "3.4500" → "3.45%", or "—" when there is no rate. */
export function formatRatePercent(rate: string | null | undefined): string {
  if (!rate) return "—";
  return `${rate.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "")}%`;
}

/** A ratio for display: 0.1234 → "12.3%", or "—" when there is none. */
export function formatPercent(ratio: number | null): string {
  return ratio === null ? "—" : `${(Math.round(ratio * 1000) / 10).toFixed(1)}%`;
}
