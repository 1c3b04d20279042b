/**
 * The bureau's tables as data — built once from the dashboard / ranking figures and rendered three ways: on the page
 * (万元, percentages), in CSV and in XLSX (exact 元). One source means the page and the downloads always agree.
 */
import type { LedgerMetric } from "~/generated/prisma/enums.ts";
import { NO_POLICY_TOOL_LABEL, UNKNOWN_PRODUCT_KIND_LABEL } from "./labels.ts";
import { entityTypeLabel, ledgerMetricLabel, policyToolLabel, productKindLabel } from "~/kernel/labels.ts";

/** yuan: decimal string of 元; share: 0–1; hours: working hours; count: integer. */
export type CellKind = "text" | "count" | "yuan" | "share" | "hours";
export type CellValue = string | number | null;

export interface TableColumn {
  key: string;
  label: string;
  kind: CellKind;
}

export interface ReportTable {
  id: string;
  title: string;
  columns: TableColumn[];
  rows: Record<string, CellValue>[];
  /** Per-row kind of the "value" column for key–value tables (核心指标). */
  rowKinds?: CellKind[];
  note?: string;
}

// Structural shapes (the server types satisfy them) so this module stays importable by the browser bundle.
interface NeedCountsLike {
  needs: number;
  amount: string;
  matched: number;
  responseDue: number;
  respondedInTime: number;
  engaged: number;
  approved: number;
  disbursed: number;
}
type LedgerLike = Record<LedgerMetric, { amount: string; borrowers: number }>;
interface RegionLike {
  id: string;
  name: string;
  parentId: string | null;
}

/**
 * The name a region split shows for a region: the parent of the other rows (揭阳市 beside its districts) holds only
 * what was posted at its own level, so it says so ("揭阳市（市本级）") instead of looking like a total of 0.
 */
export function splitRegionName(region: RegionLike, all: readonly { region: RegionLike }[]): string {
  const isParent = all.some((entry) => entry.region.parentId === region.id);
  return isParent ? `${region.name}（${region.name.endsWith("市") ? "市" : ""}本级）` : region.name;
}

export interface DashboardLike {
  needs: {
    total: NeedCountsLike;
    byRegion: { region: RegionLike; counts: NeedCountsLike }[];
    byEntityType: { entityType: keyof typeof entityTypeLabel; counts: NeedCountsLike }[];
  };
  response: { medianHours: number | null; answered: number };
  institutionResponses: {
    asked: number;
    due: number;
    respondedInTime: number;
    unanswered: number;
    passed: number;
    medianHours: number | null;
    inTimeRate: number | null;
  };
  funnel: { key: string; label: string; count: number; conversion: number | null }[];
  ledger: {
    total: LedgerLike;
    byRegion: { region: RegionLike; metrics: LedgerLike }[];
    byEntityType: { entityType: keyof typeof entityTypeLabel; metrics: LedgerLike }[];
    byProductKind: { productKind: keyof typeof productKindLabel | null; metrics: LedgerLike }[];
    byPolicyTool: { policyTool: keyof typeof policyToolLabel | null; metrics: LedgerLike }[];
  };
}

const share = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;

const LEDGER_COLUMNS: TableColumn[] = [
  { key: "disbursed", label: "放款金额", kind: "yuan" },
  { key: "firstLoan", label: "首贷户数", kind: "count" },
  { key: "inclusiveAmount", label: "普惠小微贷款金额", kind: "yuan" },
  { key: "inclusiveBorrowers", label: "普惠小微贷款户数", kind: "count" },
  { key: "agri", label: "涉农贷款", kind: "yuan" },
  { key: "green", label: "绿色贷款", kind: "yuan" },
  { key: "marine", label: "海洋经济贷款", kind: "yuan" },
  { key: "transfer", label: "转移企业贷款", kind: "yuan" },
];

function ledgerCells(metrics: LedgerLike): Record<string, CellValue> {
  return {
    disbursed: metrics.DISBURSED_AMOUNT.amount,
    firstLoan: metrics.FIRST_LOAN_BORROWER.borrowers,
    inclusiveAmount: metrics.INCLUSIVE_SMALL_MICRO_AMOUNT.amount,
    inclusiveBorrowers: metrics.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers,
    agri: metrics.AGRI_AMOUNT.amount,
    green: metrics.GREEN_AMOUNT.amount,
    marine: metrics.MARINE_AMOUNT.amount,
    transfer: metrics.TRANSFER_FIRM_AMOUNT.amount,
  };
}

