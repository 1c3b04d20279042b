-- The leads feed pages by a sequence number given at a need's first publication, under a transaction-scoped
-- advisory lock held until the publishing transaction ends. Publications therefore commit in sequence order, and a
-- reader that has seen number N can never later meet a smaller one: no horizon to wait for. The transaction-id
-- scheme this replaces had to stop below the oldest transaction running anywhere on the server (pg_snapshot_xmin
-- is cluster-wide), so any long transaction, in any database, held back the feed.
ALTER TABLE "FinancingNeed" RENAME COLUMN "feedTxid" TO "feedSeq";
ALTER INDEX "FinancingNeed_feedTxid_id_idx" RENAME TO "FinancingNeed_feedSeq_id_idx";

CREATE SEQUENCE "FinancingNeed_feedSeq_seq" AS BIGINT;

-- Existing publications keep their order, renumbered 1, 2, 3 …
UPDATE "FinancingNeed" n SET "feedSeq" = numbered.position
FROM (
  SELECT "id", row_number() OVER (ORDER BY "feedSeq", "id") AS position
  FROM "FinancingNeed" WHERE "feedSeq" IS NOT NULL
) numbered
WHERE n."id" = numbered."id";
SELECT setval('"FinancingNeed_feedSeq_seq"', COALESCE((SELECT max("feedSeq") FROM "FinancingNeed"), 0) + 1, false);

DROP TRIGGER "FinancingNeed_feed_txid" ON "FinancingNeed";
DROP FUNCTION "FinancingNeed_set_feed_txid"();

CREATE FUNCTION "FinancingNeed_set_feed_seq"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The first publication only: a need keeps its place in the feed, so a reader meets it exactly once.
  IF NEW."publishedAt" IS NOT NULL AND (TG_OP = 'INSERT' OR OLD."feedSeq" IS NULL) THEN
    -- Held to the end of the transaction: the next publisher waits, so numbers commit in order.
    PERFORM pg_advisory_xact_lock(hashtextextended('FinancingNeed.feedSeq', 0));
    NEW."feedSeq" := nextval('"FinancingNeed_feedSeq_seq"');
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "FinancingNeed_feed_seq"
BEFORE INSERT OR UPDATE OF "publishedAt" ON "FinancingNeed"
FOR EACH ROW EXECUTE FUNCTION "FinancingNeed_set_feed_seq"();
