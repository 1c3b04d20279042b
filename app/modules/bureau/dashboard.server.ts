/**
 * The overview dashboard's figures, read from the rollups (schema `bureau`, prisma/migrations/*_bureau_rollups*), never from the raw
 * tables, so a request reads a bounded number of rows whatever the data volume.
 *
 * Definitions (the integration tests recompute each of them from the raw tables):
 * - Needs are counted by the Shanghai day they were published, in the region they were posted in; funnel steps
 *   describe how far those needs have got by the last refresh:
 *     posted      published in the period;
 *     matched     has a DIRECT or BUNDLE match (near misses do not count), or an institution took it up anyway
 *                 (a directed need, a claimed lead) — so every step implies the ones before it;
 *     engaged     an institution accepted / took it up (acceptedAt set, or status ACCEPTED … DISBURSED);
 *     approved    an engagement is APPROVED/DISBURSED or has an ACTIVE outcome APPROVED/DISBURSED;
 *     disbursed   an engagement is DISBURSED or has an ACTIVE outcome DISBURSED.
 * - Responded within the deadline: first response at or before firstResponseDueAt, out of needs that have been
 *   answered or whose deadline has passed. Response time is counted in working hours (only Shanghai working days
 *   count, 24 hours each: a 3-working-day deadline is 72 working hours); the median is over answered needs.
 * - With an institution filter, a need counts when the institution (or one of its branches) was matched to it or
 *   engaged with it, and every step is that institution's own progress; response time is the institution's own
 *   (from publication when it claimed the lead, from the enterprise's request when it accepted one), and "within
 *   the deadline" uses the region's response deadline (3 working days by default).
 * - Amounts and borrower counts come from the ledger by the day they occurred (the outcome's decision date),
 *   reversal entries included, so every sum is net of amendments.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import type { EntityType, LedgerMetric, PolicyTool, ProductKind } from "~/generated/prisma/enums.ts";
import { slicePeriod } from "./period.ts";
import type { RegionNode, Scope } from "./scope.server.ts";
import { LEDGER_METRICS } from "./labels.ts";
import { addYuan, compareYuan } from "~/kernel/money.ts";
import { andIn, dayRanges, empty, join, sql, type Sql } from "./sql.server.ts";
import { queryResponseTotals, type ResponseCounts } from "./responses.server.ts";

// ───────────────────────────── needs ─────────────────────────────

export interface NeedCounts {
  needs: number;
  /** Requested amount in 元, exact decimal string. */
  amount: string;
  matched: number;
  responded: number;
  responseDue: number;
  respondedInTime: number;
  engaged: number;
  approved: number;
  disbursed: number;
}

export const emptyNeedCounts = (): NeedCounts => ({
  needs: 0,
  amount: "0.00",
  matched: 0,
  responded: 0,
  responseDue: 0,
  respondedInTime: 0,
  engaged: 0,
  approved: 0,
  disbursed: 0,
});

function addNeedCounts(a: NeedCounts, b: NeedCounts): NeedCounts {
  return {
    needs: a.needs + b.needs,
    amount: addYuan(a.amount, b.amount),
    matched: a.matched + b.matched,
    responded: a.responded + b.responded,
    responseDue: a.responseDue + b.responseDue,
    respondedInTime: a.respondedInTime + b.respondedInTime,
    engaged: a.engaged + b.engaged,
    approved: a.approved + b.approved,
    disbursed: a.disbursed + b.disbursed,
  };
}

interface NeedRow {
  grouping: number;
  region_id: string | null;
  entity_type: string | null;
  needs: number;
  amount: string;
  matched: number;
  responded: number;
  response_due: number;
  responded_in_time: number;
  engaged: number;
  approved: number;
  disbursed: number;
}

