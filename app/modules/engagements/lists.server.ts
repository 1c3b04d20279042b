/**
 * The officer's engagement lists ("我的对接", "超时"), straight from Postgres. Rows show the masked name only:
 * lists never reveal contact data (that happens, audited, on the engagement page).
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import type { EngagementStatus } from "~/generated/prisma/enums.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { regionDirectoryCovering } from "~/modules/matching/facts.server.ts";
import { isDecisionOverdue, overdueDecisionWhere } from "~/modules/deadlines/overdue.ts";
import { purposeCategoryLabel } from "~/kernel/labels.ts";
import { formatMoney, toFen } from "~/kernel/money.ts";
import { maskEnterpriseName } from "~/modules/redaction/enterprise-names.ts";

export const ENGAGEMENT_PAGE_SIZE = 20;

export type EngagementListFilter = {
  institutionId: string;
  /** Only this officer's engagements. */
  officerId?: string;
  statuses?: readonly EngagementStatus[];
  /** Active engagements past their decision deadline. */
  overdue?: boolean;
  page?: number;
  now?: Date;
};

export async function listEngagements(db: DbOrTx, filter: EngagementListFilter) {
  const now = filter.now ?? new Date();
  const page = Math.max(1, filter.page ?? 1);
  const where: Prisma.EngagementWhereInput = {
    institutionId: filter.institutionId,
    ...(filter.officerId ? { officerId: filter.officerId } : {}),
    ...(filter.statuses && filter.statuses.length > 0 ? { status: { in: [...filter.statuses] } } : {}),
    ...(filter.overdue ? overdueDecisionWhere(now) : {}),
  };
  const [total, rows, byStatus] = await Promise.all([
    db.engagement.count({ where }),
    db.engagement.findMany({
      where,
      orderBy: filter.overdue ? [{ decisionDueAt: "asc" }] : [{ updatedAt: "desc" }],
      skip: (page - 1) * ENGAGEMENT_PAGE_SIZE,
      take: ENGAGEMENT_PAGE_SIZE,
      select: {
        id: true,
        status: true,
        requestedAt: true,
        decisionDueAt: true,
        updatedAt: true,
        officer: { select: { displayName: true } },
        need: {
          select: {
            id: true,
            amount: true,
            termMonths: true,
            purposeCategory: true,
            regionId: true,
            // Read only to build the mask; never returned.
            enterprise: { select: { name: true, entityType: true } },
          },
        },
      },
    }),
    db.engagement.groupBy({
      by: ["status"],
      where: { institutionId: filter.institutionId, ...(filter.officerId ? { officerId: filter.officerId } : {}) },
      _count: { _all: true },
    }),
  ]);
  const regions = await regionDirectoryCovering(
    db,
    rows.map((row) => row.need.regionId),
  );
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / ENGAGEMENT_PAGE_SIZE)),
    byStatus: byStatus.map((row) => ({ status: row.status, count: row._count._all })),
    rows: rows.map((row) => ({
      id: row.id,
      status: row.status,
      needId: row.need.id,
      maskedName: maskEnterpriseName(
        row.need.enterprise.name,
        row.need.enterprise.entityType,
        regions.city(row.need.regionId)?.name ?? null,
      ),
      amountText: formatMoney(toFen(row.need.amount)),
      termMonths: row.need.termMonths,
      purposeLabel: purposeCategoryLabel[row.need.purposeCategory],
      regionName: regions.county(row.need.regionId)?.name ?? regions.name(row.need.regionId),
      officerName: row.officer?.displayName ?? null,
      requestedAt: row.requestedAt.toISOString(),
      decisionDueAt: row.decisionDueAt?.toISOString() ?? null,
      overdue: isDecisionOverdue(row, now),
    })),
  };
}

export type EngagementList = Awaited<ReturnType<typeof listEngagements>>;