const NEED_COLUMNS: TableColumn[] = [
  { key: "needs", label: "发布需求", kind: "count" },
  { key: "needAmount", label: "需求金额", kind: "yuan" },
  { key: "matchedShare", label: "匹配率", kind: "share" },
  { key: "inTimeShare", label: "需求按时获响应率", kind: "share" },
  { key: "disbursedNeeds", label: "已放款需求", kind: "count" },
];

function needCells(counts: NeedCountsLike): Record<string, CellValue> {
  return {
    needs: counts.needs,
    needAmount: counts.amount,
    matchedShare: share(counts.matched, counts.needs),
    inTimeShare: share(counts.respondedInTime, counts.responseDue),
    disbursedNeeds: counts.disbursed,
  };
}

export function dashboardTables(dashboard: DashboardLike): ReportTable[] {
  const { needs, ledger, response, institutionResponses: asks } = dashboard;
  const summaryRows: [string, CellValue, CellKind][] = [
    ["发布需求数", needs.total.needs, "count"],
    ["需求金额", needs.total.amount, "yuan"],
    ["匹配率", share(needs.total.matched, needs.total.needs), "share"],
    ["机构限时响应率（按时响应 ÷ 应响应）", asks.inTimeRate, "share"],
    ["推送机构线索数", asks.asked, "count"],
    ["机构未响应数", asks.unanswered, "count"],
    ["机构明确不予对接数", asks.passed, "count"],
    ["机构首次响应时长中位数", asks.medianHours, "hours"],
    ["需求按时获首次响应率", share(needs.total.respondedInTime, needs.total.responseDue), "share"],
    ["需求首次响应时长中位数", response.medianHours, "hours"],
    ["放款金额", ledger.total.DISBURSED_AMOUNT.amount, "yuan"],
    ["首贷户数", ledger.total.FIRST_LOAN_BORROWER.borrowers, "count"],
    ["普惠型小微企业贷款金额", ledger.total.INCLUSIVE_SMALL_MICRO_AMOUNT.amount, "yuan"],
    ["普惠型小微企业贷款户数", ledger.total.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers, "count"],
    ["涉农贷款金额", ledger.total.AGRI_AMOUNT.amount, "yuan"],
    ["绿色贷款金额", ledger.total.GREEN_AMOUNT.amount, "yuan"],
    ["海洋经济贷款金额", ledger.total.MARINE_AMOUNT.amount, "yuan"],
    ["转移企业贷款金额", ledger.total.TRANSFER_FIRM_AMOUNT.amount, "yuan"],
  ];
  const posted = dashboard.funnel[0]?.count ?? 0;
  return [
    {
      id: "summary",
      title: "核心指标",
      columns: [
        { key: "indicator", label: "指标", kind: "text" },
        { key: "value", label: "数值", kind: "text" },
      ],
      rows: summaryRows.map(([indicator, value]) => ({ indicator, value })),
      rowKinds: summaryRows.map(([, , kind]) => kind),
    },
    {
      id: "funnel",
      title: "对接漏斗",
      columns: [
        { key: "step", label: "环节", kind: "text" },
        { key: "count", label: "需求数", kind: "count" },
        { key: "conversion", label: "较上一环节转化率", kind: "share" },
        { key: "overall", label: "占发布需求比例", kind: "share" },
      ],
      rows: dashboard.funnel.map((step) => ({
        step: step.label,
        count: step.count,
        conversion: step.conversion,
        overall: share(step.count, posted),
      })),
    },
    {
      id: "by-region",
      title: "分区域",
      columns: [{ key: "name", label: "区域", kind: "text" }, ...NEED_COLUMNS, ...LEDGER_COLUMNS],
      rows: [
        ...needs.byRegion.map((entry, index) => ({
          name: splitRegionName(entry.region, needs.byRegion),
          ...needCells(entry.counts),
          ...ledgerCells(ledger.byRegion[index]!.metrics),
        })),
        // The total of the rows above, labelled apart, so the city's figure is on the page next to its parts.
        ...(needs.byRegion.length > 1
          ? [{ name: "合计", ...needCells(needs.total), ...ledgerCells(ledger.total) }]
          : []),
      ],
      note: "“本级”为直接登记在该区域（未细分到下辖区县）的需求和贷款；“合计”为各行之和。",
    },
    {
      id: "by-entity-type",
      title: "分经营主体类型",
      columns: [{ key: "name", label: "主体类型", kind: "text" }, ...NEED_COLUMNS, ...LEDGER_COLUMNS],
      rows: mergeByKey(
        needs.byEntityType.map((entry) => [entry.entityType, entry.counts] as const),
        ledger.byEntityType.map((entry) => [entry.entityType, entry.metrics] as const),
      ).map(([entityType, counts, metrics]) => ({
        name: entityTypeLabel[entityType as keyof typeof entityTypeLabel] ?? entityType,
        ...needCells(counts ?? zeroNeeds),
        ...ledgerCells(metrics ?? zeroLedger()),
      })),
    },
    {
      id: "by-product-kind",
      title: "分产品类型",
      columns: [{ key: "name", label: "产品类型", kind: "text" }, ...LEDGER_COLUMNS],
      rows: ledger.byProductKind.map((entry) => ({
        name: entry.productKind ? productKindLabel[entry.productKind] : UNKNOWN_PRODUCT_KIND_LABEL,
        ...ledgerCells(entry.metrics),
      })),
    },
    {
      id: "by-policy-tool",
      title: "分货币政策工具",
      columns: [{ key: "name", label: "政策工具", kind: "text" }, ...LEDGER_COLUMNS],
      rows: ledger.byPolicyTool.map((entry) => ({
        name: entry.policyTool ? policyToolLabel[entry.policyTool] : NO_POLICY_TOOL_LABEL,
        ...ledgerCells(entry.metrics),
      })),
    },
  ];
}

