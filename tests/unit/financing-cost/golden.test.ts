import { annualiseMonthlyFlows, financingCost, scheduleXirr, type AnnualRate } from "~/modules/financing-cost/cost.ts";
import { formatRate, percentToPpm, ppmToPercent, roundHalfUp } from "~/modules/financing-cost/rates.ts";
import { buildSchedule, InvalidLoanTerms, levelInstalment, type LoanTerms } from "~/modules/financing-cost/schedule.ts";
import { solveRate, xirr, addMonths } from "~/modules/financing-cost/solver.ts";

const yuan = (amount: number) => BigInt(Math.round(amount * 100));
const pct = (percent: string) => {
  const ppm = percentToPpm(percent);
  if (ppm === null) throw new Error(percent);
  return ppm;
};

function rateOf(result: AnnualRate) {
  if (result.kind !== "rate") throw new Error(`no rate: ${result.message}`);
  return result;
}

describe("rates", () => {
  it("parses and prints percent rates exactly", () => {
    expect(percentToPpm("3.6")).toBe(36_000n);
    expect(percentToPpm("3.6000")).toBe(36_000n);
    expect(percentToPpm("0.0001")).toBe(1n);
    expect(percentToPpm("1.00005")).toBeNull();
    expect(percentToPpm("-1")).toBeNull();
    expect(ppmToPercent(36_000n)).toBe("3.6");
    expect(ppmToPercent(1n)).toBe("0.0001");
  });

  it("rounds half up", () => {
    expect(roundHalfUp(5n, 10n)).toBe(1n);
    expect(roundHalfUp(4n, 10n)).toBe(0n);
    expect(roundHalfUp(15n, 10n)).toBe(2n);
    expect(roundHalfUp(-15n, 10n)).toBe(-2n);
  });
});

describe("the central bank's announcement example", () => {
  // 100,000 元 lent, a 1,000 元 fee at drawdown, twelve monthly instalments of 8,833.33 元.
  const flows = [
    { month: 0, amountFen: yuan(100_000) - yuan(1_000) },
    ...Array.from({ length: 12 }, (_, i) => ({ month: i + 1, amountFen: -yuan(8_833.33) })),
  ];

  it("is 12.80 % simple and 13.58 % compound", () => {
    const rate = rateOf(annualiseMonthlyFlows(flows));
    expect(rate.periodMonths).toBe(1);
    expect(formatRate(rate.simple)).toBe("12.80%");
    expect(formatRate(rate.compound)).toBe("13.58%");
  });

  it("solves to the rate at which NPV is zero, inside the documented tolerance", () => {
    const result = solveRate(flows.map((f) => ({ t: f.month, amount: Number(f.amountFen) })));
    if (result.kind !== "rate") throw new Error("no rate");
    const npv = flows.reduce((sum, f) => sum + Number(f.amountFen) / (1 + result.rate) ** f.month, 0);
    expect(Math.abs(npv)).toBeLessThan(1e-4); // 分: far below one 分
    expect(result.iterations).toBeLessThan(20);
  });
});

