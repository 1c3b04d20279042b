import { Redis, type RedisOptions } from "ioredis";
import { getEnv } from "~/infra/env.server.ts";

/**
 * All Redis connections are made here. Request-path code uses the "command" connection, which fails fast when
 * Redis is unreachable so a request never hangs on it; BullMQ workers need `maxRetriesPerRequest: null` and get
 * their own connection from `createWorkerRedis`.
 */
export function createCommandRedis(url = getEnv().REDIS_URL): Redis {
  const options: RedisOptions = {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  };
  const redis = new Redis(url, options);
  // Without a listener ioredis prints every reconnect failure as an unhandled error.
  redis.on("error", () => {});
  return redis;
}

export function createWorkerRedis(url = getEnv().REDIS_URL): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
  redis.on("error", () => {});
  return redis;
}

const globalForRedis = globalThis as unknown as { __jieyangRedis?: Redis };

export function getCommandRedis(): Redis {
  globalForRedis.__jieyangRedis ??= createCommandRedis();
  return globalForRedis.__jieyangRedis;
}

/** Prefixes a key with the deployment's REDIS_PREFIX so test runs and environments never collide. */
export function redisKey(...parts: string[]): string {
  return [getEnv().REDIS_PREFIX, ...parts].join(":");
}

/**
 * Waits (briefly) for the command connection to be ready. Right after start-up the first commands would otherwise
 * fail at once (no offline queue) and, e.g., a rate limiter would count them in its in-memory fallback instead of
 * Redis. Resolves false when Redis is still not ready after `timeoutMs` — callers then proceed with their fallback.
 */
export function redisReady(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  if (redis.status === "ready") return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.once("ready", onReady);
  });
}
