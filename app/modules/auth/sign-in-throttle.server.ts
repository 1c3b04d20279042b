import type { Redis } from "ioredis";
import { type RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { createRedisLimiter } from "~/modules/auth/redis-limiter.server.ts";
import { getEnv } from "~/infra/env.server.ts";
import { redisReady } from "~/infra/redis.server.ts";

/**
 * Brute-force protection for sign-in, kept in Redis so every web process shares the counts:
 * failures per account (locks one account) and per IP (slows a password spray across accounts).
 * rate-limiter-flexible does the atomic counting; if Redis is unreachable it falls back to an in-process
 * limiter (insuranceLimiter), so sign-in neither fails nor becomes unthrottled.
 */
export type SignInThrottle = {
  /** Seconds until the caller may try again, or 0 when not locked. */
  lockedForSeconds(loginName: string, ip: string): Promise<number>;
  recordFailure(loginName: string, ip: string): Promise<void>;
  recordSuccess(loginName: string): Promise<void>;
};

export function createSignInThrottle(options: {
  redis: Redis;
  keyPrefix: string;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
}): SignInThrottle {
  const build = (name: string, points: number) =>
    createRedisLimiter({
      redis: options.redis,
      keyPrefix: `${options.keyPrefix}:sign-in:${name}`,
      points,
      durationSeconds: options.windowSeconds,
      blockSeconds: options.windowSeconds,
    });
  const perAccount = build("account", options.maxFailuresPerAccount);
  const perIp = build("ip", options.maxFailuresPerIp);
  // Login names are case-insensitive for counting so "Admin" and "admin" share one budget.
  const accountKey = (loginName: string) => loginName.trim().toLowerCase();

  async function secondsLeft(limiter: RateLimiterRedis, key: string): Promise<number> {
    const state = await limiter.get(key).catch(() => null);
    if (!state || state.consumedPoints < limiter.points) return 0;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  }

  return {
    async lockedForSeconds(loginName, ip) {
      await redisReady(options.redis);
      const [account, address] = await Promise.all([
        secondsLeft(perAccount, accountKey(loginName)),
        secondsLeft(perIp, ip),
      ]);
      return Math.max(account, address);
    },
    async recordFailure(loginName, ip) {
      // consume() rejects with a RateLimiterRes once the budget is spent; that is the expected "now locked" path.
      const swallowLimit = (error: unknown) => {
        if (!(error instanceof RateLimiterRes)) throw error;
      };
      await Promise.all([
        perAccount.consume(accountKey(loginName)).catch(swallowLimit),
        perIp.consume(ip).catch(swallowLimit),
      ]);
    },
    async recordSuccess(loginName) {
      await perAccount.delete(accountKey(loginName)).catch(() => undefined);
    },
  };
}

let shared: SignInThrottle | undefined;
export function getSignInThrottle(redis: Redis): SignInThrottle {
  const env = getEnv();
  shared ??= createSignInThrottle({
    redis,
    keyPrefix: env.REDIS_PREFIX,
    maxFailuresPerAccount: env.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerIp: env.SIGN_IN_MAX_FAILURES_PER_IP,
    windowSeconds: env.SIGN_IN_WINDOW_MINUTES * 60,
  });
  return shared;
}
