/**
 * Leads feed through the Open API against the same query straight to Postgres, in the same run (issue 12):
 *
 *   npx tsx bench/api-leads-feed.ts [--needs=10000] [--limit=50] [--rounds=3] [--concurrency=8] [--keep]
 *
 * Seeds a database of its own (one bank serving the whole city, 200 enterprises, `--needs` published OPEN needs),
 * builds the app and starts the production server (server/index.js, NODE_ENV=production, so answers are not
 * re-validated), takes a token with client credentials, and walks the feed `GET /api/v1/leads?limit=…&cursor=…`
 * over real HTTP. Raw: the feed's own keyset query (the same WHERE and ORDER BY as readLeadFeed, with the page's need
 * and enterprise rows joined in, i.e. the data the page is built from) through a pg pool, no HTTP, no token, no
 * documents. The feed reads only Postgres (not Meilisearch), so that is the raw service.
 *
 * Measured, alternating API and raw page by page: latency p50 / p95 of one page, one request at a time; then pages
 * per second with `--concurrency` callers. Prints the ratios. Then, to show where the API's time goes, the same pages
 * in this process without HTTP: the wrapper's steps (token lookup, rate limit) and readLeadFeed on its own.
 * The database is dropped at the end unless --keep.
 * Server: BENCH_DATABASE_URL, else DATABASE_URL, else postgresql://postgres@127.0.0.1:5432; REDIS_URL or local.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createDb } from "~/infra/db.server.ts";
import { createCommandRedis } from "~/infra/redis.server.ts";
import { registerApiClient } from "~/modules/api-clients/clients.server.ts";
import { getApiRateLimit } from "~/modules/api-clients/rate-limit.server.ts";
import { authenticateAccessToken } from "~/modules/api-clients/tokens.server.ts";
import { LeadFeedQuerySchema, readLeadFeed } from "~/modules/engagements/lead-feed.server.ts";
import { LEAD_STATUSES } from "~/modules/search-index/lead-query.ts";
import { applyMigrations, createDatabase, dropDatabase, withDatabase } from "../scripts/lib/migrator.ts";
import { startWebServer } from "../tests/support/web-server.ts";
import {
  createEnterprise,
  createInstitution,
  createInstitutionAdmin,
  createNeed,
  createRegions,
} from "../tests/support/world.ts";

function option(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  return arg ? Number(arg.split("=")[1]) : fallback;
}
const NEEDS = option("needs", 10_000);
const LIMIT = option("limit", 50);
const ROUNDS = option("rounds", 3);
const CONCURRENCY = option("concurrency", 8);
const KEEP = process.argv.includes("--keep");
const ENTERPRISES = 200;

const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const id = randomBytes(4).toString("hex");
const databaseName = `jy_bench_api_${id}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]! };
}
const ms = (value: number) => value.toFixed(2);

/** The feed's keyset query (app/modules/engagements/lead-feed.server.ts), returning the rows a page is built from. */
const RAW_PAGE_SQL = `
  SELECT n.*, row_to_json(e) AS enterprise FROM "FinancingNeed" n JOIN "Enterprise" e ON e."id" = n."enterpriseId"
  WHERE n."feedSeq" IS NOT NULL
    AND (n."feedSeq", n."id") > ($1::bigint, $2::text)
    AND n."status"::text = ANY($3::text[])
    AND (n."visibility" = 'OPEN' OR EXISTS (SELECT 1 FROM "NeedDirectedInstitution" d
      WHERE d."needId" = n."id" AND d."institutionId" = $4))
  ORDER BY n."feedSeq", n."id"
  LIMIT $5`;

function decodeCursor(cursor: string | undefined): { seq: string; id: string } {
  if (!cursor) return { seq: "0", id: "" };
  const [seq, needId] = Buffer.from(cursor, "base64url").toString("utf8").split(".");
  return { seq: seq!, id: needId ?? "" };
}

