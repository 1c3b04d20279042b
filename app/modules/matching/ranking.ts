/**
 * Ranking an eligible (or bundled / nearly eligible) product for a need. Six components, each 0–1 with a weight;
 * the score is their weighted sum on a 0–100 scale. Every component that helps or hurts also produces a reason
 * in Chinese, so a match always explains itself (docs/domain.md#ranking-and-reasons).
 */
import { type NeedFacts, type ProductFacts, desiredProductFlags } from "./facts.ts";
import {
  collateralSentence,
  entityTypeLabel,
  policyToolLabel,
  productFlagLabel,
  purposeCategoryLabel,
} from "~/kernel/labels.ts";
import { formatMoney, formatMoneyRange } from "~/kernel/money.ts";
import { formatRate, formatRateRange } from "~/kernel/rate.ts";
import { formatTermRange } from "~/kernel/time.ts";

export const WEIGHTS = {
  text: 30,
  flags: 20,
  price: 20,
  amountFit: 15,
  responsiveness: 10,
  localPresence: 5,
} as const;

export type ComponentName = keyof typeof WEIGHTS;
export type ScoreComponents = Record<ComponentName, { value: number; weight: number }>;

export interface RankingSignals {
  /** Meilisearch `_rankingScore` of the product for the need's text query (0–1); null when it did not match. */
  textScore: number | null;
  /** The institution's responsiveness (0–1) from its engagement history; null = not enough history (neutral). */
  responsiveness: number | null;
  /** Region names for reasons. */
  regionName?: (regionId: string) => string | undefined;
  /** Build the Chinese reasons (default). Ranking hundreds of candidates skips them and explains only the winners. */
  explain?: boolean;
}

export interface RankedMatch {
  score: number;
  components: ScoreComponents;
  reasons: string[];
}

const NEUTRAL = 0.5;

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Share of the flags the need values that the product carries; neutral when the need values none. */
const desiredFlagsCache = new WeakMap<NeedFacts, ProductFacts["flags"]>();

export function flagOverlap(need: NeedFacts, product: ProductFacts): { value: number; shared: ProductFacts["flags"] } {
  let desired = desiredFlagsCache.get(need);
  if (!desired) {
    desired = desiredProductFlags(need);
    desiredFlagsCache.set(need, desired);
  }
  if (desired.length === 0) return { value: NEUTRAL, shared: [] };
  const shared = desired.filter((flag) => product.flags.includes(flag));
  return { value: shared.length / desired.length, shared };
}

/** Reference band for a loan's rate when the enterprise named no maximum: 3% is excellent, 10% poor. */
const GOOD_RATE = 30_000;
const POOR_RATE = 100_000;
/** Guarantee fee / premium of 3% a year or more counts as expensive. */
const POOR_FEE = 30_000;

/** How well the price suits the need (0–1); the Chinese reason is built only when asked for (ranking hundreds). */
export function priceFit(
  need: NeedFacts,
  product: ProductFacts,
  explain = true,
): { value: number; reason: string | null } {
  if (product.kind === "LOAN") {
    if (product.minRate === null && product.maxRate === null) return { value: NEUTRAL, reason: null };
    const range = explain ? formatRateRange(product.minRate, product.maxRate) : null;
    const low = product.minRate ?? product.maxRate!;
    const high = product.maxRate ?? product.minRate!;
    if (need.maxRate !== null) {
      const limit = explain ? formatRate(need.maxRate) : null;
      if (low > need.maxRate) return { value: 0, reason: explain ? `年利率 ${range}，高于您可接受的 ${limit}` : null };
      if (high <= need.maxRate)
        return { value: 1, reason: explain ? `年利率 ${range}，不高于您可接受的 ${limit}` : null };
      return {
        value: clamp01((need.maxRate - low) / (high - low)),
        reason: explain ? `年利率 ${range}，部分档位高于您可接受的 ${limit}` : null,
      };
    }
    const middle = (low + high) / 2;
    return {
      value: clamp01((POOR_RATE - middle) / (POOR_RATE - GOOD_RATE)),
      reason: explain ? `年利率 ${range}` : null,
    };
  }
  if (product.feeRate === null) return { value: NEUTRAL, reason: null };
  const label = product.kind === "GUARANTEE" ? "担保费率" : "保险费率";
  return {
    value: clamp01(1 - product.feeRate / POOR_FEE),
    reason: explain ? `${label} ${formatRate(product.feeRate)}/年` : null,
  };
}

/**
 * How comfortably the amount sits in the product's range, on a log scale: 1 in the middle, 0.5 at either end, 0
 * outside. A 3000 万元 request fits a 500–5000 万元 product better than a 1–3000 万元 one.
 */
export function amountFit(need: NeedFacts, product: ProductFacts): number {
  if (need.amountFen < product.minAmountFen || need.amountFen > product.maxAmountFen) return 0;
  const low = Math.max(Number(product.minAmountFen), 100_00);
  const high = Math.max(Number(product.maxAmountFen), low);
  if (high === low) return 1;
  const position = (Math.log(Math.max(Number(need.amountFen), low)) - Math.log(low)) / (Math.log(high) - Math.log(low));
  return clamp01(1 - Math.abs(position - 0.5));
}

