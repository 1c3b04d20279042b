import fc from "fast-check";
import {
  addWorkingDays,
  createWorkingCalendar,
  isWorkingDay,
  subtractWorkingDays,
  workingDaysBetween,
} from "~/modules/deadlines/working-days.ts";
import { addCalendarDays, shanghaiDay, shanghaiInstant } from "~/kernel/time.ts";
import { buildCalendarDays } from "../../../prisma/seed/calendar.ts";
import { OFFICIAL_BLOCKS, officialCalendarRows } from "./official-calendar.ts";

const calendar = createWorkingCalendar(officialCalendarRows());
const weekendsOnly = createWorkingCalendar([]);
const at = shanghaiInstant;

describe("isWorkingDay with the State Council calendar", () => {
  it.each([
    // 2025 国庆节、中秋节: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked.
    ["2025-09-26", true, "Friday before the holiday"],
    ["2025-09-27", false, "an ordinary Saturday"],
    ["2025-09-28", true, "调休 Sunday"],
    ["2025-10-01", false, "国庆节 (Wednesday)"],
    ["2025-10-06", false, "中秋节 (Monday)"],
    ["2025-10-08", false, "last day of the block (Wednesday)"],
    ["2025-10-09", true, "first working day after"],
    ["2025-10-11", true, "调休 Saturday"],
    ["2025-10-12", false, "an ordinary Sunday"],
    // 2025 春节 and 劳动节
    ["2025-01-26", true, "春节调休 Sunday"],
    ["2025-01-28", false, "除夕"],
    ["2025-02-04", false, "last day of 春节"],
    ["2025-02-08", true, "春节调休 Saturday"],
    ["2025-04-27", true, "劳动节调休 Sunday"],
    ["2025-05-05", false, "劳动节 (Monday)"],
    ["2025-06-02", false, "端午节 (Monday)"],
    // 2026
    ["2026-01-02", false, "元旦 block (Friday)"],
    ["2026-01-04", true, "元旦调休 Sunday"],
    ["2026-02-14", true, "春节调休 Saturday"],
    ["2026-02-16", false, "除夕 2026 (Monday)"],
    ["2026-02-23", false, "last day of the nine-day 春节 (Monday)"],
    ["2026-02-24", true, "back to work"],
    ["2026-02-28", true, "春节调休 Saturday"],
    ["2026-05-09", true, "劳动节调休 Saturday"],
    ["2026-09-20", true, "国庆调休 Sunday"],
    ["2026-09-25", false, "中秋节 (Friday)"],
    ["2026-10-07", false, "国庆 (Wednesday)"],
    ["2026-10-10", true, "国庆调休 Saturday"],
  ])("%s is working: %s (%s)", (day, expected) => {
    expect(isWorkingDay(day, calendar)).toBe(expected);
  });

  it("uses the Shanghai day of an instant, not the UTC day", () => {
    // 2025-09-30 23:30 in Shanghai is still a working Tuesday; 00:30 on 10-01 is the holiday (UTC says 09-30 for both).
    expect(isWorkingDay(new Date("2025-09-30T15:30:00Z"), calendar)).toBe(true);
    expect(isWorkingDay(new Date("2025-09-30T16:30:00Z"), calendar)).toBe(false);
    expect(shanghaiDay(new Date("2025-09-30T16:30:00Z"))).toBe("2025-10-01");
  });

  it("accepts DATE column values (UTC midnight) as calendar rows", () => {
    const fromDates = createWorkingCalendar(
      officialCalendarRows().map((row) => ({ date: new Date(`${row.date}T00:00:00Z`), kind: row.kind })),
    );
    expect([...fromDates.exceptions]).toEqual([...calendar.exceptions]);
    expect([...fromDates.coveredYears].sort()).toEqual([2025, 2026]);
  });

  it("without calendar rows only weekends are off", () => {
    expect(isWorkingDay("2025-10-01", weekendsOnly)).toBe(true);
    expect(isWorkingDay("2025-09-28", weekendsOnly)).toBe(false);
  });

  it("has the right number of days off for each block", () => {
    const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    const lengths = Object.values(OFFICIAL_BLOCKS)
      .flat()
      .map((block) => [block.name, days(block.from, block.to)]);
    expect(lengths).toContainEqual(["国庆节、中秋节", 8]);
    expect(lengths).toContainEqual(["春节", 9]); // 2026
    const offIn2025 = officialCalendarRows().filter(
      (row) => row.date.startsWith("2025") && row.kind === "HOLIDAY",
    ).length;
    expect(offIn2025).toBe(1 + 8 + 3 + 5 + 3 + 8);
  });

  it("agrees with the seed's calendar for 2025 and 2026", () => {
    const seed = buildCalendarDays()
      .filter((day) => day.date < "2027-01-01")
      .map((day) => [day.date, day.kind]);
    expect(seed).toEqual(officialCalendarRows().map((row) => [row.date, row.kind]));
  });
});

