-- What concerns an institution (new matched leads, consents, deadlines, escalations, withdrawals), recorded in the
-- transaction of what caused it. The Open API's events feed pages by (txid, id) over transactions older than every
-- running one (pg_snapshot_xmin), so a page never passes an event whose transaction commits later; the webhooks
-- deliver the same objects.
CREATE TABLE "InstitutionEvent" (
    "id" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "txid" BIGINT NOT NULL DEFAULT 0,
    "outboxEventId" TEXT,

    CONSTRAINT "InstitutionEvent_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "InstitutionEvent_institutionId_txid_id_idx" ON "InstitutionEvent"("institutionId", "txid", "id");

CREATE INDEX "InstitutionEvent_outboxEventId_idx" ON "InstitutionEvent"("outboxEventId");

CREATE INDEX "InstitutionEvent_occurredAt_idx" ON "InstitutionEvent"("occurredAt");

CREATE UNIQUE INDEX "InstitutionEvent_institutionId_key_key" ON "InstitutionEvent"("institutionId", "key");

CREATE FUNCTION "InstitutionEvent_set_txid"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Always the inserting transaction, whatever the statement says: the feed's completeness rests on it.
  NEW."txid" := pg_current_xact_id()::text::bigint;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "InstitutionEvent_txid"
BEFORE INSERT ON "InstitutionEvent"
FOR EACH ROW EXECUTE FUNCTION "InstitutionEvent_set_txid"();

-- Webhook secret rotation: deliveries are signed with the new and the previous secret until the overlap ends.
ALTER TABLE "WebhookEndpoint" ADD COLUMN "previousSecret" TEXT,
ADD COLUMN "previousSecretExpiresAt" TIMESTAMP(3);
