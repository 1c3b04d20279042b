import fc from "fast-check";
import {
  addCalendarDays,
  dateColumnDay,
  dateColumnDayNumber,
  dayFromNumber,
  dayNumber,
  daysBetween,
  dayToDateColumn,
  formatCalendarDay,
  formatDate,
  formatDateTime,
  formatHours,
  formatNumericDate,
  formatShanghai,
  isIsoDay,
  shanghaiDay,
  shanghaiDayNumber,
  shanghaiInstant,
  shanghaiToday,
  TIME_ZONE,
  weekday,
} from "~/kernel/time.ts";

describe("Asia/Shanghai calendar days", () => {
  it("is the one time zone", () => {
    expect(TIME_ZONE).toBe("Asia/Shanghai");
  });

  it("knows today in Shanghai even when UTC is still yesterday", () => {
    expect(shanghaiToday(new Date("2026-03-14T17:30:00Z"))).toBe("2026-03-15");
    expect(shanghaiDay(new Date("2025-06-14T15:59:59Z"))).toBe("2025-06-14");
    expect(shanghaiDay(new Date("2025-06-14T16:00:00Z"))).toBe("2025-06-15");
    expect(shanghaiDayNumber(new Date("2025-06-14T16:30:00Z"))).toBe(20250615);
    expect(shanghaiDayNumber(new Date("2025-06-14T15:59:59Z"))).toBe(20250614);
  });

  it("builds instants from Shanghai wall-clock times", () => {
    expect(shanghaiInstant("2025-09-25", 10, 30).toISOString()).toBe("2025-09-25T02:30:00.000Z");
    expect(shanghaiInstant("2026-01-01").toISOString()).toBe("2025-12-31T16:00:00.000Z");
    expect(() => shanghaiInstant("2026-02-30")).toThrow(RangeError);
  });

  it("does calendar arithmetic on days", () => {
    expect(addCalendarDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addCalendarDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addCalendarDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
    expect(weekday("2026-11-01")).toBe(0);
    expect(isIsoDay("2026-02-29")).toBe(false);
    expect(isIsoDay("2024-02-29")).toBe(true);
    expect(isIsoDay("2026-2-1")).toBe(false);
  });

  it("reads and writes DATE columns without a time-zone shift", () => {
    expect(dateColumnDay(new Date("2026-11-25T00:00:00Z"))).toBe("2026-11-25");
    expect(dateColumnDay(null)).toBeNull();
    expect(dayToDateColumn("2026-11-25").toISOString()).toBe("2026-11-25T00:00:00.000Z");
    expect(dateColumnDayNumber(new Date("2026-11-25T00:00:00Z"))).toBe(20261125);
    expect(dateColumnDayNumber(undefined)).toBeNull();
    expect(dayNumber("2026-11-25")).toBe(20261125);
    expect(dayFromNumber(20261125)).toBe("2026-11-25");
  });

  it("agrees with Intl's Asia/Shanghai day for any instant", () => {
    const intlDay = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, dateStyle: "short" });
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z") }),
        (instant) => {
          if (Number.isNaN(instant.getTime())) return;
          const day = shanghaiDay(instant);
          expect(day).toBe(intlDay.format(instant));
          expect(dayFromNumber(shanghaiDayNumber(instant))).toBe(day);
          expect(shanghaiDay(shanghaiInstant(day))).toBe(day);
          expect(shanghaiInstant(day).getTime()).toBeLessThanOrEqual(instant.getTime());
        },
      ),
    );
  });

  it("adds and subtracts days consistently", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: -5_000, max: 5_000 }), (offset, days) => {
        const day = addCalendarDays("1970-01-01", offset);
        expect(daysBetween(day, addCalendarDays(day, days))).toBe(days);
        expect(addCalendarDays(addCalendarDays(day, days), -days)).toBe(day);
      }),
    );
  });
});

describe("dates shown to users", () => {
  it("formats in zh-CN, in Shanghai time", () => {
    expect(formatDateTime("2026-11-25T12:30:00Z")).toBe("2026/11/25 20:30");
    expect(formatDateTime(null)).toBe("—");
    expect(formatDate("2026-11-25T16:30:00Z")).toBe("2026年11月26日");
    expect(formatNumericDate("2026-11-25")).toBe("2026/11/25");
    expect(formatNumericDate("2026-11-25T16:30:00Z")).toBe("2026/11/26");
    expect(formatCalendarDay("2026-03-05")).toBe("2026年3月5日");
    expect(formatCalendarDay(undefined)).toBe("—");
    expect(formatShanghai(new Date("2026-11-25T12:30:00Z"))).toBe("2026-11-25 20:30");
    expect(formatShanghai("2026-11-25T16:05:00Z")).toBe("2026-11-26 00:05");
  });

  it("formats durations in hours or days", () => {
    expect(formatHours(30.54)).toBe("30.5 小时");
    expect(formatHours(72)).toBe("3.0 天");
    expect(formatHours(null)).toBe("—");
  });
});
