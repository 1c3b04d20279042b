import { describe, expect, it } from "vitest";
import { inScoreOrder, nearMissAdvice } from "~/modules/matching/match-order.ts";

const match = (productName: string, score: string, rank: number, annualCost: number | null = null) => ({
  productName,
  score,
  rank,
  annualCost,
});

describe("matches as the enterprise reads them", () => {
  it("lists matches in score order whatever their per-kind rank", () => {
    const ordered = inScoreOrder([match("A", "59", 1), match("B", "56", 1), match("C", "54", 2), match("D", "57", 3)]);
    expect(ordered.map((item) => item.score)).toEqual(["59", "57", "56", "54"]);
  });

  it("breaks a tie by the cheaper annualised cost, priced products before unpriced ones", () => {
    const ordered = inScoreOrder([
      match("unpriced", "70.00", 1),
      match("dear", "70.00", 2, 6.1),
      match("cheap", "70.00", 3, 4.2),
    ]);
    expect(ordered.map((item) => item.productName)).toEqual(["cheap", "dear", "unpriced"]);
  });

  it("gives each piece of near-miss advice once, ranked by the products it unlocks", () => {
    const miss = (id: string, ...fixes: string[]) => ({
      product: { id, name: id, institution: "甲银行" },
      failed: fixes.map((fix) => ({ message: "未满足", fix })),
    });
    const advice = nearMissAdvice([
      miss("p1", "缩短期限"),
      miss("p2", "填写成立日期"),
      miss("p3", "填写成立日期"),
      miss("p4", "填写成立日期", "缩短期限"),
      miss("p2", "填写成立日期"),
    ]);
    expect(advice.map((entry) => [entry.advice, entry.products.map((product) => product.id)])).toEqual([
      ["填写成立日期", ["p2", "p3"]],
      ["缩短期限", ["p1"]],
    ]);
  });
});
