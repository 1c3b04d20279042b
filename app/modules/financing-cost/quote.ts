/**
 * A product's cost for a sample the reader enters (amount in 万元, term, repayment method), as display-ready text:
 * the compound APR first (年化利率（复利）), the simple one labelled 单利, the breakdown in 元 over the term and the
 * first year, the subsidies and their sources, and the repayment schedule. Pure and serialisable.
 */
import { fen, formatYuan, parseMoneyInput } from "~/kernel/money.ts";
import {
  chargeBasisLabel,
  costComponentLabel,
  feeBaseLabel,
  repaymentMethodLabel,
  subsidyKindLabel,
  subsidyModeLabel,
} from "./cost-labels.ts";
import type { AnnualRate, FinancingCost } from "./cost.ts";
import { isRepaymentMethod, preferredMethod, productCost, type ProductCostTerms } from "./product-cost.ts";
import { formatRate, percentToPpm, ppmToPercent } from "./rates.ts";
import type { RepaymentMethod } from "./schedule.ts";

export function fenText(amount: bigint): string {
  return formatYuan(fen(amount));
}

export interface QuoteInput {
  readonly amountWan?: string | null;
  readonly termMonths?: string | null;
  readonly method?: string | null;
}

export interface ProductRange {
  readonly minAmountFen: bigint;
  readonly maxAmountFen: bigint;
  readonly minTermMonths: number;
  readonly maxTermMonths: number;
}

export interface RateText {
  readonly compound: string;
  readonly simple: string;
}

export type RateFigure = ({ readonly kind: "rate" } & RateText) | { readonly kind: "none"; readonly message: string };

export interface ScheduleRow {
  readonly month: number;
  /** Month 0 only: the amount received. */
  readonly drawdown: string | null;
  readonly payment: string;
  readonly principal: string;
  readonly interest: string;
  readonly fees: string;
  readonly subsidy: string;
  readonly balance: string;
}

export interface CostQuote {
  readonly input: { readonly amountWan: string; readonly termMonths: string; readonly method: RepaymentMethod };
  readonly errors: { readonly amountWan?: string; readonly termMonths?: string };
  readonly methods: readonly { readonly value: RepaymentMethod; readonly label: string }[];
  readonly methodLabel: string;
  /** At the lowest rate of the range (and at the highest when it differs). */
  readonly rate: RateFigure;
  readonly rateAtMax: RateFigure | null;
  readonly rateNote: string;
  readonly breakdown: readonly { readonly label: string; readonly total: string; readonly firstYear: string }[];
  readonly totalCost: string;
  readonly firstYearCost: string;
  /** The cost for a borrower who qualifies for every subsidy; null when the product has none. */
  readonly withSubsidies: { readonly rate: RateFigure; readonly totalCost: string } | null;
  readonly subsidies: readonly { readonly text: string; readonly source: string; readonly eligibility: string }[];
  readonly charges: readonly string[];
  readonly assumption: string | null;
  readonly schedule: readonly ScheduleRow[];
}

