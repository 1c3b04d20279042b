import { describe, expect, it } from "vitest";
import { cookiesAreSecure, parseEnv, sessionSecret } from "../../app/infra/env.server.ts";

const good = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/jieyang_dev",
  SESSION_SECRET: "x".repeat(32),
} satisfies Record<string, string>;

describe("parseEnv", () => {
  it("accepts a minimal good environment and fills in the defaults", () => {
    const env = parseEnv(good);
    expect(env.DATABASE_URL).toBe(good.DATABASE_URL);
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.REDIS_PREFIX).toBe("{jieyang}");
    expect(env.MEILI_INDEX_PREFIX).toBe("jieyang_");
    expect(env.SESSION_IDLE_MINUTES).toBe(120);
    expect(env.TRUST_PROXY).toBe(false);
    expect(env.COOKIE_SECURE).toBeUndefined();
  });

  it("coerces numbers and booleans given as strings, as they come from process.env", () => {
    const env = parseEnv({
      ...good,
      SESSION_IDLE_MINUTES: "30",
      COOKIE_SECURE: "false",
      TRUST_PROXY: "true",
      NODE_ENV: "production",
    });
    expect(env.SESSION_IDLE_MINUTES).toBe(30);
    expect(env.TRUST_PROXY).toBe(true);
    expect(cookiesAreSecure(env)).toBe(false);
    expect(cookiesAreSecure(parseEnv({ ...good, NODE_ENV: "production" }))).toBe(true);
  });

  it("rejects a malformed DATABASE_URL with a readable message naming the variable", () => {
    expect(() => parseEnv({ ...good, DATABASE_URL: "not a url" })).toThrowError(
      /环境变量配置有误 \(invalid environment\)/,
    );
    expect(() => parseEnv({ ...good, DATABASE_URL: "not a url" })).toThrowError(
      /DATABASE_URL: DATABASE_URL 必须是 PostgreSQL 连接串/,
    );
  });

  it("rejects a short SESSION_SECRET, and only the web server needs one at all", () => {
    expect(() => parseEnv({ ...good, SESSION_SECRET: "short" })).toThrowError(
      /SESSION_SECRET: SESSION_SECRET 至少 32 个字符/,
    );
    // The worker, db:derive and the search CLI serve no sessions: they start without it.
    const withoutSecret = parseEnv({ DATABASE_URL: good.DATABASE_URL });
    expect(withoutSecret.SESSION_SECRET).toBeUndefined();
    expect(() => sessionSecret(withoutSecret)).toThrowError(/SESSION_SECRET: 网站服务需要至少 32 个字符/);
    expect(sessionSecret(parseEnv(good))).toBe(good.SESSION_SECRET);
  });

  it("reports every problem at once, one line each, without a stack of zod internals", () => {
    let message = "";
    try {
      parseEnv({ DATABASE_URL: "nope", SESSION_SECRET: "short", REDIS_URL: "http://x" });
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split("\n");
    expect(lines[0]).toBe("环境变量配置有误 (invalid environment):");
    expect(lines.slice(1)).toHaveLength(3);
    expect(lines.slice(1).every((line) => line.startsWith("  - "))).toBe(true);
    expect(message).toContain("REDIS_URL 必须以 redis:// 开头");
  });
  it("keeps a decliner's contact 30 days unless DECLINED_CONTACT_RETENTION_DAYS says otherwise, within 1–365", () => {
    expect(parseEnv(good).DECLINED_CONTACT_RETENTION_DAYS).toBe(30);
    expect(parseEnv({ ...good, DECLINED_CONTACT_RETENTION_DAYS: "7" }).DECLINED_CONTACT_RETENTION_DAYS).toBe(7);
    expect(() => parseEnv({ ...good, DECLINED_CONTACT_RETENTION_DAYS: "0" })).toThrowError(
      /DECLINED_CONTACT_RETENTION_DAYS: DECLINED_CONTACT_RETENTION_DAYS 必须在 1–365 之间/,
    );
    expect(() => parseEnv({ ...good, DECLINED_CONTACT_RETENTION_DAYS: "2.5" })).toThrowError(/必须是整数/);
    expect(() => parseEnv({ ...good, DECLINED_CONTACT_RETENTION_DAYS: "thirty" })).toThrowError(/必须是整数/);
  });
});