/** Rows of (region_id, entity_type, needs, amount, matched, …) for the scope, from the cheapest source. */
function needSource(scope: Scope): Sql {
  if (scope.institutionIds) {
    // One row per need, folding the institution's branches together (a need two branches worked counts once).
    return sql`
      SELECT region_id, entity_type, 1 AS needs, amount,
             matched::int AS matched, responded::int AS responded, response_due::int AS response_due,
             responded_in_time::int AS responded_in_time, engaged::int AS engaged, approved::int AS approved,
             disbursed::int AS disbursed
      FROM (
        SELECT need_id, min(region_id) AS region_id, min(entity_type) AS entity_type, min(amount) AS amount,
               bool_or(matched OR accepted) AS matched, bool_or(responded) AS responded, bool_or(requested) AS response_due,
               bool_or(responded_in_time) AS responded_in_time, bool_or(accepted) AS engaged,
               bool_or(approved) AS approved, bool_or(disbursed) AS disbursed
        FROM bureau.need_inst_fact
        WHERE institution_id = ANY(${scope.institutionIds}::text[])
          AND published_on >= ${scope.from}::date AND published_on < ${scope.to}::date
          ${andIn("region_id", scope.regionIds)}
        GROUP BY need_id
      ) per_need`;
  }
  const slices = slicePeriod(scope.from, scope.to);
  const parts: Sql[] = [];
  if (slices.months) {
    parts.push(sql`
      SELECT region_id, entity_type, needs, amount, matched, responded, response_due, responded_in_time,
             engaged, approved, disbursed
      FROM bureau.need_month
      WHERE month >= ${slices.months.from}::date AND month < ${slices.months.to}::date
        ${andIn("region_id", scope.regionIds)}`);
  }
  if (slices.days.length > 0) {
    parts.push(sql`
      SELECT region_id, entity_type, 1, amount, matched::int, responded::int, response_due::int,
             responded_in_time::int, engaged::int, approved::int, disbursed::int
      FROM bureau.need_fact
      WHERE (${dayRanges("published_on", slices.days)}) ${andIn("region_id", scope.regionIds)}`);
  }
  if (parts.length === 0)
    parts.push(sql`SELECT NULL::text, NULL::text, 0, 0::numeric, 0, 0, 0, 0, 0, 0, 0 WHERE false`);
  return join(parts, " UNION ALL ");
}

export interface NeedSummary {
  total: NeedCounts;
  byRegion: { region: RegionNode; counts: NeedCounts }[];
  byEntityType: { entityType: EntityType; counts: NeedCounts }[];
}

/** Needs posted, matched, answered, engaged, approved and disbursed — in total, per region and per entity type. */
export async function queryNeedSummary(db: DbOrTx, scope: Scope): Promise<NeedSummary> {
  const rows = await db.$queryRaw<NeedRow[]>`
    SELECT GROUPING(region_id, entity_type)::int AS grouping, region_id, entity_type,
           COALESCE(sum(needs), 0)::int AS needs,
           COALESCE(sum(amount), 0)::numeric(20, 2)::text AS amount,
           COALESCE(sum(matched), 0)::int AS matched,
           COALESCE(sum(responded), 0)::int AS responded,
           COALESCE(sum(response_due), 0)::int AS response_due,
           COALESCE(sum(responded_in_time), 0)::int AS responded_in_time,
           COALESCE(sum(engaged), 0)::int AS engaged,
           COALESCE(sum(approved), 0)::int AS approved,
           COALESCE(sum(disbursed), 0)::int AS disbursed
    FROM (${needSource(scope)}) source
    GROUP BY GROUPING SETS ((), (region_id), (entity_type))`;
  const counts = (row: NeedRow): NeedCounts => ({
    needs: row.needs,
    amount: row.amount,
    matched: row.matched,
    responded: row.responded,
    responseDue: row.response_due,
    respondedInTime: row.responded_in_time,
    engaged: row.engaged,
    approved: row.approved,
    disbursed: row.disbursed,
  });
  let total = emptyNeedCounts();
  const byRegion = new Map<string, { region: RegionNode; counts: NeedCounts }>(
    scope.splitRegions.map((region) => [region.id, { region, counts: emptyNeedCounts() }]),
  );
  const byEntityType: NeedSummary["byEntityType"] = [];
  for (const row of rows) {
    if (row.grouping === 3) total = counts(row);
    else if (row.grouping === 1 && row.region_id) {
      const split = scope.splitRegionOf(row.region_id);
      const entry = split ? byRegion.get(split.id) : undefined;
      if (entry) entry.counts = addNeedCounts(entry.counts, counts(row));
    } else if (row.grouping === 2 && row.entity_type) {
      byEntityType.push({ entityType: row.entity_type as EntityType, counts: counts(row) });
    }
  }
  byEntityType.sort((a, b) => b.counts.needs - a.counts.needs || a.entityType.localeCompare(b.entityType));
  return { total, byRegion: [...byRegion.values()], byEntityType };
}

