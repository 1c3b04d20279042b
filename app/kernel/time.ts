/**
 * Calendar and clock. Every day the platform reasons about is an Asia/Shanghai calendar day (UTC+8 all year: China
 * has no daylight saving time), written "YYYY-MM-DD" (`IsoDay`) or, where an index needs a number, YYYYMMDD
 * (`DayNumber`). Server clocks run in UTC, so the day of an instant is computed here and nowhere else. Dates shown
 * to users are formatted in zh-CN with the time zone explicit, so server and browser render the same text.
 */

/** The one time zone of the platform (BullMQ repeat schedules, SQL `AT TIME ZONE`, Intl formats). */
export const TIME_ZONE = "Asia/Shanghai";
/** Asia/Shanghai is UTC+8 all year. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** A calendar day, "YYYY-MM-DD". */
export type IsoDay = string;
/** A calendar day as the number YYYYMMDD (20261125), for range filters in the search index. */
export type DayNumber = number;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Is this a real calendar day written YYYY-MM-DD ("2026-02-30" is not)? */
export function isIsoDay(value: string): value is IsoDay {
  if (!ISO_DAY.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

export function assertIsoDay(day: string): IsoDay {
  if (!isIsoDay(day)) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return day;
}

/** The Shanghai calendar day an instant falls on. */
export function shanghaiDay(instant: Date): IsoDay {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today in Asia/Shanghai. */
export function shanghaiToday(now: Date = new Date()): IsoDay {
  return shanghaiDay(now);
}

/** The instant of a Shanghai wall-clock time on a day, e.g. shanghaiInstant("2025-09-25", 10, 30). */
export function shanghaiInstant(day: IsoDay, hour = 0, minute = 0, second = 0): Date {
  return new Date(
    Date.parse(`${assertIsoDay(day)}T00:00:00Z`) + ((hour * 60 + minute) * 60 + second) * 1000 - SHANGHAI_OFFSET_MS,
  );
}

export function addCalendarDays(day: IsoDay, days: number): IsoDay {
  return new Date(Date.parse(`${assertIsoDay(day)}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one day to another (negative when `to` is earlier). */
export function daysBetween(from: IsoDay, to: IsoDay): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Day of the week of a calendar day: 0 is Sunday, 6 is Saturday. */
export function weekday(day: IsoDay): number {
  return new Date(`${assertIsoDay(day)}T00:00:00Z`).getUTCDay();
}

/** A Postgres DATE as Prisma returns it (UTC midnight of the day) → that day, with no time-zone shift. */
export function dateColumnDay(date: Date): IsoDay;
export function dateColumnDay(date: Date | null | undefined): IsoDay | null;
export function dateColumnDay(date: Date | null | undefined): IsoDay | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

/** A day → the value to write into a Postgres DATE column (UTC midnight of that day). */
export function dayToDateColumn(day: IsoDay): Date {
  return new Date(`${assertIsoDay(day)}T00:00:00Z`);
}

/** "2026-11-25" → 20261125 */
export function dayNumber(day: IsoDay): DayNumber {
  return Number(assertIsoDay(day).replaceAll("-", ""));
}

/** 20261125 → "2026-11-25" */
export function dayFromNumber(day: DayNumber): IsoDay {
  const text = String(day).padStart(8, "0");
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

/** The Shanghai calendar day of an instant as YYYYMMDD. */
export function shanghaiDayNumber(instant: Date): DayNumber {
  return dayNumber(shanghaiDay(instant));
}

/** A DATE column value → YYYYMMDD, or null. */
export function dateColumnDayNumber(date: Date | null | undefined): DayNumber | null {
  return date ? dayNumber(dateColumnDay(date)) : null;
}

// ───────────────────────────── display ─────────────────────────────

const dateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const longDate = new Intl.DateTimeFormat("zh-CN", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "long",
  day: "numeric",
});
const numericDate = new Intl.DateTimeFormat("zh-CN", {
  timeZone: TIME_ZONE,
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

/** A DATE column arrives as "YYYY-MM-DD": show it as that calendar day ("2026年11月25日"), without any shift. */
export function formatCalendarDay(day: string | null | undefined): string {
  if (!day) return "—";
  const [year, month, date] = day.split("-");
  return `${Number(year)}年${Number(month)}月${Number(date)}日`;
}

/** "2026-11-25 20:30" in Asia/Shanghai (bureau console, notifications). */
export function formatShanghai(instant: Date | string): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** "2026-11-25 20:30:15" in Asia/Shanghai: how fresh a figure is (the bureau console's 数据截至). */
export function formatShanghaiSeconds(instant: Date | string): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** Under two days in hours ("30.5 小时"), else in days ("3.2 天"). */
export function formatHours(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 48) return `${hours.toFixed(1)} 小时`;
  return `${(hours / 24).toFixed(1)} 天`;
}

/** A loan term or term range in months, as product pages and match reasons show it: "12 个月", "6–36 个月". */
export function formatTermRange(min: number, max: number): string {
  return min === max ? `${min} 个月` : `${min}–${max} 个月`;
}
