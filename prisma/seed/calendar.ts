/**
 * Holiday calendar: statutory holidays and 调休 working weekends, per the State Council's annual notices
 * (国务院办公厅关于 20XX 年部分节假日安排的通知). Only exceptions to the Monday–Friday week are stored.
 *
 * A holiday block lists every day off, including the weekend days inside it, as the notices do ("共 8 天").
 */
import { CalendarDayKind } from "../../app/generated/prisma/client.ts";

interface HolidayBlock {
  name: string;
  /** First and last day off, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Weekend days that are working days to make up for the block (调休上班). */
  workdays: string[];
}

interface YearNotice {
  year: number;
  source: string;
  provisional: boolean;
  blocks: HolidayBlock[];
}

export const HOLIDAY_NOTICES: readonly YearNotice[] = [
  {
    year: 2025,
    source: "国办发明电〔2024〕12号（2024年11月12日）",
    provisional: false,
    blocks: [
      { name: "元旦", from: "2025-01-01", to: "2025-01-01", workdays: [] },
      { name: "春节", from: "2025-01-28", to: "2025-02-04", workdays: ["2025-01-26", "2025-02-08"] },
      { name: "清明节", from: "2025-04-04", to: "2025-04-06", workdays: [] },
      { name: "劳动节", from: "2025-05-01", to: "2025-05-05", workdays: ["2025-04-27"] },
      { name: "端午节", from: "2025-05-31", to: "2025-06-02", workdays: [] },
      { name: "国庆节、中秋节", from: "2025-10-01", to: "2025-10-08", workdays: ["2025-09-28", "2025-10-11"] },
    ],
  },
  {
    year: 2026,
    source: "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
    provisional: false,
    blocks: [
      { name: "元旦", from: "2026-01-01", to: "2026-01-03", workdays: ["2026-01-04"] },
      { name: "春节", from: "2026-02-15", to: "2026-02-23", workdays: ["2026-02-14", "2026-02-28"] },
      { name: "清明节", from: "2026-04-04", to: "2026-04-06", workdays: [] },
      { name: "劳动节", from: "2026-05-01", to: "2026-05-05", workdays: ["2026-05-09"] },
      { name: "端午节", from: "2026-06-19", to: "2026-06-21", workdays: [] },
      { name: "中秋节", from: "2026-09-25", to: "2026-09-27", workdays: [] },
      { name: "国庆节", from: "2026-10-01", to: "2026-10-07", workdays: ["2026-09-20", "2026-10-10"] },
    ],
  },
  {
    // PROVISIONAL: the 2027 notice is normally published in November 2026 and was not available when this was
    // written. The dates follow the lunar calendar (春节 2027-02-06, 端午 06-09, 中秋 09-15) and the 2024 revision of
    // 《全国年节及纪念日放假办法》 (春节 4 days from 除夕, 劳动节 2 days); the 调休 days are a best guess.
    // Replace with the official notice once published.
    year: 2027,
    source: "暂定（待国务院办公厅2027年节假日安排通知发布后更新）",
    provisional: true,
    blocks: [
      { name: "元旦", from: "2027-01-01", to: "2027-01-03", workdays: [] },
      { name: "春节", from: "2027-02-05", to: "2027-02-11", workdays: ["2027-02-20"] },
      { name: "清明节", from: "2027-04-03", to: "2027-04-05", workdays: [] },
      { name: "劳动节", from: "2027-05-01", to: "2027-05-05", workdays: ["2027-04-25"] },
      { name: "端午节", from: "2027-06-09", to: "2027-06-09", workdays: [] },
      { name: "中秋节", from: "2027-09-15", to: "2027-09-15", workdays: [] },
      { name: "国庆节", from: "2027-10-01", to: "2027-10-07", workdays: ["2027-09-26", "2027-10-09"] },
    ],
  },
];

export interface CalendarDaySeed {
  /** YYYY-MM-DD */
  date: string;
  kind: CalendarDayKind;
  name: string;
}

function isoDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let time = Date.parse(`${from}T00:00:00Z`); time <= Date.parse(`${to}T00:00:00Z`); time += 86_400_000) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}

/** Every stored calendar day, in date order. */
export function buildCalendarDays(): CalendarDaySeed[] {
  const days: CalendarDaySeed[] = [];
  for (const notice of HOLIDAY_NOTICES) {
    const suffix = notice.provisional ? "（暂定）" : "";
    for (const block of notice.blocks) {
      for (const date of isoDays(block.from, block.to)) {
        days.push({ date, kind: CalendarDayKind.HOLIDAY, name: `${block.name}${suffix}` });
      }
      for (const date of block.workdays) {
        days.push({ date, kind: CalendarDayKind.ADJUSTED_WORKDAY, name: `${block.name}调休上班${suffix}` });
      }
    }
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}