describe("the issue's bundle: 3.6 % interest + 1 % guarantee fee + 0.5 % premium, 等额本息 over 12 months", () => {
  const terms: LoanTerms = {
    principalFen: yuan(100_000),
    termMonths: 12,
    annualRate: pct("3.6"),
    method: "EQUAL_INSTALMENT",
    guarantee: { annualRate: pct("1"), basis: "UPFRONT", base: "PRINCIPAL" },
    insurance: { annualRate: pct("0.5"), basis: "UPFRONT", base: "PRINCIPAL" },
  };
  const cost = financingCost(terms);

  it("costs 6.62 % compound, not the 5.1 % the rates add up to", () => {
    const rate = rateOf(cost.annualRate);
    expect(formatRate(rate.compound)).toBe("6.62%");
    expect(formatRate(rate.simple)).toBe("6.42%");
  });

  it("pays 8,496.73 元 a month, the rounding remainder on the last instalment", () => {
    // A = 100000 × 0.003 × 1.003¹² / (1.003¹² − 1) = 8,496.7257… → 8,496.73 元.
    expect(levelInstalment(yuan(100_000), pct("3.6"), 12)).toBe(yuan(8_496.73));
    const rows = cost.schedule.instalments.filter((row) => row.month > 0);
    expect(rows).toHaveLength(12);
    for (const row of rows.slice(0, 11)) expect(row.principalFen + row.interestFen).toBe(yuan(8_496.73));
    expect(rows.reduce((sum, row) => sum + row.principalFen, 0n)).toBe(yuan(100_000));
    expect(rows.at(-1)!.balanceAfterFen).toBe(0n);
    // First month's interest: 100,000 × 0.3 % = 300.00 元.
    expect(rows[0]!.interestFen).toBe(yuan(300));
  });

  it("breaks the cost down per component, in 元 over the term and in the first year", () => {
    const interest = cost.schedule.instalments.reduce((sum, row) => sum + row.interestFen, 0n);
    expect(cost.breakdown).toEqual([
      { component: "INTEREST", totalFen: interest, firstYearFen: interest },
      { component: "GUARANTEE_FEE", totalFen: yuan(1_000), firstYearFen: yuan(1_000) },
      { component: "INSURANCE", totalFen: yuan(500), firstYearFen: yuan(500) },
    ]);
    expect(cost.totalCostFen).toBe(interest + yuan(1_500));
    expect(cost.firstYearCostFen).toBe(cost.totalCostFen);
    // Σ instalments − principal: 11 × 8,496.73 + last, less 100,000.
    const paid = cost.schedule.instalments.reduce((sum, row) => sum + row.principalFen + row.interestFen, 0n);
    expect(interest).toBe(paid - yuan(100_000));
  });
});

/**
 * Bundle cases whose expected rate is a closed form, so that it does not depend on the solver. In each, the amounts
 * are chosen so that every interest and fee amount is a whole number of 分 and rounding plays no part.
 */
interface Case {
  name: string;
  terms: LoanTerms;
  /** Closed-form expected rates (fractions). */
  compound: number;
  simple: number;
  periodMonths: number;
}

