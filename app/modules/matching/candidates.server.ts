/**
 * The candidates of a match, from the products index: the hard filters of docs/domain.md#eligibility as Meilisearch
 * filters (./search-filters.ts) — the eligible products (with the guarantee and insurance products that can supply a
 * bundle) and the near misses (which include the loans a bundle can rescue) — and each candidate's text relevance, from
 * one cached query per keyword. The in-code predicate re-checks every candidate against Postgres facts afterwards
 * (./rank-matches.ts), so a stale index can delay a match but never produce an ineligible one.
 */
import { type Meili } from "../../../search/client.ts";
import { eq } from "../../../search/filter-syntax.ts";
import { MAX_PRODUCT_CANDIDATES } from "../../../search/settings.ts";
import { type NeedFacts, candidateKinds, wantedKinds } from "./facts.ts";
import { combineKeywordScores, needKeywords } from "./keywords.ts";
import { eligibleProductsFilter, nearMissProductsFilter } from "./search-filters.ts";

export interface Candidates {
  /**
   * Products the need is eligible for, of the kinds in candidateKinds: those it asks for and, when it wants a loan,
   * guarantee and insurance products (bundle suppliers). The set the property test checks against the predicate.
   */
  eligibleIds: string[];
  /** Products of the kinds it asks for failing exactly one actionable condition (this includes the loan half of every bundle). */
  nearMissIds: string[];
  /** Text relevance 0–1 per product, from Meilisearch's per-keyword ranking scores. */
  textScores: Map<string, number>;
}

/**
 * Candidate sets are read as the facet distribution of `id` (limit 0): Meilisearch evaluates the filter and counts
 * facet values without fetching a single document, which on 5,000 products is about three times cheaper than the
 * same ids as hits (each hit costs a document read: ~10–20 µs, so 200 hits ≈ 3–4 ms). A set larger than its limit
 * (or than the facet value limit) is asked again as hits with that limit, the eligible set cheapest first.
 */
const NEAR_MISS_CANDIDATES = MAX_PRODUCT_CANDIDATES;
/** Bundle suppliers kept when a need's eligible set overflows its limit (they are asked for separately then). */
const SUPPLIER_CANDIDATES = 50;
/** Hits per keyword: its most relevant published products (a product beyond them scores 0 for that word). */
const KEYWORD_HITS = MAX_PRODUCT_CANDIDATES;

/**
 * Keyword relevance is cached per process and word. A product's `_rankingScore` for a one-word query depends on the
 * word and the product only (not on the filter or the other hits), so one query per word over all published products
 * serves every need — for as long as the products index is unchanged (its latest succeeded task, checked at most
 * once per INDEX_STAMP_MAX_AGE_MS) and at most KEYWORD_CACHE_MAX_AGE_MS.
 */
const KEYWORD_CACHE_MAX_AGE_MS = 5 * 60_000;
const INDEX_STAMP_MAX_AGE_MS = 1_000;
const KEYWORD_CACHE_MAX_ENTRIES = 2_000;
interface KeywordScores {
  at: number;
  /** The products index's state (indexStamp) when the scores were read. */
  stamp: string;
  scores: Map<string, number>;
}
interface KeywordCache {
  entries: Map<string, KeywordScores>;
  /** Words being fetched, so concurrent matches share one query. */
  pending: Map<string, Promise<KeywordScores>>;
  stamp: { at: number; value: Promise<string> } | null;
}
const keywordCaches = new WeakMap<Meili, Map<string, KeywordCache>>();

function keywordCacheOf(meili: Meili, indexUid: string): KeywordCache {
  let byIndex = keywordCaches.get(meili);
  if (!byIndex) keywordCaches.set(meili, (byIndex = new Map()));
  let cache = byIndex.get(indexUid);
  if (!cache) byIndex.set(indexUid, (cache = { entries: new Map(), pending: new Map(), stamp: null }));
  return cache;
}

/**
 * Identifies the index's current state: its latest succeeded task (document changes, settings, swaps). A cheap
 * request that does no search work. (The index's updatedAt does not move when documents change.)
 */
