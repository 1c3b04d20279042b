/**
 * Need post latency at 20 concurrent requests, against the raw INSERT in the same run (issue 14, item 5):
 *
 *   npx tsx bench/need-publish.ts [--rounds=5] [--concurrency=20] [--worker=0]
 *
 * Route: the need form's POST over HTTP (keep-alive) to the real production server (server/index.js on a fresh
 * build, as tests/support/web-server.ts starts it): Express, session cookie, CSRF, form parsing, validation,
 * consent, the need, its publication and outbox event in one transaction, the redirect. Sessions are signed in
 * beforehand, in-process through the login route (same database and secret). Each of `concurrency` enterprises
 * posts once per round, all at the same moment. Raw: the same number of concurrent `INSERT`s of an OPEN need (one statement each).
 * Notified: from the start of a post to the matching institution officer's lead notification row, with the worker
 * running as a separate process (workers/main.ts) against the same database, Redis prefix and Meilisearch indexes.
 * Uses its own database, Redis prefix and index prefix (all removed afterwards); Meilisearch and Redis come from
 * scripts/lib/services.ts (the test servers, started if needed).
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { applyMigrations, createDatabase, dropDatabase, withDatabase } from "../scripts/lib/migrator.ts";
import { ensureServices } from "../scripts/lib/services.ts";

function option(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  return arg ? Number(arg.split("=")[1]) : fallback;
}

const ROUNDS = option("rounds", 5);
const CONCURRENCY = option("concurrency", 20);
/** --worker=0: no worker (posts only, nothing notified), to see what the worker's CPU costs the posts. */
const WITH_WORKER = option("worker", 1) !== 0;
const id = randomBytes(4).toString("hex");
const databaseName = `jy_bench_need_publish_${id}`;
const prefix = `{jybench-${id}}`;
const indexPrefix = `jybench_${id}_`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Opens /login, posts the form and returns the signed-in session's cookies and CSRF token, as a browser would. */
async function signInOverHttp(baseUrl: string, loginName: string, password: string) {
  const jar = new Map<string, string>();
  const absorb = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrfOf = async (path: string) => {
    const page = await fetch(`${baseUrl}${path}`, { headers: { Cookie: cookie() }, redirect: "manual" });
    absorb(page);
    const token = /name="_csrf"[^>]*value="([^"]+)"/.exec(await page.text())?.[1];
    if (!token) throw new Error(`no CSRF token on ${path}`);
    return token;
  };
  const body = new URLSearchParams({ _csrf: await csrfOf("/login"), loginName, password });
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie(), Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 302) throw new Error(`sign-in of ${loginName} answered ${response.status}`);
  absorb(response);
  // Sign-in rotates the session and its token: read the new one from the form page.
  const csrf = await csrfOf("/enterprise/needs/new");
  return { cookie: cookie(), csrf };
}

