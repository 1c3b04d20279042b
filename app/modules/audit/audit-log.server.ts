/**
 * Reading the audit trail (the operator's 审计日志 page and its CSV export): filter by who acted, what they did,
 * which record and when; and the contact reveals per institution, the figure a data-protection review asks for
 * first. Writing stays in ./audit.server.ts.
 */
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { addCalendarDays, isIsoDay, shanghaiInstant, shanghaiToday } from "~/kernel/time.ts";
import { toCsv } from "~/modules/bureau/csv.ts";
import { auditActionLabel, auditSubjectLabel } from "./audit-labels.ts";

export const AUDIT_PAGE_SIZE = 50;
/** An export holds at most this many rows; a wider one is refused with a hint to narrow the filter. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => (value ? value : undefined));
const optionalDay = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || isIsoDay(value), message);

export const AuditLogQuerySchema = z
  .object({
    /** Login name, display name or user id of the actor (part of it). */
    actor: optionalText(100, "操作人最多 100 个字符"),
    action: optionalText(60, "操作类型有误"),
    subjectType: optionalText(40, "记录类型有误"),
    subjectId: optionalText(100, "记录编号最多 100 个字符"),
    /** Only actions by users of this institution (contact reveals per institution link here). */
    institutionId: optionalText(100, "机构编号有误"),
    from: optionalDay("起始日期格式应为 年-月-日"),
    to: optionalDay("截止日期格式应为 年-月-日"),
    page: z.coerce.number({ error: "页码有误" }).int("页码有误").min(1, "页码有误").max(10_000, "页码有误").default(1),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: "起始日期不能晚于截止日期",
    path: ["to"],
  });

export type AuditLogQuery = z.output<typeof AuditLogQuerySchema>;

function whereOf(query: AuditLogQuery): Prisma.AuditLogWhereInput {
  const and: Prisma.AuditLogWhereInput[] = [];
  if (query.actor) {
    and.push({
      OR: [
        { actorId: query.actor },
        { actor: { loginName: { contains: query.actor, mode: "insensitive" } } },
        { actor: { displayName: { contains: query.actor, mode: "insensitive" } } },
      ],
    });
  }
  if (query.action) and.push({ action: query.action });
  if (query.subjectType) and.push({ subjectType: query.subjectType });
  if (query.subjectId) and.push({ subjectId: query.subjectId });
  if (query.institutionId) and.push({ actor: { institutionId: query.institutionId } });
  // Days are Shanghai calendar days, both ends included.
  if (query.from) and.push({ createdAt: { gte: shanghaiInstant(query.from) } });
  if (query.to) and.push({ createdAt: { lt: shanghaiInstant(addCalendarDays(query.to, 1)) } });
  return and.length > 0 ? { AND: and } : {};
}

const rowSelect = {
  id: true,
  action: true,
  actorRole: true,
  subjectType: true,
  subjectId: true,
  ip: true,
  data: true,
  createdAt: true,
  actor: {
    select: { id: true, loginName: true, displayName: true, institution: { select: { shortName: true } } },
  },
} satisfies Prisma.AuditLogSelect;

type AuditRow = Prisma.AuditLogGetPayload<{ select: typeof rowSelect }>;

function present(row: AuditRow) {
  return {
    id: row.id,
    at: row.createdAt.toISOString(),
    action: row.action,
    actionLabel: auditActionLabel(row.action),
    actorRole: row.actorRole,
    actor: row.actor
      ? {
          id: row.actor.id,
          loginName: row.actor.loginName,
          displayName: row.actor.displayName,
          institution: row.actor.institution?.shortName ?? null,
        }
      : null,
    subjectType: row.subjectType,
    subjectLabel: auditSubjectLabel(row.subjectType),
    subjectId: row.subjectId,
    ip: row.ip,
    data: row.data === null ? null : JSON.stringify(row.data),
  };
}

export type AuditLogEntry = ReturnType<typeof present>;

/** One page of matching rows, newest first, with the total for the pager. */
export async function searchAuditLog(db: DbOrTx, query: AuditLogQuery) {
  const where = whereOf(query);
  const [total, rows, actions, subjectTypes] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where,
      select: rowSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
    db.auditLog.groupBy({ by: ["action"], orderBy: { action: "asc" } }),
    db.auditLog.groupBy({ by: ["subjectType"], orderBy: { subjectType: "asc" } }),
  ]);
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    entries: rows.map(present),
    // Only the actions and record types that occur, so every choice finds something.
    actionOptions: actions.map((row) => ({ value: row.action, label: auditActionLabel(row.action) })),
    subjectTypeOptions: subjectTypes.map((row) => ({
      value: row.subjectType,
      label: auditSubjectLabel(row.subjectType),
    })),
  };
}

/** Contact reveals per institution over the query's period (default: the last 30 days). */
export async function contactRevealsByInstitution(db: DbOrTx, query: Pick<AuditLogQuery, "from" | "to">) {
  const to = query.to ?? shanghaiToday();
  const from = query.from ?? addCalendarDays(to, -29);
  const rows = await db.$queryRaw<{ institutionId: string; name: string; reveals: number; officers: number }[]>`
    SELECT i."id" AS "institutionId", i."shortName" AS "name", count(*)::int AS "reveals",
           count(DISTINCT a."actorId")::int AS "officers"
    FROM "AuditLog" a
    JOIN "User" u ON u."id" = a."actorId"
    JOIN "Institution" i ON i."id" = u."institutionId"
    WHERE a."action" = 'CONTACT_REVEALED'
      AND a."createdAt" >= ${shanghaiInstant(from)} AND a."createdAt" < ${shanghaiInstant(addCalendarDays(to, 1))}
    GROUP BY i."id", i."shortName"
    ORDER BY "reveals" DESC, i."shortName" ASC`;
  return { from, to, rows };
}

/** Every matching row as CSV (Excel-ready), or null when there are more than the export allows. */
export async function auditLogCsv(db: DbOrTx, query: AuditLogQuery): Promise<string | null> {
  const where = whereOf(query);
  if ((await db.auditLog.count({ where })) > AUDIT_EXPORT_MAX_ROWS) return null;
  const rows = await db.auditLog.findMany({
    where,
    select: rowSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return toCsv([
    ["时间", "操作", "操作代码", "操作人", "登录名", "角色", "所属机构", "记录类型", "记录编号", "IP", "详情"],
    ...rows
      .map(present)
      .map((entry) => [
        entry.at,
        entry.actionLabel,
        entry.action,
        entry.actor?.displayName ?? "系统",
        entry.actor?.loginName ?? "",
        entry.actorRole ?? "",
        entry.actor?.institution ?? "",
        entry.subjectType,
        entry.subjectId ?? "",
        entry.ip ?? "",
        entry.data ?? "",
      ]),
  ]);
}