export interface ResponseMedian {
  /** Median first-response time in working hours (response times in whole tenths of an hour); null = none answered. */
  medianHours: number | null;
  /** How many answered needs the median is over. */
  answered: number;
}

/**
 * The median (percentile_cont 0.5) of first-response times, each counted in whole tenths of a working hour.
 * Computed from a histogram of (tenths, needs): the two middle positions of the sorted list are found from running
 * counts, so the answer equals percentile_cont over the individual needs.
 */
function medianFromHistogram(histogram: Sql): Sql {
  return sql`
    WITH h AS (SELECT tenths, sum(needs) AS needs FROM (${histogram}) raw GROUP BY tenths),
    c AS (SELECT tenths, sum(needs) OVER (ORDER BY tenths) AS upto, sum(needs) OVER () AS total FROM h)
    SELECT (min(tenths) FILTER (WHERE upto > floor((total - 1) / 2.0))
            + min(tenths) FILTER (WHERE upto > ceil((total - 1) / 2.0)))::float8 / 20 AS median,
           COALESCE(max(total), 0)::int AS answered
    FROM c`;
}

export async function queryMedianResponse(db: DbOrTx, scope: Scope): Promise<ResponseMedian> {
  let histogram: Sql;
  if (scope.institutionIds) {
    histogram = sql`
      SELECT (min(response_seconds) / 360)::int AS tenths, 1 AS needs
      FROM bureau.need_inst_fact
      WHERE institution_id = ANY(${scope.institutionIds}::text[])
        AND published_on >= ${scope.from}::date AND published_on < ${scope.to}::date
        ${andIn("region_id", scope.regionIds)}
      GROUP BY need_id
      HAVING min(response_seconds) IS NOT NULL`;
  } else if (scope.regionIds) {
    histogram = sql`
      SELECT (response_seconds / 360)::int AS tenths, 1 AS needs
      FROM bureau.need_fact
      WHERE published_on >= ${scope.from}::date AND published_on < ${scope.to}::date
        AND response_seconds IS NOT NULL ${andIn("region_id", scope.regionIds)}`;
  } else {
    const slices = slicePeriod(scope.from, scope.to);
    const parts: Sql[] = [];
    if (slices.months) {
      parts.push(sql`
        SELECT tenths, needs FROM bureau.response_month
        WHERE month >= ${slices.months.from}::date AND month < ${slices.months.to}::date`);
    }
    if (slices.days.length > 0) {
      parts.push(sql`
        SELECT (response_seconds / 360)::int, 1 FROM bureau.need_fact
        WHERE (${dayRanges("published_on", slices.days)}) AND response_seconds IS NOT NULL`);
    }
    histogram = parts.length > 0 ? join(parts, " UNION ALL ") : sql`SELECT 0 AS tenths, 0 AS needs WHERE false`;
  }
  const [row] = await db.$queryRaw<{ median: number | null; answered: number }[]>(medianFromHistogram(histogram));
  return { medianHours: row?.median ?? null, answered: row?.answered ?? 0 };
}

