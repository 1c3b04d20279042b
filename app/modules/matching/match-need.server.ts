/**
 * Matching a financing need to products (and a product to open needs).
 *
 *   1. Candidates come from the products index: the hard filters of DESIGN §4 are a Meilisearch filter
 *      (./search-filters.ts), one multi-search asks for eligible products, near misses, bundle loans and bundle
 *      suppliers, plus a text query over all of them for relevance.
 *   2. Candidates are re-read from Postgres (the truth) and checked with the in-code predicate (./eligibility.ts),
 *      so a stale index can delay a match but never produce an ineligible one.
 *   3. Ranking is in code (./ranking.ts); the top matches, bundles and near misses replace the need's earlier
 *      matches in one transaction. Running it twice gives the same rows.
 *
 * Called by the web app (enterprise posts a need) and by the workers (re-match on product changes), with plain
 * arguments: a Prisma client, the Meilisearch handle and an id.
 */
import type { MultiSearchQuery } from "meilisearch";
import type { Collateral, MatchKind, ProductKind } from "~/generated/prisma/enums.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import { type Meili } from "../../../search/client.ts";
import { type NeedDocument, toNeedDocument } from "../../../search/documents.ts";
import { MAX_PRODUCT_CANDIDATES } from "../../../search/settings.ts";
import { type FailedCondition, NEAR_MISS_CONDITIONS, checkEligibility, explainCondition, failedConditions } from "./eligibility.ts";
import { type NeedFacts, type ProductFacts, shanghaiDay, wantedKinds } from "./facts.ts";
import {
  loadNeedRow,
  loadProductFacts,
  needRowSelect,
  regionDirectoryCovering,
  toNeedFacts,
} from "./facts.server.ts";
import { combineKeywordScores, needKeywords } from "./keywords.ts";
import { collateralShortLabels, productKindLabels } from "./labels.ts";
import { type RankedMatch, type ScoreComponents, scoreMatch } from "./ranking.ts";
import { loadResponsiveness } from "./responsiveness.server.ts";
import {
  bundleSuppliersFilter,
  candidateBaseFilter,
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
   * Also upsert the need's leads document (its matched institutions, for "matched to us") without waiting.
   * Default true. A caller that matches many needs at once may pass false and sync the documents in one batch
   * (syncNeeds); reconcile repairs anything missed either way.
   */
  refreshLead?: boolean;
}

export const MATCH_DEFAULTS: Required<Pick<MatchNeedOptions, "candidateLimit" | "directLimit" | "bundleLimit" | "nearMissLimit">> = {
  candidateLimit: 200,
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
  /** Product ids the eligible-products queries returned (before the Postgres re-check). */
  candidateIds: string[];
}

export interface Candidates {
  /** Hits of the eligible-products query (the candidate set the property test checks against the predicate). */
  eligibleIds: string[];
  /** Products failing exactly one actionable condition (this includes the loan half of every bundle). */
  nearMissIds: string[];
  /** Guarantee and insurance products the need is eligible for (bundle suppliers). */
  supplierIds: string[];
  /** Products found by the keyword queries (re-classified in code like the rest). */
  textIds: string[];
  /** Text relevance 0–1 per product, from Meilisearch's per-keyword ranking scores. */
  textScores: Map<string, number>;
}

const NEAR_MISS_CANDIDATES = 200;
const SUPPLIER_CANDIDATES = 50;
const KEYWORD_HITS = 60;

/** Keyword results kept this long at most (like product facts), and only while the products index is unchanged. */
export const KEYWORD_CACHE_MAX_AGE_MS = 30_000;
const KEYWORD_CACHE_MAX_ENTRIES = 20_000;
interface KeywordHits {
  at: number;
  /** The products index's state (indexStamp) when the hits were read. */
  stamp: string | null;
  hits: { id: string; score: number }[];
}
const keywordCaches = new WeakMap<Meili, Map<string, { entries: Map<string, KeywordHits> }>>();

function keywordCacheOf(meili: Meili, indexUid: string): { entries: Map<string, KeywordHits> } {
  let byIndex = keywordCaches.get(meili);
  if (!byIndex) keywordCaches.set(meili, (byIndex = new Map()));
  let cache = byIndex.get(indexUid);
  if (!cache) byIndex.set(indexUid, (cache = { entries: new Map() }));
  return cache;
}

