-- When a need's matches were first computed (FinancingNeed."matchesComputedAt").
--
-- Publishing no longer waits for matching (the worker matches from the need.published outbox event), so the need page
-- must tell "not matched yet" (正在为您匹配…) from "matched, nothing fits" — both have no Match rows. The store
-- function stamps the need in the same statement that stores its matches, under the need's advisory lock, the first
-- time it is matched (whether or not anything fits).
ALTER TABLE "FinancingNeed" ADD COLUMN "matchesComputedAt" TIMESTAMP(3);

-- Needs matched before this column existed: their Match rows say when.
UPDATE "FinancingNeed" n SET "matchesComputedAt" = m.at
FROM (SELECT "needId", max("computedAt") AS at FROM "Match" GROUP BY "needId") m
WHERE m."needId" = n.id;

CREATE OR REPLACE FUNCTION matching.store_need_matches(p_need_id text, p_rows jsonb, p_computed_at timestamp(3))
RETURNS boolean
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  deleted integer;
  inserted integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('match-need:' || p_need_id));

  WITH incoming AS (
    SELECT r."productId", r."bundleProductId", r.kind::"MatchKind" AS kind, r.score::numeric(5, 2) AS score, r.rank,
           r.components, ARRAY(SELECT jsonb_array_elements_text(r.reasons)) AS reasons, r."failedConditions"
    FROM jsonb_to_recordset(p_rows) AS r("productId" text, "bundleProductId" text, kind text, score numeric,
         rank int, components jsonb, reasons jsonb, "failedConditions" jsonb)
  ), stored AS (
    SELECT m."productId", m."bundleProductId", m.kind, m.score, m.rank, m.components, m.reasons, m."failedConditions"
    FROM public."Match" m WHERE m."needId" = p_need_id
  )
  DELETE FROM public."Match" WHERE "needId" = p_need_id
    AND (EXISTS (SELECT * FROM incoming EXCEPT ALL SELECT * FROM stored)
      OR EXISTS (SELECT * FROM stored EXCEPT ALL SELECT * FROM incoming));
  GET DIAGNOSTICS deleted = ROW_COUNT;

  INSERT INTO public."Match" ("id", "needId", "productId", "bundleProductId", "kind", "score", "rank", "components", "reasons", "failedConditions", "computedAt")
  SELECT gen_random_uuid()::text, p_need_id, r."productId", r."bundleProductId", r.kind::"MatchKind", r.score::numeric(5, 2), r.rank,
         r.components, ARRAY(SELECT jsonb_array_elements_text(r.reasons)), r."failedConditions", p_computed_at
  FROM jsonb_to_recordset(p_rows) AS r("productId" text, "bundleProductId" text, kind text, score numeric,
       rank int, components jsonb, reasons jsonb, "failedConditions" jsonb)
  WHERE NOT EXISTS (SELECT 1 FROM public."Match" WHERE "needId" = p_need_id);
  GET DIAGNOSTICS inserted = ROW_COUNT;

  -- Only the first run writes the need row: re-matches (every product publication re-matches many needs) then cost
  -- no extra row write and take no lock the enterprise's own edits would wait for.
  UPDATE public."FinancingNeed" SET "matchesComputedAt" = p_computed_at
  WHERE id = p_need_id AND "matchesComputedAt" IS NULL;

  RETURN deleted > 0 OR inserted > 0;
END
$$;