// ───────────────────────────── ledger ─────────────────────────────

export interface LedgerValue {
  /** Net amount in 元, exact decimal string (0.00 for borrower metrics). */
  amount: string;
  /** Net borrower count (0 for amount metrics). */
  borrowers: number;
}

export type LedgerByMetric = Record<LedgerMetric, LedgerValue>;

export function emptyLedger(): LedgerByMetric {
  return Object.fromEntries(
    LEDGER_METRICS.map((metric) => [metric, { amount: "0.00", borrowers: 0 }]),
  ) as LedgerByMetric;
}

export interface LedgerBreakdown {
  total: LedgerByMetric;
  byRegion: { region: RegionNode; metrics: LedgerByMetric }[];
  byEntityType: { entityType: EntityType; metrics: LedgerByMetric }[];
  /** productKind null = not recorded. */
  byProductKind: { productKind: ProductKind | null; metrics: LedgerByMetric }[];
  /** policyTool null = none. */
  byPolicyTool: { policyTool: PolicyTool | null; metrics: LedgerByMetric }[];
}

type Dimension = "total" | "region" | "entity" | "kind" | "tool";

interface LedgerRow {
  dimension: Dimension;
  key: string | null;
  metric: LedgerMetric;
  amount: string;
  borrowers: number;
}

const ledgerSelect = sql`
  COALESCE(sum(amount), 0)::numeric(20, 2)::text AS amount, COALESCE(sum(borrowers), 0)::int AS borrowers`;

/** Maps a GROUPING SETS row to its dimension (bits: region, entity, kind, tool; 1 = not grouped by it). */
const dimensionCase = sql`
  CASE GROUPING(region_id, entity_type, product_kind, policy_tool)
    WHEN 15 THEN 'total' WHEN 7 THEN 'region' WHEN 11 THEN 'entity' WHEN 13 THEN 'kind' ELSE 'tool' END`;
const keyCase = sql`
  CASE GROUPING(region_id, entity_type, product_kind, policy_tool)
    WHEN 15 THEN NULL WHEN 7 THEN region_id WHEN 11 THEN entity_type WHEN 13 THEN product_kind ELSE policy_tool END`;

