-- The leads feed pages by a sequence number given when a need's first publication commits, under a
-- transaction-scoped advisory lock. Publications therefore become visible in sequence order, and a reader that has
-- seen number N can never later meet a smaller one: no horizon to wait for. The transaction-id
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

-- Runs at commit (a deferred constraint trigger), after the transaction's other work: it takes a lock the next
-- committing publisher waits for, so numbers are given and become visible strictly in order, and the lock is held
-- only for the moment of the commit (no lock-order deadlocks with the rest of the transaction).
CREATE FUNCTION "FinancingNeed_number_in_feed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The first publication only: a need keeps its place in the feed, so a reader meets it exactly once.
  IF NEW."publishedAt" IS NOT NULL AND NEW."feedSeq" IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('FinancingNeed.feedSeq', 0));
    UPDATE "FinancingNeed" SET "feedSeq" = nextval('"FinancingNeed_feedSeq_seq"')
    WHERE "id" = NEW."id" AND "feedSeq" IS NULL AND "publishedAt" IS NOT NULL;
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "FinancingNeed_number_in_feed"
AFTER INSERT OR UPDATE OF "publishedAt" ON "FinancingNeed" DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "FinancingNeed_number_in_feed"();