async function main() {
  const services = await ensureServices("test");
  const serverUrl = process.env.BENCH_DATABASE_URL ?? services.postgresAdminUrl;
  await createDatabase(serverUrl, databaseName);
  const url = withDatabase(serverUrl, databaseName);
  await applyMigrations(url);
  // The app reads its environment on first use: point it at this run's database and prefixes before importing it.
  const env = {
    NODE_ENV: "test",
    DATABASE_URL: url,
    REDIS_URL: services.redisUrl,
    REDIS_PREFIX: prefix,
    MEILI_URL: services.meiliUrl,
    ...(services.meiliMasterKey ? { MEILI_MASTER_KEY: services.meiliMasterKey } : {}),
    MEILI_INDEX_PREFIX: indexPrefix,
    SESSION_SECRET: randomBytes(32).toString("hex"),
  };
  Object.assign(process.env, env);
  const { getDb } = await import("~/infra/db.server.ts");
  const { getCommandRedis } = await import("~/infra/redis.server.ts");
  const { getMeili } = await import("../search/client.ts");
  const { ensureIndexes } = await import("../search/settings.ts");
  const { createSearchPorts } = await import("../workers/search-ports.ts");
  const world = await import("../tests/support/world.ts");
  const { spawnWorker } = await import("../tests/integration/jobs/support/runtime.ts");
  const { startWebServer } = await import("../tests/support/web-server.ts");
  const db = getDb();
  const meili = getMeili();
  let worker: ReturnType<typeof spawnWorker> | null = null;
  let server: Awaited<ReturnType<typeof startWebServer>> | null = null;

  try {
    const regions = await world.createRegions(db, ["city", "rongcheng"]);
    await world.createIndustries(db);
    await world.createConsentText(db);
    const bank = await world.createInstitution(db, { serves: [regions.city.id] });
    const officer = await world.createOfficer(db, bank.id);
    await world.createProduct(db, {
      institutionId: bank.id,
      name: "设备按揭贷",
      regions: [regions.city.id],
      acceptedCollateral: ["EQUIPMENT"],
    });
    await ensureIndexes(meili);
    const ports = createSearchPorts(db, meili);
    for (const product of await db.product.findMany({ select: { id: true } }))
      await ports.search.syncProduct(product.id);

    console.info("[bench] building and starting the web server and the worker…");
    server = await startWebServer(env);
    if (WITH_WORKER) {
      worker = spawnWorker({ ...env, WORKER_HEALTH_PORT: "0" });
      await worker.ready;
    }
    const baseUrl = server.url;

    const posters: { cookie: string; csrf: string; enterpriseId: string; userId: string }[] = [];
    for (let index = 0; index < CONCURRENCY; index++) {
      const loginName = `137${String(10_000_000 + index).slice(-8)}`;
      const { enterprise, user } = await world.createEnterprise(db, {
        regionId: regions.rongcheng.id,
        user: { loginName },
      });
      posters.push({
        ...(await signInOverHttp(baseUrl, loginName, world.PASSWORD)),
        enterpriseId: enterprise.id,
        userId: user.id,
      });
    }

    const fields = {
      amount: "50",
      amountUnit: "WAN",
      termMonths: "12",
      purposeCategory: "EQUIPMENT_PURCHASE",
      description: "购置两台注塑机，扩大产能。",
      collateralOffered: ["EQUIPMENT"],
      maxAnnualRate: "",
      wantedBy: "",
      wantsLoan: "on",
      visibility: "OPEN",
      allowWidening: "on",
      consent: "on",
      consentVersion: world.CONSENT_VERSION,
    };
    const postOnce = async (poster: (typeof posters)[number]) => {
      const startedAt = Date.now();
      const t0 = performance.now();
      const body = new URLSearchParams({ _csrf: poster.csrf, _intent: "publish" });
      for (const [key, value] of Object.entries(fields))
        for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
      const response = await fetch(`${baseUrl}/enterprise/needs/new`, {
        method: "POST",
        redirect: "manual",
        headers: {
          Cookie: poster.cookie,
          Origin: baseUrl,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body,
      });
      await response.arrayBuffer();
      const elapsed = performance.now() - t0;
      const location = response.headers.get("Location") ?? "";
      const needId = /\/enterprise\/needs\/([^/?]+)/.exec(location)?.[1];
      if (response.status !== 302 || !needId) throw new Error(`route answered ${response.status}: ${location}`);
      return { elapsed, needId, startedAt };
    };
    const insertOnce = async (poster: (typeof posters)[number]) => {
      const t0 = performance.now();
      await db.financingNeed.create({
        data: {
          enterpriseId: poster.enterpriseId,
          createdById: poster.userId,
          regionId: regions.rongcheng.id,
          amount: "500000",
          termMonths: 12,
          purposeCategory: "EQUIPMENT_PURCHASE",
          description: fields.description,
          collateralOffered: ["EQUIPMENT"],
          status: "OPEN",
          publishedAt: new Date(),
        },
      });
      return performance.now() - t0;
    };

    const timings = { route: [] as number[], raw: [] as number[], notified: [] as number[] };
    const load = loadavg()[0]!;
    // A warm-up round of each (not counted): module loading, connection pools, the first matching.
    await Promise.all(posters.map(postOnce));
    await Promise.all(posters.map(insertOnce));
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so neither always meets a quieter machine.
      const raw = async () => timings.raw.push(...(await Promise.all(posters.map(insertOnce))));
      if (round % 2 === 1) await raw();
      const posted = await Promise.all(posters.map(postOnce));
      timings.route.push(...posted.map((post) => post.elapsed));
      if (round % 2 === 0) await raw();
      // Post → the officer's lead notification, polled from the database (the worker writes it).
      const pending = new Map(WITH_WORKER ? posted.map((post) => [post.needId, post.startedAt]) : []);
      const deadline = Date.now() + 120_000;
      while (pending.size > 0) {
        if (Date.now() > deadline) throw new Error(`${pending.size} needs not notified within 120 s`);
        const rows = await db.notification.findMany({
          where: { recipientId: officer.id, template: "lead.matched", link: { not: null } },
          select: { link: true, createdAt: true },
        });
        for (const row of rows) {
          for (const [needId, startedAt] of pending) {
            if (!row.link!.includes(needId)) continue;
            timings.notified.push(row.createdAt.getTime() - startedAt);
            pending.delete(needId);
          }
        }
        if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    const row = (name: string, values: number[]) =>
      `${name.padEnd(9)} p50 ${percentile(values, 50).toFixed(1)} ms · p95 ${percentile(values, 95).toFixed(1)} ms · ` +
      `max ${Math.max(...values).toFixed(1)} ms (n=${values.length})`;
    console.info(`[bench] ${ROUNDS} rounds × ${CONCURRENCY} concurrent, load ${load.toFixed(2)}`);
    console.info(row("raw", timings.raw));
    console.info(row("route", timings.route));
    if (WITH_WORKER) console.info(row("notified", timings.notified));
    console.info(
      `[bench] route ÷ raw: p50 ${(percentile(timings.route, 50) / percentile(timings.raw, 50)).toFixed(1)}× · ` +
        `p95 ${(percentile(timings.route, 95) / percentile(timings.raw, 95)).toFixed(1)}×`,
    );
  } finally {
    await server?.stop();
    if (worker && worker.child.exitCode === null) {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
    await db.$disconnect();
    getCommandRedis().disconnect();
    for (const uid of Object.values(meili.indexes))
      await meili.client
        .deleteIndex(uid)
        .waitTask()
        .catch(() => {});
    const redis = new Redis(services.redisUrl);
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