const P = yuan(1_200_000);
const cases: Case[] = [
  {
    // Received P(1 − 1 %), repaid P(1 + 4 %) after a year: 1.04 / 0.99 − 1.
    name: "bullet 12 months 4 % + 1 % arrangement fee",
    terms: {
      principalFen: P,
      termMonths: 12,
      annualRate: pct("4"),
      method: "BULLET",
      upfrontFees: [{ name: "手续费", kind: "RATE", rate: pct("1") }],
    },
    compound: 1.04 / 0.99 - 1,
    simple: 1.04 / 0.99 - 1,
    periodMonths: 12,
  },
  {
    // The rates on a bullet loan: received P(1 − 1.5 %), repaid P·1.036 → 1.036 / 0.985 − 1 = 5.18 %.
    name: "bullet 12 months 3.6 % + 1 % guarantee + 0.5 % premium up front",
    terms: {
      principalFen: P,
      termMonths: 12,
      annualRate: pct("3.6"),
      method: "BULLET",
      guarantee: { annualRate: pct("1"), basis: "UPFRONT", base: "PRINCIPAL" },
      insurance: { annualRate: pct("0.5"), basis: "UPFRONT", base: "BALANCE" },
    },
    compound: 1.036 / 0.985 - 1,
    simple: 1.036 / 0.985 - 1,
    periodMonths: 12,
  },
  {
    // Half-year period: r = 1.02 / 0.995 − 1; simple 2r, compound (1 + r)² − 1.
    name: "bullet 6 months 4 % + 0.5 % fee",
    terms: {
      principalFen: P,
      termMonths: 6,
      annualRate: pct("4"),
      method: "BULLET",
      upfrontFees: [{ name: "手续费", kind: "RATE", rate: pct("0.5") }],
    },
    compound: (1.02 / 0.995) ** 2 - 1,
    simple: 2 * (1.02 / 0.995 - 1),
    periodMonths: 6,
  },
  {
    // Yearly period, v = 1 / (1 + r): 0.99 − 0.01·v − 1.08·v² = 0, the positive root of the quadratic.
    name: "bullet 24 months 4 % + 1 % guarantee fee paid yearly in advance",
    terms: {
      principalFen: P,
      termMonths: 24,
      annualRate: pct("4"),
      method: "BULLET",
      guarantee: { annualRate: pct("1"), basis: "YEARLY", base: "PRINCIPAL" },
    },
    compound: 1 / ((-0.01 + Math.sqrt(0.01 ** 2 + 4 * 1.08 * 0.99)) / (2 * 1.08)) - 1,
    simple: 1 / ((-0.01 + Math.sqrt(0.01 ** 2 + 4 * 1.08 * 0.99)) / (2 * 1.08)) - 1,
    periodMonths: 12,
  },
  {
    // A bullet over two years, one period of 24 months: r = 8 %, simple 8 % / 2 = 4 %, compound 1.08^½ − 1.
    name: "bullet 24 months 4 %, no fees",
    terms: { principalFen: P, termMonths: 24, annualRate: pct("4"), method: "BULLET" },
    compound: Math.sqrt(1.08) - 1,
    simple: 0.04,
    periodMonths: 24,
  },
  {
    // Interest on the balance at 0.4 % a month (3.6 % + 1.2 % fee on the balance): IRR = 0.4 %, (1.004)¹² − 1.
    name: "等额本金 12 months 3.6 % + 1.2 % yearly service fee on the balance, paid monthly",
    terms: {
      principalFen: P,
      termMonths: 12,
      annualRate: pct("3.6"),
      method: "EQUAL_PRINCIPAL",
      periodicFees: [{ name: "服务费", kind: "RATE", annualRate: pct("1.2"), base: "BALANCE" }],
    },
    compound: 1.004 ** 12 - 1,
    simple: 0.048,
    periodMonths: 1,
  },
  {
    // 贴息 by rate reduction: 3.6 % − 1.2 % = 2.4 % on the balance, IRR 0.2 % a month.
    name: "按月付息 12 months 3.6 % with a 1.2-point interest subsidy by rate reduction",
    terms: {
      principalFen: P,
      termMonths: 12,
      annualRate: pct("3.6"),
      method: "INTEREST_ONLY",
      subsidies: [{ kind: "INTEREST", annualRate: pct("1.2"), mode: "RATE_REDUCTION", source: "创业担保贷款贴息" }],
    },
    compound: 1.002 ** 12 - 1,
    simple: 0.024,
    periodMonths: 1,
  },
  {
    // 政银担 bundle with both subsidies: at drawdown P(1 − 1 % + 0.5 %); at maturity −P·1.036 + P·1 % refund:
    // 1.026 / 0.995 − 1.
    name: "bullet 12 months 3.6 % + 1 % guarantee, half the guarantee fee subsidised, 1-point interest refund",
    terms: {
      principalFen: P,
      termMonths: 12,
      annualRate: pct("3.6"),
      method: "BULLET",
      guarantee: { annualRate: pct("1"), basis: "UPFRONT", base: "PRINCIPAL" },
      subsidies: [
        { kind: "GUARANTEE_FEE", annualRate: pct("0.5"), mode: "RATE_REDUCTION", source: "政银担担保费补贴" },
        { kind: "INTEREST", annualRate: pct("1"), mode: "REFUND", source: "普惠贷款贴息" },
      ],
    },
    compound: 1.026 / 0.995 - 1,
    simple: 1.026 / 0.995 - 1,
    periodMonths: 12,
  },
  {
    // The line drawn in full for 3 months at 4.8 %: interest 0.4 % a month, principal back at month 3.
    name: "随借随还 12-month line, assumed fully drawn for 3 months, 4.8 %",
    terms: { principalFen: P, termMonths: 12, annualRate: pct("4.8"), method: "REVOLVING", revolvingUsageMonths: 3 },
    compound: 1.004 ** 12 - 1,
    simple: 0.048,
    periodMonths: 1,
  },
];

