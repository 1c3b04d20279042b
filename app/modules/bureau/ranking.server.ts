/**
 * Institution ranking for a period (and optionally a region): how fast each institution answers, how often it
 * accepts, how many engagements end in a loan, how much it lends and how many first-loan borrowers it reaches —
 * with a transparent composite score and the best/worst institutions (for 通报表扬 / 通报批评) together with the
 * evidence: their own figures next to the average of the institutions compared.
 *
 * Definitions (per institution branch; counted by the day the need was published):
 *   asked / due / in time / unanswered / passed / median response
 *                   response accounting over the needs the institution was asked to answer (responses.server.ts,
 *                   the same definition the overview reads): 限时响应率 = answered in time ÷ due, so a lead that
 *                   was ignored counts against the institution, and an explicit pass counts as an answer;
 *   requests        engagements with the institution (an enterprise's request or the institution's own claim);
 *   responded       the institution took an engagement up (accepted a request, or claimed the lead itself);
 *   avg response    mean working hours to take it up (from publication for a claim, from the request otherwise);
 *   acceptance      engagements accepted ÷ requests;
 *   conversion      engagements disbursed ÷ engagements accepted;
 *   disbursed / 首贷户 / 普惠  net ledger figures by the day they occurred.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import type { InstitutionKind, LedgerMetric } from "~/generated/prisma/enums.ts";
import { formatWanYuan } from "~/kernel/money.ts";
import { slicePeriod } from "./period.ts";
import type { InstitutionNode, Scope } from "./scope.server.ts";
import { andIn, dayRanges, join, raw, sql, type Sql } from "./sql.server.ts";
import { emptyResponseCounts, queryResponseAccounting, type ResponseCounts } from "./responses.server.ts";
import { leadPassReasonLabel } from "~/kernel/labels.ts";
import type { LeadPassReason } from "~/generated/prisma/enums.ts";

import { HIGHLIGHT_COUNT, MIN_REQUESTS_FOR_HIGHLIGHT, SCORE_WEIGHTS } from "./ranking-rules.ts";
export { HIGHLIGHT_COUNT, MIN_REQUESTS_FOR_HIGHLIGHT, SCORE_WEIGHTS };

export interface RankingRow {
  institution: InstitutionNode;
  /** Response accounting over the asks (responses.server.ts). */
  responses: ResponseCounts;
  matched: number;
  requested: number;
  responded: number;
  respondedInTime: number;
  /** Mean working hours to answer; null when nothing was answered. */
  avgResponseHours: number | null;
  accepted: number;
  declined: number;
  approved: number;
  disbursedEngagements: number;
  decided: number;
  decidedInTime: number;
  disbursedAmount: string;
  firstLoanBorrowers: number;
  inclusiveAmount: string;
  inclusiveBorrowers: number;
  inTimeRate: number | null;
  acceptanceRate: number | null;
  conversionRate: number | null;
  /** 0–100; null when the sample is too small to judge. */
  score: number | null;
  rank: number | null;
}

export interface Highlight {
  institution: InstitutionNode;
  score: number;
  rank: number;
  evidence: string[];
}

export interface Ranking {
  kind: InstitutionKind;
  rows: RankingRow[];
  best: Highlight[];
  worst: Highlight[];
  averages: {
    /** Answered in time ÷ due, over the institutions compared. */
    inTimeRate: number | null;
    acceptanceRate: number | null;
    conversionRate: number | null;
    avgResponseHours: number | null;
  };
}

interface NeedSideRow {
  institution_id: string;
  matched: number;
  requested: number;
  responded: number;
  responded_in_time: number;
  response_seconds_sum: string;
  response_seconds_count: number;
  accepted: number;
  declined: number;
  approved: number;
  disbursed: number;
  decided: number;
  decided_in_time: number;
}

const needColumns = [
  "matched",
  "requested",
  "responded",
  "responded_in_time",
  "accepted",
  "declined",
  "approved",
  "disbursed",
  "decided",
  "decided_in_time",
] as const;

