import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";

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
