-- The Open API's leads feed pages by (feedTxid, id). feedTxid is the id of the transaction that published the
-- need; the feed reads only rows whose transaction id is below the oldest transaction still running
-- (pg_snapshot_xmin), a set that can no longer grow, so a page never passes a need whose publication commits later.
ALTER TABLE "FinancingNeed" ADD COLUMN "feedTxid" BIGINT;

-- Needs published before the feed existed come first, in their own order.
UPDATE "FinancingNeed" SET "feedTxid" = 0 WHERE "publishedAt" IS NOT NULL;

CREATE INDEX "FinancingNeed_feedTxid_id_idx" ON "FinancingNeed"("feedTxid", "id");

CREATE FUNCTION "FinancingNeed_set_feed_txid"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The first publication only: a need keeps its place in the feed, so a reader meets it exactly once.
  IF NEW."publishedAt" IS NOT NULL AND (TG_OP = 'INSERT' OR OLD."feedTxid" IS NULL) THEN
    NEW."feedTxid" := pg_current_xact_id()::text::bigint;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "FinancingNeed_feed_txid"
BEFORE INSERT OR UPDATE OF "publishedAt" ON "FinancingNeed"
FOR EACH ROW EXECUTE FUNCTION "FinancingNeed_set_feed_txid"();
