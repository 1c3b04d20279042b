-- Bureau rollups, revision 2.
--
-- 1. The rollups move into their own schema, `bureau`, and lose the bureau_ prefix (bureau.need_fact, …). They are
--    derived data, not part of the Prisma model: keeping them out of `public` keeps them out of the way of tools
--    that compare `public` with schema.prisma (the drift test) and makes "everything derived" one DROP SCHEMA away.
-- 2. An institution's "answered within the deadline" now uses the response deadline a region inherits from its
--    parent (惠来县 sets 2 working days; its parks inherit them), as app/modules/deadlines does. Only
--    need_inst_fact changes; need_inst_month reads it and is rebuilt with it.
-- 3. The helper function from revision 1 is dropped (the views join the working clock directly).

CREATE SCHEMA IF NOT EXISTS bureau;

DROP MATERIALIZED VIEW bureau_need_inst_month;
DROP MATERIALIZED VIEW bureau_need_inst_fact;
DROP FUNCTION bureau_working_clock_seconds(timestamp);

ALTER MATERIALIZED VIEW bureau_working_clock SET SCHEMA bureau;
ALTER MATERIALIZED VIEW bureau.bureau_working_clock RENAME TO working_clock;
ALTER MATERIALIZED VIEW bureau_need_fact SET SCHEMA bureau;
ALTER MATERIALIZED VIEW bureau.bureau_need_fact RENAME TO need_fact;
ALTER MATERIALIZED VIEW bureau_need_month SET SCHEMA bureau;
ALTER MATERIALIZED VIEW bureau.bureau_need_month RENAME TO need_month;
ALTER MATERIALIZED VIEW bureau_response_month SET SCHEMA bureau;
ALTER MATERIALIZED VIEW bureau.bureau_response_month RENAME TO response_month;
ALTER MATERIALIZED VIEW bureau_ledger_daily SET SCHEMA bureau;
ALTER MATERIALIZED VIEW bureau.bureau_ledger_daily RENAME TO ledger_daily;
ALTER MATERIALIZED VIEW bureau_ledger_monthly SET SCHEMA bureau;
ALTER MATERIALIZED VIEW bureau.bureau_ledger_monthly RENAME TO ledger_monthly;
ALTER MATERIALIZED VIEW bureau_ledger_month_dims SET SCHEMA bureau;
ALTER MATERIALIZED VIEW bureau.bureau_ledger_month_dims RENAME TO ledger_month_dims;
ALTER MATERIALIZED VIEW bureau_ledger_month_region SET SCHEMA bureau;
ALTER MATERIALIZED VIEW bureau.bureau_ledger_month_region RENAME TO ledger_month_region;
ALTER MATERIALIZED VIEW bureau_ledger_month_inst SET SCHEMA bureau;
ALTER MATERIALIZED VIEW bureau.bureau_ledger_month_inst RENAME TO ledger_month_inst;
ALTER MATERIALIZED VIEW bureau_rollup_meta SET SCHEMA bureau;
ALTER MATERIALIZED VIEW bureau.bureau_rollup_meta RENAME TO rollup_meta;

CREATE MATERIALIZED VIEW bureau.need_inst_fact AS
WITH RECURSIVE region_deadline AS (
  -- A region without its own response deadline inherits its parent's (as the deadlines module does), else 3.
  SELECT id, COALESCE("responseDeadlineWorkingDays", 3) AS days, 0 AS depth FROM "Region" WHERE "parentId" IS NULL
  UNION ALL
  SELECT r.id, COALESCE(r."responseDeadlineWorkingDays", d.days), d.depth + 1
  FROM "Region" r JOIN region_deadline d ON r."parentId" = d.id
  WHERE d.depth < 16
),
pairs AS (
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
         COALESCE(rd.days, 3) AS deadline_days,
         (n."publishedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS published_local,
         (COALESCE(c.asked_at, n."publishedAt") AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS asked_local,
         (c.answered_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS answered_local
  FROM combined c
  JOIN "FinancingNeed" n ON n.id = c.need_id
  JOIN "Enterprise" e ON e.id = n."enterpriseId"
  LEFT JOIN region_deadline rd ON rd.id = n."regionId"
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
  LEFT JOIN bureau.working_clock ca ON ca.day = t.asked_local::date
  LEFT JOIN bureau.working_clock cw ON cw.day = t.answered_local::date
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

CREATE UNIQUE INDEX bureau_need_inst_fact_key ON bureau.need_inst_fact (need_id, institution_id);
CREATE INDEX bureau_need_inst_fact_inst_day_idx ON bureau.need_inst_fact (institution_id, published_on);
CREATE INDEX bureau_need_inst_fact_region_day_idx ON bureau.need_inst_fact (region_id, published_on);

-- Institution ranking without a region filter: per month × institution.
CREATE MATERIALIZED VIEW bureau.need_inst_month AS
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
FROM bureau.need_inst_fact
GROUP BY 1, 2;

CREATE UNIQUE INDEX bureau_need_inst_month_key ON bureau.need_inst_month (month, institution_id);

