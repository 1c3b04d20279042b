/**
 * The State Council's holiday notices for 2025 and 2026, written out independently of prisma/seed so the tests
 * check the seed rather than trust it. Only exceptions to the Monday–Friday week: every day off inside a holiday
 * block (HOLIDAY) and every weekend day worked to make up for it (ADJUSTED_WORKDAY, 调休上班).
 *
 *   2025: 国办发明电〔2024〕12号    2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11)
 */
import type { CalendarException } from "~/modules/deadlines/working-days.ts";

interface Block {
  name: string;
  from: string;
  to: string;
  workdays: string[];
}

export const OFFICIAL_BLOCKS: Record<2025 | 2026, Block[]> = {
  2025: [
    { name: "元旦", from: "2025-01-01", to: "2025-01-01", workdays: [] },
    { name: "春节", from: "2025-01-28", to: "2025-02-04", workdays: ["2025-01-26", "2025-02-08"] },
    { name: "清明节", from: "2025-04-04", to: "2025-04-06", workdays: [] },
    { name: "劳动节", from: "2025-05-01", to: "2025-05-05", workdays: ["2025-04-27"] },
    { name: "端午节", from: "2025-05-31", to: "2025-06-02", workdays: [] },
    { name: "国庆节、中秋节", from: "2025-10-01", to: "2025-10-08", workdays: ["2025-09-28", "2025-10-11"] },
  ],
  2026: [
    { name: "元旦", from: "2026-01-01", to: "2026-01-03", workdays: ["2026-01-04"] },
    { name: "春节", from: "2026-02-15", to: "2026-02-23", workdays: ["2026-02-14", "2026-02-28"] },
    { name: "清明节", from: "2026-04-04", to: "2026-04-06", workdays: [] },
    { name: "劳动节", from: "2026-05-01", to: "2026-05-05", workdays: ["2026-05-09"] },
    { name: "端午节", from: "2026-06-19", to: "2026-06-21", workdays: [] },
    { name: "中秋节", from: "2026-09-25", to: "2026-09-27", workdays: [] },
    { name: "国庆节", from: "2026-10-01", to: "2026-10-07", workdays: ["2026-09-20", "2026-10-10"] },
  ],
};

export interface OfficialCalendarRow extends CalendarException {
  date: string;
  name: string;
}

/** Rows in the CalendarDay shape (date as YYYY-MM-DD; integration tests insert them as `new Date(date)`). */
export function officialCalendarRows(): OfficialCalendarRow[] {
  const rows: OfficialCalendarRow[] = [];
  for (const blocks of Object.values(OFFICIAL_BLOCKS)) {
    for (const block of blocks) {
      for (
        let time = Date.parse(`${block.from}T00:00:00Z`);
        time <= Date.parse(`${block.to}T00:00:00Z`);
        time += 86_400_000
      ) {
        rows.push({ date: new Date(time).toISOString().slice(0, 10), kind: "HOLIDAY", name: block.name });
      }
      for (const date of block.workdays) rows.push({ date, kind: "ADJUSTED_WORKDAY", name: `${block.name}调休上班` });
    }
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date));
}
