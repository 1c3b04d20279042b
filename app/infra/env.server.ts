import { z } from "zod";

/**
 * The environment, parsed once at start-up. A missing or malformed variable stops the process with one readable
 * line per problem instead of failing later in the middle of a request. Nothing here is ever sent to the browser.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.url({
    message: "DATABASE_URL 必须是 PostgreSQL 连接串，例如 postgresql://postgres@127.0.0.1:5432/jieyang",
  }),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "REDIS_URL 必须以 redis:// 开头")
    .default("redis://127.0.0.1:6379"),
  /** Prefix for every Redis key and BullMQ queue; a hash tag keeps a deployment's keys in one Redis Cluster slot. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]+$/)
    .default("{jieyang}"),
  MEILI_URL: z.url().default("http://127.0.0.1:7700"),
  MEILI_MASTER_KEY: z.string().min(16, "MEILI_MASTER_KEY 至少 16 个字符").optional(),
  /**
   * A key with fewer rights than the master key, used instead of it when set: the web process gets one limited to
   * searching and updating lead documents on its own indexes (search/keys.ts); the worker keeps the master key.
   */
  MEILI_API_KEY: z.string().min(16, "MEILI_API_KEY 至少 16 个字符").optional(),
  /** Prefix for Meilisearch index names, so environments and test runs share one server safely. */
  MEILI_INDEX_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .default("jieyang_"),
  /**
   * Signs the session and CSRF cookies. Required by the web server only (sessionSecret() below): commands that serve
   * no sessions — the worker, `npm run db:derive`, the search CLI — run without it.
   */
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET 至少 32 个字符").optional(),
  /** Sign the user out after this many minutes without a request. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  /** Sign-in attempts allowed per account, and per IP address, within the window before a temporary lock. */
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  SIGN_IN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** New accounts one client address may register per hour. */
  SIGN_UP_MAX_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /** Open API calls one client may make per minute before it is answered 429 with Retry-After. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  /**
   * Active engagements one need may have at once (docs/domain.md#the-cap-on-active-engagements: 3 by default), so
   * enterprises are never flooded.
   */
  MAX_ACTIVE_ENGAGEMENTS_PER_NEED: z.coerce
    .number({ message: "MAX_ACTIVE_ENGAGEMENTS_PER_NEED 必须是整数 (must be a whole number)" })
    .int("MAX_ACTIVE_ENGAGEMENTS_PER_NEED 必须是整数 (must be a whole number)")
    .min(1, "MAX_ACTIVE_ENGAGEMENTS_PER_NEED 必须在 1–20 之间 (must be 1–20)")
    .max(20, "MAX_ACTIVE_ENGAGEMENTS_PER_NEED 必须在 1–20 之间 (must be 1–20)")
    .default(3),
  /** Working days from acceptance to a decision where the need's region (or its ancestors) sets none. */
  DECISION_DEADLINE_WORKING_DAYS: z.coerce
    .number({ message: "DECISION_DEADLINE_WORKING_DAYS 必须是整数 (must be a whole number)" })
    .int("DECISION_DEADLINE_WORKING_DAYS 必须是整数 (must be a whole number)")
    .min(1, "DECISION_DEADLINE_WORKING_DAYS 必须在 1–120 之间 (must be 1–120)")
    .max(120, "DECISION_DEADLINE_WORKING_DAYS 必须在 1–120 之间 (must be 1–120)")
    .default(15),
  /**
   * Days an institution that declined (or withdrew from) an engagement keeps seeing the enterprise's contact; after
   * that the engagement shows the anonymised lead again (issue 16: data minimisation after the relationship ends).
   */
  DECLINED_CONTACT_RETENTION_DAYS: z.coerce
    .number({ message: "DECLINED_CONTACT_RETENTION_DAYS 必须是整数 (must be a whole number)" })
    .int("DECLINED_CONTACT_RETENTION_DAYS 必须是整数 (must be a whole number)")
    .min(1, "DECLINED_CONTACT_RETENTION_DAYS 必须在 1–365 之间 (must be 1–365)")
    .max(365, "DECLINED_CONTACT_RETENTION_DAYS 必须在 1–365 之间 (must be 1–365)")
    .default(30),
  /** Cookies get the Secure flag unless explicitly disabled (plain-HTTP local demo). */
  COOKIE_SECURE: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === "true")),
  /** Trust X-Forwarded-For from a reverse proxy for the client IP (sign-in throttling, audit). */
  TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`环境变量配置有误 (invalid environment):\n${lines.join("\n")}`);
  }
  return result.data;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The cookie-signing secret; the web server cannot start without it (server/index.js checks it at start). */
export function sessionSecret(env: Env = getEnv()): string {
  if (!env.SESSION_SECRET)
    throw new Error(
      "环境变量配置有误 (invalid environment):\n  - SESSION_SECRET: 网站服务需要至少 32 个字符的 SESSION_SECRET（用于签名会话与 CSRF Cookie）",
    );
  return env.SESSION_SECRET;
}

/** Secure cookies in production unless COOKIE_SECURE=false says the deployment is plain HTTP. */
export function cookiesAreSecure(env: Env = getEnv()): boolean {
  return env.COOKIE_SECURE ?? env.NODE_ENV === "production";
}
