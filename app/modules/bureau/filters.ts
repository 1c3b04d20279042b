/**
 * The bureau console's filter: a period plus an optional region (its sub-regions included) and an optional
 * institution (its branches included), read from the query string of a plain GET form so links can be shared and
 * the pages work without client JavaScript. Region and institution travel as their codes (445224, not a cuid).
 * A bad value never breaks the page: it falls back to the default and says so.
 */
import { z } from "zod";
import { daysBetween, isIsoDay, shanghaiToday } from "~/kernel/time.ts";
import { customPeriod, monthPeriod, quarterPeriod, yearPeriod, type Period, type PeriodKind } from "./period.ts";

export interface BureauFilter {
  period: Period;
  regionCode: string | null;
  institutionCode: string | null;
}

export interface ParsedFilter {
  filter: BureauFilter;
  /** Values that were ignored, in Chinese, e.g. "自定义日期无效，已改为本年". */
  problems: string[];
}

/** Longest custom period: ten years keeps a careless request from reading the whole history day by day. */
export const MAX_CUSTOM_DAYS = 3_660;

const kindSchema = z.enum(["month", "quarter", "year", "custom"]);
const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export function parseBureauFilter(params: URLSearchParams, now: Date = new Date()): ParsedFilter {
  const problems: string[] = [];
  const today = shanghaiToday(now);
  const currentYear = Number(today.slice(0, 4));
  const currentMonth = Number(today.slice(5, 7));

  const kindResult = kindSchema.safeParse(params.get("period") || "year");
  const kind: PeriodKind = kindResult.success ? kindResult.data : "year";
  if (!kindResult.success) problems.push("统计周期无效，已改为按年");

  const read = (name: string, schema: z.ZodType<number>, fallback: number, message: string): number => {
    const raw = params.get(name);
    if (raw === null || raw === "") return fallback;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(message);
    return fallback;
  };
  const year = read("year", intIn(2000, 2100), currentYear, "年度无效，已改为本年");

  let period: Period;
  switch (kind) {
    case "month":
      period = monthPeriod(year, read("month", intIn(1, 12), year === currentYear ? currentMonth : 12, "月份无效"));
      break;
    case "quarter":
      period = quarterPeriod(
        year,
        read("quarter", intIn(1, 4), year === currentYear ? Math.ceil(currentMonth / 3) : 4, "季度无效"),
      );
      break;
    case "custom": {
      const from = params.get("from") ?? "";
      const to = params.get("to") ?? "";
      if (isIsoDay(from) && isIsoDay(to) && from <= to && daysBetween(from, to) < MAX_CUSTOM_DAYS) {
        period = customPeriod(from, to);
      } else {
        problems.push("自定义日期无效（需填写起止日期，起始不晚于截止，跨度不超过十年），已改为本年");
        period = yearPeriod(year);
      }
      break;
    }
    default:
      period = yearPeriod(year);
  }

  const code = (name: string) => {
    const value = (params.get(name) ?? "").trim();
    return /^[\w-]{1,64}$/.test(value) ? value : null;
  };
  return { filter: { period, regionCode: code("region"), institutionCode: code("institution") }, problems };
}

/** The query string that reproduces a filter (for links, exports and the report). */
export function filterToSearch(filter: BureauFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  const { period } = filter;
  params.set("period", period.kind);
  if (period.kind === "custom") {
    params.set("from", period.from);
    params.set("to", period.lastDay);
  } else {
    params.set("year", String(period.year));
    if (period.kind === "quarter") params.set("quarter", String(period.quarter));
    if (period.kind === "month") params.set("month", String(period.month));
  }
  if (filter.regionCode) params.set("region", filter.regionCode);
  if (filter.institutionCode) params.set("institution", filter.institutionCode);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return `?${params.toString()}`;
}
