-- Bureau rollups, revision 3: a need counts as "matched" when the matching engine proposed a product for it or an
-- institution took it up anyway (a directed need, a claimed lead), so the funnel posted → matched → engaged →
-- approved → disbursed is nested. need_fact changes; need_month and response_month read it and are rebuilt.

DROP MATERIALIZED VIEW bureau.response_month;
DROP MATERIALIZED VIEW bureau.need_month;
DROP MATERIALIZED VIEW bureau.need_fact;

CREATE MATERIALIZED VIEW bureau.need_fact AS
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
       -- Matched: the matching engine proposed a product, or an institution took the need up anyway (a directed
       -- need, a claimed lead). The funnel is then nested: every later step implies the earlier ones.
       (mt.need_id IS NOT NULL OR COALESCE(p.engaged, false)) AS matched,
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
LEFT JOIN bureau.working_clock cp ON cp.day = n.published_local::date
LEFT JOIN bureau.working_clock cr ON cr.day = n.responded_local::date;

CREATE UNIQUE INDEX bureau_need_fact_need_key ON bureau.need_fact (need_id);
CREATE INDEX bureau_need_fact_day_idx ON bureau.need_fact (published_on) INCLUDE (region_id, response_seconds);
CREATE INDEX bureau_need_fact_region_day_idx ON bureau.need_fact (region_id, published_on) INCLUDE (response_seconds);

CREATE MATERIALIZED VIEW bureau.need_month AS
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
FROM bureau.need_fact
GROUP BY 1, 2, 3;

CREATE UNIQUE INDEX bureau_need_month_key ON bureau.need_month (month, region_id, entity_type);

CREATE MATERIALIZED VIEW bureau.response_month AS
SELECT date_trunc('month', published_on)::date AS month,
       (response_seconds / 360)::int AS tenths,
       count(*)::int AS needs
FROM bureau.need_fact
WHERE response_seconds IS NOT NULL
GROUP BY 1, 2;

CREATE UNIQUE INDEX bureau_response_month_key ON bureau.response_month (month, tenths);