async function readIndexStamp(meili: Meili, indexUid: string): Promise<string> {
  const tasks = await meili.client.tasks.getTasks({ indexUids: [indexUid], statuses: ["succeeded"], limit: 1 });
  return `${tasks.results[0]?.uid ?? "none"}/${tasks.total ?? ""}`;
}

/** The index stamp as of at most INDEX_STAMP_MAX_AGE_MS ago; concurrent callers share one request. */
function currentIndexStamp(meili: Meili, indexUid: string, cache: KeywordCache): Promise<string> {
  const now = Date.now();
  if (!cache.stamp || now - cache.stamp.at >= INDEX_STAMP_MAX_AGE_MS) {
    const value = readIndexStamp(meili, indexUid);
    cache.stamp = { at: now, value };
    value.catch(() => {
      if (cache.stamp?.value === value) cache.stamp = null;
    });
  }
  return cache.stamp.value;
}

/** Per-product relevance of each word (0–1), from the cache or one multi-search for the words not cached. */
async function keywordScores(meili: Meili, words: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const result = new Map<string, Map<string, number>>();
  if (words.length === 0) return result;
  const indexUid = meili.indexes.products;
  const cache = keywordCacheOf(meili, indexUid);
  const stamp = await currentIndexStamp(meili, indexUid, cache);
  const now = Date.now();
  const waiting: Promise<void>[] = [];
  const missing: string[] = [];
  for (const word of words) {
    const entry = cache.entries.get(word);
    if (entry && entry.stamp === stamp && now - entry.at < KEYWORD_CACHE_MAX_AGE_MS) result.set(word, entry.scores);
    else if (cache.pending.has(word))
      waiting.push(cache.pending.get(word)!.then((fetched) => void result.set(word, fetched.scores)));
    else missing.push(word);
  }
  if (missing.length > 0) {
    const fetching = meili.client
      .multiSearch({
        queries: missing.map((word) => ({
          indexUid,
          q: word,
          filter: eq("status", "PUBLISHED"),
          limit: KEYWORD_HITS,
          attributesToRetrieve: ["id"],
          showRankingScore: true,
          locales: ["cmn" as const],
        })),
      })
      .then(({ results }) =>
        results.map((response) => new Map(response.hits.map((hit) => [String(hit.id), hit._rankingScore ?? 0]))),
      );
    missing.forEach((word, position) => {
      const promise = fetching.then((all) => ({ at: now, stamp, scores: all[position]! }));
      cache.pending.set(word, promise);
      waiting.push(
        promise
          .then((fetched) => {
            if (cache.entries.size >= KEYWORD_CACHE_MAX_ENTRIES) cache.entries.clear();
            cache.entries.set(word, fetched);
            result.set(word, fetched.scores);
          })
          .finally(() => {
            if (cache.pending.get(word) === promise) cache.pending.delete(word);
          }),
      );
    });
  }
  await Promise.all(waiting);
  return result;
}

/** One candidate set as facet values of `id`; null when the set is larger than `limit` (or than the facet limit). */
function facetIds(
  response: { facetDistribution?: Record<string, Record<string, number>>; estimatedTotalHits?: number },
  limit: number,
): string[] | null {
  const ids = Object.keys(response.facetDistribution?.id ?? {});
  const total = response.estimatedTotalHits ?? Number.POSITIVE_INFINITY;
  return ids.length === total && total <= limit ? ids : null;
}

/** The candidate sets of one need (one multi-search) and its keyword relevance (cached). Exported for the property test. */
export async function findCandidates(
  meili: Meili,
  need: NeedFacts,
  options: { today: number; candidateLimit?: number },
): Promise<Candidates> {
  return (await findCandidatesOfMany(meili, [need], options))[0]!;
}

/**
 * The candidate sets of several needs in one multi-search (two facet queries per need), in the order given. One
 * request for a batch saves each need a round trip (on this stack ≈ 0.3 ms of CPU in this process alone).
 */
