import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { redisReady } from "~/infra/redis.server.ts";

/**
 * A Redis-backed counter shared by every web process, with an in-memory insurance limiter so a Redis outage
 * neither blocks the caller nor removes the limit (each process then counts on its own).
 */
export function createRedisLimiter(options: {
  redis: Redis;
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  blockSeconds?: number;
}): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
    blockDuration: options.blockSeconds ?? 0,
    insuranceLimiter: new RateLimiterMemory({ points: options.points, duration: options.durationSeconds }),
  });
}

/** A budget of `points` calls per `durationSeconds` and key; consume() answers the seconds to wait, 0 when allowed. */
export type CallBudget = { consume(key: string): Promise<number> };

export function createCallBudget(options: {
  redis: Redis;
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}): CallBudget {
  const limiter = createRedisLimiter(options);
  return {
    async consume(key) {
      await redisReady(options.redis);
      try {
        await limiter.consume(key);
        return 0;
      } catch (error) {
        if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw error;
      }
    },
  };
}
