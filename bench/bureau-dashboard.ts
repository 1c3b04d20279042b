/**
 * Bureau dashboard benchmark: seeds a provincial-scale database of its own (500,000 needs, 1,000,000 ledger entries,
 * see bench/lib/bureau-seed.ts), refreshes the rollups, then times every bureau dashboard query over repeated runs
 * for several filters and prints p50 / p95 — next to raw-Postgres baselines measured in the same run (a round trip,
 * an indexed lookup, a plain COUNT, and the same ledger totals computed from the raw table).
 *
 *   npx tsx bench/bureau-dashboard.ts              seed, measure, drop the database
 *   npx tsx bench/bureau-dashboard.ts --runs=50    more runs per query (default 25)
 *   npx tsx bench/bureau-dashboard.ts --keep       keep the database (its name is printed) …
 *   npx tsx bench/bureau-dashboard.ts --reuse=NAME … and measure it again without re-seeding
 *
 * The Postgres server is the one of BENCH_DATABASE_URL / DATABASE_URL (default postgresql://postgres@127.0.0.1:5432).
 * Never run this as a timed test: it takes a few minutes and most of a CPU core.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { createDb } from "~/infra/db.server.ts";
import {
  loadDashboard,
  queryLedgerBreakdown,
  queryMedianResponse,
  queryNeedSummary,
} from "~/modules/bureau/dashboard.server.ts";
import { customPeriod, monthPeriod, quarterPeriod, yearPeriod, type Period } from "~/modules/bureau/period.ts";
import { listOverdue } from "~/modules/bureau/overdue.server.ts";
import { loadInstitutionRanking } from "~/modules/bureau/ranking.server.ts";
import { refreshBureauRollups, refreshBureauRollupsSince } from "~/modules/bureau/rollups.server.ts";
import { queryResponseAccounting } from "~/modules/bureau/responses.server.ts";
import { backfillAsks } from "~/modules/engagements/asks.server.ts";
import { queryLedgerTotals } from "~/modules/bureau/dashboard.server.ts";
import { loadTrees, resolveScope, type Scope, type Trees } from "~/modules/bureau/scope.server.ts";
import { checkTwoIncreases, listTargetsWithProgress } from "~/modules/bureau/targets.server.ts";
import { applyMigrations, createDatabase, dropDatabase, withDatabase } from "../scripts/lib/migrator.ts";
import { SCALE, seed } from "./lib/bureau-seed.ts";

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, "").split("=");
    return [key!, value ?? "true"] as const;
  }),
);
const RUNS = Number(args.get("runs") ?? 25);
const WARMUP = 3;
const serverUrl = withDatabase(
  process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres",
  "postgres",
);
const reuse = args.get("reuse");
const name = reuse ?? `jy_bench_bureau_${randomBytes(3).toString("hex")}`;
const url = withDatabase(serverUrl, name);
const keep = args.has("keep") || reuse !== undefined;

const log = (line = "") => console.log(line);
const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index]!;
}

async function measure(run: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: times[times.length - 1]! };
}

async function main() {
  log(
    `bureau dashboard benchmark · ${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"} · ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB · Node ${process.version} · load average ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(" ")}`,
  );
  if (!reuse) {
    log(
      `creating ${name} and seeding ${SCALE.needs.toLocaleString()} needs, ${SCALE.ledgerEntries.toLocaleString()} ledger entries …`,
    );
    await createDatabase(serverUrl, name);
    await applyMigrations(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const started = performance.now();
      await seed(client, log);
      log(`  seed total ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await client.end();
    }
  }
  const db = createDb(url);
  try {
    // Response accounting: the asks the seeded matches, directed institutions and engagements imply (idempotent).
    const asksStarted = performance.now();
    const asked = await backfillAsks(db);
    log(`asks derived: ${asked.toLocaleString()} in ${((performance.now() - asksStarted) / 1000).toFixed(1)} s`);
    const refresh = await refreshBureauRollups(db);
    log(`rollup refresh (all views, CONCURRENTLY, + VACUUM ANALYZE): ${(refresh.milliseconds / 1000).toFixed(1)} s`);
    for (const view of refresh.views) log(`  ${view.name.padEnd(28)} ${(view.milliseconds / 1000).toFixed(1)} s`);
    const [pgVersion] = await db.$queryRaw<{ version: string }[]>`SELECT version()`;
    const [counts] = await db.$queryRaw<{ needs: number; ledger: number; matches: number; engagements: number }[]>`
      SELECT (SELECT count(*) FROM "FinancingNeed")::int AS needs, (SELECT count(*) FROM "LedgerEntry")::int AS ledger,
             (SELECT count(*) FROM "Match")::int AS matches, (SELECT count(*) FROM "Engagement")::int AS engagements`;
    log(
      `${pgVersion!.version.split(",")[0]} · needs ${counts!.needs} · ledger ${counts!.ledger} · matches ${counts!.matches} · engagements ${counts!.engagements}`,
    );

    const trees = await loadTrees(db);
    // 24 annual targets (two per city) for the progress query.
    await db.target.deleteMany({});
    const cities = trees.regions.filter((region) => region.depth === 0);
    await db.target.createMany({
      data: cities.flatMap((city) => [
        { year: 2025, metric: "DISBURSED_AMOUNT" as const, regionId: city.id, value: "10000000000" },
        { year: 2025, metric: "FIRST_LOAN_BORROWER" as const, regionId: city.id, value: "5000" },
      ]),
    });

    // Raw-Postgres baselines in this run.
    const anyNeed = (await db.financingNeed.findFirstOrThrow({ select: { id: true } })).id;
    const baselines = {
      "SELECT 1 (round trip)": await measure(() => db.$queryRaw`SELECT 1`),
      "indexed lookup by id": await measure(
        () => db.$queryRaw`SELECT id, amount FROM "FinancingNeed" WHERE id = ${anyNeed}`,
      ),
      'plain COUNT(*) "FinancingNeed"': await measure(() => db.$queryRaw`SELECT count(*) FROM "FinancingNeed"`),
      "raw ledger totals, 2025 (no rollup)": await measure(
        () =>
          db.$queryRaw`SELECT metric, sum(amount), sum("borrowerCount") FROM "LedgerEntry" WHERE "occurredOn" >= '2025-01-01' AND "occurredOn" < '2026-01-01' GROUP BY metric`,
      ),
    };
    log("");
    log(`baselines (${RUNS} runs after ${WARMUP} warm-up):`);
    for (const [label, result] of Object.entries(baselines))
      log(`  ${label.padEnd(40)} p50 ${ms(result.p50)}   p95 ${ms(result.p95)}`);
    const countP95 = baselines['plain COUNT(*) "FinancingNeed"'].p95;
    const roundTripP95 = baselines["SELECT 1 (round trip)"].p95;

    const city = cities[0]!;
    const county = trees.regions.find((region) => region.parentId === city.id)!;
    const institution = trees.institutions.find((node) => node.code === "INST7")!;
    const scenarios: { label: string; period: Period; regionCode: string | null; institutionCode: string | null }[] = [
      { label: "2025 全年 · 全省", period: yearPeriod(2025), regionCode: null, institutionCode: null },
      { label: "2025Q3 · 一个城市", period: quarterPeriod(2025, 3), regionCode: city.code, institutionCode: null },
      { label: "2025年6月 · 一个区县", period: monthPeriod(2025, 6), regionCode: county.code, institutionCode: null },
      {
        label: "自定义 2025-02-10…2025-11-20 · 全省",
        period: customPeriod("2025-02-10", "2025-11-20"),
        regionCode: null,
        institutionCode: null,
      },
      { label: "2025 全年 · 一家机构", period: yearPeriod(2025), regionCode: null, institutionCode: institution.code },
      {
        label: "自定义 2025-03-15…2026-02-20 · 城市+机构",
        period: customPeriod("2025-03-15", "2026-02-20"),
        regionCode: city.code,
        institutionCode: institution.code,
      },
    ];
    const queries: Record<string, (scope: Scope, trees: Trees) => Promise<unknown>> = {
      "needs (posted/matched/responded/funnel, splits)": (scope) => queryNeedSummary(db, scope),
      "median first response": (scope) => queryMedianResponse(db, scope),
      "ledger totals + 4 splits": (scope) => queryLedgerBreakdown(db, scope),
      "whole overview (3 above in parallel)": (scope) => loadDashboard(db, scope),
      "institution ranking": (scope, t) => loadInstitutionRanking(db, scope, t.institutions, "BANK"),
      "response accounting per institution (asks)": (scope) =>
        queryResponseAccounting(db, scope, { byInstitution: true }),
      "targets progress (24 targets)": (scope, t) =>
        listTargetsWithProgress(db, t, 2025, "2025-11-20", { regionIds: scope.regionIds }),
      "两增 check": (scope) => checkTwoIncreases(db, scope, 2025, "2025-11-20"),
      "overdue list, page 1": (scope) =>
        listOverdue(
          db,
          { regionIds: scope.regionIds, institutionIds: scope.institutionIds, kind: null, page: 1 },
          new Date("2026-11-25T00:00:00Z"),
        ),
    };
    let worst = 0;
    for (const scenario of scenarios) {
      const { scope } = resolveScope(trees, {
        period: scenario.period,
        regionCode: scenario.regionCode,
        institutionCode: scenario.institutionCode,
      });
      log("");
      log(`${scenario.label}`);
      for (const [label, query] of Object.entries(queries)) {
        const result = await measure(() => query(scope, trees));
        worst = Math.max(worst, result.p95);
        log(
          `  ${label.padEnd(46)} p50 ${ms(result.p50)}   p95 ${ms(result.p95)}   p95 = ${(result.p95 / countP95).toFixed(2)} × COUNT, ${(result.p95 / roundTripP95).toFixed(0)} × round trip`,
        );
      }
    }
    log("");
    log(
      `worst p95 of any dashboard query: ${worst.toFixed(1)} ms (target ≤ 300 ms) — ${worst <= 300 ? "met" : "NOT met"}`,
    );

    // Freshness: a ledger posting, then the refresh the ledger worker asks for, until the 2025 total shows it.
    const { scope: year } = resolveScope(trees, { period: yearPeriod(2025), regionCode: null, institutionCode: null });
    const before = (await queryLedgerTotals(db, year)).DISBURSED_AMOUNT.amount;
    const posted = performance.now();
    await db.$executeRaw`
      INSERT INTO "LedgerEntry" (id, "entryKey", "outcomeId", metric, amount, "borrowerCount", "enterpriseId",
                                 "institutionId", "regionId", "entityType", "productKind", "policyTool", "occurredOn")
      SELECT 'bench-fresh-' || md5(random()::text), 'bench-fresh-' || md5(random()::text), "outcomeId", metric, 1.00, 0,
             "enterpriseId", "institutionId", "regionId", "entityType", "productKind", "policyTool", "occurredOn"
      FROM "LedgerEntry" WHERE metric = 'DISBURSED_AMOUNT' AND "occurredOn" >= '2025-01-01' AND "occurredOn" < '2026-01-01'
      LIMIT 1`;
    const since = new Date();
    const fresh = await refreshBureauRollupsSince(db, since);
    const after = (await queryLedgerTotals(db, year)).DISBURSED_AMOUNT.amount;
    log(
      `ledger event → figure visible: ${((performance.now() - posted) / 1000).toFixed(1)} s (refresh ${(fresh.milliseconds / 1000).toFixed(1)} s; 2025 放款 ${before} → ${after} 元)`,
    );
    log(
      `load average at the end: ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(" ")} (other processes share this machine)`,
    );
  } finally {
    await db.$disconnect();
    if (keep) log(`kept database ${name}`);
    else {
      await dropDatabase(serverUrl, name);
      log(`dropped database ${name}`);
    }
  }
}

// ───────────────────────────── balances and 两增 ─────────────────────────────
//
// `npx tsx bench/bureau-dashboard.ts --only=balances` runs this section alone on a database of its own: 200 banks
// × 1,000 borrowers (200,000) × 12 month ends (2025-12 … 2026-11) = 2.4 M balance rows, seeded with set-based SQL.
// The report totals are computed from the rows by SQL, as submitBalanceReport does in its transaction.

async function seedBalances(client: pg.Client): Promise<void> {
  const started = performance.now();
  await client.query(`
    INSERT INTO "Region" (id, code, name, kind, "updatedAt")
    SELECT 'bb-region-' || r, '99' || lpad(r::text, 4, '0'), '基准区县' || r, 'COUNTY', now() FROM generate_series(1, 8) r
    ON CONFLICT DO NOTHING;
    INSERT INTO "Institution" (id, code, name, "shortName", kind, "subType", "locatedInRegionId", "updatedAt")
    SELECT 'bb-bank-' || b, 'BB' || lpad(b::text, 3, '0'), '基准银行' || b, '基准银行' || b, 'BANK', 'RURAL_COMMERCIAL_BANK',
           'bb-region-' || (1 + b % 8), now()
    FROM generate_series(1, 200) b ON CONFLICT DO NOTHING;
    INSERT INTO "User" (id, "loginName", "passwordHash", "displayName", role, "institutionId", "updatedAt")
    VALUES ('bb-user', 'bb.admin', 'x', '基准报送', 'INSTITUTION_ADMIN', 'bb-bank-1', now()) ON CONFLICT DO NOTHING;
  `);
  await client.query(`
    INSERT INTO "BalanceReport" (id, "institutionId", month, version, "isCurrent", source, "submittedById", "loanCount",
      "totalBalance", "inclusiveBalance", "inclusiveBorrowers", "agriBalance", "greenBalance", "marineBalance", "transferBalance")
    SELECT 'bb-rep-' || b || '-' || m, 'bb-bank-' || b, to_char(date '2025-12-01' + (m || ' month')::interval, 'YYYY-MM'),
           1, true, 'API', 'bb-user', 0, 0, 0, 0, 0, 0, 0, 0
    FROM generate_series(1, 200) b, generate_series(0, 11) m;
  `);
  await client.query(`
    INSERT INTO "BalanceRow" (id, "reportId", line, "borrowerCode", "borrowerName", "loanId", inclusive, agri, green,
      marine, transfer, balance, "totalCredit")
    SELECT 'bb-row-' || b || '-' || m || '-' || k, 'bb-rep-' || b || '-' || m, k + 1, 'BB' || lpad((b * 1000 + k)::text, 16, '0'),
           '借款人', 'L' || k, k % 10 < 6, k % 4 = 0, k % 10 = 9, false, false,
           round((100000 + (k * 7919) % 2000000 + m * (k % 13) * 1000)::numeric, 2),
           CASE WHEN k % 10 < 6 THEN 5000000 ELSE 30000000 END
    FROM generate_series(1, 200) b, generate_series(0, 11) m, generate_series(0, 999) k
    -- A loan of a borrower with k % 50 = 0 closes after month 6: close-outs follow from balances.
    WHERE NOT (k % 50 = 0 AND m > 6);
  `);
  await client.query(`
    UPDATE "BalanceReport" r SET "loanCount" = t.loans, "totalBalance" = t.total, "inclusiveBalance" = t.inclusive,
           "inclusiveBorrowers" = t.borrowers, "agriBalance" = t.agri, "greenBalance" = t.green
    FROM (SELECT "reportId", count(*)::int AS loans, sum(balance) AS total, sum(balance) FILTER (WHERE inclusive) AS inclusive,
                 count(DISTINCT "borrowerCode") FILTER (WHERE inclusive AND balance > 0)::int AS borrowers,
                 sum(balance) FILTER (WHERE agri) AS agri, sum(balance) FILTER (WHERE green) AS green
          FROM "BalanceRow" GROUP BY "reportId") t
    WHERE r.id = t."reportId";
    ANALYZE "BalanceReport"; ANALYZE "BalanceRow";
  `);
  console.log(`  balances seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function benchBalances(): Promise<void> {
  const { twoIncreases } = await import("~/modules/balances/two-increases.server.ts");
  const { monthMovement } = await import("~/modules/balances/balances.server.ts");
  const balancesName = reuse ?? `jy_bench_balances_${randomBytes(3).toString("hex")}`;
  const balancesUrl = withDatabase(serverUrl, balancesName);
  if (!reuse) {
    log(`creating ${balancesName}: 200 banks × 1,000 borrowers × 12 month ends …`);
    await createDatabase(serverUrl, balancesName);
    await applyMigrations(balancesUrl);
    const client = new pg.Client({ connectionString: balancesUrl });
    await client.connect();
    try {
      await seedBalances(client);
    } finally {
      await client.end();
    }
  }
  const db = createDb(balancesUrl);
  try {
    const [counts] = await db.$queryRaw<{ rows: number; reports: number }[]>`
      SELECT (SELECT count(*) FROM "BalanceRow")::int AS rows, (SELECT count(*) FROM "BalanceReport")::int AS reports`;
    log(`balance rows ${counts!.rows} · reports ${counts!.reports}`);
    const bank = "bb-bank-7";
    const baselines = {
      "SELECT 1 (round trip)": await measure(() => db.$queryRaw`SELECT 1`),
      "raw: 2026-11 totals of all banks from BalanceRow": await measure(
        () => db.$queryRaw`SELECT sum(w.balance), count(DISTINCT w."borrowerCode") FROM "BalanceRow" w
          JOIN "BalanceReport" r ON r.id = w."reportId" WHERE r.month = '2026-11' AND r."isCurrent"`,
      ),
    };
    for (const [label, result] of Object.entries(baselines))
      log(`  ${label.padEnd(52)} p50 ${ms(result.p50)}   p95 ${ms(result.p95)}`);
    const rawP95 = baselines["raw: 2026-11 totals of all banks from BalanceRow"].p95;
    const queries: Record<string, () => Promise<unknown>> = {
      "两增 2026-11 · all 200 banks (city, regions, banks, 11 months)": () =>
        twoIncreases(db, { year: 2026, month: "2026-11", institutionIds: null, regionIds: null, scopeLabel: "全部" }),
      "两增 2026-11 · one region (25 banks)": () =>
        twoIncreases(db, {
          year: 2026,
          month: "2026-11",
          institutionIds: null,
          regionIds: ["bb-region-3"],
          scopeLabel: "区县",
        }),
      "两增 2026-06 · one bank": () =>
        twoIncreases(db, { year: 2026, month: "2026-06", institutionIds: [bank], regionIds: null, scopeLabel: "银行" }),
      "month movement (close-outs, repayments) · one bank, 1,000 loans": () => monthMovement(db, bank, "2026-08"),
    };
    let worst = 0;
    for (const [label, query] of Object.entries(queries)) {
      const result = await measure(query);
      worst = Math.max(worst, result.p95);
      log(
        `  ${label.padEnd(64)} p50 ${ms(result.p50)}   p95 ${ms(result.p95)}   p95 = ${(result.p95 / rawP95).toFixed(3)} × raw totals`,
      );
    }
    log(
      `worst p95 of the balance queries: ${worst.toFixed(1)} ms (target ≤ 300 ms) — ${worst <= 300 ? "met" : "NOT met"}`,
    );
  } finally {
    await db.$disconnect();
    if (keep) log(`kept database ${balancesName}`);
    else {
      await dropDatabase(serverUrl, balancesName);
      log(`dropped database ${balancesName}`);
    }
  }
}

if (args.get("only") === "balances") await benchBalances();
else {
  await main();
  await benchBalances();
}