describe("bundle cases with closed-form rates", () => {
  it.each(cases)("$name", ({ terms, compound, simple, periodMonths }) => {
    const rate = rateOf(financingCost(terms).annualRate);
    expect(rate.periodMonths).toBe(periodMonths);
    expect(rate.compound).toBeCloseTo(compound, 10);
    expect(rate.simple).toBeCloseTo(simple, 10);
  });

  it("costs the bullet bundle 3.6 % + 1 % + 0.5 % on 1,200,000 元 exactly 61,200 元", () => {
    const cost = financingCost(cases[1]!.terms);
    // 43,200 interest + 12,000 guarantee + 6,000 premium.
    expect(cost.totalCostFen).toBe(yuan(61_200));
    expect(cost.breakdown.map((item) => [item.component, item.totalFen])).toEqual([
      ["INTEREST", yuan(43_200)],
      ["GUARANTEE_FEE", yuan(12_000)],
      ["INSURANCE", yuan(6_000)],
    ]);
  });

  it("counts a yearly guarantee fee in the year it covers", () => {
    const cost = financingCost(cases[3]!.terms);
    const guarantee = cost.breakdown.find((item) => item.component === "GUARANTEE_FEE")!;
    expect(guarantee.totalFen).toBe(yuan(24_000));
    expect(guarantee.firstYearFen).toBe(yuan(12_000));
    // Interest is paid at maturity (month 24), so nothing of it falls in the first year.
    expect(cost.firstYearCostFen).toBe(yuan(12_000));
  });

  it("shows subsidies as negative cost with their policy source", () => {
    const cost = financingCost(cases[7]!.terms);
    expect(cost.breakdown.map((item) => [item.component, item.totalFen])).toEqual([
      ["INTEREST", yuan(43_200)],
      ["GUARANTEE_FEE", yuan(12_000)],
      ["INTEREST_SUBSIDY", -yuan(12_000)],
      ["GUARANTEE_FEE_SUBSIDY", -yuan(6_000)],
    ]);
    expect(cost.schedule.subsidySources).toEqual(["政银担担保费补贴", "普惠贷款贴息"]);
  });

  it("states the usage assumption of a revolving line", () => {
    expect(financingCost(cases[8]!.terms).schedule.assumption).toBe(
      "随借随还按全额提用 3 个月、按月付息、到期一次还本测算",
    );
  });

  it("amortises 等额本金 with the remainder on the last instalment", () => {
    const schedule = buildSchedule({
      principalFen: yuan(100_000),
      termMonths: 3,
      annualRate: pct("3.6"),
      method: "EQUAL_PRINCIPAL",
    });
    // 10,000,000 分 / 3 = 3,333,333 分, the last instalment 3,333,334 分.
    expect(schedule.instalments.filter((r) => r.month > 0).map((r) => r.principalFen)).toEqual([
      3_333_333n,
      3_333_333n,
      3_333_334n,
    ]);
    // Interest half up: 66,666.67 × 0.3 % = 200.00001 → 200.00 元.
    expect(schedule.instalments.find((r) => r.month === 2)!.interestFen).toBe(yuan(200));
  });
});

describe("a rate reduction on 等额本息 next to a refund", () => {
  it("can raise the APR while costing the same 元, because the loan is repaid sooner", () => {
    // 100,000 元 over 60 months at 6 % with a 7 % fee at drawdown. Interest fully refunded each year: the loan
    // amortises at 6 %. Interest fully waived by rate reduction: it amortises at 0 %, i.e. 等额本金, so less money
    // is outstanding for less time and the same 7,000 元 of fees weighs more per year.
    const refunded: LoanTerms = {
      principalFen: yuan(100_000),
      termMonths: 60,
      annualRate: pct("6"),
      method: "EQUAL_INSTALMENT",
      upfrontFees: [{ name: "手续费", kind: "RATE", rate: pct("7") }],
      subsidies: [{ kind: "INTEREST", annualRate: pct("6"), mode: "REFUND", source: "贴息" }],
    };
    const waived: LoanTerms = {
      ...refunded,
      subsidies: [{ kind: "INTEREST", annualRate: pct("6"), mode: "RATE_REDUCTION", source: "贴息" }],
    };
    const before = financingCost(refunded);
    const after = financingCost(waived);
    expect(before.totalCostFen).toBe(yuan(7_000));
    expect(after.totalCostFen).toBe(yuan(7_000));
    expect(formatRate(rateOf(before.annualRate).compound)).toBe("2.88%");
    expect(formatRate(rateOf(after.annualRate).compound)).toBe("2.93%");
  });
});

