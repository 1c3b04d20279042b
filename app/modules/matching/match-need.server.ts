/**
 * Matching a financing need to products (and a product to open needs).
 *
 *   1. Candidates come from the products index (./candidates.server.ts): the eligible products, the bundle
 *      suppliers and the near misses, as Meilisearch filters, with each candidate's text relevance.
 *   2. Candidates are re-read from Postgres (the truth) and ranked in code (./rank-matches.ts), so a stale index can
 *      delay a match but never produce an ineligible one.
 *   3. The top matches, bundles and near misses replace the need's earlier matches in one statement
 *      (./match-store.server.ts). Running it twice gives the same rows.
 *
 * Called by the workers from the outbox events (through createMatchBatcher, which gathers concurrent jobs' needs into
 * matchNeeds batches; publishing a need does not wait for it), by scripts and tests, with plain arguments: a Prisma
 * client, the Meilisearch handle and an id.
 */
import { MeilisearchRequestError } from "meilisearch";
import type { Db } from "~/infra/db.server.ts";
import { type Meili, meiliErrorCode } from "../../../search/client.ts";
import { MAX_PRODUCT_CANDIDATES } from "../../../search/settings.ts";
import { findCandidatesOfMany } from "./candidates.server.ts";
import { checkEligibility } from "./eligibility.ts";
import { shanghaiDayNumber } from "~/kernel/time.ts";
import { loadNeedFactsMany, loadNeeds, loadProductFacts } from "./facts.server.ts";
import { queueLeadRefresh, storeMatches, toStoredRow } from "./match-store.server.ts";
import { RANK_LIMITS, type StoredMatch, candidateIds, rankMatches } from "./rank-matches.ts";
import { scoreMatch } from "./ranking.ts";
import { loadResponsiveness } from "./responsiveness.server.ts";
import { needsFilterForProduct } from "./search-filters.ts";
import { isNeedLive } from "~/kernel/statuses.ts";

export interface MatchNeedOptions {
  /** The instant matching happens at (validity dates, years in business). Default: now. */
  now?: Date;
  /** Eligible products asked from Meilisearch per query. */
  candidateLimit?: number;
  /** Stored DIRECT matches. */
  directLimit?: number;
  bundleLimit?: number;
  nearMissLimit?: number;
  /**
   * Also update the need's leads document (its matched institutions, for "matched to us") without waiting.
   * Default true. A caller that matches many needs at once may pass false and sync the documents in one batch
   * (syncNeeds); reconcile repairs anything missed either way.
   */
  refreshLead?: boolean;
}

export const MATCH_DEFAULTS: Required<
  Pick<MatchNeedOptions, "candidateLimit" | "directLimit" | "bundleLimit" | "nearMissLimit">
> = {
  candidateLimit: MAX_PRODUCT_CANDIDATES,
  ...RANK_LIMITS,
};

export interface MatchNeedResult {
  needId: string;
  direct: StoredMatch[];
  bundles: StoredMatch[];
  nearMisses: StoredMatch[];
  /** Product ids the eligible-products query returned (before the Postgres re-check). */
  candidateIds: string[];
}

/**
 * Matches one need and stores the result (replacing earlier matches of that need). Returns null when the need does
 * not exist (deleted after the job was queued).
 */
export async function matchNeed(
  db: Db,
  meili: Meili,
  needId: string,
  options: MatchNeedOptions = {},
): Promise<MatchNeedResult | null> {
  return (await matchNeeds(db, meili, [needId], options)).get(needId) ?? null;
}

/**
 * Matches several needs at once, exactly as matchNeed would one by one, with one round trip per step for the whole
 * batch (read the needs, search, store). Needs that do not exist are absent from the result.
 */
export async function matchNeeds(
  db: Db,
  meili: Meili,
  needIds: readonly string[],
  options: MatchNeedOptions = {},
): Promise<Map<string, MatchNeedResult>> {
  const now = options.now ?? new Date();
  const today = shanghaiDayNumber(now);
  const { rows, facts: needs, regions } = await loadNeeds(db, needIds);
  if (rows.length === 0) return new Map();

  const candidates = await findCandidatesOfMany(meili, needs, { today, candidateLimit: options.candidateLimit });
  const products = await loadProductFacts(db, [...new Set(candidates.flatMap(candidateIds))]);
  const responsiveness = await loadResponsiveness(
    db,
    [...products.values()].map((product) => product.institutionId),
  );
  const ranked = needs.map((need, index) =>
    rankMatches(need, products, candidates[index]!, { today, responsiveness, regions, limits: options }),
  );

  await storeMatches(
    db,
    needs.map((need, index) => ({
      needId: need.id,
      rows: [...ranked[index]!.direct, ...ranked[index]!.bundles, ...ranked[index]!.nearMisses].map(toStoredRow),
    })),
    now,
  );

  const results = new Map<string, MatchNeedResult>();
  rows.forEach((row, index) => {
    const result = ranked[index]!;
    // Sent even when the stored result did not change: a re-match then also repairs a lost or overwritten update
    // (the update is small, and a first match — the common case — changes the result anyway).
    if (options.refreshLead !== false && row.status !== "DRAFT") {
      const matchedInstitutions = [...result.direct, ...result.bundles].flatMap((match) =>
        [match.productId, match.bundleProductId].flatMap((id) =>
          id && products.get(id) ? [products.get(id)!.institutionId] : [],
        ),
      );
      // Fire and forget: the leads document is derived; reconcile repairs it if this update is lost.
      queueLeadRefresh(meili, { id: row.id, matchedInstitutionIds: [...new Set(matchedInstitutions)].sort() });
    }
    results.set(row.id, { needId: row.id, ...result, candidateIds: candidates[index]!.eligibleIds });
  });
  return results;
}

