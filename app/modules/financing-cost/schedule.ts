/**
 * The borrower's dated cash flows for a loan and everything sold with it (guarantee, insurance, fees), less the
 * subsidies it earns.
 *
 * Conventions (those of Chinese bank loan contracts):
 * - Time runs in whole months after drawdown; instalments fall at the end of each month, month 1…n.
 * - Monthly interest = opening balance × annual rate / 12, rounded half up (四舍五入) to 分 each month. A bullet loan
 *   (到期一次还本付息) is charged principal × rate × months / 12 once, at maturity.
 * - 等额本息: the instalment A = P·i·(1+i)ⁿ / ((1+i)ⁿ − 1) is computed exactly and rounded half up to 分; each
 *   month's principal is A minus that month's interest, and the last instalment repays whatever balance is left
 *   (so the rounding remainder falls on the last instalment). At a zero rate it is 等额本金.
 * - 等额本金: principal P / n truncated to 分 each month, the remainder on the last instalment.
 * - 随借随还 (revolving): the cost depends on how the line is used, so it is priced under a stated assumption — the
 *   whole line drawn on day one, held for the usage months, interest monthly, principal at the end.
 * - Rates on a year (guarantee fees, premiums, periodic fees, subsidies) are annual; a year's fee on a base is the
 *   sum over its months of base × rate / 12, rounded once per payment. Paid up front (UPFRONT) the whole term's fee
 *   is due at drawdown; paid yearly (YEARLY) each loan year's fee is due at its start.
 * - An interest subsidy (贴息) by rate reduction lowers the rate the borrower pays (the schedule amortises at the
 *   reduced rate and the saving shows as a subsidy in the same month); by refund the borrower pays full interest
 *   and gets the subsidy back at the end of each loan year (at maturity for a bullet loan). A guarantee-fee subsidy
 *   works the same way on the guarantee fee; a refund of a fee paid up front comes at the end of the first year.
 *   Every subsidy is the difference between the amount at the full and at the subsidised rate, each rounded as
 *   charged, so the borrower nets exactly what it would pay at the subsidised rate and no refund exceeds a payment.
 */
import { MONTHLY_DENOMINATOR, PPM, roundHalfUp, type RatePpm } from "./rates.ts";

export const REPAYMENT_METHODS = [
  "BULLET", // 到期一次还本付息
  "INTEREST_ONLY", // 按月付息到期还本
  "EQUAL_INSTALMENT", // 等额本息
  "EQUAL_PRINCIPAL", // 等额本金
  "REVOLVING", // 随借随还
] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

export type FeeBase = "PRINCIPAL" | "BALANCE";
export type ChargeBasis = "UPFRONT" | "YEARLY";

/** A one-off fee at drawdown: a fixed amount, or a rate (not annual) of the principal. */
export type UpfrontFee =
  | { readonly name: string; readonly kind: "AMOUNT"; readonly amountFen: bigint }
  | { readonly name: string; readonly kind: "RATE"; readonly rate: RatePpm };

/** A fee charged with every monthly instalment: a fixed amount, or an annual rate on a named base. */
export type PeriodicFee =
  | { readonly name: string; readonly kind: "AMOUNT"; readonly amountFen: bigint }
  | { readonly name: string; readonly kind: "RATE"; readonly annualRate: RatePpm; readonly base: FeeBase };

/** A charge priced as an annual rate on a base, paid up front or yearly in advance (guarantee fee, premium). */
export interface RatedCharge {
  readonly annualRate: RatePpm;
  readonly basis: ChargeBasis;
  readonly base: FeeBase;
}

/** An insurance premium: a rated charge, or a fixed amount paid at drawdown. */
export type Premium = RatedCharge | { readonly amountFen: bigint };

export type SubsidyKind = "INTEREST" | "GUARANTEE_FEE";
export type SubsidyMode = "RATE_REDUCTION" | "REFUND";