export async function findCandidatesOfMany(
  meili: Meili,
  needs: readonly NeedFacts[],
  options: { today: number; candidateLimit?: number },
): Promise<Candidates[]> {
  const limit = Math.min(options.candidateLimit ?? MAX_PRODUCT_CANDIDATES, MAX_PRODUCT_CANDIDATES);
  const indexUid = meili.indexes.products;
  const today = options.today;

  // Per need two sets: eligible products (with the bundle suppliers: one filter, kinds aside, is cheaper than two)
  // and near misses. A need that asks for no kind of product has none. A set larger than its limit is asked again
  // as hits: the eligible products cheapest first, the suppliers separately (else a broad loan need's cheapest
  // loans would crowd them out and leave it without bundles).
  interface CandidateSet {
    filter: string;
    limit: number;
    overflow: { filter: string; limit: number; sort?: string[] }[];
  }
  const setsOf = needs.map((need): CandidateSet[] => {
    const kinds = wantedKinds(need);
    if (kinds.length === 0) return [];
    const eligible = eligibleProductsFilter(need, { today, kinds: candidateKinds(need) });
    const nearMiss = nearMissProductsFilter(need, { today, kinds });
    const byPrice = ["minAnnualRate:asc", "feeRate:asc"];
    const suppliers = candidateKinds(need).filter((kind) => !kinds.includes(kind));
    return [
      {
        filter: eligible,
        limit,
        overflow: [
          { filter: eligibleProductsFilter(need, { today, kinds }), limit, sort: byPrice },
          ...(suppliers.length > 0
            ? [
                {
                  filter: eligibleProductsFilter(need, { today, kinds: suppliers }),
                  limit: Math.min(limit, SUPPLIER_CANDIDATES),
                  sort: byPrice,
                },
              ]
            : []),
        ],
      },
      {
        filter: nearMiss,
        limit: Math.min(limit, NEAR_MISS_CANDIDATES),
        overflow: [{ filter: nearMiss, limit: Math.min(limit, NEAR_MISS_CANDIDATES) }],
      },
    ];
  });
  const sets = setsOf.flat();
  const keywordsOf = needs.map((need) => needKeywords(need));
  const wordsOf = keywordsOf.map((keywords) => [...keywords.purpose, ...keywords.description]);
  const [results, scoresByWord] = await Promise.all([
    sets.length > 0
      ? meili.client
          .multiSearch({ queries: sets.map(({ filter }) => ({ indexUid, filter, limit: 0, facets: ["id"] })) })
          .then((response) => response.results)
      : Promise.resolve([]),
    keywordScores(meili, [...new Set(wordsOf.flat())]),
  ]);
  const ids = sets.map((set, position) => facetIds(results[position]!, set.limit));
  // Sets too large for their limit: hits instead (rare with the default limits).
  const overflow = sets.flatMap((set, position) =>
    ids[position] === null ? set.overflow.map((query) => ({ query, position })) : [],
  );
  if (overflow.length > 0) {
    const again = await meili.client.multiSearch({
      queries: overflow.map(({ query }) => ({
        indexUid,
        filter: query.filter,
        limit: query.limit,
        sort: query.sort,
        attributesToRetrieve: ["id"],
      })),
    });
    overflow.forEach(({ position }, offset) => {
      ids[position] = [...(ids[position] ?? []), ...(again.results[offset]?.hits ?? []).map((hit) => String(hit.id))];
    });
  }

  let position = 0;
  return needs.map((_, index) => {
    const own = setsOf[index]!.map(() => ids[position++] ?? []);
    const keywords = keywordsOf[index]!;
    const words = wordsOf[index]!;
    // Text relevance of every candidate the keywords found (a candidate none of them found has none).
    const textScores = new Map<string, number>();
    if (words.length > 0) {
      const wordScores = words.map((word) => scoresByWord.get(word) ?? new Map<string, number>());
      for (const set of own) {
        for (const id of set) {
          if (textScores.has(id) || !wordScores.some((scores) => scores.has(id))) continue;
          textScores.set(id, combineKeywordScores(keywords, (word) => scoresByWord.get(word)?.get(id)) ?? 0);
        }
      }
    }
    return { eligibleIds: own[0] ?? [], nearMissIds: own[1] ?? [], textScores };
  });
}
