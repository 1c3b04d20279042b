/**
 * Matching a financing need to products (and a product to open needs).
 *
 *   1. Candidates come from the products index: the hard filters of DESIGN §4 are a Meilisearch filter
 *      (./search-filters.ts); one multi-search asks for the eligible products (with the guarantee and insurance
 *      products that can supply a bundle) and the near misses (which include the loans a bundle can rescue). Text
 *      relevance comes from one query per keyword, cached.
 *   2. Candidates are re-read from Postgres (the truth) and checked with the in-code predicate (./eligibility.ts),
 *      so a stale index can delay a match but never produce an ineligible one.
 *   3. Ranking is in code (./ranking.ts); the top matches, bundles and near misses replace the need's earlier
 *      matches in one transaction. Running it twice gives the same rows.
 *
 * Called by the web app (enterprise posts a need) and by the workers (re-match on product changes), with plain
 * arguments: a Prisma client, the Meilisearch handle and an id.
 */
import type { Collateral, MatchKind, ProductKind } from "~/generated/prisma/enums.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import { type Meili } from "../../../search/client.ts";
import { eq } from "../../../search/filter-syntax.ts";
import type { NeedDocument } from "../../../search/documents.ts";
import { MAX_PRODUCT_CANDIDATES } from "../../../search/settings.ts";
import { type FailedCondition, NEAR_MISS_CONDITIONS, checkEligibility, explainCondition, failedConditions } from "./eligibility.ts";
import { type NeedFacts, type ProductFacts, candidateKinds, shanghaiDay, wantedKinds } from "./facts.ts";
import {
  loadProductFacts,
  needRowSelect,
  regionDirectoryCovering,
  toNeedFacts,
} from "./facts.server.ts";
import { combineKeywordScores, needKeywords } from "./keywords.ts";
import { collateralShortLabels, productKindLabels } from "./labels.ts";
import { type RankedMatch, type ScoreComponents, scoreMatch, scoreOnly } from "./ranking.ts";
import { loadResponsiveness } from "./responsiveness.server.ts";
import {
  eligibleProductsFilter,
  needsFilterForProduct,
  nearMissProductsFilter,
} from "./search-filters.ts";
import type { RegionDirectory } from "./regions.server.ts";

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

export const MATCH_DEFAULTS: Required<Pick<MatchNeedOptions, "candidateLimit" | "directLimit" | "bundleLimit" | "nearMissLimit">> = {
  candidateLimit: MAX_PRODUCT_CANDIDATES,
  directLimit: 20,
  bundleLimit: 5,
  nearMissLimit: 5,
};

/** What a bundle supplier provides in place of the collateral the loan wants. */
const SUPPLIES: Record<"GUARANTEE" | "INSURANCE", Collateral> = { GUARANTEE: "GUARANTEE_COMPANY", INSURANCE: "POLICY" };
/** A bundle asks for one more contract and its fee: it ranks below an equally good direct match. */
const BUNDLE_PENALTY = 5;

export interface StoredMatch {
  productId: string;
  bundleProductId: string | null;
  kind: MatchKind;
  score: number;
  rank: number;
  components: ScoreComponents & { bundle?: { supplierProductId: string; supplierScore: number; penalty: number } };
  reasons: string[];
  failedConditions: FailedCondition[] | null;
}

export interface MatchNeedResult {
  needId: string;
  direct: StoredMatch[];
  bundles: StoredMatch[];
  nearMisses: StoredMatch[];
  /** Product ids the eligible-products query returned (before the Postgres re-check). */
  candidateIds: string[];
}

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
export const KEYWORD_CACHE_MAX_AGE_MS = 5 * 60_000;
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

