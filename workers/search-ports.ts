/**
 * The search engine (search/, app/modules/search-index, app/modules/matching) behind the worker's SearchPort and
 * MatchingPort. Index settings are ensured once per process before the first write (ensureIndexesOnce: again after a
 * failure).
 */
import type { Db } from "~/infra/db.server.ts";
import { createMatchBatcher, matchProduct } from "~/modules/matching/match-need.server.ts";
import { reconcileIndex } from "~/modules/search-index/reindex.server.ts";
import { syncNeed, syncProduct } from "~/modules/search-index/sync.server.ts";
import type { Meili } from "../search/client.ts";
import { ensureIndexesOnce } from "../search/settings.ts";
import type { MatchingPort, SearchPort } from "./context.ts";

export function createSearchPorts(db: Db, meili: Meili): { search: SearchPort; matching: MatchingPort } {
  const ensureReady = () => ensureIndexesOnce(meili);

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
      // Repairs missing, stale and extra documents by content hash (app/modules/search-index/reindex.server.ts); a
      // full rebuild with an index swap is the admin's `tsx scripts/search-index.ts rebuild`.
      const products = await reconcileIndex(db, meili, "products");
      const needs = await reconcileIndex(db, meili, "needs");
      return { products, needs };
    },
  };

  // The matching queue's concurrent jobs share batches: one read, one search request and one store per batch.
  const batcher = createMatchBatcher(db, meili);
  const matching: MatchingPort = {
    async matchNeed(needId) {
      await ensureReady();
      return { found: (await batcher.match(needId)) !== null };
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
