/**
 * Internal rate of return of a series of cash flows.
 *
 * Rates are not money, so the solver works on floating-point numbers; the amounts it is given are exact 分 converted
 * once at the boundary. It solves NPV(x) = Σ aₖ·e^(−x·tₖ) = 0 for x = ln(1 + r): in that variable every rate above
 * −100 % is reachable, the function is smooth, and a loan's NPV (money in first, out later) is monotone, so the
 * root is unique. Each evaluation is scaled by a positive factor chosen so no exponent is positive, which keeps
 * 30-year schedules at extreme trial rates finite without changing the sign of NPV.
 *
 * Method: bracket the root by stepping outward from a zero rate (|x| from 10⁻⁴ doubling to 52, then 64) until NPV
 * changes sign, then take Newton steps that stay inside the bracket, falling back to bisection whenever a step would
 * leave it or fails to halve the previous step. Termination: the last step or the bracket is below
 * {@link RATE_TOLERANCE} in x (≈ the same in r for realistic rates), which is eight orders of magnitude finer than
 * the 0.01 % a rate is shown to, or NPV is exactly zero.
 */

/** Absolute tolerance on x = ln(1 + r) for the periodic rate. */
export const RATE_TOLERANCE = 1e-13;
const MAX_ITERATIONS = 300;
const MAX_BRACKET = 64;

export interface TimedFlow {
  /** Time of the flow in periods (or years for XIRR) from the first flow; finite, ≥ 0. */
  readonly t: number;
  /** Signed amount; the borrower's view: money received is positive, money paid negative. */
  readonly amount: number;
}

export type NoRateReason = "NO_FLOWS" | "ONE_SIGN" | "INVALID_FLOW" | "NO_ROOT";

export type RateResult =
  | {
      readonly kind: "rate";
      /** Rate per unit of t (per period, or per year for XIRR). */
      readonly rate: number;
      readonly iterations: number;
      /** Sign changes in the time-ordered flows; more than one means the rate may not be the only one. */
      readonly signChanges: number;
    }
  | { readonly kind: "none"; readonly reason: NoRateReason; readonly message: string };

const NO_RATE_MESSAGES: Record<NoRateReason, string> = {
  NO_FLOWS: "没有现金流，无法计算利率",
  ONE_SIGN: "现金流全部同向（只有收入或只有支出），不存在内部收益率",
  INVALID_FLOW: "现金流的时间或金额无效",
  NO_ROOT: "在可计算的利率范围内找不到使净现值为零的利率",
};

function none(reason: NoRateReason): RateResult {
  return { kind: "none", reason, message: NO_RATE_MESSAGES[reason] };
}

/** Trial distances from x = 0: 10⁻⁴·2ᵏ up to 52, then the limit. */
const BRACKET_STEPS = [...Array.from({ length: 20 }, (_, k) => 1e-4 * 2 ** k), MAX_BRACKET];

/**
 * Walks outward from x = 0 (a zero rate) on both sides until the sign of NPV changes, so that when flows change sign
 * more than once (a refund after the last instalment, say) the root found is the one nearest zero — the rate a
 * borrower would recognise — rather than whichever a wide bracket happens to straddle.
 */
function findBracket(
  f: (x: number) => number,
): { lo: number; hi: number; fLo: number; exact?: undefined } | { exact: number } | null {
  const f0 = f(0);
  if (f0 === 0) return { exact: 0 };
  let previousUp = { x: 0, f: f0 };
  let previousDown = { x: 0, f: f0 };
  for (const distance of BRACKET_STEPS) {
    const up = { x: distance, f: f(distance) };
    if (up.f === 0) return { exact: up.x };
    if (Math.sign(up.f) !== Math.sign(previousUp.f)) return { lo: previousUp.x, hi: up.x, fLo: previousUp.f };
    const down = { x: -distance, f: f(-distance) };
    if (down.f === 0) return { exact: down.x };
    if (Math.sign(down.f) !== Math.sign(previousDown.f)) return { lo: down.x, hi: previousDown.x, fLo: down.f };
    previousUp = up;
    previousDown = down;
  }
  return null;
}