const zeroNeeds: NeedCountsLike = {
  needs: 0,
  amount: "0.00",
  matched: 0,
  responseDue: 0,
  respondedInTime: 0,
  engaged: 0,
  approved: 0,
  disbursed: 0,
};
function zeroLedger(): LedgerLike {
  return Object.fromEntries(
    Object.keys(ledgerMetricLabel).map((metric) => [metric, { amount: "0.00", borrowers: 0 }]),
  ) as LedgerLike;
}

/** Joins two keyed lists, keeping the first list's order and appending keys only the second has. */
function mergeByKey<A, B>(
  left: readonly (readonly [string, A])[],
  right: readonly (readonly [string, B])[],
): [string, A | null, B | null][] {
  const rightMap = new Map(right);
  const result: [string, A | null, B | null][] = left.map(([key, value]) => [key, value, rightMap.get(key) ?? null]);
  const leftKeys = new Set(left.map(([key]) => key));
  for (const [key, value] of right) if (!leftKeys.has(key)) result.push([key, null, value]);
  return result;
}

// ───────────────────────────── ranking ─────────────────────────────

export interface RankingLike {
  rows: {
    institution: { name: string; code: string };
    rank: number | null;
    score: number | null;
    requested: number;
    respondedInTime: number;
    responses: {
      asked: number;
      due: number;
      respondedInTime: number;
      unanswered: number;
      passed: number;
      medianHours: number | null;
    };
    inTimeRate: number | null;
    avgResponseHours: number | null;
    acceptanceRate: number | null;
    conversionRate: number | null;
    disbursedAmount: string;
    firstLoanBorrowers: number;
    inclusiveAmount: string;
    inclusiveBorrowers: number;
  }[];
}

