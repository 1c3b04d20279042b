/**
 * Working days in mainland China (限时响应, docs/domain.md#the-working-day-calendar): Monday–Friday, minus statutory
 * holidays, plus the weekend days the State Council turns into working days (调休上班). The calendar is data (CalendarDay
 * rows, only the exceptions); this module is pure so the deadline rules can be tested against the real notices without
 * a database.
 *
 * All reasoning is in Asia/Shanghai (UTC+8, no daylight saving time): a "day" is a Shanghai calendar day written
 * YYYY-MM-DD, and an instant belongs to the Shanghai day it falls on. The day arithmetic itself is the kernel's
 * (app/kernel/time.ts); this module adds the working-day calendar on top.
 */
import {
  addCalendarDays,
  assertIsoDay,
  DAY_MS,
  dateColumnDay,
  SHANGHAI_OFFSET_MS,
  shanghaiDay,
  weekday,
} from "~/kernel/time.ts";

export type CalendarExceptionKind = "HOLIDAY" | "ADJUSTED_WORKDAY";

export interface CalendarException {
  /** A DATE column value (UTC midnight of the day, as Prisma returns it) or a YYYY-MM-DD string. */
  date: Date | string;
  kind: CalendarExceptionKind;
}

export interface WorkingCalendar {
  readonly exceptions: ReadonlyMap<string, CalendarExceptionKind>;
  /** Years that have at least one exception row; outside them only weekends are known. */
  readonly coveredYears: ReadonlySet<number>;
}

export function createWorkingCalendar(rows: Iterable<CalendarException>): WorkingCalendar {
  const exceptions = new Map<string, CalendarExceptionKind>();
  const coveredYears = new Set<number>();
  for (const row of rows) {
    const day = typeof row.date === "string" ? assertIsoDay(row.date) : dateColumnDay(row.date);
    exceptions.set(day, row.kind);
    coveredYears.add(Number(day.slice(0, 4)));
  }
  return { exceptions, coveredYears };
}

/** Is this Shanghai day (or the Shanghai day of this instant) a working day? */
export function isWorkingDay(dayOrInstant: string | Date, calendar: WorkingCalendar): boolean {
  const day = typeof dayOrInstant === "string" ? assertIsoDay(dayOrInstant) : shanghaiDay(dayOrInstant);
  const exception = calendar.exceptions.get(day);
  if (exception === "HOLIDAY") return false;
  if (exception === "ADJUSTED_WORKDAY") return true;
  const dayOfWeek = weekday(day);
  return dayOfWeek !== 0 && dayOfWeek !== 6;
}

/**
 * `count` working days after an instant, at the same Shanghai wall-clock time. The start day itself never counts
 * (a need published on Thursday 16:00 with 3 working days is due on the third working day after Thursday, 16:00),
 * and a start on a holiday counts from the next working day. This is the rule the seed data uses too.
 */
export function addWorkingDays(start: Date, count: number, calendar: WorkingCalendar): Date {
  assertCount(count);
  let day = shanghaiDay(start);
  for (let remaining = count; remaining > 0;) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day, calendar)) remaining--;
  }
  return atSameWallClock(start, day);
}

/**
 * `count` working days before an instant, at the same wall-clock time: "one working day before the deadline" for
 * reminders. The instant's own day does not count, as in addWorkingDays.
 */
export function subtractWorkingDays(instant: Date, count: number, calendar: WorkingCalendar): Date {
  assertCount(count);
  let day = shanghaiDay(instant);
  for (let remaining = count; remaining > 0;) {
    day = addCalendarDays(day, -1);
    if (isWorkingDay(day, calendar)) remaining--;
  }
  return atSameWallClock(instant, day);
}

/** Working days strictly after `from`'s day up to and including `to`'s day (0 when `to` is not later). */
export function workingDaysBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  let count = 0;
  const last = shanghaiDay(to);
  for (let day = addCalendarDays(shanghaiDay(from), 1); day <= last; day = addCalendarDays(day, 1)) {
    if (isWorkingDay(day, calendar)) count++;
  }
  return count;
}

function atSameWallClock(reference: Date, day: string): Date {
  const timeOfDay = (((reference.getTime() + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return new Date(Date.parse(`${day}T00:00:00Z`) + timeOfDay - SHANGHAI_OFFSET_MS);
}

function assertCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`working-day count must be a non-negative integer, got ${count}`);
  // A year has ~250 working days; anything near this bound is a bug, not a deadline.
  if (count > 3_650) throw new RangeError(`working-day count ${count} is unreasonably large`);
}