/**
 * Identifies the index's current state: its latest succeeded task (document changes, settings, swaps). A cheap
 * request that does no search work. (The index's updatedAt does not move when documents change.)
 */
async function indexStamp(meili: Meili, indexUid: string): Promise<string> {
  const tasks = await meili.client.tasks.getTasks({ indexUids: [indexUid], statuses: ["succeeded"], limit: 1 });
  return `${tasks.results[0]?.uid ?? "none"}/${tasks.total ?? ""}`;
}

/** Drops cached keyword results (tests, or after this process changed products). */
export function forgetKeywordResults(meili: Meili): void {
  keywordCaches.delete(meili);
}

/** One multi-search for all candidate sets and the keyword relevance. Exported for the property test. */
export async function findCandidates(
  meili: Meili,
  need: NeedFacts,
  options: { today: number; candidateLimit?: number },
): Promise<Candidates> {
  const limit = Math.min(options.candidateLimit ?? MATCH_DEFAULTS.candidateLimit, MAX_PRODUCT_CANDIDATES);
  const kinds = wantedKinds(need);
  const indexUid = meili.indexes.products;
  const empty: Candidates = { eligibleIds: [], nearMissIds: [], supplierIds: [], textIds: [], textScores: new Map() };
  if (kinds.length === 0) return empty;
  const today = options.today;
  const idsOnly: Pick<MultiSearchQuery, "indexUid" | "attributesToRetrieve"> = { indexUid, attributesToRetrieve: ["id"] };

  const queries: MultiSearchQuery[] = [
    // Cheapest first when the eligible set is larger than the limit.
    { ...idsOnly, filter: eligibleProductsFilter(need, { today, kinds }), limit, sort: ["minAnnualRate:asc", "feeRate:asc"] },
    { ...idsOnly, filter: nearMissProductsFilter(need, { today, kinds }), limit: Math.min(limit, NEAR_MISS_CANDIDATES) },
  ];
  if (need.wantsLoan) {
    queries.push({ ...idsOnly, filter: bundleSuppliersFilter(need, { today }), limit: SUPPLIER_CANDIDATES });
  }
  const fixedQueries = queries.length;
  // One short query per keyword, for relevance, over what all the sets share (far cheaper than their union).
  const keywords = needKeywords(need);
  const words = [...keywords.purpose, ...keywords.description];
  const relevanceKinds = [...new Set<ProductKind>([...kinds, ...(need.wantsLoan ? (["GUARANTEE", "INSURANCE"] as const) : [])])];
  const base = candidateBaseFilter(need, { today, kinds: relevanceKinds });
  const keywordQuery = (word: string): MultiSearchQuery => ({ ...idsOnly, q: word, filter: base, limit: KEYWORD_HITS, showRankingScore: true, locales: ["cmn"] });

  // Keyword hits depend only on the word and the base filter (kinds, entity type, region, industry, day), which many
  // needs share, so they are cached per process — but only while the products index is unchanged: its latest task is
  // read alongside the search, and a cached entry from another index state is searched again.
  const cache = keywordCacheOf(meili, indexUid);
  const now = Date.now();
  const cached = new Map<string, KeywordHits>();
  for (const word of words) {
    const hit = cache.entries.get(`${word}\u0000${base}`);
    if (hit && now - hit.at < KEYWORD_CACHE_MAX_AGE_MS) cached.set(word, hit);
  }
  const missing = words.filter((word) => !cached.has(word));
  queries.push(...missing.map(keywordQuery));
  const [{ results }, stamp] = await Promise.all([
    meili.client.multiSearch({ queries }),
    cached.size > 0 ? indexStamp(meili, indexUid) : Promise.resolve(null),
  ]);
  const keywordHits = new Map<string, { id: string; score: number }[]>();
  missing.forEach((word, offset) => {
    keywordHits.set(word, (results[fixedQueries + offset]?.hits ?? []).map((hit) => ({ id: String(hit.id), score: hit._rankingScore ?? 0 })));
  });
  const stale = [...cached].filter(([, entry]) => entry.stamp !== stamp).map(([word]) => word);
  for (const [word, entry] of cached) if (!stale.includes(word)) keywordHits.set(word, entry.hits);
  if (stale.length > 0) {
    const again = await meili.client.multiSearch({ queries: stale.map(keywordQuery) });
    stale.forEach((word, offset) => {
      keywordHits.set(word, (again.results[offset]?.hits ?? []).map((hit) => ({ id: String(hit.id), score: hit._rankingScore ?? 0 })));
    });
  }
  const fetched = [...missing, ...stale];
  if (fetched.length > 0) {
    const currentStamp = stamp ?? (await indexStamp(meili, indexUid));
    if (cache.entries.size > KEYWORD_CACHE_MAX_ENTRIES) cache.entries.clear();
    for (const word of fetched) cache.entries.set(`${word}\u0000${base}`, { at: now, stamp: currentStamp, hits: keywordHits.get(word)! });
  }

  const ids = (position: number) => (results[position]?.hits ?? []).map((hit) => String(hit.id));
  const perProduct = new Map<string, Map<string, number>>();
  for (const word of words) {
    for (const { id, score } of keywordHits.get(word) ?? []) {
      const scores = perProduct.get(id) ?? new Map<string, number>();
      scores.set(word, Math.max(scores.get(word) ?? 0, score));
      perProduct.set(id, scores);
    }
  }
  const textScores = new Map<string, number>();
  for (const [id, scores] of perProduct) textScores.set(id, combineKeywordScores(keywords, scores) ?? 0);
  return {
    eligibleIds: ids(0),
    nearMissIds: ids(1),
    supplierIds: need.wantsLoan ? ids(2) : [],
    textIds: [...perProduct.keys()],
    textScores,
  };
}

