/**
 * Time for the seed. Every date is computed from one fixed reference instant, so the data is identical on every
 * run and every machine; dates are reasoned about in Asia/Shanghai (UTC+8, no daylight saving time).
 */
import {
  addWorkingDays as addWorkingDaysOnCalendar,
  createWorkingCalendar,
  subtractWorkingDays as subtractWorkingDaysOnCalendar,
} from "../../app/modules/deadlines/working-days.ts";
import { addCalendarDays, shanghaiInstant } from "../../app/kernel/time.ts";
import { buildCalendarDays } from "./calendar.ts";

// The seed reasons about days with the app's own calendar functions.
export { addCalendarDays, dayToDateColumn, shanghaiDay, shanghaiInstant } from "../../app/kernel/time.ts";

/** 2026-11-01 00:00 in Asia/Shanghai: "today" for the demo data. */
export const REFERENCE_INSTANT = shanghaiInstant("2026-11-01", 0, 0);
export const REFERENCE_DATE = "2026-11-01";

/** Reference rows (regions, institutions, staff accounts) date from the platform's launch. */
export const PLATFORM_LAUNCH = shanghaiInstant("2025-09-01", 9, 0);

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}

/** The Shanghai day `daysAgo` days before the reference date. */
export function daysBeforeReference(daysAgo: number): string {
  return addCalendarDays(REFERENCE_DATE, -daysAgo);
}

// The app's own working-day rule, over the calendar this seed loads, so seeded deadlines are exactly the ones the
// app would have computed (start day never counts; same Shanghai wall-clock time).
const calendar = createWorkingCalendar(buildCalendarDays());

/** `count` working days after an instant: the 3- and 15-working-day deadlines of docs/domain.md#deadlines. */
export function addWorkingDays(instant: Date, count: number): Date {
  return addWorkingDaysOnCalendar(instant, count, calendar);
}

/** `count` working days before an instant: when the scanner sends its "deadline tomorrow" reminder. */
export function subtractWorkingDays(instant: Date, count: number): Date {
  return subtractWorkingDaysOnCalendar(instant, count, calendar);
}