export function rateFigure(rate: AnnualRate): RateFigure {
  return rate.kind === "rate"
    ? { kind: "rate", compound: formatRate(rate.compound), simple: formatRate(rate.simple) }
    : { kind: "none", message: rate.message };
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/** The sample a page opens with: 100 万元 and 12 months, brought inside the product's ranges. */
function defaultSample(range: ProductRange): { fen: bigint; term: number } {
  let fen = 100_000_000n;
  if (fen < range.minAmountFen) fen = range.minAmountFen;
  if (fen > range.maxAmountFen) fen = range.maxAmountFen;
  return { fen, term: clamp(12, range.minTermMonths, range.maxTermMonths) };
}

function wanInput(fen: bigint): string {
  const whole = fen / 1_000_000n;
  const fraction = (fen % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

function describeCharges(product: ProductCostTerms): string[] {
  const lines: string[] = [];
  const how = `${chargeBasisLabel[product.feeBasis]}，${feeBaseLabel[product.feeBase]}计`;
  if (product.kind !== "LOAN" && product.feeRate) {
    lines.push(`${product.kind === "GUARANTEE" ? "担保费" : "保险费"}年费率 ${ppmText(product.feeRate)}，${how}`);
  }
  if (product.kind === "LOAN") {
    if (product.upfrontFeeAmountFen) lines.push(`一次性费用 ${fenText(product.upfrontFeeAmountFen)}`);
    if (product.upfrontFeeRate) lines.push(`一次性费用 本金的 ${ppmText(product.upfrontFeeRate)}`);
    if (product.periodicFeeRate) {
      lines.push(`按期费用 年 ${ppmText(product.periodicFeeRate)}，${feeBaseLabel[product.periodicFeeBase]}按月收取`);
    }
    if (product.guaranteeFeeRate) lines.push(`担保费年费率 ${ppmText(product.guaranteeFeeRate)}，${how}`);
    if (product.premiumRate) lines.push(`保险费年费率 ${ppmText(product.premiumRate)}，${how}`);
  }
  return lines;
}

function ppmText(percent: string): string {
  const rate = percentToPpm(percent);
  return rate === null ? `${percent}%` : `${ppmToPercent(rate)}%`;
}

/** Prices a product for the reader's sample; invalid input falls back to the default sample with an error. */
export function quoteProduct(product: ProductCostTerms, range: ProductRange, input: QuoteInput): CostQuote {
  const fallback = defaultSample(range);
  const errors: { amountWan?: string; termMonths?: string } = {};
  let principalFen = fallback.fen;
  const amountText = input.amountWan?.trim() ?? "";
  if (amountText !== "") {
    const parsed = parseMoneyInput(amountText, "WAN");
    if (!parsed.ok || parsed.fen <= 0n) errors.amountWan = "请输入金额（万元），如 50";
    else if (parsed.fen > 100_000_000_000n) errors.amountWan = "测算金额不能超过 10 亿元";
    else principalFen = parsed.fen;
  }
  let termMonths = fallback.term;
  const termText = input.termMonths?.trim() ?? "";
  if (termText !== "") {
    const term = /^\d{1,3}$/.test(termText) ? Number(termText) : Number.NaN;
    if (!Number.isInteger(term) || term < 1 || term > 360) errors.termMonths = "期限请输入 1–360 之间的整数（月）";
    else termMonths = term;
  }
  const wanted = input.method && isRepaymentMethod(input.method) ? input.method : undefined;
  const method = preferredMethod(product.repaymentMethods, wanted);
  const offered = product.kind === "LOAN" ? product.repaymentMethods : [];
  const sample = { principalFen, termMonths, method };

  const cost: FinancingCost = productCost(product, sample);
  const differs =
    product.kind === "LOAN" && product.maxAnnualRate !== null && product.maxAnnualRate !== product.minAnnualRate;
  const rateAtMax = differs ? rateFigure(productCost(product, { ...sample, rate: "MAX" }).annualRate) : null;
  const subsidised = product.subsidies.length > 0 ? productCost(product, { ...sample, withSubsidies: true }) : null;
  const rateNote =
    product.kind === "LOAN"
      ? `按${product.minAnnualRate ? `最低年利率 ${ppmText(product.minAnnualRate)}` : "产品利率"}、${repaymentMethodLabel[method]}测算`
      : "只计本产品的费用：与贷款组合时，贷款的年化综合成本约增加这么多";

  return {
    input: { amountWan: wanInput(principalFen), termMonths: String(termMonths), method },
    errors,
    methods: offered.map((value) => ({ value, label: repaymentMethodLabel[value] })),
    methodLabel: repaymentMethodLabel[method],
    rate: rateFigure(cost.annualRate),
    rateAtMax,
    rateNote,
    breakdown: cost.breakdown.map((item) => ({
      label: costComponentLabel[item.component],
      total: fenText(item.totalFen),
      firstYear: fenText(item.firstYearFen),
    })),
    totalCost: fenText(cost.totalCostFen),
    firstYearCost: fenText(cost.firstYearCostFen),
    withSubsidies: subsidised
      ? { rate: rateFigure(subsidised.annualRate), totalCost: fenText(subsidised.totalCostFen) }
      : null,
    subsidies: product.subsidies.map((subsidy) => ({
      text: `${subsidyKindLabel[subsidy.kind]} 年 ${ppmText(subsidy.annualRate)}（${subsidyModeLabel[subsidy.mode]}）`,
      source: subsidy.source,
      eligibility: subsidy.eligibility,
    })),
    charges: describeCharges(product),
    assumption: cost.schedule.assumption,
    schedule: cost.schedule.instalments.map((row) => ({
      month: row.month,
      payment: fenText(row.netPaymentFen),
      drawdown: row.month === 0 ? fenText(row.drawdownFen) : null,
      principal: fenText(row.principalFen),
      interest: fenText(row.interestFen),
      fees: fenText(row.feesFen),
      subsidy: fenText(row.subsidyFen),
      balance: fenText(row.balanceAfterFen),
    })),
  };
}