export interface Subsidy {
  readonly kind: SubsidyKind;
  /** Annual percentage points taken off (capped at the rate it subsidises). */
  readonly annualRate: RatePpm;
  readonly mode: SubsidyMode;
  /** The policy it comes from, e.g. 揭阳市创业担保贷款贴息. */
  readonly source: string;
}

export interface LoanTerms {
  readonly principalFen: bigint;
  readonly termMonths: number;
  /** Nominal annual interest rate. */
  readonly annualRate: RatePpm;
  readonly method: RepaymentMethod;
  readonly upfrontFees?: readonly UpfrontFee[];
  readonly periodicFees?: readonly PeriodicFee[];
  readonly guarantee?: RatedCharge | null;
  readonly insurance?: Premium | null;
  readonly subsidies?: readonly Subsidy[];
  /** Revolving lines only: months the whole line is assumed drawn (default: the term). */
  readonly revolvingUsageMonths?: number;
}

export const COST_COMPONENTS = [
  "INTEREST",
  "UPFRONT_FEE",
  "PERIODIC_FEE",
  "GUARANTEE_FEE",
  "INSURANCE",
  "INTEREST_SUBSIDY",
  "GUARANTEE_FEE_SUBSIDY",
] as const;
export type CostComponent = (typeof COST_COMPONENTS)[number];

export interface CashFlow {
  /** Months after drawdown (0 = drawdown). */
  readonly month: number;
  /** The loan year (1-based) the flow belongs to: what is paid at drawdown or in months 1–12 is year 1. */
  readonly year: number;
  readonly component: CostComponent | "PRINCIPAL";
  /** Borrower's view: received positive, paid negative. */
  readonly amountFen: bigint;
}

export interface Instalment {
  readonly month: number;
  readonly drawdownFen: bigint;
  readonly principalFen: bigint;
  readonly interestFen: bigint;
  /** Fees, guarantee fee and premium paid this month. */
  readonly feesFen: bigint;
  /** Subsidies received or deducted this month. */
  readonly subsidyFen: bigint;
  /** What the borrower pays this month net of subsidies (negative when it receives more than it pays). */
  readonly netPaymentFen: bigint;
  readonly balanceAfterFen: bigint;
}

export interface LoanSchedule {
  readonly terms: LoanTerms;
  /** Months of flows: the term, or the usage months of a revolving line. */
  readonly months: number;
  readonly flows: readonly CashFlow[];
  readonly instalments: readonly Instalment[];
  /** The usage assumption a revolving line is priced under, in Chinese; null otherwise. */
  readonly assumption: string | null;
  /** Policy sources of the subsidies applied. */
  readonly subsidySources: readonly string[];
}

export class InvalidLoanTerms extends Error {}