async function needSide(db: DbOrTx, scope: Scope): Promise<NeedSideRow[]> {
  // Column names come from the fixed list above.
  const sums = raw(needColumns.map((column) => `COALESCE(sum(${column}), 0)::int AS ${column}`).join(", "));
  const factColumns = sql`institution_id, matched::int AS matched, requested::int AS requested, responded::int AS responded,
    responded_in_time::int AS responded_in_time, COALESCE(response_seconds, 0) AS response_seconds_sum,
    (response_seconds IS NOT NULL)::int AS response_seconds_count, accepted::int AS accepted, declined::int AS declined,
    approved::int AS approved, disbursed::int AS disbursed, decided::int AS decided, decided_in_time::int AS decided_in_time`;
  let source: Sql;
  if (scope.regionIds) {
    source = sql`
      SELECT ${factColumns} FROM bureau.need_inst_fact
      WHERE published_on >= ${scope.from}::date AND published_on < ${scope.to}::date
        ${andIn("region_id", scope.regionIds)} ${andIn("institution_id", scope.institutionIds)}`;
  } else {
    const slices = slicePeriod(scope.from, scope.to);
    const parts: Sql[] = [];
    if (slices.months) {
      parts.push(sql`
        SELECT institution_id, matched, requested, responded, responded_in_time, response_seconds_sum,
               response_seconds_count, accepted, declined, approved, disbursed, decided, decided_in_time
        FROM bureau.need_inst_month
        WHERE month >= ${slices.months.from}::date AND month < ${slices.months.to}::date
          ${andIn("institution_id", scope.institutionIds)}`);
    }
    if (slices.days.length > 0) {
      parts.push(sql`
        SELECT ${factColumns} FROM bureau.need_inst_fact
        WHERE (${dayRanges("published_on", slices.days)}) ${andIn("institution_id", scope.institutionIds)}`);
    }
    source =
      parts.length > 0 ? join(parts, " UNION ALL ") : sql`SELECT ${factColumns} FROM bureau.need_inst_fact WHERE false`;
  }
  return db.$queryRaw<NeedSideRow[]>`
    SELECT institution_id, ${sums},
           COALESCE(sum(response_seconds_sum), 0)::text AS response_seconds_sum,
           COALESCE(sum(response_seconds_count), 0)::int AS response_seconds_count
    FROM (${source}) source
    GROUP BY institution_id`;
}

const RANKED_METRICS: LedgerMetric[] = [
  "DISBURSED_AMOUNT",
  "FIRST_LOAN_BORROWER",
  "INCLUSIVE_SMALL_MICRO_AMOUNT",
  "INCLUSIVE_SMALL_MICRO_BORROWER",
];

async function ledgerSide(db: DbOrTx, scope: Scope) {
  let source: Sql;
  const metricFilter = sql`AND metric = ANY(${RANKED_METRICS}::text[])`;
  if (scope.regionIds) {
    source = sql`
      SELECT institution_id, metric, amount, borrowers FROM bureau.ledger_daily
      WHERE occurred_on >= ${scope.from}::date AND occurred_on < ${scope.to}::date ${metricFilter}
        ${andIn("region_id", scope.regionIds)} ${andIn("institution_id", scope.institutionIds)}`;
  } else {
    const slices = slicePeriod(scope.from, scope.to);
    const parts: Sql[] = [];
    if (slices.months) {
      parts.push(sql`
        SELECT institution_id, metric, amount, borrowers FROM bureau.ledger_month_inst
        WHERE month >= ${slices.months.from}::date AND month < ${slices.months.to}::date ${metricFilter}
          ${andIn("institution_id", scope.institutionIds)}`);
    }
    if (slices.days.length > 0) {
      parts.push(sql`
        SELECT institution_id, metric, amount, borrowers FROM bureau.ledger_daily
        WHERE (${dayRanges("occurred_on", slices.days)}) ${metricFilter} ${andIn("institution_id", scope.institutionIds)}`);
    }
    source =
      parts.length > 0
        ? join(parts, " UNION ALL ")
        : sql`SELECT NULL::text AS institution_id, NULL::text AS metric, 0::numeric AS amount, 0 AS borrowers WHERE false`;
  }
  return db.$queryRaw<{ institution_id: string; metric: LedgerMetric; amount: string; borrowers: number }[]>`
    SELECT institution_id, metric, COALESCE(sum(amount), 0)::numeric(20, 2)::text AS amount,
           COALESCE(sum(borrowers), 0)::int AS borrowers
    FROM (${source}) source
    GROUP BY institution_id, metric`;
}