export function localPresence(need: NeedFacts, product: ProductFacts): number {
  const located = product.institutionLocatedRegionId;
  if (located && (located === need.regionId || located === need.parkId)) return 1;
  if (located && need.regionChainIds.includes(located)) return 0.7;
  if (product.institutionServedRegionIds.some((regionId) => need.regionChainIds.includes(regionId))) return 0.5;
  return 0.2;
}

const COMPONENT_NAMES = Object.keys(WEIGHTS) as ComponentName[];

function componentValues(
  need: NeedFacts,
  product: ProductFacts,
  signals: RankingSignals,
  flagValue: number,
  priceValue: number,
): Record<ComponentName, number> {
  return {
    text: clamp01(signals.textScore ?? 0),
    flags: flagValue,
    price: priceValue,
    amountFit: amountFit(need, product),
    responsiveness: signals.responsiveness === null ? NEUTRAL : clamp01(signals.responsiveness),
    localPresence: localPresence(need, product),
  };
}

function weightedScore(values: Record<ComponentName, number>): number {
  let sum = 0;
  for (const name of COMPONENT_NAMES) sum += WEIGHTS[name] * values[name];
  return round(sum, 2);
}

/**
 * The score alone, exactly as scoreMatch computes it, without components or reasons — for ordering the hundreds
 * of candidates a need has before the few that are stored are explained.
 */
export function scoreOnly(need: NeedFacts, product: ProductFacts, signals: RankingSignals): number {
  return weightedScore(
    componentValues(need, product, signals, flagOverlap(need, product).value, priceFit(need, product, false).value),
  );
}

export function scoreMatch(need: NeedFacts, product: ProductFacts, signals: RankingSignals): RankedMatch {
  const explain = signals.explain !== false;
  const flags = flagOverlap(need, product);
  const price = priceFit(need, product, explain);
  const values = componentValues(need, product, signals, flags.value, price.value);
  const components = Object.fromEntries(
    COMPONENT_NAMES.map((name) => [name, { value: round(values[name], 4), weight: WEIGHTS[name] }]),
  ) as ScoreComponents;
  const score = weightedScore(values);
  const reasons = explain
    ? explainMatch(need, product, signals, { flags: flags.shared, price: price.reason, values })
    : [];
  return { score, components, reasons };
}

function explainMatch(
  need: NeedFacts,
  product: ProductFacts,
  signals: RankingSignals,
  detail: { flags: ProductFacts["flags"]; price: string | null; values: Record<ComponentName, number> },
): string[] {
  const reasons: string[] = [];
  const inAmount = need.amountFen >= product.minAmountFen && need.amountFen <= product.maxAmountFen;
  if (inAmount) {
    reasons.push(
      `金额 ${formatMoney(need.amountFen)}在产品额度 ${formatMoneyRange(product.minAmountFen, product.maxAmountFen)}内`,
    );
  }
  if (need.termMonths >= product.minTermMonths && need.termMonths <= product.maxTermMonths) {
    reasons.push(
      `期限 ${need.termMonths} 个月在产品期限 ${formatTermRange(product.minTermMonths, product.maxTermMonths)}内`,
    );
  }
  if (product.acceptedCollateral.includes("CREDIT")) {
    reasons.push(product.kind === "LOAN" ? "信用方式，无需抵押" : "无需反担保或抵押");
  } else {
    const used = need.collateralOffered.filter((item) => product.acceptedCollateral.includes(item));
    if (used.length > 0) reasons.push(`接受您提供的${used.map((item) => collateralSentence[item]).join("、")}作为担保`);
  }
  if (product.eligibleEntityTypes.includes(need.entityType)) {
    reasons.push(`面向${entityTypeLabel[need.entityType]}`);
  }
  if (product.regionIds.length > 0) reasons.push(`可在${need.regionName}办理`);
  if (detail.price) reasons.push(detail.price);
  if (detail.flags.length > 0) {
    reasons.push(`符合${detail.flags.map((flag) => productFlagLabel[flag]).join("、")}导向`);
  }
  if (product.policyTool) reasons.push(`可运用${policyToolLabel[product.policyTool]}，资金成本较低`);
  if (detail.values.localPresence === 1) {
    reasons.push(`${product.institutionShortName}在${need.regionName}设有网点`);
  } else if (detail.values.localPresence === 0.7 && product.institutionLocatedRegionId) {
    const where = signals.regionName?.(product.institutionLocatedRegionId);
    reasons.push(
      where ? `${product.institutionShortName}在${where}设有分支机构` : `${product.institutionShortName}为本地机构`,
    );
  }
  if (detail.values.text >= 0.7) reasons.push(`产品用途与“${purposeCategoryLabel[need.purposeCategory]}”高度相关`);
  else if (detail.values.text >= 0.4) reasons.push(`产品用途与“${purposeCategoryLabel[need.purposeCategory]}”相关`);
  if (signals.responsiveness !== null && signals.responsiveness >= 0.8) reasons.push("该机构近期响应及时");
  return reasons;
}
