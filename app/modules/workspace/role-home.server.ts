import type { DbOrTx } from "~/infra/db.server.ts";
import type { NeedStatus, Role } from "~/generated/prisma/enums.ts";
import { notFound } from "~/modules/http/responses.server.ts";

/**
 * What each role sees on landing. Every query is scoped by the signed-in user's own enterprise or institution id,
 * never by an id from the URL, so no user can read another organisation's data here.
 */

export async function loadEnterpriseHome(db: DbOrTx, enterpriseId: string) {
  const enterprise = await db.enterprise.findUnique({
    where: { id: enterpriseId },
    select: { name: true, entityType: true, region: { select: { name: true } } },
  });
  if (!enterprise) throw notFound("未找到您的经营主体信息");
  const needs = await db.financingNeed.findMany({
    where: { enterpriseId },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: {
      id: true,
      amount: true,
      termMonths: true,
      purposeCategory: true,
      status: true,
      publishedAt: true,
      _count: { select: { engagements: true } },
    },
  });
  return {
    enterprise,
    needs: needs.map((need) => ({ ...need, amount: need.amount.toFixed(2), engagementCount: need._count.engagements })),
  };
}

const LIVE_NEED_STATUSES: NeedStatus[] = ["OPEN", "IN_PROGRESS"];

export async function loadOfficerHome(db: DbOrTx, institutionId: string, officerId: string) {
  const institution = await db.institution.findUnique({
    where: { id: institutionId },
    select: { name: true, regionsServed: { select: { regionId: true } } },
  });
  if (!institution) throw notFound("未找到您所在的金融机构");
  const regionIds = institution.regionsServed.map((served) => served.regionId);
  const [openLeads, directedToUs, myEngagements] = await Promise.all([
    db.financingNeed.count({
      where: { status: { in: LIVE_NEED_STATUSES }, visibility: "OPEN", regionId: { in: regionIds } },
    }),
    db.financingNeed.count({
      where: { status: { in: LIVE_NEED_STATUSES }, directedInstitutions: { some: { institutionId } } },
    }),
    db.engagement.groupBy({ by: ["status"], where: { institutionId, officerId }, _count: { _all: true } }),
  ]);
  return {
    institutionName: institution.name,
    openLeads,
    directedToUs,
    myEngagements: myEngagements.map((row) => ({ status: row.status, count: row._count._all })),
  };
}

export async function loadInstitutionAdminHome(db: DbOrTx, institutionId: string) {
  const institution = await db.institution.findUnique({ where: { id: institutionId }, select: { name: true, kind: true } });
  if (!institution) throw notFound("未找到您所在的金融机构");
  const [products, officers] = await Promise.all([
    db.product.groupBy({ by: ["status"], where: { institutionId }, _count: { _all: true } }),
    db.user.findMany({
      where: { institutionId, role: "OFFICER" },
      orderBy: { displayName: "asc" },
      select: { id: true, displayName: true, loginName: true, isActive: true },
    }),
  ]);
  return {
    institution,
    productsByStatus: products.map((row) => ({ status: row.status, count: row._count._all })),
    officers,
  };
}

export async function loadBureauHome(db: DbOrTx) {
  const [needsByStatus, requested, enterprises, engagements, overdue] = await Promise.all([
    db.financingNeed.groupBy({ by: ["status"], _count: { _all: true } }),
    db.financingNeed.aggregate({ where: { publishedAt: { not: null } }, _sum: { amount: true }, _count: { _all: true } }),
    db.enterprise.count(),
    db.engagement.count(),
    db.financingNeed.count({ where: { overdueSince: { not: null }, status: { in: LIVE_NEED_STATUSES } } }),
  ]);
  return {
    needsByStatus: needsByStatus.map((row) => ({ status: row.status, count: row._count._all })),
    publishedNeeds: requested._count._all,
    requestedAmount: (requested._sum.amount ?? 0).toString(),
    enterprises,
    engagements,
    overdue,
  };
}

export async function loadAdminHome(db: DbOrTx) {
  const [usersByRole, institutionsByKind, regions, holidays] = await Promise.all([
    db.user.groupBy({ by: ["role"], _count: { _all: true } }),
    db.institution.groupBy({ by: ["kind"], _count: { _all: true } }),
    db.region.count(),
    db.calendarDay.count(),
  ]);
  return {
    usersByRole: usersByRole.map((row) => ({ role: row.role as Role, count: row._count._all })),
    institutionsByKind: institutionsByKind.map((row) => ({ kind: row.kind, count: row._count._all })),
    regions,
    holidays,
  };
}
