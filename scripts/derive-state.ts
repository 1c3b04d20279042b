/**
 * Rebuilds every piece of derived state from Postgres, the source of truth:
 *   1. the Meilisearch indexes (fresh index, then swap),
 *   2. matches for every published, live need,
 *   3. ledger entries for every recorded outcome (idempotent: unique entry keys),
 *   4. the bureau's dashboard rollups.
 *
 *   npm run db:derive
 *
 * The demo runs it after seeding (seed data has no outbox events, so the workers would never see it), and an operator
 * can run it after restoring a backup or losing Meilisearch. Every step is idempotent; running it twice is harmless.
 */
import { getDb } from "~/infra/db.server.ts";
import { refreshBureauRollups } from "~/modules/bureau/rollups.server.ts";
import { postLedgerForOutcome } from "~/modules/ledger/ledger.server.ts";
import { matchNeed } from "~/modules/matching/match-need.server.ts";
import { backfillAsks } from "~/modules/engagements/asks.server.ts";
import { rebuildIndex } from "~/modules/search-index/reindex.server.ts";
import { getMeili } from "../search/client.ts";
import { needLive } from "~/kernel/statuses.ts";

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  console.log(`[derive] ${label} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return result;
}

async function main() {
  const db = getDb();
  const meili = getMeili();
  try {
    await timed("products index rebuilt", () => rebuildIndex(db, meili, "products"));

    const liveNeeds = await db.financingNeed.findMany({
      where: needLive,
      select: { id: true },
      orderBy: { publishedAt: "asc" },
    });
    await timed(`${liveNeeds.length} live needs matched`, async () => {
      for (const need of liveNeeds) await matchNeed(db, meili, need.id);
    });

    // Needs documents carry the institutions each need matched, so rebuild them after matching.
    await timed("needs index rebuilt", () => rebuildIndex(db, meili, "needs"));

    const outcomes = await db.outcome.findMany({
      where: { kind: "DISBURSED" },
      select: { id: true },
      orderBy: [{ recordedAt: "asc" }, { version: "asc" }],
    });
    let posted = 0;
    await timed(`ledger posted for ${outcomes.length} disbursements`, async () => {
      for (const outcome of outcomes) posted += (await postLedgerForOutcome(db, outcome.id)).posted;
    });
    console.log(`[derive] ${posted} new ledger entries`);

    await timed("response asks derived", () => backfillAsks(db));
    await timed("bureau rollups refreshed", () => refreshBureauRollups(db));
  } finally {
    await db.$disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[derive] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
