/**
 * The search engine (search/, app/modules/matching) behind the worker's SearchPort and MatchingPort. Index settings
 * are ensured once per process before the first write (and again after a failure, e.g. Meilisearch was down).
 */
import type { Db } from "~/infra/db.server.ts";
import { matchNeed, matchProduct } from "~/modules/matching/match-need.server.ts";
import type { Meili } from "../search/client.ts";
import { ensureIndexes } from "../search/settings.ts";
import { syncNeed, syncNeeds, syncProduct, syncProducts } from "../search/sync.ts";
import type { MatchingPort, SearchPort } from "./context.ts";

export function createSearchPorts(db: Db, meili: Meili): { search: SearchPort; matching: MatchingPort } {
  let ready: Promise<unknown> | null = null;
  const ensureReady = () => {
    ready ??= ensureIndexes(meili).catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  };

  const search: SearchPort = {
    async syncNeed(needId) {
      await ensureReady();
      await syncNeed(db, meili, needId);
    },
    async syncProduct(productId) {
      await ensureReady();
      await syncProduct(db, meili, productId);
    },
    async reconcile() {
      await ensureReady();
      // Re-derive every live document from Postgres in pages; documents of rows that no longer qualify are
      // deleted by the sync functions. (A full rebuild into a fresh index is the search CLI's job.)
      let needs = 0;
      let products = 0;
      for (let cursor: string | undefined; ; ) {
        const rows = await db.financingNeed.findMany({
          where: { status: { not: "DRAFT" } },
          select: { id: true },
          orderBy: { id: "asc" },
          take: 500,
          ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        });
        if (rows.length === 0) break;
        await syncNeeds(db, meili, rows.map((row) => row.id));
        needs += rows.length;
        cursor = rows[rows.length - 1]!.id;
      }
      for (let cursor: string | undefined; ; ) {
        const rows = await db.product.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: 500, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });
        if (rows.length === 0) break;
        await syncProducts(db, meili, rows.map((row) => row.id));
        products += rows.length;
        cursor = rows[rows.length - 1]!.id;
      }
      return { needs, products };
    },
  };

  const matching: MatchingPort = {
    async matchNeed(needId) {
      await ensureReady();
      return { found: (await matchNeed(db, meili, needId)) !== null };
    },
    async matchProduct(productId) {
      await ensureReady();
      const [matches, product] = await Promise.all([
        matchProduct(db, meili, productId),
        db.product.findUnique({ where: { id: productId }, select: { institutionId: true } }),
      ]);
      return { needIds: matches.map((match) => match.needId), institutionId: product?.institutionId ?? null };
    },
  };

  return { search, matching };
}