/** Solves for the rate r per unit of t at which the flows' net present value is zero. */
export function solveRate(flows: readonly TimedFlow[]): RateResult {
  const merged = new Map<number, number>();
  for (const flow of flows) {
    if (!Number.isFinite(flow.t) || flow.t < 0 || !Number.isFinite(flow.amount)) return none("INVALID_FLOW");
    merged.set(flow.t, (merged.get(flow.t) ?? 0) + flow.amount);
  }
  const series = [...merged.entries()]
    .filter(([, amount]) => amount !== 0)
    .sort(([a], [b]) => a - b)
    .map(([t, amount]) => ({ t, amount }));
  if (series.length === 0) return none("NO_FLOWS");
  if (series.every((f) => f.amount > 0) || series.every((f) => f.amount < 0)) return none("ONE_SIGN");

  let signChanges = 0;
  for (let i = 1; i < series.length; i += 1) {
    if (Math.sign(series[i]!.amount) !== Math.sign(series[i - 1]!.amount)) signChanges += 1;
  }
  const tMin = series[0]!.t;
  const tMax = series[series.length - 1]!.t;

  // NPV(x)·e^(x·ref) and its derivative; ref makes every exponent ≤ 0.
  const evaluate = (x: number): [number, number] => {
    const ref = x >= 0 ? tMin : tMax;
    let value = 0;
    let slope = 0;
    for (const { t, amount } of series) {
      const term = amount * Math.exp(-x * (t - ref));
      value += term;
      slope -= (t - ref) * term;
    }
    return [value, slope];
  };

  const done = (x: number, iterations: number): RateResult => ({
    kind: "rate",
    rate: Math.expm1(x),
    iterations,
    signChanges,
  });
  const bracket = findBracket((x) => evaluate(x)[0]);
  if (bracket === null) return none("NO_ROOT");
  if (bracket.exact !== undefined) return done(bracket.exact, 0);
  let { lo, hi } = bracket;
  const fLo = bracket.fLo;
  const loSign = Math.sign(fLo);

  let x = (lo + hi) / 2;
  let previousStep = hi - lo;
  let step = previousStep;
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration += 1) {
    const [f, df] = evaluate(x);
    if (f === 0) return done(x, iteration);
    if (Math.sign(f) === loSign) lo = x;
    else hi = x;
    const newton = x - f / df;
    const newtonUsable =
      Number.isFinite(newton) && newton > lo && newton < hi && Math.abs(newton - x) * 2 < Math.abs(previousStep);
    previousStep = step;
    const next = newtonUsable ? newton : (lo + hi) / 2;
    step = next - x;
    x = next;
    if (Math.abs(step) <= RATE_TOLERANCE || hi - lo <= RATE_TOLERANCE) return done(x, iteration);
  }
  return done(x, MAX_ITERATIONS);
}

export interface DatedFlow {
  /** Calendar date, YYYY-MM-DD. */
  readonly date: string;
  /** Signed amount in 分, borrower's view. */
  readonly amountFen: bigint;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a YYYY-MM-DD calendar date (no time zone: a date is a date). */
export function dayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) return Number.NaN;
  const [, y, m, d] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(d) || back.getUTCMonth() !== Number(m) - 1) return Number.NaN;
  return ms / DAY_MS;
}

/** The date `months` calendar months after `date`, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a date: ${date}`);
  const [, y, m, d] = match;
  const monthIndex = Number(y) * 12 + Number(m) - 1 + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(d), lastDay);
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * XIRR: the effective annual rate for flows on irregular dates, counting time as actual days / 365 from the
 * earliest flow (the convention of spreadsheet XIRR).
 */
export function xirr(flows: readonly DatedFlow[]): RateResult {
  if (flows.length === 0) return none("NO_FLOWS");
  const days = flows.map((flow) => dayNumber(flow.date));
  if (days.some((day) => Number.isNaN(day))) return none("INVALID_FLOW");
  const first = Math.min(...days);
  return solveRate(flows.map((flow, i) => ({ t: (days[i]! - first) / 365, amount: Number(flow.amountFen) })));
}
