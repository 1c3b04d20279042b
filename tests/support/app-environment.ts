/**
 * Gives one integration-test file its own world: a fresh migrated database, a Redis key prefix and a session
 * secret, wired into the app's environment before any app module reads it (each vitest file runs in its own
 * process). Cleans up the database and the Redis keys afterwards.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { createIsolatedDatabase } from "./database.ts";

export async function setUpAppEnvironment(label: string, overrides: Record<string, string> = {}) {
  const database = await createIsolatedDatabase(label);
  const redisPrefix = `{jytest-${label}-${randomBytes(4).toString("hex")}}`;
  Object.assign(process.env, {
    NODE_ENV: "test",
    DATABASE_URL: database.url,
    REDIS_PREFIX: redisPrefix,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    ...overrides,
  });
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

  async function tearDown() {
    const { getDb } = await import("~/infra/db.server.ts");
    const { getCommandRedis } = await import("~/infra/redis.server.ts");
    await getDb().$disconnect();
    getCommandRedis().disconnect();
    await database.drop();
    const redis = new Redis(redisUrl);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${redisPrefix}*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
    await redis.quit();
  }

  return { db: database.db, databaseUrl: database.url, redisPrefix, tearDown };
}
