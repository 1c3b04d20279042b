/**
 * How an enterprise reads its matches: one list in score order (DIRECT and BUNDLE ranks are numbered separately, so
 * ordering by rank interleaved them: 59, 56, 54, 57), ties broken by the cheaper annualised cost where both have one;
 * and the near misses' advice once per piece of advice, the advice that unlocks most products first.
 */

export interface Ordered {
  /** The match score as stored (Decimal text, e.g. "86.50"). */
  score: string;
  /** Compound annual cost in percent, null when the product has no price to compare. */
  annualCost: number | null;
  rank: number;
  productName: string;
}

export function inScoreOrder<T extends Ordered>(matches: readonly T[]): T[] {
  return [...matches].sort(
    (a, b) =>
      Number(b.score) - Number(a.score) ||
      (a.annualCost !== null && b.annualCost !== null ? a.annualCost - b.annualCost : 0) ||
      (a.annualCost === null ? 1 : 0) - (b.annualCost === null ? 1 : 0) ||
      a.rank - b.rank ||
      a.productName.localeCompare(b.productName, "zh-CN"),
  );
}

export interface NearMissAdvice {
  /** What to do ("在企业信息中补充成立日期"). */
  advice: string;
  /** The products this advice alone would make match (their only failed condition). */
  products: { id: string; name: string; institution: string }[];
}

/** One entry per distinct advice, most products unlocked first; products whose only miss it is. */
export function nearMissAdvice(
  nearMisses: readonly {
    failed: readonly { message: string; fix: string | null }[];
    product: { id: string; name: string; institution: string };
  }[],
): NearMissAdvice[] {
  const byAdvice = new Map<string, NearMissAdvice>();
  for (const miss of nearMisses) {
    if (miss.failed.length !== 1) continue;
    const failure = miss.failed[0]!;
    const advice = failure.fix ?? failure.message;
    if (!advice) continue;
    const entry = byAdvice.get(advice) ?? { advice, products: [] };
    if (!entry.products.some((product) => product.id === miss.product.id)) entry.products.push(miss.product);
    byAdvice.set(advice, entry);
  }
  return [...byAdvice.values()].sort(
    (a, b) => b.products.length - a.products.length || a.advice.localeCompare(b.advice, "zh-CN"),
  );
}