/** Drops cached keyword results (tests, or after this process changed products). */
export function forgetKeywordResults(meili: Meili): void {
  keywordCaches.delete(meili);
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
    else if (cache.pending.has(word)) waiting.push(cache.pending.get(word)!.then((fetched) => void result.set(word, fetched.scores)));
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
      .then(({ results }) => results.map((response) => new Map(response.hits.map((hit) => [String(hit.id), hit._rankingScore ?? 0]))));
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
function facetIds(response: { facetDistribution?: Record<string, Record<string, number>>; estimatedTotalHits?: number }, limit: number): string[] | null {
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
  const limit = Math.min(options.candidateLimit ?? MATCH_DEFAULTS.candidateLimit, MAX_PRODUCT_CANDIDATES);
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
          ...(suppliers.length > 0 ? [{ filter: eligibleProductsFilter(need, { today, kinds: suppliers }), limit: Math.min(limit, SUPPLIER_CANDIDATES), sort: byPrice }] : []),
        ],
      },
      { filter: nearMiss, limit: Math.min(limit, NEAR_MISS_CANDIDATES), overflow: [{ filter: nearMiss, limit: Math.min(limit, NEAR_MISS_CANDIDATES) }] },
    ];
  });
  const sets = setsOf.flat();
  const keywordsOf = needs.map((need) => needKeywords(need));
  const wordsOf = keywordsOf.map((keywords) => [...keywords.purpose, ...keywords.description]);
  const [results, scoresByWord] = await Promise.all([
    sets.length > 0
      ? meili.client.multiSearch({ queries: sets.map(({ filter }) => ({ indexUid, filter, limit: 0, facets: ["id"] })) }).then((response) => response.results)
      : Promise.resolve([]),
    keywordScores(meili, [...new Set(wordsOf.flat())]),
  ]);
  const ids = sets.map((set, position) => facetIds(results[position]!, set.limit));
  // Sets too large for their limit: hits instead (rare with the default limits).
  const overflow = sets.flatMap((set, position) => (ids[position] === null ? set.overflow.map((query) => ({ query, position })) : []));
  if (overflow.length > 0) {
    const again = await meili.client.multiSearch({
      queries: overflow.map(({ query }) => ({ indexUid, filter: query.filter, limit: query.limit, sort: query.sort, attributesToRetrieve: ["id"] })),
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

function candidateIds(candidates: Candidates): string[] {
  return [...new Set([...candidates.eligibleIds, ...candidates.nearMissIds])];
}

/**
 * 政银担 pairs a loan with a government guarantor; 政银保 with a loan guarantee-insurance policy. Those are what the
 * plan promotes, so they are preferred over commercial guarantors and over insurance that only covers assets.
 */
function supplierPreference(product: ProductFacts): number {
  let preference = product.institutionKeyPartner ? 3 : 0;
  if (product.institutionSubType === "GOVERNMENT_GUARANTOR") preference += 10;
  if (product.kind === "INSURANCE" && /保证保险|贷款/.test(product.name)) preference += 10;
  return preference;
}

/** What ordering needs of a ranked candidate (scoreOnly); the stored few get scoreMatch's components and reasons. */
interface Scored {
  score: number;
}

function byScoreThenCode(a: { ranked: Scored; product: ProductFacts }, b: { ranked: Scored; product: ProductFacts }): number {
  return b.ranked.score - a.ranked.score || (a.product.code < b.product.code ? -1 : a.product.code > b.product.code ? 1 : 0);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The pure part of matching: from candidate facts to the rows to store. Exported for tests. */
export function rankMatches(
  need: NeedFacts,
  products: Map<string, ProductFacts>,
  candidates: Candidates,
  context: {
    today: number;
    responsiveness: Map<string, number | null>;
    regions?: RegionDirectory;
    limits?: Partial<typeof MATCH_DEFAULTS>;
  },
): { direct: StoredMatch[]; bundles: StoredMatch[]; nearMisses: StoredMatch[] } {
  const limits = {
    directLimit: context.limits?.directLimit ?? MATCH_DEFAULTS.directLimit,
    bundleLimit: context.limits?.bundleLimit ?? MATCH_DEFAULTS.bundleLimit,
    nearMissLimit: context.limits?.nearMissLimit ?? MATCH_DEFAULTS.nearMissLimit,
  };
  const kinds = wantedKinds(need);
  const regionName = (id: string) => context.regions?.get(id)?.name;
  const signals = (product: ProductFacts, explain: boolean) => ({
    textScore: candidates.textScores.get(product.id) ?? null,
    responsiveness: context.responsiveness.get(product.institutionId) ?? null,
    regionName,
    explain,
  });
  // A bare score for every candidate; components and reasons only for the few that are stored.
  const rank = (product: ProductFacts): Scored => ({ score: scoreOnly(need, product, signals(product, false)) });
  const explained = new Map<string, RankedMatch>();
  const explain = (product: ProductFacts): RankedMatch => {
    let ranked = explained.get(product.id);
    if (!ranked) explained.set(product.id, (ranked = scoreMatch(need, product, signals(product, true))));
    return ranked;
  };
  const reasonsFor = (product: ProductFacts) => explain(product).reasons;
  const all = candidateIds(candidates)
    .map((id) => products.get(id))
    .filter((product): product is ProductFacts => product !== undefined);

  // One evaluation per candidate, kind aside; each use below decides which kinds it accepts.
  const ALL_KINDS: ProductKind[] = ["LOAN", "GUARANTEE", "INSURANCE"];
  const verdicts = all.map((product) => ({ product, failed: failedConditions(need, product, { today: context.today, kinds: ALL_KINDS }) }));

  // Direct: eligible for a kind the need asks for.
  const direct = verdicts
    .filter(({ product, failed }) => failed.length === 0 && kinds.includes(product.kind))
    .map(({ product }) => ({ product, ranked: rank(product) }))
    .sort(byScoreThenCode)
    .slice(0, limits.directLimit);

  // Bundles: a loan whose only failure is collateral, plus the best guarantee / insurance product supplying it.
  const suppliers = need.wantsLoan
    ? verdicts
        .filter(({ product, failed }) => failed.length === 0 && (product.kind === "GUARANTEE" || product.kind === "INSURANCE"))
        .map(({ product }) => ({ product, ranked: rank(product), preference: supplierPreference(product) }))
        .sort((a, b) => b.ranked.score + b.preference - (a.ranked.score + a.preference) || byScoreThenCode(a, b))
    : [];
  const bundleLoanIds = new Set<string>();
  const bundles: { product: ProductFacts; supplier: ProductFacts; ranked: Scored; supplierRanked: Scored; score: number }[] = [];
  if (need.wantsLoan) {
    for (const { product, failed } of verdicts) {
      if (product.kind !== "LOAN" || failed.length !== 1 || failed[0] !== "collateral") continue;
      const supplier = suppliers.find((candidate) => product.acceptedCollateral.includes(SUPPLIES[candidate.product.kind as "GUARANTEE" | "INSURANCE"]));
      if (!supplier) continue;
      const ranked = rank(product);
      bundleLoanIds.add(product.id);
      bundles.push({
        product,
        supplier: supplier.product,
        ranked,
        supplierRanked: supplier.ranked,
        score: Math.max(0, round2(0.8 * ranked.score + 0.2 * supplier.ranked.score - BUNDLE_PENALTY)),
      });
    }
  }
  bundles.sort((a, b) => b.score - a.score || byScoreThenCode(a, b));

  // Near misses: a wanted kind, failing only conditions the enterprise can act on; bundled loans are not repeated.
  const nearMisses = verdicts
    .filter(({ product }) => kinds.includes(product.kind) && !bundleLoanIds.has(product.id))
    .filter(({ failed }) => failed.length >= 1 && failed.length <= 2 && failed.every((condition) => NEAR_MISS_CONDITIONS.includes(condition)))
    .map((item) => ({ ...item, ranked: rank(item.product) }))
    // Fewer failed conditions first, then the better product.
    .sort((a, b) => a.failed.length - b.failed.length || byScoreThenCode(a, b))
    .slice(0, limits.nearMissLimit)
    .map((item) => ({ ...item, failed: item.failed.map((condition) => explainCondition(condition, need, item.product, { today: context.today })) }));

  return {
    direct: direct.map(({ product, ranked }, index) => ({
      productId: product.id,
      bundleProductId: null,
      kind: "DIRECT" as const,
      score: ranked.score,
      rank: index + 1,
      components: explain(product).components,
      reasons: reasonsFor(product),
      failedConditions: null,
    })),
    bundles: bundles.slice(0, limits.bundleLimit).map(({ product, supplier, ranked, supplierRanked, score }, index) => ({
      productId: product.id,
      bundleProductId: supplier.id,
      kind: "BUNDLE" as const,
      score,
      rank: index + 1,
      components: { ...explain(product).components, bundle: { supplierProductId: supplier.id, supplierScore: supplierRanked.score, penalty: BUNDLE_PENALTY } },
      reasons: explainBundle(need, product, supplier, reasonsFor(product), reasonsFor(supplier)),
      failedConditions: null,
    })),
    nearMisses: nearMisses.map(({ product, failed, ranked }, index) => ({
      productId: product.id,
      bundleProductId: null,
      kind: "NEAR_MISS" as const,
      score: ranked.score,
      rank: index + 1,
      components: explain(product).components,
      reasons: [...failed.map((item) => (item.fix ? `${item.message}；${item.fix}` : item.message)), ...reasonsFor(product)],
      failedConditions: failed,
    })),
  };
}

function explainBundle(need: NeedFacts, loan: ProductFacts, supplier: ProductFacts, loanReasons: string[], supplierReasons: string[]): string[] {
  const offered = need.collateralOffered.length ? need.collateralOffered.map((item) => collateralShortLabels[item]).join("、") : "无抵押物";
  const wanted = loan.acceptedCollateral.filter((item) => item !== "GUARANTEE_COMPANY" && item !== "POLICY").map((item) => collateralShortLabels[item]);
  const headline =
    supplier.kind === "GUARANTEE"
      ? `由${supplier.institutionShortName}「${supplier.name}」提供担保后，可申请${loan.institutionShortName}「${loan.name}」（政银担）`
      : `投保${supplier.institutionShortName}「${supplier.name}」后，可凭保单申请${loan.institutionShortName}「${loan.name}」（政银保）`;
  const gap = wanted.length
    ? `该贷款需要${wanted.join("、")}，您提供的是：${offered}；${productKindLabels[supplier.kind]}可替代抵押`
    : `该贷款需要${productKindLabels[supplier.kind]}增信，您提供的是：${offered}`;
  const supplierPrice = supplierReasons.find((reason) => reason.startsWith("担保费率") || reason.startsWith("保险费率"));
  const kept = loanReasons.filter((reason) => !reason.startsWith("接受您提供的") && !reason.startsWith("信用方式"));
  return [headline, gap, ...kept, ...(supplierPrice ? [supplierPrice] : [])];
}

/** The stored shape of a match row, as one element of the JSON array the store statements read. */
function toStoredRow(match: StoredMatch) {
  return {
    productId: match.productId,
    bundleProductId: match.bundleProductId,
    kind: match.kind,
    score: match.score.toFixed(2),
    rank: match.rank,
    components: match.components,
    reasons: match.reasons,
    failedConditions: match.failedConditions,
  };
}

/**
 * Replaces each need's match rows in one round trip for the whole batch: matching.store_need_matches (migration
 * 20261127000000) takes the need's advisory lock (serialising re-matches of the same need), deletes the stored rows
 * only if they differ from the new ones and inserts the new rows only if none are left — so an unchanged result is
 * not rewritten at all. The needs are stored in the order of their lock keys, so two batches take their locks in the
 * same order (no deadlock, even when two needs' keys collide); one statement is one transaction, so a batch is stored whole or not at all. Returns the ids of
 * the needs whose stored result changed.
 */
async function storeMatches(db: Db, entries: { needId: string; rows: ReturnType<typeof toStoredRow>[] }[], computedAt: Date): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const results = await db.$queryRaw<{ needId: string; changed: boolean }[]>`
    SELECT s."needId", matching.store_need_matches(s."needId", s.rows, ${computedAt}::timestamp(3)) AS changed
    FROM (SELECT x."needId", x.rows FROM jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) AS x("needId" text, rows jsonb)
          ORDER BY hashtext('match-need:' || x."needId"), x."needId") AS s`;
  return new Set(results.filter((result) => result.changed).map((result) => result.needId));
}

// ───────────────────────────── lead refresh, batched ─────────────────────────────

/** How long refreshed leads documents wait for company (≤ 1 s stale "matched to us"); one Meilisearch task then carries them all. */
const LEAD_REFRESH_DELAY_MS = 1000;
const LEAD_REFRESH_MAX_BATCH = 500;
/** The one field matching changes in a leads document (a partial update; the rest is synced with the need). */
type LeadMatches = Pick<NeedDocument, "id" | "matchedInstitutionIds">;
const leadRefreshes = new WeakMap<Meili, { documents: Map<string, LeadMatches>; timer: NodeJS.Timeout | null }>();

/**
 * Queues a need's matched institutions for its leads document. Updates queued within LEAD_REFRESH_DELAY_MS go to
 * Meilisearch in one updateDocuments call (one task) instead of one task per match — each task costs Meilisearch a
 * write and an indexing batch on the cores matching also needs — and as partial documents, which Meilisearch merges
 * with about half the indexing work of whole ones (measured on the 100,000-needs index: 0.5–1.0 vs 1.1–1.6 ms per
 * document). The content hash leaves this field out, and reconcile compares it on its own (search/documents.ts).
 * A later update for the same need replaces an earlier queued one.
 */
function queueLeadRefresh(meili: Meili, document: LeadMatches): void {
  let queue = leadRefreshes.get(meili);
  if (!queue) {
    queue = { documents: new Map(), timer: null };
    leadRefreshes.set(meili, queue);
  }
  queue.documents.set(document.id, document);
  if (queue.documents.size >= LEAD_REFRESH_MAX_BATCH) void flushLeadRefreshes(meili);
  else queue.timer ??= setTimeout(() => void flushLeadRefreshes(meili), LEAD_REFRESH_DELAY_MS);
}

/** Sends the queued leads documents now (e.g. before a worker exits). Never throws; reconcile repairs a lost update. */
export async function flushLeadRefreshes(meili: Meili): Promise<void> {
  const queue = leadRefreshes.get(meili);
  if (!queue) return;
  if (queue.timer) clearTimeout(queue.timer);
  queue.timer = null;
  const documents = [...queue.documents.values()];
  queue.documents.clear();
  if (documents.length === 0) return;
  await meili.client
    .index(meili.indexes.needs)
    .updateDocuments(documents, { primaryKey: "id" })
    .then(
      () => undefined,
      () => undefined,
    );
}

/**
 * Matches one need and stores the result (replacing earlier matches of that need). Returns null when the need does
 * not exist (deleted after the job was queued).
 */
export async function matchNeed(db: Db, meili: Meili, needId: string, options: MatchNeedOptions = {}): Promise<MatchNeedResult | null> {
  return (await matchNeeds(db, meili, [needId], options)).get(needId) ?? null;
}

/**
 * Matches several needs at once, exactly as matchNeed would one by one, with one round trip per step for the whole
 * batch (read the needs, search, store). Needs that do not exist are absent from the result.
 */
export async function matchNeeds(db: Db, meili: Meili, needIds: readonly string[], options: MatchNeedOptions = {}): Promise<Map<string, MatchNeedResult>> {
  const now = options.now ?? new Date();
  const today = shanghaiDay(now);
  const rows = await db.financingNeed.findMany({ where: { id: { in: [...new Set(needIds)] } }, select: needRowSelect });
  if (rows.length === 0) return new Map();
  const regions = await regionDirectoryCovering(db, rows.flatMap((row) => [row.regionId, row.enterprise.parkId]));
  const needs = rows.map((row) => toNeedFacts(row, regions));

  const candidates = await findCandidatesOfMany(meili, needs, { today, candidateLimit: options.candidateLimit });
  const products = await loadProductFacts(db, [...new Set(candidates.flatMap(candidateIds))]);
  const responsiveness = await loadResponsiveness(db, [...products.values()].map((product) => product.institutionId));
  const ranked = needs.map((need, index) => rankMatches(need, products, candidates[index]!, { today, responsiveness, regions, limits: options }));

  await storeMatches(
    db,
    needs.map((need, index) => ({ needId: need.id, rows: [...ranked[index]!.direct, ...ranked[index]!.bundles, ...ranked[index]!.nearMisses].map(toStoredRow) })),
    now,
  );

  const results = new Map<string, MatchNeedResult>();
  rows.forEach((row, index) => {
    const result = ranked[index]!;
    // Sent even when the stored result did not change: a re-match then also repairs a lost or overwritten update
    // (the update is small, and a first match — the common case — changes the result anyway).
    if (options.refreshLead !== false && row.status !== "DRAFT") {
      const matchedInstitutions = [...result.direct, ...result.bundles].flatMap((match) =>
        [match.productId, match.bundleProductId].flatMap((id) => (id && products.get(id) ? [products.get(id)!.institutionId] : [])),
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
 * Needs per batch. Small on purpose: a batch is read, searched, ranked and stored as a unit, so the worker keeps
 * several in flight to overlap those steps (measured: batches of 4 at concurrency 12–16 beat batches of 8 at 8).
 */
export const MATCH_BATCH_SIZE = 4;

export function createMatchBatcher(db: Db, meili: Meili, options: { maxBatch?: number; windowMs?: number; match?: MatchNeedOptions } = {}) {
  const maxBatch = options.maxBatch ?? MATCH_BATCH_SIZE;
  const windowMs = options.windowMs ?? 2;
  let waiting: { needId: string; resolve: (result: MatchNeedResult | null) => void; reject: (error: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | null = null;

  function send() {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = waiting;
    waiting = [];
    matchNeeds(db, meili, batch.map((entry) => entry.needId), options.match).then(
      (results) => {
        for (const entry of batch) entry.resolve(results.get(entry.needId) ?? null);
      },
      (error: unknown) => {
        // One bad need must not fail its batch-mates (their jobs would be retried into the same batch again):
        // a failed batch is matched again need by need, and each caller gets its own result or error.
        if (batch.length === 1) batch[0]!.reject(error);
        else for (const entry of batch) matchNeed(db, meili, entry.needId, options.match).then(entry.resolve, entry.reject);
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

export async function loadNeedFactsMany(db: DbOrTx, needIds: readonly string[]): Promise<Map<string, NeedFacts>> {
  if (needIds.length === 0) return new Map();
  const rows = await db.financingNeed.findMany({ where: { id: { in: [...needIds] } }, select: needRowSelect });
  const regions = await regionDirectoryCovering(db, rows.flatMap((row) => [row.regionId, row.enterprise.parkId]));
  return new Map(rows.map((row) => [row.id, toNeedFacts(row, regions)]));
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
  const today = shanghaiDay(now);
  const product = (await loadProductFacts(db, [productId])).get(productId);
  if (!product || product.status !== "PUBLISHED" || !product.institutionActive) return [];
  if ((product.validFromDay !== null && product.validFromDay > today) || (product.validToDay !== null && product.validToDay < today)) return [];
  const filter = needsFilterForProduct(product, { today, nowTs: Math.floor(now.getTime() / 1000) });
  if (!filter) return [];
  const response = await meili.client.index(meili.indexes.needs).search(null, {
    filter,
    limit: Math.min(options.limit ?? 1000, 10_000),
    sort: ["publishedAtTs:desc"],
    attributesToRetrieve: ["id"],
  });
  const needs = await loadNeedFactsMany(db, response.hits.map((hit) => String(hit.id)));
  const responsiveness = await loadResponsiveness(db, [product.institutionId]);
  const results: ProductNeedMatch[] = [];
  for (const need of needs.values()) {
    if (need.status !== "OPEN" && need.status !== "IN_PROGRESS") continue;
    if (need.visibility === "DIRECTED" && !need.directedInstitutionIds.includes(product.institutionId)) continue;
    if (checkEligibility(need, product, { today }).length > 0) continue;
    const ranked = scoreMatch(need, product, { textScore: null, responsiveness: responsiveness.get(product.institutionId) ?? null });
    results.push({ needId: need.id, score: ranked.score, reasons: ranked.reasons });
  }
  return results.sort((a, b) => b.score - a.score || (a.needId < b.needId ? -1 : 1));
}
