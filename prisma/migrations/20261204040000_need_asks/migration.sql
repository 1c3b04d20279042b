-- Response accounting (限时响应 per institution): which institutions were asked to respond to each need, by when,
-- and whether and when each responded (a request, an acceptance or an explicit pass). The bureau's response figures
-- — the overview's and the ranking's alike — are read from bureau.ask_fact and its rollups below, so an institution
-- that ignores its leads is counted against, instead of never appearing.

CREATE TYPE "AskOrigin" AS ENUM ('MATCHED', 'DIRECTED', 'ESCALATED');
CREATE TYPE "AskResponse" AS ENUM ('REQUESTED', 'ACCEPTED', 'PASSED');
CREATE TYPE "LeadPassKind" AS ENUM ('NOT_INTERESTED', 'NOT_ELIGIBLE');
CREATE TYPE "LeadPassReason" AS ENUM ('OUTSIDE_BUSINESS_FOCUS', 'AMOUNT_NOT_VIABLE', 'CAPACITY_FULL', 'PRICE_MISMATCH', 'OUTSIDE_SERVICE_AREA', 'INDUSTRY_RESTRICTED', 'COLLATERAL_INSUFFICIENT', 'ENTITY_NOT_ELIGIBLE', 'OTHER');

CREATE TABLE "NeedAsk" (
    "needId" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "origin" "AskOrigin" NOT NULL,
    "askedAt" TIMESTAMP(3) NOT NULL,
    "respondBy" TIMESTAMP(3) NOT NULL,
    "respondedAt" TIMESTAMP(3),
    "response" "AskResponse",
    "engagementId" TEXT,
    "passKind" "LeadPassKind",
    "passReason" "LeadPassReason",
    "passNote" TEXT,
    "passedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NeedAsk_pkey" PRIMARY KEY ("needId","institutionId")
);

CREATE INDEX "NeedAsk_institutionId_respondedAt_idx" ON "NeedAsk"("institutionId", "respondedAt");

ALTER TABLE "NeedAsk" ADD CONSTRAINT "NeedAsk_needId_fkey" FOREIGN KEY ("needId") REFERENCES "FinancingNeed"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "NeedAsk" ADD CONSTRAINT "NeedAsk_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "NeedAsk" ADD CONSTRAINT "NeedAsk_passedById_fkey" FOREIGN KEY ("passedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ── backfill ──
-- Asks of needs published without them (before this migration, or seeded / restored rows: `npm run db:derive`
-- calls it too). Picked institutions of DIRECTED needs and matched institutions of OPEN needs were told at
-- publication, so they were asked then, with the need's own first-response deadline. Institutions added by
-- escalation were asked when the row was added; their deadline is as long as the need's was (the working-day
-- arithmetic lives in app/modules/deadlines, not in SQL). Answers come from existing engagements: an officer's claim
-- answers when it was made (accepted at once when the consent covered it), an enterprise's request when the
-- institution accepted it. Idempotent: existing asks and answers are kept.
CREATE SCHEMA IF NOT EXISTS bureau;

CREATE FUNCTION bureau.backfill_need_asks() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  added integer := 0;
  more integer;
BEGIN
  INSERT INTO "NeedAsk" ("needId", "institutionId", "origin", "askedAt", "respondBy", "updatedAt")
  SELECT d."needId", d."institutionId",
         CASE WHEN d."addedByEscalation" THEN 'ESCALATED'::"AskOrigin" ELSE 'DIRECTED'::"AskOrigin" END,
         CASE WHEN d."addedByEscalation" THEN GREATEST(d."createdAt", n."publishedAt") ELSE n."publishedAt" END,
         CASE WHEN d."addedByEscalation"
              THEN GREATEST(d."createdAt", n."publishedAt") + (n."firstResponseDueAt" - n."publishedAt")
              ELSE n."firstResponseDueAt" END,
         CURRENT_TIMESTAMP
  FROM "NeedDirectedInstitution" d
  JOIN "FinancingNeed" n ON n.id = d."needId"
  WHERE n."publishedAt" IS NOT NULL AND n."firstResponseDueAt" IS NOT NULL AND n.visibility = 'DIRECTED'
  ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS more = ROW_COUNT;
  added := added + more;

  INSERT INTO "NeedAsk" ("needId", "institutionId", "origin", "askedAt", "respondBy", "updatedAt")
  SELECT DISTINCT m."needId", p."institutionId", 'MATCHED'::"AskOrigin", n."publishedAt", n."firstResponseDueAt",
         CURRENT_TIMESTAMP
  FROM "Match" m
  JOIN "FinancingNeed" n ON n.id = m."needId"
  JOIN "Product" p ON p.id = m."productId" OR p.id = m."bundleProductId"
  WHERE m.kind <> 'NEAR_MISS' AND n.visibility = 'OPEN'
    AND n."publishedAt" IS NOT NULL AND n."firstResponseDueAt" IS NOT NULL
  ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS more = ROW_COUNT;
  added := added + more;

  UPDATE "NeedAsk" a
  SET "respondedAt" = r.responded_at, "response" = r.response, "engagementId" = r.id,
      "updatedAt" = CURRENT_TIMESTAMP
  FROM (
    SELECT g.id, g."needId", g."institutionId",
           CASE WHEN g."initiatedBy" = 'INSTITUTION' THEN g."requestedAt" ELSE g."acceptedAt" END AS responded_at,
           CASE WHEN g."initiatedBy" = 'INSTITUTION' AND (g."acceptedAt" IS NULL OR g."acceptedAt" > g."requestedAt")
                THEN 'REQUESTED'::"AskResponse" ELSE 'ACCEPTED'::"AskResponse" END AS response
    FROM "Engagement" g
  ) r
  WHERE a."needId" = r."needId" AND a."institutionId" = r."institutionId" AND a."respondedAt" IS NULL
    AND r.responded_at IS NOT NULL;
  RETURN added;