describe("addWorkingDays: response (3) and decision (15) deadlines", () => {
  it("a need published on the Thursday before National Day 2025 is due on Monday 09-29 (调休 Sunday counts)", () => {
    // Thu 09-25 → Fri 09-26 (1), Sat off, Sun 09-28 调休 (2), Mon 09-29 (3)
    expect(addWorkingDays(at("2025-09-25", 16, 0), 3, calendar)).toEqual(at("2025-09-29", 16, 0));
    // Without the calendar the 调休 Sunday would be missed.
    expect(addWorkingDays(at("2025-09-25", 16, 0), 3, weekendsOnly)).toEqual(at("2025-09-30", 16, 0));
  });

  it("jumps the eight-day 2025 block", () => {
    expect(addWorkingDays(at("2025-09-30", 9, 30), 1, calendar)).toEqual(at("2025-10-09", 9, 30));
    // 10-09 Thu, 10-10 Fri, 10-11 调休 Saturday
    expect(addWorkingDays(at("2025-09-30", 9, 30), 3, calendar)).toEqual(at("2025-10-11", 9, 30));
  });

  it("counts from the next working day when published during a holiday", () => {
    expect(addWorkingDays(at("2025-10-03", 10, 0), 3, calendar)).toEqual(at("2025-10-11", 10, 0));
    expect(addWorkingDays(at("2025-10-03", 10, 0), 1, calendar)).toEqual(at("2025-10-09", 10, 0));
  });

  it("a need published on the Thursday before National Day 2026 skips 中秋 and is due on 09-30", () => {
    // Thu 09-24 → Fri 09-25..Sun 09-27 中秋, Mon 09-28 (1), Tue (2), Wed 09-30 (3)
    expect(addWorkingDays(at("2026-09-24", 11, 15), 3, calendar)).toEqual(at("2026-09-30", 11, 15));
    // Wed 09-30 → 10-01..10-07 off, Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 调休 (3)
    expect(addWorkingDays(at("2026-09-30", 11, 15), 3, calendar)).toEqual(at("2026-10-10", 11, 15));
  });

  it("handles 2026 春节 and its two 调休 Saturdays", () => {
    expect(addWorkingDays(at("2026-02-13", 17, 0), 1, calendar)).toEqual(at("2026-02-14", 17, 0));
    expect(addWorkingDays(at("2026-02-14", 17, 0), 1, calendar)).toEqual(at("2026-02-24", 17, 0));
    // 02-24..02-27 (4 days) then Saturday 02-28 is the fifth
    expect(addWorkingDays(at("2026-02-14", 17, 0), 5, calendar)).toEqual(at("2026-02-28", 17, 0));
  });

  it("15 working days across National Day 2025", () => {
    // Accepted Fri 09-26: 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13..10-17 (11), 10-20..10-23 (15)
    expect(addWorkingDays(at("2025-09-26", 14, 0), 15, calendar)).toEqual(at("2025-10-23", 14, 0));
  });

  it("keeps the Shanghai wall-clock time across the UTC date line", () => {
    // 23:59 Shanghai on Thursday 09-25 is 15:59 UTC; the deadline is 23:59 Shanghai on Monday 09-29.
    expect(addWorkingDays(new Date("2025-09-25T15:59:00Z"), 3, calendar)).toEqual(new Date("2025-09-29T15:59:00Z"));
    // 00:10 Shanghai on Friday 09-26 is 16:10 UTC on Thursday; its own day is the Friday.
    expect(addWorkingDays(new Date("2025-09-25T16:10:00Z"), 1, calendar)).toEqual(at("2025-09-28", 0, 10));
  });

  it("zero days is the start itself; bad counts are rejected", () => {
    const start = at("2025-10-02", 8, 0);
    expect(addWorkingDays(start, 0, calendar)).toEqual(start);
    expect(() => addWorkingDays(start, -1, calendar)).toThrow(RangeError);
    expect(() => addWorkingDays(start, 1.5, calendar)).toThrow(RangeError);
    expect(() => isWorkingDay("2025-13-01", calendar)).toThrow(RangeError);
  });
});

describe("subtractWorkingDays and workingDaysBetween", () => {
  it("one working day before a deadline right after the holiday is before the holiday", () => {
    expect(subtractWorkingDays(at("2025-10-09", 15, 0), 1, calendar)).toEqual(at("2025-09-30", 15, 0));
    expect(subtractWorkingDays(at("2025-09-29", 16, 0), 1, calendar)).toEqual(at("2025-09-28", 16, 0));
  });

  it("counts working days between two instants", () => {
    // 09-26, 09-28, 09-29, 09-30, 10-09
    expect(workingDaysBetween(at("2025-09-25", 10, 0), at("2025-10-09", 8, 0), calendar)).toBe(5);
    expect(workingDaysBetween(at("2025-10-09", 8, 0), at("2025-09-25", 10, 0), calendar)).toBe(0);
  });

  const instants = fc
    .date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2026-12-15T00:00:00Z"), noInvalidDate: true })
    .map((date) => new Date(Math.floor(date.getTime() / 60_000) * 60_000));

  it("property: the deadline is a working day exactly n working days later, at the same wall-clock time", () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 20 }), (start, n) => {
        const due = addWorkingDays(start, n, calendar);
        expect(isWorkingDay(due, calendar)).toBe(true);
        expect(workingDaysBetween(start, due, calendar)).toBe(n);
        expect((due.getTime() - start.getTime()) % 86_400_000).toBe(0);
        // The previous calendar day has fewer than n working days since the start.
        expect(workingDaysBetween(start, new Date(due.getTime() - 86_400_000), calendar)).toBe(n - 1);
      }),
      { numRuns: 500 },
    );
  });

  it("property: subtracting undoes adding when the start is a working day", () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 20 }), (start, n) => {
        fc.pre(isWorkingDay(start, calendar));
        expect(subtractWorkingDays(addWorkingDays(start, n, calendar), n, calendar)).toEqual(start);
      }),
      { numRuns: 500 },
    );
  });

  it("property: deadlines never move earlier when the start moves later", () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 0, max: 72 * 60 }),
        fc.integer({ min: 1, max: 15 }),
        (start, minutes, n) => {
          const later = new Date(start.getTime() + minutes * 60_000);
          const a = shanghaiDay(addWorkingDays(start, n, calendar));
          const b = shanghaiDay(addWorkingDays(later, n, calendar));
          expect(b >= a).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("addCalendarDays crosses month and year ends", () => {
    expect(addCalendarDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addCalendarDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});
