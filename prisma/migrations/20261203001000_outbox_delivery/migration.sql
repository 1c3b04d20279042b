-- The outbox tracks completion, not hand-over: one row per queue an event is relayed to, completed when that
-- queue's job finishes. The completion sweeper re-enqueues a pending delivery whose job vanished from Redis.
--
-- Backfill: none. Events relayed before this migration have no delivery rows, and the sweeper and the outbox prune
-- only look at delivery rows, so history counts as completed and a deploy replays nothing.

-- CreateTable
CREATE TABLE "OutboxDelivery" (
    "eventId" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "relayedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checkAfter" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "requeues" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "OutboxDelivery_pkey" PRIMARY KEY ("eventId","queue")
);

-- CreateIndex
CREATE INDEX "OutboxDelivery_completedAt_failedAt_checkAfter_idx" ON "OutboxDelivery"("completedAt", "failedAt", "checkAfter");

-- AddForeignKey
ALTER TABLE "OutboxDelivery" ADD CONSTRAINT "OutboxDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "OutboxEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