async function ledgerRows(db: DbOrTx, scope: Scope): Promise<LedgerRow[]> {
  const grouping = sql`GROUP BY GROUPING SETS ((metric), (metric, region_id), (metric, entity_type), (metric, product_kind), (metric, policy_tool))`;
  if (scope.institutionIds) {
    return db.$queryRaw<LedgerRow[]>`
      SELECT ${dimensionCase} AS dimension, ${keyCase} AS key, metric, ${ledgerSelect}
      FROM bureau.ledger_daily
      WHERE institution_id = ANY(${scope.institutionIds}::text[])
        AND occurred_on >= ${scope.from}::date AND occurred_on < ${scope.to}::date
        ${andIn("region_id", scope.regionIds)}
      ${grouping}`;
  }
  const slices = slicePeriod(scope.from, scope.to);
  const dailyEdges = slices.days.length > 0;
  const daily = (columns: Sql) => sql`
    SELECT ${columns} FROM bureau.ledger_daily
    WHERE (${dayRanges("occurred_on", slices.days)}) ${andIn("region_id", scope.regionIds)}`;
  const months = slices.months ?? { from: scope.from, to: scope.from };

  if (scope.regionIds) {
    const columns = sql`region_id, metric, entity_type, product_kind, policy_tool, amount, borrowers`;
    return db.$queryRaw<LedgerRow[]>`
      SELECT ${dimensionCase} AS dimension, ${keyCase} AS key, metric, ${ledgerSelect}
      FROM (
        SELECT ${columns} FROM bureau.ledger_monthly
        WHERE month >= ${months.from}::date AND month < ${months.to}::date ${andIn("region_id", scope.regionIds)}
        ${dailyEdges ? sql`UNION ALL ${daily(columns)}` : empty}
      ) source
      ${grouping}`;
  }

  // No region or institution filter: the region-free monthly rollup for the splits, a per-region one for regions.
  const dimColumns = sql`metric, entity_type, product_kind, policy_tool, amount, borrowers`;
  const regionColumns = sql`region_id, metric, amount, borrowers`;
  const [dims, regions] = await Promise.all([
    db.$queryRaw<LedgerRow[]>`
      SELECT CASE GROUPING(entity_type, product_kind, policy_tool)
               WHEN 7 THEN 'total' WHEN 3 THEN 'entity' WHEN 5 THEN 'kind' ELSE 'tool' END AS dimension,
             CASE GROUPING(entity_type, product_kind, policy_tool)
               WHEN 7 THEN NULL WHEN 3 THEN entity_type WHEN 5 THEN product_kind ELSE policy_tool END AS key,
             metric, ${ledgerSelect}
      FROM (
        SELECT ${dimColumns} FROM bureau.ledger_month_dims
        WHERE month >= ${months.from}::date AND month < ${months.to}::date
        ${dailyEdges ? sql`UNION ALL ${daily(dimColumns)}` : empty}
      ) source
      GROUP BY GROUPING SETS ((metric), (metric, entity_type), (metric, product_kind), (metric, policy_tool))`,
    db.$queryRaw<LedgerRow[]>`
      SELECT 'region' AS dimension, region_id AS key, metric, ${ledgerSelect}
      FROM (
        SELECT ${regionColumns} FROM bureau.ledger_month_region
        WHERE month >= ${months.from}::date AND month < ${months.to}::date
        ${dailyEdges ? sql`UNION ALL ${daily(regionColumns)}` : empty}
      ) source
      GROUP BY metric, region_id`,
  ]);
  return [...dims, ...regions];
}

function addLedger(target: LedgerByMetric, metric: LedgerMetric, value: LedgerValue) {
  const current = target[metric];
  target[metric] = { amount: addYuan(current.amount, value.amount), borrowers: current.borrowers + value.borrowers };
}

/** Net ledger amounts and borrower counts per metric — in total and split by region, entity type, product kind, tool. */
export async function queryLedgerBreakdown(db: DbOrTx, scope: Scope): Promise<LedgerBreakdown> {
  const rows = await ledgerRows(db, scope);
  const total = emptyLedger();
  const byRegion = new Map(scope.splitRegions.map((region) => [region.id, { region, metrics: emptyLedger() }]));
  const buckets = {
    entity: new Map<string, LedgerByMetric>(),
    kind: new Map<string, LedgerByMetric>(),
    tool: new Map<string, LedgerByMetric>(),
  };
  for (const row of rows) {
    const value = { amount: row.amount, borrowers: row.borrowers };
    if (row.dimension === "total") addLedger(total, row.metric, value);
    else if (row.dimension === "region") {
      const split = row.key ? scope.splitRegionOf(row.key) : null;
      const entry = split ? byRegion.get(split.id) : undefined;
      if (entry) addLedger(entry.metrics, row.metric, value);
    } else {
      const bucket = buckets[row.dimension];
      const key = row.key ?? "";
      if (!bucket.has(key)) bucket.set(key, emptyLedger());
      addLedger(bucket.get(key)!, row.metric, value);
    }
  }
  const byDisbursed = (a: { metrics: LedgerByMetric }, b: { metrics: LedgerByMetric }) =>
    compareYuan(b.metrics.DISBURSED_AMOUNT.amount, a.metrics.DISBURSED_AMOUNT.amount);
  return {
    total,
    byRegion: [...byRegion.values()],
    byEntityType: [...buckets.entity]
      .map(([key, metrics]) => ({ entityType: key as EntityType, metrics }))
      .sort(byDisbursed),
    byProductKind: [...buckets.kind]
      .map(([key, metrics]) => ({ productKind: (key || null) as ProductKind | null, metrics }))
      .sort(byDisbursed),
    byPolicyTool: [...buckets.tool]
      .map(([key, metrics]) => ({ policyTool: (key || null) as PolicyTool | null, metrics }))
      .sort(byDisbursed),
  };
}

