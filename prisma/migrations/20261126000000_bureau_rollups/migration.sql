-- Bureau console rollups (issue 7).
--
-- Materialized views only: no tables, so schema.prisma stays the single description of the tables. They are derived
-- data, rebuilt from the source tables by `refreshBureauRollups(db)` (app/modules/bureau/rollups.server.ts), which
-- the jobs schedule; every view has a unique index on plain columns so it can be refreshed CONCURRENTLY (readers are
-- never blocked). Dates are Asia/Shanghai calendar days; timestamps in the source tables are UTC.
--
--   bureau_working_clock     one row per calendar day 2020–2035: is it a working day, working days before it
--   bureau_need_fact         one row per published need: cohort day, region, flags along the funnel, response time
--   bureau_need_inst_fact    one row per need × institution involved (matched to its products or engaged)
--   bureau_need_month        need_fact per month × region × entity type
--   bureau_response_month    histogram of first-response times per month
--   bureau_need_inst_month   need_inst_fact per month × institution
--   bureau_ledger_daily      ledger per day × region × institution × metric × entity type × product kind × tool
--   bureau_ledger_monthly    … per month × region × metric × entity type × product kind × tool
--   bureau_ledger_month_dims … per month × metric × entity type × product kind × tool
--   bureau_ledger_month_region … per month × region × metric
--   bureau_ledger_month_inst … per month × institution × metric
--   bureau_rollup_meta       when the views were last refreshed

