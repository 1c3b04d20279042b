import type { Redis } from "ioredis";
import { getEnv } from "~/infra/env.server.ts";
import { createCallBudget, type CallBudget } from "~/modules/auth/redis-limiter.server.ts";

/**
 * A per-client budget of API calls per minute (API_RATE_LIMIT_PER_MINUTE), counted in Redis so every web process
 * shares it; the in-memory insurance limiter keeps a limit while Redis is away. consume(apiClientId) answers the
 * seconds to wait (the Retry-After of a 429), 0 when the call may go ahead.
 */
let shared: CallBudget | undefined;

export function getApiRateLimit(redis: Redis): CallBudget {
  const env = getEnv();
  shared ??= createCallBudget({
    redis,
    keyPrefix: `${env.REDIS_PREFIX}:api:client`,
    points: env.API_RATE_LIMIT_PER_MINUTE,
    durationSeconds: 60,
  });
  return shared;
}
