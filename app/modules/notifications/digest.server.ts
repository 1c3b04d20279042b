/**
 * The officers' daily digest: leads they were told about in the last 24 hours, requests waiting for their
 * institution and decisions due within 3 working days. One per officer per Shanghai day (unique key), only when
 * there is something to say.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import { loadWorkingCalendar } from "~/modules/deadlines/deadlines.server.ts";
import { addWorkingDays } from "~/modules/deadlines/working-days.ts";
import { shanghaiDay } from "~/kernel/time.ts";
import { recipientSelect } from "./channels/registry.server.ts";
import { availableChannels, type ChannelAvailability } from "./config.server.ts";
import { draftsForUsers, mergeSaveResults, saveNotifications, type SaveResult } from "./notify.server.ts";
import { dailyDigest } from "./templates.ts";
import { engagementAwaitingDecision } from "~/kernel/statuses.ts";

export async function createDailyDigests(
  db: DbOrTx,
  options: { now: Date; channels?: ChannelAvailability; pageSize?: number },
): Promise<SaveResult> {
  const channels = options.channels ?? availableChannels();
  const day = shanghaiDay(options.now);
  const since = new Date(options.now.getTime() - 24 * 3_600_000);
  const dueBy = addWorkingDays(options.now, 3, await loadWorkingCalendar(db));
  const pageSize = options.pageSize ?? 200;
  const results: SaveResult[] = [];

  for (let cursor: string | undefined; ;) {
    const officers = await db.user.findMany({
      where: { role: "OFFICER", isActive: true, institutionId: { not: null } },
      select: { ...recipientSelect, institutionId: true },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (officers.length === 0) break;
    cursor = officers[officers.length - 1]!.id;

    for (const officer of officers) {
      const institutionId = officer.institutionId!;
      const leads = await db.notification.findMany({
        where: {
          recipientId: officer.id,
          channel: "IN_APP",
          template: "lead.matched",
          createdAt: { gte: since, lte: options.now },
        },
        select: { body: true },
        orderBy: { createdAt: "desc" },
        take: 50,
      });
      const awaitingResponse = await db.engagement.count({
        where: { institutionId, status: "REQUESTED", initiatedBy: "ENTERPRISE" },
      });
      const dueSoon = await db.engagement.count({
        where: {
          institutionId,
          OR: [{ officerId: officer.id }, { officerId: null }],
          ...engagementAwaitingDecision,
          decisionDueAt: { gte: options.now, lte: dueBy },
        },
      });
      if (leads.length === 0 && awaitingResponse === 0 && dueSoon === 0) continue;
      const rendered = dailyDigest({
        day,
        newLeadLines: leads.map((lead) => lead.body.split("。")[0]!),
        awaitingResponse,
        dueSoon,
      });
      results.push(
        await saveNotifications(
          db,
          draftsForUsers({ key: `digest:${day}`, ...rendered, payload: { day } }, [officer], channels),
        ),
      );
    }
    if (officers.length < pageSize) break;
  }
  return mergeSaveResults(results);
}
