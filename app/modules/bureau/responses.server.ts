/**
 * Response accounting per institution (限时响应): the ONE definition the overview and the institution ranking both
 * read, so their figures agree by construction — the overview's total is the sum of the ranking's rows.
 *
 * Definitions (rows of NeedAsk, counted by the Shanghai day the need was published; views bureau.ask_fact,
 * bureau.ask_month and bureau.ask_response_month, migration 20261204040000_need_asks):
 *   asked              institutions asked to respond: told because a product of theirs matched an OPEN need, picked
 *                      for a DIRECTED need, or added when an escalation widened one;
 *   due                asks answered, or whose own deadline has passed — the denominator of 限时响应率;
 *   responded in time  answered (a request, an acceptance or an explicit pass) at or before the ask's deadline;
 *   unanswered         due and never answered (未响应数): an ignored lead counts against the institution;
 *   passed             answered with an explicit pass (不感兴趣 / 不符合条件), by reason;
 *   median response    median working hours from the ask to the first answer (whole tenths of an hour).
 */
import type { LeadPassReason } from "~/generated/prisma/enums.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { slicePeriod } from "./period.ts";
import type { Scope } from "./scope.server.ts";
import { andIn, dayRanges, join, sql, type Sql } from "./sql.server.ts";

export interface ResponseCounts {
  asked: number;
  due: number;
  responded: number;
  respondedInTime: number;
  unanswered: number;
  passed: number;
  passReasons: Partial<Record<LeadPassReason, number>>;
  /** Median working hours to the first answer; null when nothing was answered. */
  medianHours: number | null;
  /** 限时响应率 = respondedInTime ÷ due; null when nothing was due. */
  inTimeRate: number | null;
}

export const emptyResponseCounts = (): ResponseCounts => ({
  asked: 0,
  due: 0,
  responded: 0,
  respondedInTime: 0,
  unanswered: 0,
  passed: 0,
  passReasons: {},
  medianHours: null,
  inTimeRate: null,
});

/** Rows of (institution_id, pass_reason, asked, due, …) for the scope: whole months from ask_month, days from ask_fact. */
function countSource(scope: Scope): Sql {
  const slices = slicePeriod(scope.from, scope.to);
  const filters = sql`${andIn("region_id", scope.regionIds)} ${andIn("institution_id", scope.institutionIds)}`;
  const parts: Sql[] = [];
  if (slices.months) {
    parts.push(sql`
      SELECT institution_id, pass_reason, asked, due, responded, responded_in_time, unanswered, passed
      FROM bureau.ask_month
      WHERE month >= ${slices.months.from}::date AND month < ${slices.months.to}::date ${filters}`);
  }
  if (slices.days.length > 0) {
    parts.push(sql`
      SELECT institution_id, pass_reason, 1, due::int, responded::int, responded_in_time::int, unanswered::int,
             passed::int
      FROM bureau.ask_fact
      WHERE (${dayRanges("published_on", slices.days)}) ${filters}`);
  }
  if (parts.length === 0) parts.push(sql`SELECT NULL::text, NULL::text, 0, 0, 0, 0, 0, 0 WHERE false`);
  return join(parts, " UNION ALL ");
}

/** Rows of (institution_id, tenths, asks): the response-time histogram for the scope. */
function histogramSource(scope: Scope): Sql {
  const ids = andIn("institution_id", scope.institutionIds);
  if (scope.regionIds) {
    return sql`
      SELECT institution_id, (response_seconds / 360)::int AS tenths, 1 AS asks
      FROM bureau.ask_fact
      WHERE published_on >= ${scope.from}::date AND published_on < ${scope.to}::date
        AND response_seconds IS NOT NULL ${andIn("region_id", scope.regionIds)} ${ids}`;
  }
  const slices = slicePeriod(scope.from, scope.to);
  const parts: Sql[] = [];
  if (slices.months) {
    parts.push(sql`
      SELECT institution_id, tenths, asks FROM bureau.ask_response_month
      WHERE month >= ${slices.months.from}::date AND month < ${slices.months.to}::date ${ids}`);
  }
  if (slices.days.length > 0) {
    parts.push(sql`
      SELECT institution_id, (response_seconds / 360)::int, 1 FROM bureau.ask_fact
      WHERE (${dayRanges("published_on", slices.days)}) AND response_seconds IS NOT NULL ${ids}`);
  }
  if (parts.length === 0) parts.push(sql`SELECT NULL::text, 0, 0 WHERE false`);
  return join(parts, " UNION ALL ");
}

