/**
 * The annualised total cost of financing (年化综合成本) of a schedule, by the IRR method the central bank requires:
 * the periodic rate r that makes the borrower's cash flows net to zero, annualised as a simple rate r·m (单利) and a
 * compound rate (1 + r)^m − 1 (复利), m being the periods in a year; plus the cost in 元 over the term and in the
 * first loan year, per component.
 *
 * The period is the greatest common divisor of the months in which money moves: one month for instalment loans,
 * the whole term for a bullet loan without monthly charges (so its simple rate is its contract rate, as the
 * announcement treats a single repayment), twelve months for yearly flows. The compound rate does not depend on
 * that choice; the simple rate does, which is why it is always shown labelled 单利 next to the compound one.
 */
import { addMonths, solveRate, xirr, type DatedFlow, type NoRateReason } from "./solver.ts";
import { buildSchedule, COST_COMPONENTS, type CostComponent, type LoanSchedule, type LoanTerms } from "./schedule.ts";

export type AnnualRate =
  | {
      readonly kind: "rate";
      readonly periodMonths: number;
      readonly periodsPerYear: number;
      readonly periodicRate: number;
      /** r·m, to be labelled 单利. */
      readonly simple: number;
      /** (1 + r)^m − 1: the 年化利率（复利） to show first. */
      readonly compound: number;
      readonly iterations: number;
    }
  | { readonly kind: "none"; readonly reason: NoRateReason; readonly message: string };

export interface ComponentCost {
  readonly component: CostComponent;
  /** Cost to the borrower (negative for subsidies), over the term and in the first loan year. */
  readonly totalFen: bigint;
  readonly firstYearFen: bigint;
}

export interface FinancingCost {
  readonly schedule: LoanSchedule;
  readonly annualRate: AnnualRate;
  /** Everything paid beyond the principal, less subsidies, over the term. */
  readonly totalCostFen: bigint;
  /** The same for the first loan year (drawdown to month 12). */
  readonly firstYearCostFen: bigint;
  /** Components with a non-zero cost, in {@link COST_COMPONENTS} order. */
  readonly breakdown: readonly ComponentCost[];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The annualised rate of month-indexed flows (amounts in 分, borrower's view). */
export function annualiseMonthlyFlows(flows: readonly { month: number; amountFen: bigint }[]): AnnualRate {
  const net = new Map<number, bigint>();
  for (const flow of flows) net.set(flow.month, (net.get(flow.month) ?? 0n) + flow.amountFen);
  let period = 0;
  for (const [month, amount] of net) if (amount !== 0n && month > 0) period = gcd(month, period);
  if (period === 0) period = 1;
  const result = solveRate(
    [...net.entries()].map(([month, amount]) => ({ t: month / period, amount: Number(amount) })),
  );
  if (result.kind === "none") return result;
  const periodsPerYear = 12 / period;
  const r = result.rate;
  return {
    kind: "rate",
    periodMonths: period,
    periodsPerYear,
    periodicRate: r,
    simple: r * periodsPerYear,
    compound: Math.expm1(periodsPerYear * Math.log1p(r)),
    iterations: result.iterations,
  };
}

/** The annualised cost and breakdown of a built schedule. */
export function costOfSchedule(schedule: LoanSchedule): FinancingCost {
  const totals = new Map<CostComponent, { total: bigint; firstYear: bigint }>();
  for (const flow of schedule.flows) {
    if (flow.component === "PRINCIPAL") continue;
    const entry = totals.get(flow.component) ?? { total: 0n, firstYear: 0n };
    entry.total -= flow.amountFen;
    if (flow.year === 1) entry.firstYear -= flow.amountFen;
    totals.set(flow.component, entry);
  }
  const breakdown = COST_COMPONENTS.flatMap((component) => {
    const entry = totals.get(component);
    return entry && (entry.total !== 0n || entry.firstYear !== 0n)
      ? [{ component, totalFen: entry.total, firstYearFen: entry.firstYear }]
      : [];
  });
  return {
    schedule,
    annualRate: annualiseMonthlyFlows(schedule.flows),
    totalCostFen: breakdown.reduce((sum, item) => sum + item.totalFen, 0n),
    firstYearCostFen: breakdown.reduce((sum, item) => sum + item.firstYearFen, 0n),
    breakdown,
  };
}

/** Builds the schedule for the terms and prices it. Throws InvalidLoanTerms for impossible terms. */
export function financingCost(terms: LoanTerms): FinancingCost {
  return costOfSchedule(buildSchedule(terms));
}

/** The schedule's flows on calendar dates, month k falling k calendar months after the drawdown date. */
export function datedFlows(schedule: LoanSchedule, drawdownDate: string): DatedFlow[] {
  return schedule.flows.map((flow) => ({ date: addMonths(drawdownDate, flow.month), amountFen: flow.amountFen }));
}

/** The effective annual rate on actual dates (XIRR, actual/365) of a schedule drawn down on a given date. */
export function scheduleXirr(schedule: LoanSchedule, drawdownDate: string) {
  return xirr(datedFlows(schedule, drawdownDate));
}