async function seed(url: string) {
  const db = createDb(url);
  try {
    const { city } = await createRegions(db);
    const bank = await createInstitution(db, { serves: [city.id] });
    const admin = await createInstitutionAdmin(db, bank.id);
    const enterprises = [];
    for (let index = 0; index < ENTERPRISES; index++)
      enterprises.push(await createEnterprise(db, { regionId: city.id }));
    const template = await createNeed(db, { enterprise: enterprises[0]!, description: "购置生产设备，扩大产能" });
    // The other needs are copies of the template (other ids, enterprises, amounts, publication times), written in
    // batches of 2,000 so the feed sees several publishing transactions, as in real use.
    const columns = (
      await db.$queryRaw<{ column_name: string }[]>`
        SELECT column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'FinancingNeed' ORDER BY ordinal_position`
    ).map((row) => row.column_name);
    const varied: Record<string, string> = {
      id: `'bn' || lpad(g::text, 8, '0')`,
      enterpriseId: `(ARRAY[${enterprises.map((e) => `'${e.enterprise.id}'`).join(",")}])[1 + g % ${ENTERPRISES}]`,
      amount: `(100000 + (g % 50) * 20000)::numeric`,
      publishedAt: `now() - (g || ' minutes')::interval`,
      feedSeq: "NULL",
    };
    for (let start = 1; start < NEEDS; start += 2_000) {
      const end = Math.min(NEEDS - 1, start + 1_999);
      await db.$executeRawUnsafe(`
        INSERT INTO "FinancingNeed" (${columns.map((c) => `"${c}"`).join(", ")})
        SELECT ${columns.map((c) => varied[c] ?? `t."${c}"`).join(", ")}
        FROM "FinancingNeed" t, generate_series(${start}, ${end}) g WHERE t."id" = '${template.id}'`);
    }
    await db.$executeRawUnsafe(`ANALYZE`);
    const registered = await registerApiClient(db, {
      actor: { userId: admin.id, role: admin.role, institutionId: bank.id },
      fields: { name: "基准测试系统", scopes: ["leads:read"] },
    });
    if (!registered.ok) throw new Error("client registration failed");
    return { institutionId: bank.id, clientId: registered.client.clientId, clientSecret: registered.clientSecret };
  } finally {
    await db.$disconnect();
  }
}

