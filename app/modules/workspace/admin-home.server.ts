import type { DbOrTx } from "~/infra/db.server.ts";
import type { Role } from "~/generated/prisma/enums.ts";

/**
 * The platform admin's landing page. (The other roles' landing pages load through their own modules:
 * needs/enterprise-need-queries, engagements/lists, institution/overview, bureau/dashboard.)
 */
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