END;
$$;

SELECT bureau.backfill_need_asks();

-- ── rollups ──
-- One row per ask, counted by the Shanghai day the need was published (as every other bureau figure is).
--   due               answered, or its deadline had passed at the refresh: the denominator of 限时响应率;
--   responded_in_time answered (request, acceptance or pass) at or before its own deadline;
--   unanswered        due and never answered (未响应);
--   response_seconds  working seconds from the ask to the first response (only working days count).
CREATE MATERIALIZED VIEW bureau.ask_fact AS
WITH asks AS (
  SELECT a.*, n."regionId" AS region_id,
         (n."publishedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS published_local,
         (a."askedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS asked_local,
         (a."respondedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS responded_local
  FROM "NeedAsk" a
  JOIN "FinancingNeed" n ON n.id = a."needId"
  WHERE n."publishedAt" IS NOT NULL
)
SELECT a."needId" AS need_id,
       a."institutionId" AS institution_id,
       a.published_local::date AS published_on,
       a.region_id,
       a.origin::text AS origin,
       (a."respondedAt" IS NOT NULL OR a."respondBy" <= now() AT TIME ZONE 'UTC') AS due,
       (a."respondedAt" IS NOT NULL) AS responded,
       (a."respondedAt" IS NOT NULL AND a."respondedAt" <= a."respondBy") AS responded_in_time,
       (a."respondedAt" IS NULL AND a."respondBy" <= now() AT TIME ZONE 'UTC') AS unanswered,
       (a.response = 'PASSED') AS passed,
       COALESCE(a."passReason"::text, '') AS pass_reason,
       CASE WHEN a."respondedAt" IS NOT NULL THEN
         GREATEST(0, (cr.working_days_before::bigint * 86400
                      + CASE WHEN cr.is_working THEN EXTRACT(EPOCH FROM a.responded_local - cr.day::timestamp)::bigint ELSE 0 END)
                   - (ca.working_days_before::bigint * 86400
                      + CASE WHEN ca.is_working THEN EXTRACT(EPOCH FROM a.asked_local - ca.day::timestamp)::bigint ELSE 0 END))
       END AS response_seconds
FROM asks a
LEFT JOIN bureau.working_clock ca ON ca.day = a.asked_local::date
LEFT JOIN bureau.working_clock cr ON cr.day = a.responded_local::date;

CREATE UNIQUE INDEX bureau_ask_fact_key ON bureau.ask_fact (need_id, institution_id);
CREATE INDEX bureau_ask_fact_day_idx ON bureau.ask_fact (published_on);
CREATE INDEX bureau_ask_fact_region_day_idx ON bureau.ask_fact (region_id, published_on);
CREATE INDEX bureau_ask_fact_inst_day_idx ON bureau.ask_fact (institution_id, published_on);

-- Per month × institution × region × pass reason: whole months of every response figure, with or without filters.
CREATE MATERIALIZED VIEW bureau.ask_month AS
SELECT date_trunc('month', published_on)::date AS month,
       institution_id,
       region_id,
       pass_reason,
       count(*)::int AS asked,
       count(*) FILTER (WHERE due)::int AS due,
       count(*) FILTER (WHERE responded)::int AS responded,
       count(*) FILTER (WHERE responded_in_time)::int AS responded_in_time,
       count(*) FILTER (WHERE unanswered)::int AS unanswered,
       count(*) FILTER (WHERE passed)::int AS passed
FROM bureau.ask_fact
GROUP BY 1, 2, 3, 4;

CREATE UNIQUE INDEX bureau_ask_month_key ON bureau.ask_month (month, institution_id, region_id, pass_reason);

-- Histogram of first-response times (whole tenths of a working hour) per month × institution, for the medians
-- without a region filter.
CREATE MATERIALIZED VIEW bureau.ask_response_month AS
SELECT date_trunc('month', published_on)::date AS month,
       institution_id,
       (response_seconds / 360)::int AS tenths,
       count(*)::int AS asks
FROM bureau.ask_fact
WHERE response_seconds IS NOT NULL
GROUP BY 1, 2, 3;

CREATE UNIQUE INDEX bureau_ask_response_month_key ON bureau.ask_response_month (month, institution_id, tenths);