export function rankingTable(ranking: RankingLike): ReportTable {
  return {
    id: "ranking",
    title: "金融机构排名",
    columns: [
      { key: "rank", label: "排名", kind: "text" },
      { key: "institution", label: "机构", kind: "text" },
      { key: "code", label: "机构代码", kind: "text" },
      { key: "score", label: "综合得分", kind: "text" },
      { key: "asked", label: "推送线索", kind: "count" },
      { key: "inTimeRate", label: "限时响应率", kind: "share" },
      { key: "inTime", label: "按时响应", kind: "count" },
      { key: "unanswered", label: "未响应", kind: "count" },
      { key: "passed", label: "明确不予对接", kind: "count" },
      { key: "medianResponseHours", label: "首次响应中位（工作小时）", kind: "hours" },
      { key: "requested", label: "对接请求", kind: "count" },
      { key: "avgResponseHours", label: "平均受理时长（工作小时）", kind: "hours" },
      { key: "acceptanceRate", label: "受理率", kind: "share" },
      { key: "conversionRate", label: "放款转化率", kind: "share" },
      { key: "disbursed", label: "放款金额", kind: "yuan" },
      { key: "firstLoan", label: "首贷户数", kind: "count" },
      { key: "inclusiveAmount", label: "普惠小微贷款金额", kind: "yuan" },
      { key: "inclusiveBorrowers", label: "普惠小微贷款户数", kind: "count" },
    ],
    rows: ranking.rows.map((row) => ({
      rank: row.rank === null ? "样本不足" : String(row.rank),
      institution: row.institution.name,
      code: row.institution.code,
      score: row.score === null ? "—" : row.score.toFixed(1),
      asked: row.responses.asked,
      inTimeRate: row.inTimeRate,
      inTime: row.responses.respondedInTime,
      unanswered: row.responses.unanswered,
      passed: row.responses.passed,
      medianResponseHours: row.responses.medianHours,
      requested: row.requested,
      avgResponseHours: row.avgResponseHours,
      acceptanceRate: row.acceptanceRate,
      conversionRate: row.conversionRate,
      disbursed: row.disbursedAmount,
      firstLoan: row.firstLoanBorrowers,
      inclusiveAmount: row.inclusiveAmount,
      inclusiveBorrowers: row.inclusiveBorrowers,
    })),
  };
}

/** The kind a cell is rendered with (a key–value table decides per row). */
export function cellKind(table: ReportTable, column: TableColumn, rowIndex: number): CellKind {
  if (table.rowKinds && column.key === "value") return table.rowKinds[rowIndex] ?? "text";
  return column.kind;
}

interface AverageRateLike {
  rate: string | null;
  amount: string;
  loans: number;
}
interface RatePairLike {
  all: AverageRateLike;
  inclusive: AverageRateLike;
}
export interface AverageRatesLike {
  total: RatePairLike;
  byRegion: { region: RegionLike; rates: RatePairLike }[];
  byInstitution: { institution: { name: string }; rates: RatePairLike }[];
  byProductKind: { productKind: keyof typeof productKindLabel; rates: RatePairLike }[];
}

/** "3.85%", or null (shown as "—") when no loan with a rate was disbursed: an average of nothing is not 0. */
const ratePercent = (rate: AverageRateLike): string | null => (rate.rate === null ? null : `${rate.rate}%`);

/** 贷款加权平均利率: all loans and 普惠小微, each with the disbursed amount and loans it is based on. */
export function averageRateTable(rates: AverageRatesLike): ReportTable {
  const row = (group: string, name: string, pair: RatePairLike): Record<string, CellValue> => ({
    name,
    group,
    allRate: ratePercent(pair.all),
    allAmount: pair.all.amount,
    allLoans: pair.all.loans,
    inclusiveRate: ratePercent(pair.inclusive),
    inclusiveAmount: pair.inclusive.amount,
    inclusiveLoans: pair.inclusive.loans,
  });
  return {
    id: "average-rates",
    title: "贷款加权平均利率",
    columns: [
      { key: "name", label: "名称", kind: "text" },
      { key: "group", label: "维度", kind: "text" },
      { key: "allRate", label: "全部贷款平均利率", kind: "text" },
      { key: "allAmount", label: "计算基数", kind: "yuan" },
      { key: "allLoans", label: "笔数", kind: "count" },
      { key: "inclusiveRate", label: "普惠小微贷款平均利率", kind: "text" },
      { key: "inclusiveAmount", label: "普惠小微计算基数", kind: "yuan" },
      { key: "inclusiveLoans", label: "普惠小微笔数", kind: "count" },
    ],
    rows: [
      row("合计", "全部", rates.total),
      ...rates.byRegion.map((entry) => row("区域", splitRegionName(entry.region, rates.byRegion), entry.rates)),
      ...rates.byInstitution.map((entry) => row("机构", entry.institution.name, entry.rates)),
      ...rates.byProductKind.map((entry) => row("产品类型", productKindLabel[entry.productKind], entry.rates)),
    ],
    note: "按放款金额加权的年利率（期内放款、现行有效版本，更正前的版本不计）；未填报利率的放款不计入。",
  };
}
