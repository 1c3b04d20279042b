import type { DbOrTx } from "~/infra/db.server.ts";
import { addWorkingDays, createWorkingCalendar, shanghaiDay } from "~/modules/deadlines/working-days.ts";
import { engagementConfig } from "./config.server.ts";

/**
 * When an accepted engagement must reach a decision: N working days (the need's region setting, else the platform
 * default of 15) counted on the holiday calendar.
 */
export async function decisionDueAt(db: DbOrTx, acceptedAt: Date, regionId: string): Promise<Date> {
  const region = await db.region.findUnique({ where: { id: regionId }, select: { decisionDeadlineWorkingDays: true, parentId: true } });
  let days = region?.decisionDeadlineWorkingDays ?? null;
  if (days === null && region?.parentId) {
    const parent = await db.region.findUnique({ where: { id: region.parentId }, select: { decisionDeadlineWorkingDays: true } });
    days = parent?.decisionDeadlineWorkingDays ?? null;
  }
  days ??= engagementConfig().DECISION_DEADLINE_WORKING_DAYS;
  // Enough calendar to cover the deadline even across the Spring Festival block.
  const from = new Date(`${shanghaiDay(acceptedAt)}T00:00:00Z`);
  const to = new Date(from.getTime() + (days * 3 + 30) * 86_400_000);
  const exceptions = await db.calendarDay.findMany({ where: { date: { gte: from, lte: to } }, select: { date: true, kind: true } });
  return addWorkingDays(acceptedAt, days, createWorkingCalendar(exceptions));
}
