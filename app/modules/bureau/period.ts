/**
 * Reporting periods of the bureau console: a month, a quarter, a year or custom dates, as half-open ranges of
 * Shanghai calendar days [from, to). Pure and shared by the browser (labels) and the server (queries).
 */
import { addCalendarDays, daysBetween } from "~/kernel/time.ts";

export type PeriodKind = "month" | "quarter" | "year" | "custom";

export interface Period {
  kind: PeriodKind;
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Day after the last day, YYYY-MM-DD (exclusive). */
  to: string;
  /** Last day included, YYYY-MM-DD (what a person reads and types). */
  lastDay: string;
  /** e.g. "2026年第3季度", "2026年5月", "2026-01-15 至 2026-02-20". */
  label: string;
  year: number;
  quarter: number;
  month: number;
}

const pad = (value: number) => String(value).padStart(2, "0");

export function monthStart(year: number, month: number): string {
  // month may overflow (13 → January of the next year).
  const date = new Date(Date.UTC(year, month - 1, 1));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-01`;
}

export function monthPeriod(year: number, month: number): Period {
  const from = monthStart(year, month);
  const to = monthStart(year, month + 1);
  return {
    kind: "month",
    from,
    to,
    lastDay: addCalendarDays(to, -1),
    label: `${year}年${month}月`,
    year,
    quarter: Math.ceil(month / 3),
    month,
  };
}

export function quarterPeriod(year: number, quarter: number): Period {
  const from = monthStart(year, quarter * 3 - 2);
  const to = monthStart(year, quarter * 3 + 1);
  return {
    kind: "quarter",
    from,
    to,
    lastDay: addCalendarDays(to, -1),
    label: `${year}年第${quarter}季度`,
    year,
    quarter,
    month: quarter * 3 - 2,
  };
}

export function yearPeriod(year: number): Period {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  return { kind: "year", from, to, lastDay: addCalendarDays(to, -1), label: `${year}年`, year, quarter: 1, month: 1 };
}

/** Custom period from `first` to `last`, both included. */
export function customPeriod(first: string, last: string): Period {
  const year = Number(first.slice(0, 4));
  const month = Number(first.slice(5, 7));
  return {
    kind: "custom",
    from: first,
    to: addCalendarDays(last, 1),
    lastDay: last,
    label: `${first} 至 ${last}`,
    year,
    quarter: Math.ceil(month / 3),
    month,
  };
}

/**
 * Splits [from, to) into whole months (answered from the monthly rollups) and the leftover days at either end
 * (answered from the day-level views). Months are [monthsFrom, monthsTo) by their first day; null when none.
 */
export interface PeriodSlices {
  months: { from: string; to: string } | null;
  days: { from: string; to: string }[];
}

export function slicePeriod(from: string, to: string): PeriodSlices {
  if (from >= to) return { months: null, days: [] };
  const firstWhole = from.endsWith("-01") ? from : monthStart(Number(from.slice(0, 4)), Number(from.slice(5, 7)) + 1);
  const lastWhole = to.endsWith("-01") ? to : monthStart(Number(to.slice(0, 4)), Number(to.slice(5, 7)));
  if (firstWhole >= lastWhole) return { months: null, days: [{ from, to }] };
  const days: { from: string; to: string }[] = [];
  if (from < firstWhole) days.push({ from, to: firstWhole });
  if (lastWhole < to) days.push({ from: lastWhole, to });
  return { months: { from: firstWhole, to: lastWhole }, days };
}

/**
 * Share of the period's days that have passed by `today` (0–1): the "序时进度" a target's progress is compared
 * with. Today counts as passed.
 */
export function elapsedShare(period: { from: string; to: string }, today: string): number {
  if (today < period.from) return 0;
  if (today >= period.to) return 1;
  return (daysBetween(period.from, today) + 1) / daysBetween(period.from, period.to);
}
