/**
 * Dates for the enterprise pages: always Asia/Shanghai, always zh-CN, identical on server and browser (explicit
 * time zone, so hydration never disagrees).
 */
const dateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

const dateOnly = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric" });

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso)) : "—";
}

/** A DATE column arrives as "YYYY-MM-DD": show it as that calendar day, without any time-zone shift. */
export function formatCalendarDay(day: string | null | undefined): string {
  if (!day) return "—";
  const [year, month, date] = day.split("-");
  return `${Number(year)}年${Number(month)}月${Number(date)}日`;
}

/** "3.4500" → "3.45%" */
export function formatRatePercent(rate: string | null | undefined): string {
  if (!rate) return "—";
  return `${rate.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "")}%`;
}