function candidateIds(candidates: Candidates): string[] {
  return [...new Set([...candidates.eligibleIds, ...candidates.nearMissIds, ...candidates.supplierIds, ...candidates.textIds])];
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

function byScoreThenCode(a: { ranked: RankedMatch; product: ProductFacts }, b: { ranked: RankedMatch; product: ProductFacts }): number {
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
  // Scores for every candidate; reasons only for the few that are stored.
  const rank = (product: ProductFacts) => scoreMatch(need, product, signals(product, false));
  const reasonsFor = (product: ProductFacts) => scoreMatch(need, product, signals(product, true)).reasons;
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
  const bundles: { product: ProductFacts; supplier: ProductFacts; ranked: RankedMatch; supplierRanked: RankedMatch; score: number }[] = [];
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
      components: ranked.components,
      reasons: reasonsFor(product),
      failedConditions: null,
    })),
    bundles: bundles.slice(0, limits.bundleLimit).map(({ product, supplier, ranked, supplierRanked, score }, index) => ({
      productId: product.id,
      bundleProductId: supplier.id,
      kind: "BUNDLE" as const,
      score,
      rank: index + 1,
      components: { ...ranked.components, bundle: { supplierProductId: supplier.id, supplierScore: supplierRanked.score, penalty: BUNDLE_PENALTY } },
      reasons: explainBundle(need, product, supplier, reasonsFor(product), reasonsFor(supplier)),
      failedConditions: null,
    })),
    nearMisses: nearMisses.map(({ product, failed, ranked }, index) => ({
      productId: product.id,
      bundleProductId: null,
      kind: "NEAR_MISS" as const,
      score: ranked.score,
      rank: index + 1,
      components: ranked.components,
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
 * Replaces the need's match rows with `rows` in one transaction, three statements after the advisory lock (which
 * serialises re-matches of the same need; two concurrent runs would otherwise both delete, then collide on insert):
 *   1. delete the stored rows only if they differ from the new ones (compared as a set, computedAt aside);
 *   2. insert the new rows only if none are left — so an unchanged result is not rewritten at all.
 * The rows travel as one jsonb parameter (jsonb_to_recordset) instead of Prisma's createMany. Returns whether the
 * stored result changed.
 */
async function storeMatches(db: Db, needId: string, rows: ReturnType<typeof toStoredRow>[], computedAt: Date): Promise<boolean> {
  const json = JSON.stringify(rows);
  const [, deleted, inserted] = await db.$transaction([
    db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`match-need:${needId}`}))`,
    db.$executeRaw`
      WITH incoming AS (
        SELECT r."productId", r."bundleProductId", r.kind::"MatchKind" AS kind, r.score::numeric(5, 2) AS score, r.rank,
               r.components, ARRAY(SELECT jsonb_array_elements_text(r.reasons)) AS reasons, r."failedConditions"
        FROM jsonb_to_recordset(${json}::jsonb) AS r("productId" text, "bundleProductId" text, kind text, score numeric,
             rank int, components jsonb, reasons jsonb, "failedConditions" jsonb)
      ), stored AS (
        SELECT m."productId", m."bundleProductId", m.kind, m.score, m.rank, m.components, m.reasons, m."failedConditions"
        FROM "Match" m WHERE m."needId" = ${needId}
      )
      DELETE FROM "Match" WHERE "needId" = ${needId}
        AND (EXISTS (SELECT * FROM incoming EXCEPT ALL SELECT * FROM stored)
          OR EXISTS (SELECT * FROM stored EXCEPT ALL SELECT * FROM incoming))`,
    db.$executeRaw`
      INSERT INTO "Match" ("id", "needId", "productId", "bundleProductId", "kind", "score", "rank", "components", "reasons", "failedConditions", "computedAt")
      SELECT gen_random_uuid()::text, ${needId}, r."productId", r."bundleProductId", r.kind::"MatchKind", r.score::numeric(5, 2), r.rank,
             r.components, ARRAY(SELECT jsonb_array_elements_text(r.reasons)), r."failedConditions", ${computedAt}
      FROM jsonb_to_recordset(${json}::jsonb) AS r("productId" text, "bundleProductId" text, kind text, score numeric,
           rank int, components jsonb, reasons jsonb, "failedConditions" jsonb)
      WHERE NOT EXISTS (SELECT 1 FROM "Match" WHERE "needId" = ${needId})`,
  ]);
  return deleted > 0 || inserted > 0;
}

// ───────────────────────────── lead refresh, batched ─────────────────────────────

/** How long refreshed leads documents wait for company (≤ 1 s stale "matched to us"); one Meilisearch task then carries them all. */
const LEAD_REFRESH_DELAY_MS = 1000;
const LEAD_REFRESH_MAX_BATCH = 500;
const leadRefreshes = new WeakMap<Meili, { documents: Map<string, NeedDocument>; timer: NodeJS.Timeout | null }>();

/**
 * Queues a need's leads document for upsert. Documents queued within LEAD_REFRESH_DELAY_MS go to Meilisearch in one
 * addDocuments call (one task) instead of one task per match — each task costs Meilisearch a write and an indexing
 * batch on the cores matching also needs. A later document for the same need replaces an earlier queued one.
 */
function queueLeadRefresh(meili: Meili, document: NeedDocument): void {
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
    .addDocuments(documents, { primaryKey: "id" })
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
  const now = options.now ?? new Date();
  const today = shanghaiDay(now);
  const row = await loadNeedRow(db, needId);
  if (!row) return null;
  const regions = await regionDirectoryCovering(db, [row.regionId, row.enterprise.parkId]);
  const need = toNeedFacts(row, regions);

  const candidates = await findCandidates(meili, need, { today, candidateLimit: options.candidateLimit });
  const products = await loadProductFacts(db, candidateIds(candidates));
  const responsiveness = await loadResponsiveness(db, [...products.values()].map((product) => product.institutionId));
  const ranked = rankMatches(need, products, candidates, { today, responsiveness, regions, limits: options });

  await storeMatches(db, needId, [...ranked.direct, ...ranked.bundles, ...ranked.nearMisses].map(toStoredRow), now);

  if (options.refreshLead !== false && row.status !== "DRAFT") {
    const matchedInstitutions = [...ranked.direct, ...ranked.bundles].flatMap((match) =>
      [match.productId, match.bundleProductId].flatMap((id) => (id && products.get(id) ? [products.get(id)!.institutionId] : [])),
    );
    // Fire and forget: the leads document is derived; reconcile repairs it if this update is lost.
    queueLeadRefresh(meili, toNeedDocument(row, regions, matchedInstitutions));
  }

  return { needId, ...ranked, candidateIds: candidates.eligibleIds };
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