function yearOfMonth(month: number): number {
  return month === 0 ? 1 : Math.ceil(month / 12);
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function sumBig(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

/** The level instalment of 等额本息 at a monthly rate of annualRate / 12, rounded half up to 分. */
export function levelInstalment(principalFen: bigint, annualRate: RatePpm, months: number): bigint {
  const q = MONTHLY_DENOMINATOR;
  const growth = (q + annualRate) ** BigInt(months);
  const base = q ** BigInt(months);
  return roundHalfUp(principalFen * annualRate * growth, q * (growth - base));
}

interface Amortisation {
  /** openingBalances[k − 1]: the balance outstanding during month k. */
  readonly openingBalances: readonly bigint[];
  readonly principal: readonly bigint[];
  /** Interest at the full rate and at the rate actually charged, per month (bullet: all at maturity). */
  readonly grossInterest: readonly bigint[];
  readonly netInterest: readonly bigint[];
}

function amortise(terms: LoanTerms, months: number, netRate: RatePpm): Amortisation {
  const P = terms.principalFen;
  const q = MONTHLY_DENOMINATOR;
  const openingBalances: bigint[] = [];
  const principal: bigint[] = [];
  const grossInterest: bigint[] = [];
  const netInterest: bigint[] = [];
  const method = terms.method === "EQUAL_INSTALMENT" && netRate === 0n ? "EQUAL_PRINCIPAL" : terms.method;
  const instalment = method === "EQUAL_INSTALMENT" ? levelInstalment(P, netRate, months) : 0n;
  let balance = P;
  for (let k = 1; k <= months; k += 1) {
    const last = k === months;
    openingBalances.push(balance);
    let gross: bigint;
    let net: bigint;
    if (method === "BULLET") {
      gross = last ? roundHalfUp(P * terms.annualRate * BigInt(months), q) : 0n;
      net = last ? roundHalfUp(P * netRate * BigInt(months), q) : 0n;
    } else {
      gross = roundHalfUp(balance * terms.annualRate, q);
      net = roundHalfUp(balance * netRate, q);
    }
    let repaid: bigint;
    if (last) repaid = balance;
    else if (method === "EQUAL_INSTALMENT") repaid = minBig(balance, instalment - net > 0n ? instalment - net : 0n);
    else if (method === "EQUAL_PRINCIPAL") repaid = minBig(balance, P / BigInt(months));
    else repaid = 0n;
    principal.push(repaid);
    grossInterest.push(gross);
    netInterest.push(net);
    balance -= repaid;
  }
  return { openingBalances, principal, grossInterest, netInterest };
}

/** Base × rate / 12 summed over months [from, to] (1-based, inclusive), as an exact numerator over 12·10⁶. */
function rateNumerator(
  balances: readonly bigint[],
  principalFen: bigint,
  base: FeeBase,
  rate: RatePpm,
  from: number,
  to: number,
): bigint {
  let total = 0n;
  for (let k = from; k <= to; k += 1) total += (base === "PRINCIPAL" ? principalFen : balances[k - 1]!) * rate;
  return total;
}

interface ChargePayment {
  readonly month: number;
  readonly year: number;
  readonly amountFen: bigint;
}

/** The payments of a rated charge at a given annual rate: one at drawdown, or one at the start of each loan year. */
function chargePayments(
  charge: RatedCharge,
  rate: RatePpm,
  balances: readonly bigint[],
  principalFen: bigint,
  months: number,
): ChargePayment[] {
  if (charge.basis === "UPFRONT") {
    const numerator = rateNumerator(balances, principalFen, charge.base, rate, 1, months);
    return [{ month: 0, year: 1, amountFen: roundHalfUp(numerator, MONTHLY_DENOMINATOR) }];
  }
  const payments: ChargePayment[] = [];
  for (let start = 1, year = 1; start <= months; start += 12, year += 1) {
    const end = Math.min(start + 11, months);
    const numerator = rateNumerator(balances, principalFen, charge.base, rate, start, end);
    payments.push({ month: start - 1, year, amountFen: roundHalfUp(numerator, MONTHLY_DENOMINATOR) });
  }
  return payments;
}

/** Loan years as month ranges [from, to]: refunds are paid at `to` (months 12, 24, … and the last month). */
function yearEnds(months: number): { year: number; from: number; to: number }[] {
  const ends: { year: number; from: number; to: number }[] = [];
  for (let start = 1, year = 1; start <= months; start += 12, year += 1) {
    ends.push({ year, from: start, to: Math.min(start + 11, months) });
  }
  return ends;
}

function validate(terms: LoanTerms): void {
  const problems: string[] = [];
  if (terms.principalFen <= 0n) problems.push("principal must be positive");
  if (!Number.isInteger(terms.termMonths) || terms.termMonths < 1 || terms.termMonths > 600) {
    problems.push("term must be 1–600 months");
  }
  if (terms.annualRate < 0n) problems.push("rate must not be negative");
  const usage = terms.revolvingUsageMonths;
  if (usage !== undefined && (!Number.isInteger(usage) || usage < 1 || usage > terms.termMonths)) {
    problems.push("revolving usage must be 1 month to the term");
  }
  for (const fee of terms.upfrontFees ?? []) {
    if ((fee.kind === "AMOUNT" ? fee.amountFen : fee.rate) < 0n) problems.push(`fee ${fee.name} is negative`);
  }
  for (const fee of terms.periodicFees ?? []) {
    if ((fee.kind === "AMOUNT" ? fee.amountFen : fee.annualRate) < 0n) problems.push(`fee ${fee.name} is negative`);
  }
  if (terms.guarantee && terms.guarantee.annualRate < 0n) problems.push("guarantee fee rate is negative");
  if (
    terms.insurance &&
    ("amountFen" in terms.insurance ? terms.insurance.amountFen : terms.insurance.annualRate) < 0n
  ) {
    problems.push("premium is negative");
  }
  for (const subsidy of terms.subsidies ?? []) if (subsidy.annualRate < 0n) problems.push("subsidy is negative");
  if (problems.length > 0) throw new InvalidLoanTerms(problems.join("; "));
}

/** Builds the borrower's cash flows and the repayment schedule for the terms. Throws InvalidLoanTerms. */
export function buildSchedule(terms: LoanTerms): LoanSchedule {
  validate(terms);
  const P = terms.principalFen;
  const revolving = terms.method === "REVOLVING";
  const months = revolving ? (terms.revolvingUsageMonths ?? terms.termMonths) : terms.termMonths;
  const subsidies = terms.subsidies ?? [];

  // Subsidies are capped at what they subsidise: reductions first, then refunds out of what is left.
  const capped = (kind: SubsidyKind, mode: SubsidyMode, ceiling: RatePpm): RatePpm =>
    minBig(ceiling, sumBig(subsidies.filter((s) => s.kind === kind && s.mode === mode).map((s) => s.annualRate)));
  const interestReduction = capped("INTEREST", "RATE_REDUCTION", terms.annualRate);
  const interestRefund = capped("INTEREST", "REFUND", terms.annualRate - interestReduction);
  const guaranteeRate = terms.guarantee?.annualRate ?? 0n;
  const guaranteeReduction = capped("GUARANTEE_FEE", "RATE_REDUCTION", guaranteeRate);
  const guaranteeRefund = capped("GUARANTEE_FEE", "REFUND", guaranteeRate - guaranteeReduction);

  const plan = amortise(terms, months, terms.annualRate - interestReduction);
  const balances = plan.openingBalances;
  const flows: CashFlow[] = [];
  const add = (month: number, year: number, component: CashFlow["component"], amountFen: bigint) => {
    if (amountFen !== 0n) flows.push({ month, year, component, amountFen });
  };

  add(0, 1, "PRINCIPAL", P);
  for (const fee of terms.upfrontFees ?? []) {
    add(0, 1, "UPFRONT_FEE", -(fee.kind === "AMOUNT" ? fee.amountFen : roundHalfUp(P * fee.rate, PPM)));
  }
  for (let k = 1; k <= months; k += 1) {
    const year = yearOfMonth(k);
    add(k, year, "PRINCIPAL", -plan.principal[k - 1]!);
    add(k, year, "INTEREST", -plan.grossInterest[k - 1]!);
    add(k, year, "INTEREST_SUBSIDY", plan.grossInterest[k - 1]! - plan.netInterest[k - 1]!);
    for (const fee of terms.periodicFees ?? []) {
      const amount =
        fee.kind === "AMOUNT"
          ? fee.amountFen
          : roundHalfUp((fee.base === "PRINCIPAL" ? P : balances[k - 1]!) * fee.annualRate, MONTHLY_DENOMINATOR);
      add(k, year, "PERIODIC_FEE", -amount);
    }
  }
  if (interestRefund > 0n) {
    // The refund is the interest charged less the interest at the refunded rate, month by month, so rounding can
    // never refund more than was paid.
    const charged = terms.annualRate - interestReduction;
    if (terms.method === "BULLET") {
      const n = BigInt(months);
      const refund =
        roundHalfUp(P * charged * n, MONTHLY_DENOMINATOR) -
        roundHalfUp(P * (charged - interestRefund) * n, MONTHLY_DENOMINATOR);
      add(months, yearOfMonth(months), "INTEREST_SUBSIDY", refund);
    } else {
      for (const { year, from, to } of yearEnds(months)) {
        let refund = 0n;
        for (let k = from; k <= to; k += 1) {
          refund +=
            roundHalfUp(balances[k - 1]! * charged, MONTHLY_DENOMINATOR) -
            roundHalfUp(balances[k - 1]! * (charged - interestRefund), MONTHLY_DENOMINATOR);
        }
        add(to, year, "INTEREST_SUBSIDY", refund);
      }
    }
  }
  if (terms.guarantee) {
    // Subsidies are differences between the fee at two rates, payment by payment: the borrower's net fee is exactly
    // the fee at the subsidised rate, and a refund never exceeds what was paid.
    const guarantee = terms.guarantee;
    const feeAt = (rate: RatePpm) => chargePayments(guarantee, rate, balances, P, months);
    const full = feeAt(guaranteeRate);
    const afterReduction = feeAt(guaranteeRate - guaranteeReduction);
    const afterRefund = feeAt(guaranteeRate - guaranteeReduction - guaranteeRefund);
    full.forEach((payment, i) => {
      add(payment.month, payment.year, "GUARANTEE_FEE", -payment.amountFen);
      add(payment.month, payment.year, "GUARANTEE_FEE_SUBSIDY", payment.amountFen - afterReduction[i]!.amountFen);
      // Refunded at the end of the loan year the payment covers (up front: the first year).
      const refundMonth = Math.min(payment.month + 12, months);
      add(refundMonth, payment.year, "GUARANTEE_FEE_SUBSIDY", afterReduction[i]!.amountFen - afterRefund[i]!.amountFen);
    });
  }
  if (terms.insurance) {
    const premium = terms.insurance;
    if ("amountFen" in premium) add(0, 1, "INSURANCE", -premium.amountFen);
    else {
      for (const payment of chargePayments(premium, premium.annualRate, balances, P, months)) {
        add(payment.month, payment.year, "INSURANCE", -payment.amountFen);
      }
    }
  }

  flows.sort((a, b) => a.month - b.month);
  const sources = [
    ...new Set(
      subsidies
        .filter((s) => s.annualRate > 0n && (s.kind === "INTEREST" ? terms.annualRate > 0n : guaranteeRate > 0n))
        .map((s) => s.source),
    ),
  ];
  return {
    terms,
    months,
    flows,
    instalments: instalmentsOf(flows, months, P),
    assumption: revolving ? `随借随还按全额提用 ${months} 个月、按月付息、到期一次还本测算` : null,
    subsidySources: sources,
  };
}

function instalmentsOf(flows: readonly CashFlow[], months: number, principalFen: bigint): Instalment[] {
  const rows: Instalment[] = [];
  const byMonth = new Map<number, CashFlow[]>();
  for (const flow of flows) byMonth.set(flow.month, [...(byMonth.get(flow.month) ?? []), flow]);
  let balance = principalFen;
  for (let month = 0; month <= months; month += 1) {
    let drawdownFen = 0n;
    let principalPaid = 0n;
    let interestFen = 0n;
    let feesFen = 0n;
    let subsidyFen = 0n;
    for (const flow of byMonth.get(month) ?? []) {
      if (flow.component === "PRINCIPAL") {
        if (flow.amountFen > 0n) drawdownFen += flow.amountFen;
        else principalPaid -= flow.amountFen;
      } else if (flow.component === "INTEREST") interestFen -= flow.amountFen;
      else if (flow.component === "INTEREST_SUBSIDY" || flow.component === "GUARANTEE_FEE_SUBSIDY") {
        subsidyFen += flow.amountFen;
      } else feesFen -= flow.amountFen;
    }
    if (month > 0) balance -= principalPaid;
    const netPaymentFen = principalPaid + interestFen + feesFen - subsidyFen;
    if (month > 0 || feesFen !== 0n || subsidyFen !== 0n || drawdownFen !== 0n) {
      rows.push({
        month,
        drawdownFen,
        principalFen: principalPaid,
        interestFen,
        feesFen,
        subsidyFen,
        netPaymentFen,
        balanceAfterFen: balance,
      });
    }
  }
  return rows;
}
