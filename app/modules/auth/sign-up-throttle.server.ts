import type { Redis } from "ioredis";
import { RateLimiterRes } from "rate-limiter-flexible";
import { createRedisLimiter } from "~/modules/auth/redis-limiter.server.ts";
import { getEnv } from "~/infra/env.server.ts";
import { redisReady } from "~/infra/redis.server.ts";

/**
 * Limits how many accounts one client address may create per hour, so a script cannot fill the platform with
 * throw-away enterprise accounts. Counted in Redis (shared by every web process); an in-memory insurance limiter
 * keeps counting if Redis is unreachable.
 */
export type SignUpThrottle = {
  /** Counts one sign-up; returns seconds to wait when the address is over its budget, else 0. */
  consume(ip: string): Promise<number>;
};

let shared: SignUpThrottle | undefined;

export function getSignUpThrottle(redis: Redis): SignUpThrottle {
  if (shared) return shared;
  const env = getEnv();
  const limiter = createRedisLimiter({
    redis,
    keyPrefix: `${env.REDIS_PREFIX}:sign-up:ip`,
    points: env.SIGN_UP_MAX_PER_IP_PER_HOUR,
    durationSeconds: 3_600,
  });
  shared = {
    async consume(ip) {
      await redisReady(redis);
      try {
        await limiter.consume(ip);
        return 0;
      } catch (error) {
        if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw error;
      }
    },
  };
  return shared;
}
