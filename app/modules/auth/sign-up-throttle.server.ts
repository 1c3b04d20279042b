import type { Redis } from "ioredis";
import { createCallBudget, type CallBudget } from "~/modules/auth/redis-limiter.server.ts";
import { getEnv } from "~/infra/env.server.ts";

/**
 * Limits how many accounts one client address may create per hour, so a script cannot fill the platform with
 * throw-away enterprise accounts. Counted in Redis (shared by every web process); an in-memory insurance limiter
 * keeps counting if Redis is unreachable.
 */
export type SignUpThrottle = CallBudget;

let shared: SignUpThrottle | undefined;

export function getSignUpThrottle(redis: Redis): SignUpThrottle {
  const env = getEnv();
  shared ??= createCallBudget({
    redis,
    keyPrefix: `${env.REDIS_PREFIX}:sign-up:ip`,
    points: env.SIGN_UP_MAX_PER_IP_PER_HOUR,
    durationSeconds: 3_600,
  });
  return shared;
}