/** "不在服务区域 2 条、金额或期限不经济 1 条", most frequent first. */
export function passReasonText(reasons: Partial<Record<LeadPassReason, number>>): string {
  return (Object.entries(reasons) as [LeadPassReason, number][])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, count]) => `${leadPassReasonLabel[reason]} ${count} 条`)
    .join("、");
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);
const percent = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)}%`);

export async function loadInstitutionRanking(
  db: DbOrTx,
  scope: Scope,
  institutions: readonly InstitutionNode[],
  kind: InstitutionKind = "BANK",
): Promise<Ranking> {
  const [needs, ledger, responses] = await Promise.all([
    needSide(db, scope),
    ledgerSide(db, scope),
    queryResponseAccounting(db, scope, { byInstitution: true }),
  ]);
  const byId = new Map(institutions.map((institution) => [institution.id, institution]));
  const rows = new Map<string, RankingRow>();
  const rowFor = (institutionId: string): RankingRow | null => {
    const institution = byId.get(institutionId);
    if (!institution || institution.kind !== kind) return null;
    let row = rows.get(institutionId);
    if (!row) {
      row = {
        institution,
        responses: emptyResponseCounts(),
        matched: 0,
        requested: 0,
        responded: 0,
        respondedInTime: 0,
        avgResponseHours: null,
        accepted: 0,
        declined: 0,
        approved: 0,
        disbursedEngagements: 0,
        decided: 0,
        decidedInTime: 0,
        disbursedAmount: "0.00",
        firstLoanBorrowers: 0,
        inclusiveAmount: "0.00",
        inclusiveBorrowers: 0,
        inTimeRate: null,
        acceptanceRate: null,
        conversionRate: null,
        score: null,
        rank: null,
      };
      rows.set(institutionId, row);
    }
    return row;
  };
  for (const need of needs) {
    const row = rowFor(need.institution_id);
    if (!row) continue;
    Object.assign(row, {
      matched: need.matched,
      requested: need.requested,
      responded: need.responded,
      respondedInTime: need.responded_in_time,
      avgResponseHours:
        need.response_seconds_count > 0 ? Number(need.response_seconds_sum) / need.response_seconds_count / 3600 : null,
      accepted: need.accepted,
      declined: need.declined,
      approved: need.approved,
      disbursedEngagements: need.disbursed,
      decided: need.decided,
      decidedInTime: need.decided_in_time,
    });
  }
  for (const [institutionId, counts] of responses) {
    const row = rowFor(institutionId);
    if (row) row.responses = counts;
  }
  for (const entry of ledger) {
    const row = rowFor(entry.institution_id);
    if (!row) continue;
    if (entry.metric === "DISBURSED_AMOUNT") row.disbursedAmount = entry.amount;
    if (entry.metric === "FIRST_LOAN_BORROWER") row.firstLoanBorrowers = entry.borrowers;
    if (entry.metric === "INCLUSIVE_SMALL_MICRO_AMOUNT") row.inclusiveAmount = entry.amount;
    if (entry.metric === "INCLUSIVE_SMALL_MICRO_BORROWER") row.inclusiveBorrowers = entry.borrowers;
  }

  const all = [...rows.values()];
  for (const row of all) {
    row.inTimeRate = row.responses.inTimeRate;
    row.acceptanceRate = ratio(row.accepted, row.requested);
    row.conversionRate = ratio(row.disbursedEngagements, row.accepted);
  }
  // Judged on what it was asked as well as what it took up: an institution that ignores its leads is not spared.
  const eligible = all.filter(
    (row) => row.requested >= MIN_REQUESTS_FOR_HIGHLIGHT || row.responses.due >= MIN_REQUESTS_FOR_HIGHLIGHT,
  );
  // Amounts are scored relative to the largest in the comparison group (display-only floats; money stays exact).
  const maxDisbursed = Math.max(0, ...eligible.map((row) => Number(row.disbursedAmount)));
  const maxFirstLoan = Math.max(0, ...eligible.map((row) => row.firstLoanBorrowers));
  for (const row of eligible) {
    const parts =
      SCORE_WEIGHTS.inTimeRate * (row.inTimeRate ?? 0) +
      SCORE_WEIGHTS.acceptanceRate * (row.acceptanceRate ?? 0) +
      SCORE_WEIGHTS.conversionRate * (row.conversionRate ?? 0) +
      SCORE_WEIGHTS.disbursed * (maxDisbursed > 0 ? Math.max(0, Number(row.disbursedAmount)) / maxDisbursed : 0) +
      SCORE_WEIGHTS.firstLoan * (maxFirstLoan > 0 ? Math.max(0, row.firstLoanBorrowers) / maxFirstLoan : 0);
    row.score = Math.round(parts * 10) / 10;
  }
  const scored = eligible.sort(
    (a, b) =>
      b.score! - a.score! ||
      b.responses.due - a.responses.due ||
      b.requested - a.requested ||
      a.institution.code.localeCompare(b.institution.code),
  );
  scored.forEach((row, index) => (row.rank = index + 1));
  const unscored = all
    .filter((row) => row.score === null)
    .sort((a, b) => b.requested - a.requested || a.institution.code.localeCompare(b.institution.code));

  const sum = (pick: (row: RankingRow) => number) => eligible.reduce((total, row) => total + pick(row), 0);
  const answered = eligible.filter((row) => row.avgResponseHours !== null);
  const averages = {
    inTimeRate: ratio(
      sum((row) => row.responses.respondedInTime),
      sum((row) => row.responses.due),
    ),
    acceptanceRate: ratio(
      sum((row) => row.accepted),
      sum((row) => row.requested),
    ),
    conversionRate: ratio(
      sum((row) => row.disbursedEngagements),
      sum((row) => row.accepted),
    ),
    avgResponseHours:
      answered.length > 0 ? answered.reduce((total, row) => total + row.avgResponseHours!, 0) / answered.length : null,
  };

  const evidence = (row: RankingRow): string[] => {
    const versus = (value: number | null, average: number | null) => {
      if (value === null || average === null) return "";
      const points = (value - average) * 100;
      if (Math.abs(points) < 0.05) return "，与平均持平";
      return `，${points > 0 ? "高于" : "低于"}平均 ${Math.abs(points).toFixed(1)} 个百分点`;
    };
    const r = row.responses;
    return [
      `限时响应率 ${percent(row.inTimeRate)}（${r.respondedInTime}/${r.due}）${versus(row.inTimeRate, averages.inTimeRate)}`,
      `推送 ${r.asked} 条，未响应 ${r.unanswered} 条，首次响应中位 ${r.medianHours === null ? "—" : `${r.medianHours.toFixed(1)} 工作小时`}`,
      ...(r.passed > 0 ? [`明确不予对接 ${r.passed} 条：${passReasonText(r.passReasons)}`] : []),
      `受理率 ${percent(row.acceptanceRate)}（${row.accepted}/${row.requested}）${versus(row.acceptanceRate, averages.acceptanceRate)}`,
      `放款转化率 ${percent(row.conversionRate)}（${row.disbursedEngagements}/${row.accepted}）${versus(row.conversionRate, averages.conversionRate)}`,
      `放款 ${formatWanYuan(row.disbursedAmount)}，首贷户 ${row.firstLoanBorrowers} 户`,
    ];
  };
  const highlight = (row: RankingRow): Highlight => ({
    institution: row.institution,
    score: row.score!,
    rank: row.rank!,
    evidence: evidence(row),
  });
  const best = scored.slice(0, HIGHLIGHT_COUNT).map(highlight);
  // Worst only among those not already named best (a group of four should not name one institution twice).
  const worst = scored
    .slice(Math.max(HIGHLIGHT_COUNT, scored.length - HIGHLIGHT_COUNT))
    .reverse()
    .map(highlight);

  return { kind, rows: [...scored, ...unscored], best, worst, averages };
}
