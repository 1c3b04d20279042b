/**
 * Keeps the bureau rollups (materialized views in the `bureau` schema, prisma/migrations/*_bureau_rollups*) up to date. The jobs call
 * `refreshBureauRollups(db)` on a schedule (every few minutes) and may call it after bulk changes; it is idempotent
 * and safe to run from several workers at once (a second caller returns immediately while one is running).
 *
 * All views refresh CONCURRENTLY inside one transaction: readers are never blocked and never see a mix of old and
 * new views — the dashboards switch to the new figures at commit.
 */
import type { Db, DbOrTx } from "~/infra/db.server.ts";

/** Dependency order: each view reads only the source tables and views before it. */
export const BUREAU_ROLLUP_VIEWS = [
  "bureau.working_clock",
  "bureau.need_fact",
  "bureau.need_inst_fact",
  "bureau.need_month",
  "bureau.response_month",
  "bureau.need_inst_month",
  "bureau.ask_fact",
  "bureau.ask_month",
  "bureau.ask_response_month",
  "bureau.ledger_daily",
  "bureau.ledger_monthly",
  "bureau.ledger_month_dims",
  "bureau.ledger_month_region",
  "bureau.ledger_month_inst",
  "bureau.rollup_meta",
] as const;

/** Views big enough to be worth a VACUUM after a refresh (keeps index-only scans index-only). */
const VACUUMED_VIEWS = [
  "bureau.need_fact",
  "bureau.need_inst_fact",
  "bureau.ask_fact",
  "bureau.ledger_daily",
  "bureau.ledger_monthly",
] as const;

const LOCK_KEY = "bureau-rollups-refresh";

export interface RefreshResult {
  /** False when another refresh was already running (nothing was done). */
  refreshed: boolean;
  milliseconds: number;
  views: { name: string; milliseconds: number }[];
}

export async function refreshBureauRollups(db: Db, options: { vacuum?: boolean } = {}): Promise<RefreshResult> {
  const started = performance.now();
  const views: RefreshResult["views"] = [];
  const refreshed = await db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtextextended(${LOCK_KEY}, 0)) AS locked`;
      if (!lock?.locked) return false;
      for (const name of BUREAU_ROLLUP_VIEWS) {
        const viewStarted = performance.now();
        // Names come from the constant list above, never from input.
        await tx.$executeRawUnsafe(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${name}`);
        views.push({ name, milliseconds: Math.round(performance.now() - viewStarted) });
      }
      return true;
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
  if (refreshed && options.vacuum !== false) {
    for (const name of VACUUMED_VIEWS) await db.$executeRawUnsafe(`VACUUM (ANALYZE) ${name}`);
  }
  return { refreshed, milliseconds: Math.round(performance.now() - started), views };
}

/**
 * Brings the figures up to a change made before `since` (a disbursement, a decline, a response): waits for a running
 * refresh instead of skipping it, then refreshes only if the views are still older than `since`. A refresh records
 * its transaction's start, which comes before each view's snapshot, so "refreshed at or after `since`" proves the
 * change (committed before `since`) is in the views. A burst of changes therefore costs one refresh, not one each.
 */
export async function refreshBureauRollupsSince(
  db: Db,
  since: Date,
): Promise<RefreshResult & { alreadyFresh: boolean }> {
  const started = performance.now();
  const views: RefreshResult["views"] = [];
  const outcome = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${LOCK_KEY}, 0))`;
      // A new snapshot after the wait: sees the refresh that held the lock.
      const [meta] = await tx.$queryRaw<{ refreshed_at: Date }[]>`SELECT refreshed_at FROM bureau.rollup_meta LIMIT 1`;
      if (meta && meta.refreshed_at.getTime() >= since.getTime()) return "fresh" as const;
      for (const name of BUREAU_ROLLUP_VIEWS) {
        const viewStarted = performance.now();
        // Names come from the constant list above, never from input.
        await tx.$executeRawUnsafe(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${name}`);
        views.push({ name, milliseconds: Math.round(performance.now() - viewStarted) });
      }
      return "refreshed" as const;
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
  return {
    refreshed: outcome === "refreshed",
    alreadyFresh: outcome === "fresh",
    milliseconds: Math.round(performance.now() - started),
    views,
  };
}

/** When the figures on the bureau pages were computed. */
export async function rollupsRefreshedAt(db: DbOrTx): Promise<Date | null> {
  const rows = await db.$queryRaw<{ refreshed_at: Date }[]>`SELECT refreshed_at FROM bureau.rollup_meta LIMIT 1`;
  return rows[0]?.refreshed_at ?? null;
}
