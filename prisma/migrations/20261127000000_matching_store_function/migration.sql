-- Storing a need's matches in one round trip (app/modules/matching/match-need.server.ts, storeMatches).
--
-- Before, the same work was a Prisma batch transaction of five round trips (BEGIN, advisory lock, delete, insert,
-- COMMIT); matching stores a result for every need it matches, and those round trips were a measurable share of its
-- cost (bench/README.md, "Search and matching"). The statements are the same; each runs with a fresh snapshot
-- (READ COMMITTED, VOLATILE function), so after the lock they see what a concurrent re-match of the need committed.
--
--   1. take the need's advisory lock (two concurrent runs would otherwise both delete, then both insert);
--   2. delete the stored rows only if they differ from the incoming ones (compared as a set, computedAt aside);
--   3. insert the incoming rows only if none are left — an unchanged result is not rewritten at all.
-- Returns whether the stored result changed.
CREATE SCHEMA IF NOT EXISTS matching;

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

  RETURN deleted > 0 OR inserted > 0;
END
$$;
