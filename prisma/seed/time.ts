/**
 * Time for the seed. Every date is computed from one fixed reference instant, so the data is identical on every
 * run and every machine; dates are reasoned about in Asia/Shanghai (UTC+8, no daylight saving time).
 */
import {
  addWorkingDays as addWorkingDaysOnCalendar,
  createWorkingCalendar,
  subtractWorkingDays as subtractWorkingDaysOnCalendar,
} from "../../app/modules/deadlines/working-days.ts";
import { buildCalendarDays } from "./calendar.ts";

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** 2026-11-01 00:00 in Asia/Shanghai: "today" for the demo data. */
export const REFERENCE_INSTANT = shanghaiTime("2026-11-01", 0, 0);
export const REFERENCE_DATE = "2026-11-01";

/** Reference rows (regions, institutions, staff accounts) date from the platform's launch. */
export const PLATFORM_LAUNCH = shanghaiTime("2025-09-01", 9, 0);

/** An instant at a Shanghai wall-clock time on a calendar day (YYYY-MM-DD). */
export function shanghaiTime(isoDate: string, hour: number, minute: number): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + (hour * 60 + minute) * 60_000 - SHANGHAI_OFFSET_MS);
}

/** The Shanghai calendar day of an instant. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** A DATE column value: Prisma stores the UTC calendar day, so pass UTC midnight. */
export function dateOnly(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

export function addCalendarDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

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