/**
 * The response figures for the scope: per institution (`byInstitution`, keyed by institution id) or in total (key
 * ""). The median is computed from the histogram the same way either way (percentile_cont 0.5 over the asks).
 */
export async function queryResponseAccounting(
  db: DbOrTx,
  scope: Scope,
  options: { byInstitution: boolean },
): Promise<Map<string, ResponseCounts>> {
  const key = options.byInstitution ? sql`institution_id` : sql`''::text`;
  const [counts, medians] = await Promise.all([
    db.$queryRaw<
      {
        key: string;
        pass_reason: string;
        asked: number;
        due: number;
        responded: number;
        responded_in_time: number;
        unanswered: number;
        passed: number;
      }[]
    >`
      SELECT ${key} AS key, pass_reason,
             COALESCE(sum(asked), 0)::int AS asked, COALESCE(sum(due), 0)::int AS due,
             COALESCE(sum(responded), 0)::int AS responded,
             COALESCE(sum(responded_in_time), 0)::int AS responded_in_time,
             COALESCE(sum(unanswered), 0)::int AS unanswered, COALESCE(sum(passed), 0)::int AS passed
      FROM (${countSource(scope)}) source (institution_id, pass_reason, asked, due, responded, responded_in_time,
                                           unanswered, passed)
      GROUP BY 1, 2`,
    db.$queryRaw<{ key: string; median: number | null }[]>`
      WITH h AS (
        SELECT ${key} AS key, tenths, sum(asks) AS asks
        FROM (${histogramSource(scope)}) raw (institution_id, tenths, asks)
        GROUP BY 1, 2
      ),
      c AS (
        SELECT key, tenths, sum(asks) OVER (PARTITION BY key ORDER BY tenths) AS upto,
               sum(asks) OVER (PARTITION BY key) AS total
        FROM h
      )
      SELECT key,
             (min(tenths) FILTER (WHERE upto > floor((total - 1) / 2.0))
              + min(tenths) FILTER (WHERE upto > ceil((total - 1) / 2.0)))::float8 / 20 AS median
      FROM c GROUP BY key`,
  ]);
  const result = new Map<string, ResponseCounts>();
  const entry = (id: string) => {
    let value = result.get(id);
    if (!value) {
      value = emptyResponseCounts();
      result.set(id, value);
    }
    return value;
  };
  for (const row of counts) {
    const value = entry(row.key);
    value.asked += row.asked;
    value.due += row.due;
    value.responded += row.responded;
    value.respondedInTime += row.responded_in_time;
    value.unanswered += row.unanswered;
    value.passed += row.passed;
    if (row.pass_reason && row.passed > 0) {
      const reason = row.pass_reason as LeadPassReason;
      value.passReasons[reason] = (value.passReasons[reason] ?? 0) + row.passed;
    }
  }
  for (const row of medians) entry(row.key).medianHours = row.median;
  for (const value of result.values()) value.inTimeRate = value.due > 0 ? value.respondedInTime / value.due : null;
  return result;
}

/** The scope's response figures in total (the overview). */
export async function queryResponseTotals(db: DbOrTx, scope: Scope): Promise<ResponseCounts> {
  return (await queryResponseAccounting(db, scope, { byInstitution: false })).get("") ?? emptyResponseCounts();
}
