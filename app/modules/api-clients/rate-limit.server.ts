import type { Redis } from "ioredis";
import { RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "~/infra/env.server.ts";
import { redisReady } from "~/infra/redis.server.ts";
import { createRedisLimiter } from "~/modules/auth/redis-limiter.server.ts";

/**
 * A per-client budget of API calls per minute (API_RATE_LIMIT_PER_MINUTE), counted in Redis so every web process
 * shares it; the in-memory insurance limiter keeps a limit while Redis is away.
 */
export type ApiRateLimit = {
  /** Counts one call; returns seconds to wait when the client is over its budget, else 0. */
  consume(apiClientId: string): Promise<number>;
};

let shared: ApiRateLimit | undefined;

export function getApiRateLimit(redis: Redis): ApiRateLimit {
  if (shared) return shared;
  const env = getEnv();
  const limiter = createRedisLimiter({
    redis,
    keyPrefix: `${env.REDIS_PREFIX}:api:client`,
    points: env.API_RATE_LIMIT_PER_MINUTE,
    durationSeconds: 60,
  });
  shared = {
    async consume(apiClientId) {
      await redisReady(redis);
      try {
        await limiter.consume(apiClientId);
        return 0;
      } catch (error) {
        if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw error;
      }
    },
  };
  return shared;
}
