/**
 * Outcome POST latency through the Open API against the domain function called directly, in the same run:
 *
 *   npx tsx bench/api-outcome.ts [--runs=400] [--warmup=30]
 *
 * API: `POST /api/v1/engagements/{id}/outcomes` over HTTP (keep-alive) to the real production server
 * (server/index.js on a fresh build, as tests/support/web-server.ts starts it) — Express, bearer token lookup,
 * scope, per-client rate limit (Redis), JSON body, Idempotency-Key claim and completion, body schema, the domain
 * call and the read-back of the outcome. Direct: `recordOutcome` with the same fields, in this process. Each run
 * records an APPROVED outcome on an engagement under review, alternating API and direct so both see the same
 * database state.
 * Uses its own database (dropped afterwards) and its own Redis key prefix (deleted afterwards).
 * Server: BENCH_DATABASE_URL, else DATABASE_URL, else postgresql://postgres@127.0.0.1:5432; REDIS_URL or local.
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { applyMigrations, createDatabase, dropDatabase, withDatabase } from "../scripts/lib/migrator.ts";

function option(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  return arg ? Number(arg.split("=")[1]) : fallback;
}

const RUNS = option("runs", 400);
const WARMUP = option("warmup", 30);
const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const id = randomBytes(4).toString("hex");
const databaseName = `jy_bench_api_outcome_${id}`;
const prefix = `{jybench-${id}}`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  await createDatabase(serverUrl, databaseName);
  const url = withDatabase(serverUrl, databaseName);
  await applyMigrations(url);
  // The app reads its environment on first use: point it at this run's database and prefix before importing it.
  Object.assign(process.env, {
    NODE_ENV: "test",
    DATABASE_URL: url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    API_RATE_LIMIT_PER_MINUTE: "100000",
  });
  const { getDb } = await import("~/infra/db.server.ts");
  const { getCommandRedis } = await import("~/infra/redis.server.ts");
  const world = await import("../tests/support/world.ts");
  const { registerApiClient } = await import("~/modules/api-clients/clients.server.ts");
  const { issueAccessToken } = await import("~/modules/api-clients/tokens.server.ts");
  const { recordOutcome } = await import("~/modules/engagements/engagements.server.ts");
  const { shanghaiToday } = await import("~/kernel/time.ts");
  const { startWebServer } = await import("../tests/support/web-server.ts");
  const db = getDb();
  let server: Awaited<ReturnType<typeof startWebServer>> | null = null;

  try {
    const { rongcheng } = await world.createRegions(db);
    await world.createConsentText(db);
    const bank = await world.createInstitution(db, { serves: [rongcheng.id] });
    const officer = await world.createOfficer(db, bank.id);
    const admin = await world.createInstitutionAdmin(db, bank.id);
    const registered = await registerApiClient(db, {
      actor: { userId: admin.id, role: admin.role, institutionId: bank.id },
      fields: { name: "基准测试系统", scopes: ["outcomes:write"] },
    });
    if (!registered.ok) throw new Error("client registration failed");
    const token = await issueAccessToken(db, {
      clientId: registered.client.clientId,
      clientSecret: registered.clientSecret,
      ip: "198.51.100.7",
    });
    const authorization = `Bearer ${token.accessToken}`;
    const actor = { userId: officer.id, role: officer.role, institutionId: bank.id };

    const total = 2 * (RUNS + WARMUP);
    console.info(`[bench] seeding ${total} engagements under review…`);
    const engagementIds: string[] = [];
    for (let index = 0; index < total; index++) {
      const borrower = await world.createEnterprise(db, { regionId: rongcheng.id });
      const need = await world.createNeed(db, { enterprise: borrower, status: "IN_PROGRESS" });
      const engagement = await world.createEngagement(db, {
        needId: need.id,
        institutionId: bank.id,
        officerId: officer.id,
        status: "UNDER_REVIEW",
      });
      engagementIds.push(engagement.id);
    }
    await db.$executeRawUnsafe("VACUUM ANALYZE");
    console.info("[bench] building and starting the web server…");
    server = await startWebServer();
    const baseUrl = server.url;

    const today = shanghaiToday();
    const body = { kind: "APPROVED", amount: "800000.00", annualRatePercent: "3.85", termMonths: 12, decidedOn: today };
    const fields = { approvedAmount: "800000.00", annualRate: "3.85", termMonths: "12", decidedOn: today };

    const viaApi = async (engagementId: string, index: number) => {
      const response = await fetch(`${baseUrl}/api/v1/engagements/${engagementId}/outcomes`, {
        method: "POST",
        headers: {
          Authorization: authorization,
          "Content-Type": "application/json",
          "Idempotency-Key": `bench-outcome-${id}-${index}`,
        },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`API answered ${response.status}: ${text}`);
    };
    const direct = async (engagementId: string) => {
      const result = await recordOutcome(db, { engagementId, actor, kind: "APPROVED", fields });
      if (!result.ok) throw new Error(`direct call refused: ${JSON.stringify(result.fieldErrors)}`);
    };

    const timings = { api: [] as number[], direct: [] as number[] };
    const load = loadavg()[0]!;
    const started = performance.now();
    for (let run = 0; run < RUNS + WARMUP; run++) {
      const [first, second] = [engagementIds[2 * run]!, engagementIds[2 * run + 1]!];
      // Alternate which goes first, so neither always meets a warmer cache.
      const order = run % 2 === 0 ? (["api", "direct"] as const) : (["direct", "api"] as const);
      for (const [slot, kind] of order.entries()) {
        const engagementId = slot === 0 ? first : second;
        const t0 = performance.now();
        if (kind === "api") await viaApi(engagementId, run);
        else await direct(engagementId);
        const elapsed = performance.now() - t0;
        if (run >= WARMUP) timings[kind].push(elapsed);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const row = (name: string, values: number[]) =>
      `${name.padEnd(8)} p50 ${percentile(values, 50).toFixed(1)} ms · p95 ${percentile(values, 95).toFixed(1)} ms · ` +
      `p99 ${percentile(values, 99).toFixed(1)} ms`;
    console.info(
      `[bench] ${RUNS} runs each (after ${WARMUP} warm-up) in ${seconds.toFixed(1)} s, load ${load.toFixed(2)}`,
    );
    console.info(row("direct", timings.direct));
    console.info(row("api", timings.api));
    console.info(
      `[bench] api ÷ direct: p50 ${(percentile(timings.api, 50) / percentile(timings.direct, 50)).toFixed(2)}× · ` +
        `p95 ${(percentile(timings.api, 95) / percentile(timings.direct, 95)).toFixed(2)}×`,
    );
    const outcomes = await db.outcome.count();
    if (outcomes !== total) throw new Error(`expected ${total} outcomes, found ${outcomes}`);
  } finally {
    await server?.stop();
    await db.$disconnect();
    getCommandRedis().disconnect();
    const redis = new Redis(redisUrl);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
    await redis.quit();
    await dropDatabase(serverUrl, databaseName);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
