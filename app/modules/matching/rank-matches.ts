/**
 * From candidates to the rows a match stores — pure code, no I/O: every candidate is checked with the in-code
 * predicate (./eligibility.ts) and scored (./ranking.ts); the best eligible products become DIRECT matches, loans
 * whose only failure is collateral are paired with a guarantee or insurance product that supplies it (BUNDLE), and
 * the best products failing one actionable condition become NEAR_MISS rows that say what would make them fit.
 */
import type { Collateral, MatchKind, ProductKind } from "~/generated/prisma/enums.ts";
import type { Candidates } from "./candidates.server.ts";
import { type FailedCondition, NEAR_MISS_CONDITIONS, explainCondition, failedConditions } from "./eligibility.ts";
import { type NeedFacts, type ProductFacts, wantedKinds } from "./facts.ts";
import { type RankedMatch, type ScoreComponents, scoreMatch, scoreOnly } from "./ranking.ts";
import type { RegionDirectory } from "./regions.server.ts";
import { collateralSentence, productKindLabel } from "~/kernel/labels.ts";

/** Every product id among a need's candidates, once. */
export function candidateIds(candidates: Candidates): string[] {
  return [...new Set([...candidates.eligibleIds, ...candidates.nearMissIds])];
}

/** How many rows of each kind a match stores. */
export const RANK_LIMITS = { directLimit: 20, bundleLimit: 5, nearMissLimit: 5 };

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

function byScoreThenCode(
  a: { ranked: Scored; product: ProductFacts },
  b: { ranked: Scored; product: ProductFacts },
): number {
  return (
    b.ranked.score - a.ranked.score || (a.product.code < b.product.code ? -1 : a.product.code > b.product.code ? 1 : 0)
  );
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
    limits?: Partial<typeof RANK_LIMITS>;
  },
): { direct: StoredMatch[]; bundles: StoredMatch[]; nearMisses: StoredMatch[] } {
  const limits = {
    directLimit: context.limits?.directLimit ?? RANK_LIMITS.directLimit,
    bundleLimit: context.limits?.bundleLimit ?? RANK_LIMITS.bundleLimit,
    nearMissLimit: context.limits?.nearMissLimit ?? RANK_LIMITS.nearMissLimit,
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
  const verdicts = all.map((product) => ({
    product,
    failed: failedConditions(need, product, { today: context.today, kinds: ALL_KINDS }),
  }));

  // Direct: eligible for a kind the need asks for.
  const direct = verdicts
    .filter(({ product, failed }) => failed.length === 0 && kinds.includes(product.kind))
    .map(({ product }) => ({ product, ranked: rank(product) }))
    .sort(byScoreThenCode)
    .slice(0, limits.directLimit);

  // Bundles: a loan whose only failure is collateral, plus the best guarantee / insurance product supplying it.
  const suppliers = need.wantsLoan
    ? verdicts
        .filter(
          ({ product, failed }) =>
            failed.length === 0 && (product.kind === "GUARANTEE" || product.kind === "INSURANCE"),
        )
        .map(({ product }) => ({ product, ranked: rank(product), preference: supplierPreference(product) }))
        .sort((a, b) => b.ranked.score + b.preference - (a.ranked.score + a.preference) || byScoreThenCode(a, b))
    : [];
  const bundleLoanIds = new Set<string>();
  const bundles: {
    product: ProductFacts;
    supplier: ProductFacts;
    ranked: Scored;
    supplierRanked: Scored;
    score: number;
  }[] = [];
  if (need.wantsLoan) {
    for (const { product, failed } of verdicts) {
      if (product.kind !== "LOAN" || failed.length !== 1 || failed[0] !== "collateral") continue;
      const supplier = suppliers.find((candidate) =>
        product.acceptedCollateral.includes(SUPPLIES[candidate.product.kind as "GUARANTEE" | "INSURANCE"]),
      );
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
    .filter(
      ({ failed }) =>
        failed.length >= 1 &&
        failed.length <= 2 &&
        failed.every((condition) => NEAR_MISS_CONDITIONS.includes(condition)),
    )
    .map((item) => ({ ...item, ranked: rank(item.product) }))
    // Fewer failed conditions first, then the better product.
    .sort((a, b) => a.failed.length - b.failed.length || byScoreThenCode(a, b))
    .slice(0, limits.nearMissLimit)
    .map((item) => ({
      ...item,
      failed: item.failed.map((condition) => explainCondition(condition, need, item.product, { today: context.today })),
    }));

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
    bundles: bundles.slice(0, limits.bundleLimit).map(({ product, supplier, supplierRanked, score }, index) => ({
      productId: product.id,
      bundleProductId: supplier.id,
      kind: "BUNDLE" as const,
      score,
      rank: index + 1,
      components: {
        ...explain(product).components,
        bundle: { supplierProductId: supplier.id, supplierScore: supplierRanked.score, penalty: BUNDLE_PENALTY },
      },
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
      reasons: [
        ...failed.map((item) => (item.fix ? `${item.message}；${item.fix}` : item.message)),
        ...reasonsFor(product),
      ],
      failedConditions: failed,
    })),
  };
}

function explainBundle(
  need: NeedFacts,
  loan: ProductFacts,
  supplier: ProductFacts,
  loanReasons: string[],
  supplierReasons: string[],
): string[] {
  const offered = need.collateralOffered.length
    ? need.collateralOffered.map((item) => collateralSentence[item]).join("、")
    : "无抵押物";
  const wanted = loan.acceptedCollateral
    .filter((item) => item !== "GUARANTEE_COMPANY" && item !== "POLICY")
    .map((item) => collateralSentence[item]);
  const headline =
    supplier.kind === "GUARANTEE"
      ? `由${supplier.institutionShortName}「${supplier.name}」提供担保后，可申请${loan.institutionShortName}「${loan.name}」（政银担）`
      : `投保${supplier.institutionShortName}「${supplier.name}」后，可凭保单申请${loan.institutionShortName}「${loan.name}」（政银保）`;
  const gap = wanted.length
    ? `该贷款需要${wanted.join("、")}，您提供的是：${offered}；${productKindLabel[supplier.kind]}可替代抵押`
    : `该贷款需要${productKindLabel[supplier.kind]}增信，您提供的是：${offered}`;
  const supplierPrice = supplierReasons.find(
    (reason) => reason.startsWith("担保费率") || reason.startsWith("保险费率"),
  );
  const kept = loanReasons.filter((reason) => !reason.startsWith("接受您提供的") && !reason.startsWith("信用方式"));
  return [headline, gap, ...kept, ...(supplierPrice ? [supplierPrice] : [])];
}
