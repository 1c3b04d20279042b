/**
 * How dates, money, rates and shares read on every page: zh-CN, always Asia/Shanghai, identical on server and
 * browser (the time zone is explicit, so hydration never disagrees). Money stays exact: decimal strings of 元 go
 * through ~/modules/money.ts. No server-only imports.
 */
import { formatWanYuan, formatYuan } from "~/modules/money.ts";

const dateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const longDate = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "long",
  day: "numeric",
});
const numericDate = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** "2026/11/25 20:30" */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
}

/** "2026年11月25日" (the enterprise pages). */
export function formatDate(iso: string | null | undefined): string {
  return iso ? longDate.format(new Date(iso)) : "—";
}

/** "2026/11/25" (the institution workspace); a bare "YYYY-MM-DD" is read as that Shanghai day. */
export function formatNumericDate(iso: string | null | undefined): string {
  return iso ? numericDate.format(new Date(iso.length === 10 ? `${iso}T12:00:00+08:00` : iso)) : "—";
}

/** A DATE column arrives as "YYYY-MM-DD": show it as that calendar day, without any time-zone shift. */
export function formatCalendarDay(day: string | null | undefined): string {
  if (!day) return "—";
  const [year, month, date] = day.split("-");
  return `${Number(year)}年${Number(month)}月${Number(date)}日`;
}

/** "2026-11-25 20:30" in Asia/Shanghai (bureau console, notifications). */
export function formatShanghai(instant: Date | string): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/** "3.4500" → "3.45%" */
export function formatRatePercent(rate: string | null | undefined): string {
  if (!rate) return "—";
  return `${rate.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "")}%`;
}

export function formatMoneyYuan(yuan: string | null | undefined): string {
  return yuan ? formatYuan(yuan) : "—";
}

export function formatMoneyWan(yuan: string | null | undefined): string {
  return yuan ? formatWanYuan(yuan) : "—";
}

/** 0.1234 → "12.3%" */
export function formatPercent(ratio: number | null): string {
  return ratio === null ? "—" : `${(Math.round(ratio * 1000) / 10).toFixed(1)}%`;
}

/** Under two days in hours ("30.5 小时"), else in days ("3.2 天"). */
export function formatHours(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 48) return `${hours.toFixed(1)} 小时`;
  return `${(hours / 24).toFixed(1)} 天`;
}