async function main() {
  await createDatabase(serverUrl, databaseName);
  const url = withDatabase(serverUrl, databaseName);
  const appEnvironment = {
    DATABASE_URL: url,
    REDIS_PREFIX: `{jybench-api-${id}}`,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    API_RATE_LIMIT_PER_MINUTE: "100000",
  };
  // The in-process breakdown uses the app's modules, which read their settings from the environment.
  Object.assign(process.env, appEnvironment);
  let stopServer = async () => {};
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  try {
    await applyMigrations(url);
    let started = performance.now();
    const world = await seed(url);
    console.log(`[bench] seeded ${NEEDS} needs in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    started = performance.now();
    const server = await startWebServer(appEnvironment);
    stopServer = server.stop;
    console.log(`[bench] built and started the server in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const tokenAnswer = await fetch(`${server.url}/api/v1/oauth/token`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${Buffer.from(`${world.clientId}:${world.clientSecret}`).toString("base64")}`,
      },
      body: "grant_type=client_credentials",
    });
    const token = ((await tokenAnswer.json()) as { access_token: string }).access_token;
    const headers = { Authorization: `Bearer ${token}` };

    const apiPage = async (cursor: string | undefined) => {
      const query = new URLSearchParams({ limit: String(LIMIT), ...(cursor ? { cursor } : {}) });
      const response = await fetch(`${server.url}/api/v1/leads?${query}`, { headers });
      if (response.status !== 200) throw new Error(`feed answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { items: unknown[]; nextCursor: string; hasMore: boolean };
    };
    const rawPage = async (cursor: string | undefined) => {
      const after = decodeCursor(cursor);
      const result = await pool.query(RAW_PAGE_SQL, [
        after.seq,
        after.id,
        [...LEAD_STATUSES],
        world.institutionId,
        LIMIT + 1,
      ]);
      return result.rows;
    };

    // The cursors of every page of one walk, shared by both sides.
    const cursors: (string | undefined)[] = [undefined];
    for (;;) {
      const page = await apiPage(cursors.at(-1));
      if (!page.hasMore) break;
      cursors.push(page.nextCursor);
    }
    const firstRaw = await rawPage(undefined);
    console.log(`[bench] ${cursors.length} pages of ${LIMIT}; raw page 1 has ${Math.min(firstRaw.length, LIMIT)} rows`);

    for (const cursor of cursors.slice(0, 50)) {
      await apiPage(cursor);
      await rawPage(cursor);
    }

    const latency = { api: [] as number[], raw: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const cursor of cursors) {
        let t = performance.now();
        await apiPage(cursor);
        latency.api.push(performance.now() - t);
        t = performance.now();
        await rawPage(cursor);
        latency.raw.push(performance.now() - t);
      }
    }

    const throughput = async (page: (cursor: string | undefined) => Promise<unknown>) => {
      let next = 0;
      const total = cursors.length * ROUNDS;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < total) {
            const index = next++;
            await page(cursors[index % cursors.length]);
          }
        }),
      );
      return total / ((performance.now() - t) / 1000);
    };
    const apiRate = await throughput(apiPage);
    const rawRate = await throughput(rawPage);

    // Where the API's time goes: the same pages in this process, no HTTP, no Remix.
    const db = createDb(url);
    const redis = createCommandRedis();
    const steps = { auth: [] as number[], rateLimit: [] as number[], feed: [] as number[], json: [] as number[] };
    try {
      for (const cursor of cursors) {
        let t = performance.now();
        const caller = await authenticateAccessToken(db, { token, ip: "127.0.0.1" });
        steps.auth.push(performance.now() - t);
        t = performance.now();
        await getApiRateLimit(redis).consume(caller.apiClientId);
        steps.rateLimit.push(performance.now() - t);
        t = performance.now();
        const query = LeadFeedQuerySchema.parse({ limit: String(LIMIT), ...(cursor ? { cursor } : {}) });
        const page = await readLeadFeed(db, { institutionId: caller.institutionId, query });
        steps.feed.push(performance.now() - t);
        t = performance.now();
        JSON.stringify(page);
        steps.json.push(performance.now() - t);
      }
    } finally {
      await db.$disconnect();
      redis.disconnect();
    }

    const api = summary(latency.api);
    const raw = summary(latency.raw);
    console.log(`\nleads feed, ${NEEDS} needs, pages of ${LIMIT}, ${latency.api.length} pages per side`);
    console.log(`  ratio API ÷ raw: p50 ${(api.p50 / raw.p50).toFixed(2)}×, p95 ${(api.p95 / raw.p95).toFixed(2)}×,`);
    console.log(`                   throughput ${(rawRate / apiRate).toFixed(2)}× fewer pages/s`);
    console.log(`  API  GET /api/v1/leads   p50 ${ms(api.p50)} ms  p95 ${ms(api.p95)} ms  max ${ms(api.max)} ms`);
    console.log(`  raw  keyset query (pg)   p50 ${ms(raw.p50)} ms  p95 ${ms(raw.p95)} ms  max ${ms(raw.max)} ms`);
    console.log(
      `  throughput with ${CONCURRENCY} callers: API ${apiRate.toFixed(0)} pages/s, raw ${rawRate.toFixed(0)}`,
    );
    console.log(`  in process, per page (p50 / p95 ms):`);
    for (const [step, times] of Object.entries(steps)) {
      const { p50, p95 } = summary(times);
      console.log(`    ${step.padEnd(10)} ${ms(p50)} / ${ms(p95)}`);
    }
  } finally {
    await pool.end();
    await stopServer();
    if (KEEP) console.log(`[bench] kept database ${databaseName}`);
    else await dropDatabase(serverUrl, databaseName);
  }
}

await main();
