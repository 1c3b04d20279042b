/**
 * Naming and clean-up of one test run's private resources on the shared Postgres, Redis and Meilisearch.
 *
 * Several engineers (and CI) run the suite at the same time against the same servers, so everything a run creates
 * carries the run id, and clean-up deletes only names carrying it:
 *   databases   jy_test_run_<id> (vitest), jy_test_<id>_<anything> (e2e, and any a test creates itself)
 *   Redis keys  {jytest-<id>}…  and {jytest-<id>-e2e}…
 *   indexes     jytest_<id>_…   and jytest_<id>_e2e_…
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { adminQuery, dropDatabase, withDatabase, type Services } from "./services.ts";

export interface RunNames {
  id: string;
  database: string;
  e2eDatabase: string;
  /** Databases a test creates for itself (e.g. a fresh one to check migrations) must start with this. */
  databasePrefix: string;
  redisPrefix: string;
  e2eRedisPrefix: string;
  meiliIndexPrefix: string;
  e2eMeiliIndexPrefix: string;
}

/** Fixed length (8 time + 6 random base36 chars) so no run id is a prefix of another. */
export function newRunId(): string {
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  const random = BigInt(`0x${randomBytes(5).toString("hex")}`)
    .toString(36)
    .padStart(8, "0")
    .slice(-6);
  return `${time}${random}`;
}

export function runNames(id: string): RunNames {
  return {
    id,
    database: `jy_test_run_${id}`,
    e2eDatabase: `jy_test_${id}_e2e`,
    databasePrefix: `jy_test_${id}_`,
    redisPrefix: `{jytest-${id}}`,
    e2eRedisPrefix: `{jytest-${id}-e2e}`,
    meiliIndexPrefix: `jytest_${id}_`,
    e2eMeiliIndexPrefix: `jytest_${id}_e2e_`,
  };
}

/** The environment the app, the migrations and the tests see for one part of the run (vitest or e2e). */
export function runEnv(
  services: Services,
  names: RunNames,
  part: "vitest" | "e2e",
  sessionSecret: string,
): Record<string, string> {
  const env: Record<string, string> = {
    DATABASE_URL: withDatabase(services.postgresAdminUrl, part === "vitest" ? names.database : names.e2eDatabase),
    REDIS_URL: services.redisUrl,
    REDIS_PREFIX: part === "vitest" ? names.redisPrefix : names.e2eRedisPrefix,
    MEILI_URL: services.meiliUrl,
    MEILI_INDEX_PREFIX: part === "vitest" ? names.meiliIndexPrefix : names.e2eMeiliIndexPrefix,
    SESSION_SECRET: sessionSecret,
    COOKIE_SECURE: "false",
    JY_TEST_RUN_ID: names.id,
    JY_TEST_DB_PREFIX: names.databasePrefix,
    JY_TEST_ADMIN_DATABASE_URL: services.postgresAdminUrl,
  };
  if (services.meiliMasterKey) env.MEILI_MASTER_KEY = services.meiliMasterKey;
  return env;
}

/** Removes everything the run created. Each step is independent: one failing must not skip the others. */
export async function cleanupRun(services: Services, names: RunNames): Promise<string[]> {
  const problems: string[] = [];
  try {
    const rows = await adminQuery<{ datname: string }>(
      services.postgresAdminUrl,
      // `_` is a LIKE wildcard, so escape it; only names carrying this run's id match.
      "select datname from pg_database where datname = $1 or datname like $2",
      [names.database, `${names.databasePrefix.replaceAll("_", "\\_")}%`],
    );
    for (const { datname } of rows) await dropDatabase(services.postgresAdminUrl, datname);
  } catch (error) {
    problems.push(`Postgres: ${(error as Error).message}`);
  }

  const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3_000 });
  redis.on("error", () => {});
  try {
    // `{` and `}` are not glob characters; `*` after the id covers both the vitest and the e2e prefix.
    const match = `{jytest-${names.id}*`;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", match, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== "0");
  } catch (error) {
    problems.push(`Redis: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }

  try {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (services.meiliMasterKey) headers.authorization = `Bearer ${services.meiliMasterKey}`;
    const response = await fetch(new URL("/indexes?limit=1000", services.meiliUrl), { headers });
    if (!response.ok) throw new Error(`GET /indexes answered ${response.status}`);
    const body = (await response.json()) as { results: { uid: string }[] };
    for (const { uid } of body.results.filter((index) => index.uid.startsWith(names.meiliIndexPrefix))) {
      const deleted = await fetch(new URL(`/indexes/${encodeURIComponent(uid)}`, services.meiliUrl), {
        method: "DELETE",
        headers,
      });
      if (!deleted.ok && deleted.status !== 404) throw new Error(`DELETE /indexes/${uid} answered ${deleted.status}`);
    }
  } catch (error) {
    problems.push(`Meilisearch: ${(error as Error).message}`);
  }
  return problems;
}