// ───────────────────────────── the whole dashboard ─────────────────────────────

export interface FunnelStep {
  key: "posted" | "matched" | "engaged" | "approved" | "disbursed";
  label: string;
  count: number;
  /** Share of the previous step (null for the first step or when the previous step is 0). */
  conversion: number | null;
}

export function funnelOf(counts: NeedCounts): FunnelStep[] {
  const steps: Omit<FunnelStep, "conversion">[] = [
    { key: "posted", label: "发布需求", count: counts.needs },
    { key: "matched", label: "匹配产品", count: counts.matched },
    { key: "engaged", label: "机构对接", count: counts.engaged },
    { key: "approved", label: "审批通过", count: counts.approved },
    { key: "disbursed", label: "完成放款", count: counts.disbursed },
  ];
  return steps.map((step, index) => {
    const previous = index > 0 ? steps[index - 1]!.count : 0;
    return { ...step, conversion: index > 0 && previous > 0 ? step.count / previous : null };
  });
}

export interface Dashboard {
  needs: NeedSummary;
  response: ResponseMedian;
  /** Institutions' responses to the asks (the ranking's definition, summed): responses.server.ts. */
  institutionResponses: ResponseCounts;
  funnel: FunnelStep[];
  ledger: LedgerBreakdown;
}

export async function loadDashboard(db: DbOrTx, scope: Scope): Promise<Dashboard> {
  const [needs, response, institutionResponses, ledger] = await Promise.all([
    queryNeedSummary(db, scope),
    queryMedianResponse(db, scope),
    queryResponseTotals(db, scope),
    queryLedgerBreakdown(db, scope),
  ]);
  return { needs, response, institutionResponses, funnel: funnelOf(needs.total), ledger };
}

/** Net ledger totals per metric for a scope (no splits): targets, "两增" and the report use it. */
export async function queryLedgerTotals(db: DbOrTx, scope: Scope): Promise<LedgerByMetric> {
  let source: Sql;
  if (scope.institutionIds) {
    source = sql`
      SELECT metric, amount, borrowers FROM bureau.ledger_daily
      WHERE institution_id = ANY(${scope.institutionIds}::text[])
        AND occurred_on >= ${scope.from}::date AND occurred_on < ${scope.to}::date
        ${andIn("region_id", scope.regionIds)}`;
  } else {
    const slices = slicePeriod(scope.from, scope.to);
    const parts: Sql[] = [];
    if (slices.months) {
      parts.push(sql`
        SELECT metric, amount, borrowers FROM bureau.ledger_month_region
        WHERE month >= ${slices.months.from}::date AND month < ${slices.months.to}::date ${andIn("region_id", scope.regionIds)}`);
    }
    if (slices.days.length > 0) {
      parts.push(sql`
        SELECT metric, amount, borrowers FROM bureau.ledger_daily
        WHERE (${dayRanges("occurred_on", slices.days)}) ${andIn("region_id", scope.regionIds)}`);
    }
    source =
      parts.length > 0
        ? join(parts, " UNION ALL ")
        : sql`SELECT NULL::text AS metric, 0::numeric AS amount, 0 AS borrowers WHERE false`;
  }
  const rows = await db.$queryRaw<{ metric: LedgerMetric; amount: string; borrowers: number }[]>`
    SELECT metric, ${ledgerSelect} FROM (${source}) source GROUP BY metric`;
  const totals = emptyLedger();
  for (const row of rows) totals[row.metric] = { amount: row.amount, borrowers: row.borrowers };
  return totals;
}