describe("XIRR on actual dates (actual/365)", () => {
  it("is the contract rate over 365 days", () => {
    const result = xirr([
      { date: "2025-03-01", amountFen: yuan(1_000_000) },
      { date: "2026-03-01", amountFen: -yuan(1_040_000) },
    ]);
    expect(result.kind === "rate" && result.rate).toBeCloseTo(0.04, 12);
  });

  it("counts the leap day: 366 days at 4 % is 1.04^(365/366) − 1", () => {
    const result = xirr([
      { date: "2023-03-01", amountFen: yuan(1_000_000) },
      { date: "2024-03-01", amountFen: -yuan(1_040_000) },
    ]);
    expect(result.kind === "rate" && result.rate).toBeCloseTo(1.04 ** (365 / 366) - 1, 12);
  });

  it("prices a dated schedule close to its compound rate", () => {
    const cost = financingCost(cases[5]!.terms);
    const result = scheduleXirr(cost.schedule, "2026-01-15");
    expect(result.kind).toBe("rate");
    // Months of 28–31 days instead of 365/12: within a few basis points of (1.004)¹² − 1.
    expect(result.kind === "rate" && Math.abs(result.rate - (1.004 ** 12 - 1))).toBeLessThan(0.0005);
  });

  it("adds calendar months, clamping to the month's end", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2026-11-15", 14)).toBe("2028-01-15");
  });
});

describe("when no rate exists", () => {
  it("says so for flows of one sign or no flows", () => {
    expect(
      solveRate([
        { t: 0, amount: 100 },
        { t: 1, amount: 5 },
      ]),
    ).toMatchObject({ kind: "none", reason: "ONE_SIGN" });
    expect(solveRate([])).toMatchObject({ kind: "none", reason: "NO_FLOWS" });
    expect(solveRate([{ t: 0, amount: 0 }])).toMatchObject({ kind: "none", reason: "NO_FLOWS" });
    expect(solveRate([{ t: Number.NaN, amount: 1 }])).toMatchObject({ kind: "none", reason: "INVALID_FLOW" });
    expect(xirr([{ date: "2026-02-30", amountFen: 1n }])).toMatchObject({ kind: "none", reason: "INVALID_FLOW" });
  });

  it("says so when fees at drawdown swallow the whole loan", () => {
    const cost = financingCost({
      principalFen: yuan(10_000),
      termMonths: 12,
      annualRate: pct("4"),
      method: "BULLET",
      upfrontFees: [{ name: "手续费", kind: "AMOUNT", amountFen: yuan(10_000) }],
    });
    expect(cost.annualRate).toMatchObject({ kind: "none", reason: "ONE_SIGN" });
    expect(cost.annualRate.kind === "none" && cost.annualRate.message).toContain("现金流全部同向");
  });

  it("finds extreme rates too", () => {
    // 100 in, 1,000,000 back a period later: r = 9,999 per period.
    const result = solveRate([
      { t: 0, amount: 100 },
      { t: 1, amount: -1_000_000 },
    ]);
    expect(result.kind === "rate" && result.rate).toBeCloseTo(9_999, 6);
  });

  it("rejects impossible terms", () => {
    expect(() => buildSchedule({ principalFen: 0n, termMonths: 12, annualRate: 1n, method: "BULLET" })).toThrow(
      InvalidLoanTerms,
    );
    expect(() => buildSchedule({ principalFen: 1n, termMonths: 0, annualRate: 1n, method: "BULLET" })).toThrow(
      InvalidLoanTerms,
    );
  });
});
