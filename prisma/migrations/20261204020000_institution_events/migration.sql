-- What concerns an institution (new matched leads, consents, deadlines, escalations, withdrawals), recorded in the
-- transaction of what caused it. The Open API's events feed pages by (seq, id); seq is numbered when the inserting
-- transaction commits, under a lock (below), so numbers become visible in order and a page never passes an event
-- that commits later. The webhooks deliver the same objects.
CREATE TABLE "InstitutionEvent" (
    "id" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" BIGINT,
    "outboxEventId" TEXT,

    CONSTRAINT "InstitutionEvent_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "InstitutionEvent_institutionId_seq_id_idx" ON "InstitutionEvent"("institutionId", "seq", "id");

CREATE INDEX "InstitutionEvent_outboxEventId_idx" ON "InstitutionEvent"("outboxEventId");

CREATE INDEX "InstitutionEvent_occurredAt_idx" ON "InstitutionEvent"("occurredAt");

CREATE UNIQUE INDEX "InstitutionEvent_institutionId_key_key" ON "InstitutionEvent"("institutionId", "key");

CREATE SEQUENCE "InstitutionEvent_seq_seq" AS BIGINT;

-- Runs at commit (a deferred constraint trigger), when the transaction has done everything else: it takes a lock
-- that the next committing writer waits for, so numbers are given and become visible strictly in order, and the
-- lock is held only for the moment of the commit (no lock-order deadlocks with the transaction's other work).
CREATE FUNCTION "InstitutionEvent_number"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('InstitutionEvent.seq', 0));
  UPDATE "InstitutionEvent" SET "seq" = nextval('"InstitutionEvent_seq_seq"') WHERE "id" = NEW."id" AND "seq" IS NULL;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "InstitutionEvent_number"
AFTER INSERT ON "InstitutionEvent" DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "InstitutionEvent_number"();

-- Webhook secret rotation: deliveries are signed with the new and the previous secret until the overlap ends.
ALTER TABLE "WebhookEndpoint" ADD COLUMN "previousSecret" TEXT,
ADD COLUMN "previousSecretExpiresAt" TIMESTAMP(3);
