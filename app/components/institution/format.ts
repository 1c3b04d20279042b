/** Display helpers for the institution workspace: zh-CN, Asia/Shanghai, exact money (strings in, strings out). */
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
const dateOnly = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso.length === 10 ? `${iso}T12:00:00+08:00` : iso)) : "—";
}

export function formatMoneyYuan(yuan: string | null | undefined): string {
  return yuan ? formatYuan(yuan) : "—";
}

export function formatMoneyWan(yuan: string | null | undefined): string {
  return yuan ? formatWanYuan(yuan) : "—";
}

/** "3.8500" → "3.85%" */
export function formatRatePercent(rate: string | null | undefined): string {
  if (!rate) return "—";
  const trimmed = rate.includes(".") ? rate.replace(/0+$/, "").replace(/\.$/, "") : rate;
  return `${trimmed}%`;
}

export function formatPercent(ratio: number | null): string {
  return ratio === null ? "—" : `${(Math.round(ratio * 1000) / 10).toFixed(1)}%`;
}

export function formatHours(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 48) return `${hours.toFixed(1)} 小时`;
  return `${(hours / 24).toFixed(1)} 天`;
}