-- Working-time clock: working time between two instants = clock(later) − clock(earlier), where
-- clock(t) = working_days_before(day of t) × 86400 + (seconds since midnight of t when that day is a working day).
-- A working day is Monday–Friday unless the calendar says HOLIDAY, or a weekend day marked ADJUSTED_WORKDAY (调休).
CREATE MATERIALIZED VIEW bureau_working_clock AS
WITH days AS (
  SELECT g.d::date AS day,
         CASE
           WHEN c.kind = 'HOLIDAY' THEN false
           WHEN c.kind = 'ADJUSTED_WORKDAY' THEN true
           ELSE EXTRACT(ISODOW FROM g.d) < 6
         END AS is_working
  FROM generate_series(timestamp '2020-01-01', timestamp '2035-12-31', interval '1 day') AS g(d)
  LEFT JOIN "CalendarDay" c ON c."date" = g.d::date
)
SELECT day,
       is_working,
       COALESCE(SUM(CASE WHEN is_working THEN 1 ELSE 0 END)
                  OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::int AS working_days_before
FROM days;

CREATE UNIQUE INDEX bureau_working_clock_day_key ON bureau_working_clock (day);

-- Seconds of working time on the clock at a Shanghai local timestamp (null outside 2020–2035).
CREATE FUNCTION bureau_working_clock_seconds(local_ts timestamp) RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT c.working_days_before::bigint * 86400
       + CASE WHEN c.is_working THEN EXTRACT(EPOCH FROM local_ts - c.day::timestamp)::bigint ELSE 0 END
  FROM bureau_working_clock c
  WHERE c.day = local_ts::date
$$;

CREATE MATERIALIZED VIEW bureau_need_fact AS
WITH matched AS (
  SELECT DISTINCT m."needId" AS need_id FROM "Match" m WHERE m.kind <> 'NEAR_MISS'
),
progress AS (
  SELECT g."needId" AS need_id,
         bool_or(g."acceptedAt" IS NOT NULL
                 OR g.status IN ('ACCEPTED', 'CONTACTED', 'UNDER_REVIEW', 'APPROVED', 'DISBURSED')) AS engaged,
         bool_or(g.status IN ('APPROVED', 'DISBURSED') OR o.kind IN ('APPROVED', 'DISBURSED')) AS approved,
         bool_or(g.status = 'DISBURSED' OR o.kind = 'DISBURSED') AS disbursed
  FROM "Engagement" g
  LEFT JOIN "Outcome" o ON o."engagementId" = g.id AND o.state = 'ACTIVE'
  GROUP BY g."needId"
),
needs AS (
  SELECT n.id, n."regionId", n.amount, n."publishedAt", n."firstResponseDueAt", n."firstRespondedAt",
         e."entityType",
         (n."publishedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS published_local,
         (n."firstRespondedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS responded_local
  FROM "FinancingNeed" n
  JOIN "Enterprise" e ON e.id = n."enterpriseId"
  WHERE n."publishedAt" IS NOT NULL
)
SELECT n.id AS need_id,
       n.published_local::date AS published_on,
       n."regionId" AS region_id,
       n."entityType"::text AS entity_type,
       n.amount,
       (mt.need_id IS NOT NULL) AS matched,
       (n."firstRespondedAt" IS NOT NULL) AS responded,
       -- Due = already answered, or the deadline has passed by the time of the refresh.
       (n."firstRespondedAt" IS NOT NULL OR n."firstResponseDueAt" <= now() AT TIME ZONE 'UTC') AS response_due,
       (n."firstRespondedAt" IS NOT NULL AND n."firstResponseDueAt" IS NOT NULL
        AND n."firstRespondedAt" <= n."firstResponseDueAt") AS responded_in_time,
       CASE WHEN n."firstRespondedAt" IS NOT NULL THEN
         GREATEST(0, (cr.working_days_before::bigint * 86400
                      + CASE WHEN cr.is_working THEN EXTRACT(EPOCH FROM n.responded_local - cr.day::timestamp)::bigint ELSE 0 END)
                   - (cp.working_days_before::bigint * 86400
                      + CASE WHEN cp.is_working THEN EXTRACT(EPOCH FROM n.published_local - cp.day::timestamp)::bigint ELSE 0 END))
       END AS response_seconds,
       COALESCE(p.engaged, false) AS engaged,
       COALESCE(p.approved, false) AS approved,
       COALESCE(p.disbursed, false) AS disbursed
FROM needs n
LEFT JOIN matched mt ON mt.need_id = n.id
LEFT JOIN progress p ON p.need_id = n.id
LEFT JOIN bureau_working_clock cp ON cp.day = n.published_local::date
LEFT JOIN bureau_working_clock cr ON cr.day = n.responded_local::date;

CREATE UNIQUE INDEX bureau_need_fact_need_key ON bureau_need_fact (need_id);
CREATE INDEX bureau_need_fact_day_idx ON bureau_need_fact (published_on) INCLUDE (region_id, response_seconds);
CREATE INDEX bureau_need_fact_region_day_idx ON bureau_need_fact (region_id, published_on) INCLUDE (response_seconds);

CREATE MATERIALIZED VIEW bureau_need_inst_fact AS
WITH pairs AS (
  SELECT m."needId" AS need_id, p."institutionId" AS institution_id
  FROM "Match" m JOIN "Product" p ON p.id = m."productId"
  WHERE m.kind <> 'NEAR_MISS'
  UNION
  SELECT m."needId", bp."institutionId"
  FROM "Match" m JOIN "Product" bp ON bp.id = m."bundleProductId"
  WHERE m.kind = 'BUNDLE'
),
engaged AS (
  SELECT g.id, g."needId" AS need_id, g."institutionId" AS institution_id, g."initiatedBy", g.status,
         g."requestedAt", g."acceptedAt", g."decisionDueAt", g."decidedAt",
         bool_or(o.kind IN ('APPROVED', 'DISBURSED')) AS outcome_approved,
         bool_or(o.kind = 'DISBURSED') AS outcome_disbursed
  FROM "Engagement" g
  LEFT JOIN "Outcome" o ON o."engagementId" = g.id AND o.state = 'ACTIVE'
  GROUP BY g.id
),
combined AS (
  SELECT COALESCE(mt.need_id, en.need_id) AS need_id,
         COALESCE(mt.institution_id, en.institution_id) AS institution_id,
         (mt.need_id IS NOT NULL) AS matched,
         en.id AS engagement_id, en."initiatedBy" AS initiated_by, en.status,
         en."decisionDueAt" AS decision_due_at, en."decidedAt" AS decided_at, en."acceptedAt" AS accepted_at,
         en.outcome_approved, en.outcome_disbursed,
         -- When the institution could first answer, and when it did: an officer claiming an open lead answers the
         -- publication; an enterprise's request is answered by accepting it.
         CASE WHEN en."initiatedBy" = 'INSTITUTION' THEN NULL ELSE en."requestedAt" END AS asked_at,
         CASE WHEN en."initiatedBy" = 'INSTITUTION' THEN en."requestedAt" ELSE en."acceptedAt" END AS answered_at
  FROM pairs mt
  FULL JOIN engaged en ON en.need_id = mt.need_id AND en.institution_id = mt.institution_id
),
timed AS (
  SELECT c.*, n."regionId" AS region_id, n.amount, e."entityType"::text AS entity_type,
         COALESCE(r."responseDeadlineWorkingDays", 3) AS deadline_days,
         (n."publishedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS published_local,
         (COALESCE(c.asked_at, n."publishedAt") AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS asked_local,
         (c.answered_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS answered_local
  FROM combined c
  JOIN "FinancingNeed" n ON n.id = c.need_id
  JOIN "Enterprise" e ON e.id = n."enterpriseId"
  JOIN "Region" r ON r.id = n."regionId"
  WHERE n."publishedAt" IS NOT NULL
),
measured AS (
  SELECT t.*,
         CASE WHEN t.answered_at IS NOT NULL THEN
           GREATEST(0, (cw.working_days_before::bigint * 86400
                        + CASE WHEN cw.is_working THEN EXTRACT(EPOCH FROM t.answered_local - cw.day::timestamp)::bigint ELSE 0 END)
                     - (ca.working_days_before::bigint * 86400
                        + CASE WHEN ca.is_working THEN EXTRACT(EPOCH FROM t.asked_local - ca.day::timestamp)::bigint ELSE 0 END))
         END AS response_seconds
  FROM timed t
  LEFT JOIN bureau_working_clock ca ON ca.day = t.asked_local::date
  LEFT JOIN bureau_working_clock cw ON cw.day = t.answered_local::date
)
SELECT need_id,
       institution_id,
       published_local::date AS published_on,
       region_id,
       entity_type,
       amount,
       matched,
       (engagement_id IS NOT NULL) AS requested,
       (answered_at IS NOT NULL) AS responded,
       (answered_at IS NOT NULL AND response_seconds <= deadline_days * 86400) AS responded_in_time,
       response_seconds,
       (accepted_at IS NOT NULL OR status IN ('ACCEPTED', 'CONTACTED', 'UNDER_REVIEW', 'APPROVED', 'DISBURSED')) AS accepted,
       (status = 'DECLINED') AS declined,
       (status IN ('APPROVED', 'DISBURSED') OR COALESCE(outcome_approved, false)) AS approved,
       (status = 'DISBURSED' OR COALESCE(outcome_disbursed, false)) AS disbursed,
       (decided_at IS NOT NULL) AS decided,
       (decided_at IS NOT NULL AND decision_due_at IS NOT NULL AND decided_at <= decision_due_at) AS decided_in_time
FROM measured;

CREATE UNIQUE INDEX bureau_need_inst_fact_key ON bureau_need_inst_fact (need_id, institution_id);
CREATE INDEX bureau_need_inst_fact_inst_day_idx ON bureau_need_inst_fact (institution_id, published_on);
CREATE INDEX bureau_need_inst_fact_region_day_idx ON bureau_need_inst_fact (region_id, published_on);

-- ── rollups ──
-- Periods are answered from monthly rollups for whole months and from the day-level views above/below for the days
-- of a partly covered month (custom periods), so a request reads a bounded number of rows whatever the period.

CREATE MATERIALIZED VIEW bureau_need_month AS
SELECT date_trunc('month', published_on)::date AS month,
       region_id,
       entity_type,
       count(*)::int AS needs,
       sum(amount) AS amount,
       count(*) FILTER (WHERE matched)::int AS matched,
       count(*) FILTER (WHERE responded)::int AS responded,
       count(*) FILTER (WHERE response_due)::int AS response_due,
       count(*) FILTER (WHERE responded_in_time)::int AS responded_in_time,
       count(*) FILTER (WHERE engaged)::int AS engaged,
       count(*) FILTER (WHERE approved)::int AS approved,
       count(*) FILTER (WHERE disbursed)::int AS disbursed
FROM bureau_need_fact
GROUP BY 1, 2, 3;

CREATE UNIQUE INDEX bureau_need_month_key ON bureau_need_month (month, region_id, entity_type);

-- Histogram of first-response times (in whole tenths of a working hour) per month, for the median without a
-- region or institution filter: a year is read as a few thousand rows instead of one row per need.
CREATE MATERIALIZED VIEW bureau_response_month AS
SELECT date_trunc('month', published_on)::date AS month,
       (response_seconds / 360)::int AS tenths,
       count(*)::int AS needs
FROM bureau_need_fact
WHERE response_seconds IS NOT NULL
GROUP BY 1, 2;

CREATE UNIQUE INDEX bureau_response_month_key ON bureau_response_month (month, tenths);

-- Institution ranking without a region filter: per month × institution.
CREATE MATERIALIZED VIEW bureau_need_inst_month AS
SELECT date_trunc('month', published_on)::date AS month,
       institution_id,
       count(*)::int AS needs,
       count(*) FILTER (WHERE matched)::int AS matched,
       count(*) FILTER (WHERE requested)::int AS requested,
       count(*) FILTER (WHERE responded)::int AS responded,
       count(*) FILTER (WHERE responded_in_time)::int AS responded_in_time,
       COALESCE(sum(response_seconds), 0)::bigint AS response_seconds_sum,
       count(response_seconds)::int AS response_seconds_count,
       count(*) FILTER (WHERE accepted)::int AS accepted,
       count(*) FILTER (WHERE declined)::int AS declined,
       count(*) FILTER (WHERE approved)::int AS approved,
       count(*) FILTER (WHERE disbursed)::int AS disbursed,
       count(*) FILTER (WHERE decided)::int AS decided,
       count(*) FILTER (WHERE decided_in_time)::int AS decided_in_time
FROM bureau_need_inst_fact
GROUP BY 1, 2;

CREATE UNIQUE INDEX bureau_need_inst_month_key ON bureau_need_inst_month (month, institution_id);

-- The ledger per day with every dimension (nullable ones become '' so the unique index required by
-- REFRESH … CONCURRENTLY covers every row). Sums are net: reversal entries carry negative amounts / counts.
CREATE MATERIALIZED VIEW bureau_ledger_daily AS
SELECT "occurredOn" AS occurred_on,
       "regionId" AS region_id,
       "institutionId" AS institution_id,
       metric::text AS metric,
       "entityType"::text AS entity_type,
       COALESCE("productKind"::text, '') AS product_kind,
       COALESCE("policyTool"::text, '') AS policy_tool,
       sum(amount) AS amount,
       sum("borrowerCount")::int AS borrowers,
       count(*)::int AS entries
FROM "LedgerEntry"
GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE UNIQUE INDEX bureau_ledger_daily_key
  ON bureau_ledger_daily (occurred_on, region_id, institution_id, metric, entity_type, product_kind, policy_tool);
CREATE INDEX bureau_ledger_daily_region_idx ON bureau_ledger_daily (region_id, occurred_on);
CREATE INDEX bureau_ledger_daily_inst_idx ON bureau_ledger_daily (institution_id, occurred_on);

-- Per month with region (region-filtered splits).
CREATE MATERIALIZED VIEW bureau_ledger_monthly AS
SELECT date_trunc('month', occurred_on)::date AS month,
       region_id, metric, entity_type, product_kind, policy_tool,
       sum(amount) AS amount,
       sum(borrowers)::int AS borrowers
FROM bureau_ledger_daily
GROUP BY 1, 2, 3, 4, 5, 6;

CREATE UNIQUE INDEX bureau_ledger_monthly_key
  ON bureau_ledger_monthly (month, region_id, metric, entity_type, product_kind, policy_tool);
CREATE INDEX bureau_ledger_monthly_region_idx ON bureau_ledger_monthly (region_id, month);

-- Per month without region (splits for the whole platform).
CREATE MATERIALIZED VIEW bureau_ledger_month_dims AS
SELECT month, metric, entity_type, product_kind, policy_tool,
       sum(amount) AS amount,
       sum(borrowers)::int AS borrowers
FROM bureau_ledger_monthly
GROUP BY 1, 2, 3, 4, 5;

CREATE UNIQUE INDEX bureau_ledger_month_dims_key ON bureau_ledger_month_dims (month, metric, entity_type, product_kind, policy_tool);

-- Per month × region × metric (totals, region split, targets).
CREATE MATERIALIZED VIEW bureau_ledger_month_region AS
SELECT month, region_id, metric,
       sum(amount) AS amount,
       sum(borrowers)::int AS borrowers
FROM bureau_ledger_monthly
GROUP BY 1, 2, 3;

CREATE UNIQUE INDEX bureau_ledger_month_region_key ON bureau_ledger_month_region (month, region_id, metric);

-- Per month × institution × metric (ranking, institution totals and targets).
CREATE MATERIALIZED VIEW bureau_ledger_month_inst AS
SELECT date_trunc('month', occurred_on)::date AS month,
       institution_id, metric,
       sum(amount) AS amount,
       sum(borrowers)::int AS borrowers
FROM bureau_ledger_daily
GROUP BY 1, 2, 3;

CREATE UNIQUE INDEX bureau_ledger_month_inst_key ON bureau_ledger_month_inst (month, institution_id, metric);

CREATE MATERIALIZED VIEW bureau_rollup_meta AS
SELECT 1 AS id, now() AS refreshed_at;

CREATE UNIQUE INDEX bureau_rollup_meta_key ON bureau_rollup_meta (id);
