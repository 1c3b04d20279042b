import type { DbOrTx } from "~/infra/db.server.ts";
import { notFound } from "~/kernel/errors.ts";
import { countOverdueDecisions } from "~/modules/deadlines/deadlines.server.ts";
import { engagementActive } from "~/kernel/statuses.ts";

/** The institution admin's landing page: products by status, the team, live engagements — own institution only. */
export async function loadInstitutionOverview(db: DbOrTx, institutionId: string, now: Date = new Date()) {
  const institution = await db.institution.findUnique({
    where: { id: institutionId },
    select: { name: true, kind: true, regionsServed: { select: { region: { select: { name: true } } } } },
  });
  if (!institution) throw notFound("未找到您所在的金融机构");
  const [products, officers, live, overdue, recentProducts] = await Promise.all([
    db.product.groupBy({ by: ["status"], where: { institutionId }, _count: { _all: true } }),
    db.user.groupBy({ by: ["isActive"], where: { institutionId, role: "OFFICER" }, _count: { _all: true } }),
    db.engagement.count({ where: { institutionId, ...engagementActive } }),
    countOverdueDecisions(db, { institutionId }, now),
    db.product.findMany({
      where: { institutionId },
      orderBy: { updatedAt: "desc" },
      take: 5,
      select: { id: true, name: true, status: true, updatedAt: true },
    }),
  ]);
  const count = (status: string) => products.find((row) => row.status === status)?._count._all ?? 0;
  return {
    institution: {
      name: institution.name,
      kind: institution.kind,
      regions: institution.regionsServed.map((served) => served.region.name),
    },
    products: { DRAFT: count("DRAFT"), PUBLISHED: count("PUBLISHED"), RETIRED: count("RETIRED") },
    officers: {
      active: officers.find((row) => row.isActive)?._count._all ?? 0,
      inactive: officers.find((row) => !row.isActive)?._count._all ?? 0,
    },
    liveEngagements: live,
    overdueEngagements: overdue,
    recentProducts: recentProducts.map((product) => ({ ...product, updatedAt: product.updatedAt.toISOString() })),
  };
}
