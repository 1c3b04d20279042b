import { amountFit, localPresence, priceFit, scoreMatch, scoreOnly, WEIGHTS } from "~/modules/matching/ranking.ts";
import { wan } from "~/kernel/money.ts";
import { needFacts, productFacts } from "./builders.ts";

const neutral = { textScore: null, responsiveness: null };

describe("scoreMatch", () => {
  it("has weights summing to 100 and a score inside 0–100", () => {
    expect(Object.values(WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    const ranked = scoreMatch(needFacts(), productFacts(), { textScore: 1, responsiveness: 1 });
    expect(ranked.score).toBeGreaterThan(0);
    expect(ranked.score).toBeLessThanOrEqual(100);
    const sum = Object.values(ranked.components).reduce((total, item) => total + item.value * item.weight, 0);
    expect(ranked.score).toBeCloseTo(sum, 1);
  });

  it("explains itself in Chinese", () => {
    const product = productFacts({
      acceptedCollateral: ["FISHING_BOAT"],
      eligibleEntityTypes: ["COOPERATIVE"],
      flags: ["MARINE", "AGRI"],
      policyTool: "AGRI_SMALL_RELENDING",
      institutionLocatedRegionId: "huilai",
    });
    const { reasons } = scoreMatch(needFacts(), product, { textScore: 0.9, responsiveness: 0.9 });
    expect(reasons).toEqual([
      "金额 80 万元在产品额度 10–300 万元内",
      "期限 24 个月在产品期限 6–36 个月内",
      "接受您提供的渔船作为担保",
      "面向农民专业合作社",
      "可在惠来县办理",
      "年利率 3.85%–4.35%，不高于您可接受的 5%",
      "符合涉农、海洋经济导向",
      "可运用支农支小再贷款，资金成本较低",
      "揭阳农商银行在惠来县设有网点",
      "产品用途与“渔船更新改造”高度相关",
      "该机构近期响应及时",
    ]);
  });

  it("prefers relevant, cheaper, local, well-fitting products", () => {
    const base = productFacts();
    const need = needFacts();
    const score = (overrides: Parameters<typeof productFacts>[0], signals = neutral) =>
      scoreMatch(need, productFacts(overrides), signals).score;
    expect(scoreMatch(need, base, { textScore: 0.9, responsiveness: null }).score).toBeGreaterThan(
      scoreMatch(need, base, neutral).score,
    );
    expect(score({ minRate: 60_000, maxRate: 80_000 })).toBeLessThan(score({}));
    expect(score({ flags: ["MARINE", "AGRI", "INCLUSIVE"] })).toBeGreaterThan(score({}));
    expect(score({ institutionLocatedRegionId: "huilai" })).toBeGreaterThan(
      score({ institutionLocatedRegionId: "elsewhere", institutionServedRegionIds: [] }),
    );
    expect(scoreMatch(need, base, { textScore: null, responsiveness: 1 }).score).toBeGreaterThan(
      scoreMatch(need, base, { textScore: null, responsiveness: 0 }).score,
    );
  });
});

describe("components", () => {
  it("price compares the rate with the enterprise's maximum", () => {
    expect(priceFit(needFacts({ maxRate: 50_000 }), productFacts({ minRate: 38_500, maxRate: 43_500 })).value).toBe(1);
    expect(priceFit(needFacts({ maxRate: 35_000 }), productFacts({ minRate: 38_500, maxRate: 43_500 }))).toEqual({
      value: 0,
      reason: "年利率 3.85%–4.35%，高于您可接受的 3.5%",
    });
    expect(
      priceFit(needFacts({ maxRate: 40_000 }), productFacts({ minRate: 38_000, maxRate: 42_000 })).value,
    ).toBeCloseTo(0.5);
    expect(priceFit(needFacts({ maxRate: null }), productFacts({ minRate: 30_000, maxRate: 30_000 })).value).toBe(1);
    expect(
      priceFit(needFacts(), productFacts({ kind: "GUARANTEE", minRate: null, maxRate: null, feeRate: 10_000 })),
    ).toEqual({
      value: expect.closeTo(2 / 3, 5),
      reason: "担保费率 1%/年",
    });
    expect(priceFit(needFacts(), productFacts({ minRate: null, maxRate: null })).value).toBe(0.5);
  });

  it("amount fit is 1 in the log-middle of the range, 0.5 at its ends, 0 outside", () => {
    const product = productFacts({ minAmountFen: wan(10), maxAmountFen: wan(1000) });
    expect(amountFit(needFacts({ amountFen: wan(100) }), product)).toBeCloseTo(1);
    expect(amountFit(needFacts({ amountFen: wan(10) }), product)).toBeCloseTo(0.5);
    expect(amountFit(needFacts({ amountFen: wan(1000) }), product)).toBeCloseTo(0.5);
    expect(amountFit(needFacts({ amountFen: wan(1001) }), product)).toBe(0);
  });

  it("local presence: same county > city branch > serves the region > elsewhere", () => {
    const need = needFacts();
    expect(localPresence(need, productFacts({ institutionLocatedRegionId: "huilai" }))).toBe(1);
    expect(localPresence(need, productFacts({ institutionLocatedRegionId: "city" }))).toBe(0.7);
    expect(
      localPresence(
        need,
        productFacts({ institutionLocatedRegionId: "shantou", institutionServedRegionIds: ["huilai"] }),
      ),
    ).toBe(0.5);
    expect(
      localPresence(need, productFacts({ institutionLocatedRegionId: "shantou", institutionServedRegionIds: [] })),
    ).toBe(0.2);
  });

  it("scoreOnly (used to order candidates) gives exactly scoreMatch's score", () => {
    const needs = [
      needFacts(),
      needFacts({ maxRate: 42_000 }),
      needFacts({ maxRate: 30_000, amountFen: wan(900) }),
      needFacts({ flags: [] }),
    ];
    const products = [
      productFacts(),
      productFacts({ minRate: 38_500, maxRate: 52_000, institutionLocatedRegionId: "city" }),
      productFacts({ minRate: null, maxRate: 45_000, flags: ["AGRI", "INCLUSIVE"] }),
      productFacts({ kind: "GUARANTEE", minRate: null, maxRate: null, feeRate: 8_000 }),
      productFacts({ kind: "INSURANCE", minRate: null, maxRate: null, feeRate: null }),
      productFacts({ minAmountFen: wan(1000), maxAmountFen: wan(5000) }),
    ];
    const signals = [neutral, { textScore: 0.83, responsiveness: 0.4 }, { textScore: 0.2, responsiveness: 1 }];
    for (const need of needs) {
      for (const product of products) {
        for (const signal of signals)
          expect(scoreOnly(need, product, signal)).toBe(scoreMatch(need, product, signal).score);
      }
    }
  });
});