/**
 * Gathers matchNeed calls made close together (by the matching worker's concurrent jobs) into one matchNeeds batch:
 * a batch goes when it holds `maxBatch` needs or `windowMs` after its first need. Each caller gets its own need's
 * result; if the batch fails, its needs are matched again one by one.
 */
/**
 * Meilisearch or Postgres unreachable: a request that got no answer. (An answer with an error — a Meilisearch error
 * code such as invalid_search_filter, or a Prisma request error — may concern one need only.)
 */
function isOutage(error: unknown): boolean {
  if (error instanceof MeilisearchRequestError) return meiliErrorCode(error) === undefined;
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  const message = error instanceof Error ? error.message : "";
  return (
    ["P1001", "P1002", "P1017", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"].includes(code) ||
    /ECONNREFUSED|Connection terminated|Can't reach database/i.test(message)
  );
}

/**
 * Needs per batch. Small on purpose: a batch is read, searched, ranked and stored as a unit, so the worker keeps
 * several in flight to overlap those steps (measured: batches of 4 at concurrency 12–16 beat batches of 8 at 8).
 */
export const MATCH_BATCH_SIZE = 4;

export function createMatchBatcher(
  db: Db,
  meili: Meili,
  options: { maxBatch?: number; windowMs?: number; match?: MatchNeedOptions } = {},
) {
  const maxBatch = options.maxBatch ?? MATCH_BATCH_SIZE;
  const windowMs = options.windowMs ?? 2;
  let waiting: {
    needId: string;
    resolve: (result: MatchNeedResult | null) => void;
    reject: (error: unknown) => void;
  }[] = [];
  let timer: NodeJS.Timeout | null = null;

  function send() {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = waiting;
    waiting = [];
    matchNeeds(
      db,
      meili,
      batch.map((entry) => entry.needId),
      options.match,
    ).then(
      (results) => {
        for (const entry of batch) entry.resolve(results.get(entry.needId) ?? null);
      },
      (error: unknown) => {
        // One bad need must not fail its batch-mates (their jobs would be retried into the same batch again):
        // a failed batch is matched again need by need, and each caller gets its own result or error.
        // An outage fails every need alike, so then each caller gets the error at once (retrying need by need would
        // only multiply the requests to a service that is down).
        if (batch.length === 1 || isOutage(error)) for (const entry of batch) entry.reject(error);
        else
          for (const entry of batch)
            matchNeed(db, meili, entry.needId, options.match).then(entry.resolve, entry.reject);
      },
    );
  }

  return {
    match(needId: string): Promise<MatchNeedResult | null> {
      return new Promise((resolve, reject) => {
        waiting.push({ needId, resolve, reject });
        if (waiting.length >= maxBatch) send();
        else timer ??= setTimeout(send, windowMs);
      });
    },
  };
}

// ───────────────────────────── reverse matching ─────────────────────────────

export interface ProductNeedMatch {
  needId: string;
  score: number;
  reasons: string[];
}

/**
 * Open needs a product fits — for telling its institution about a newly published product's leads. DIRECTED needs
 * are included only when the product's institution is one the enterprise chose. Best first. The workers should also
 * re-run matchNeed for the returned needs so their stored matches include the product.
 */
export async function matchProduct(
  db: Db,
  meili: Meili,
  productId: string,
  options: { now?: Date; limit?: number } = {},
): Promise<ProductNeedMatch[]> {
  const now = options.now ?? new Date();
  const today = shanghaiDayNumber(now);
  const product = (await loadProductFacts(db, [productId])).get(productId);
  if (!product || product.status !== "PUBLISHED" || !product.institutionActive) return [];
  if (
    (product.validFromDay !== null && product.validFromDay > today) ||
    (product.validToDay !== null && product.validToDay < today)
  )
    return [];
  const filter = needsFilterForProduct(product, { today, nowTs: Math.floor(now.getTime() / 1000) });
  if (!filter) return [];
  const response = await meili.client.index(meili.indexes.needs).search(null, {
    filter,
    limit: Math.min(options.limit ?? 1000, 10_000),
    sort: ["publishedAtTs:desc"],
    attributesToRetrieve: ["id"],
  });
  const needs = await loadNeedFactsMany(
    db,
    response.hits.map((hit) => String(hit.id)),
  );
  const responsiveness = await loadResponsiveness(db, [product.institutionId]);
  const results: ProductNeedMatch[] = [];
  for (const need of needs.values()) {
    if (!isNeedLive(need.status)) continue;
    if (need.visibility === "DIRECTED" && !need.directedInstitutionIds.includes(product.institutionId)) continue;
    if (checkEligibility(need, product, { today }).length > 0) continue;
    const ranked = scoreMatch(need, product, {
      textScore: null,
      responsiveness: responsiveness.get(product.institutionId) ?? null,
    });
    results.push({ needId: need.id, score: ranked.score, reasons: ranked.reasons });
  }
  return results.sort((a, b) => b.score - a.score || (a.needId < b.needId ? -1 : 1));
}
