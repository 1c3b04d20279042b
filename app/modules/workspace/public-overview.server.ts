import type { DbOrTx } from "~/infra/db.server.ts";

/** Platform-wide counts shown to everyone on the landing page; aggregates only, nothing identifying. */
export async function loadPublicOverview(db: DbOrTx) {
  const [institutions, publishedProducts, enterprises, succeededNeeds] = await Promise.all([
    db.institution.count({ where: { isActive: true } }),
    db.product.count({ where: { status: "PUBLISHED" } }),
    db.enterprise.count(),
    db.financingNeed.count({ where: { status: "SUCCEEDED" } }),
  ]);
  return { institutions, publishedProducts, enterprises, succeededNeeds };
}
