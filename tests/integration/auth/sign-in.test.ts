import type { Role } from "~/generated/prisma/enums.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { csrfTokenOf, submitSignIn } from "../../support/sign-in.ts";
import { createBureauUser, createUserPerRole, PASSWORD } from "../../support/world.ts";

// Small limits so the lockout paths are quick to reach; set before any app module reads the environment.
const environment = await setUpAppEnvironment("auth", {
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: "3",
  SIGN_IN_MAX_FAILURES_PER_IP: "6",
});
const db = environment.db;
const root = await import("~/root.tsx");
const login = await import("~/routes/login.tsx");
const logout = await import("~/routes/logout.tsx");
const homes = {
  ENTERPRISE: { path: "/enterprise", route: await import("~/routes/enterprise._index.tsx") },
  OFFICER: { path: "/officer", route: await import("~/routes/officer._index.tsx") },
  INSTITUTION_ADMIN: { path: "/institution", route: await import("~/routes/institution._index.tsx") },
  BUREAU: { path: "/bureau", route: await import("~/routes/bureau._index.tsx") },
  ADMIN: { path: "/admin", route: await import("~/routes/admin._index.tsx") },
} satisfies Record<Role, unknown>;

const LOCKOUT_USER = "lockout.test";
const users: Record<Role, string> = {
  ENTERPRISE: "13800009901",
  OFFICER: "officer.test",
  INSTITUTION_ADMIN: "inst.test",
  BUREAU: "bureau.test",
  ADMIN: "admin.test",
};

beforeAll(async () => {
  await createUserPerRole(db, users);
  // An account of its own for the lockout test, so locking it cannot disturb the other tests.
  await createBureauUser(db, { loginName: LOCKOUT_USER });
});

afterAll(async () => {
  await environment.tearDown();
});

describe("sign-in", () => {
  it("signs each role in and sends it to its own home page, which then loads", async () => {
    for (const [role, loginName] of Object.entries(users) as [Role, string][]) {
      const client = new RouteClient(`198.51.100.${Object.keys(users).indexOf(role) + 1}`);
      const response = await submitSignIn(client, loginName);
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(homes[role].path);
      const setCookie = response.headers.get("Set-Cookie") ?? "";
      expect(setCookie).toMatch(/jy_session=/);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      const home = await client.get(homes[role].route, homes[role].path);
      expect(home.status).toBe(200);
    }
  });

  it("rejects a wrong password and an unknown account with the same Chinese message and no session", async () => {
    const client = new RouteClient("198.51.100.20");
    const before = await db.session.count();
    for (const [loginName, password] of [
      [users.BUREAU, "wrong-password"],
      ["no.such.user", PASSWORD],
    ] as const) {
      const response = await submitSignIn(client, loginName, password);
      expect(response.status).toBe(401);
      expect((await readJson(response)).formError).toBe("账号或密码不正确，请重新输入。");
    }
    expect(await db.session.count()).toBe(before);
    const failures = await db.auditLog.count({ where: { action: "SIGN_IN_FAILED" } });
    expect(failures).toBeGreaterThanOrEqual(2);
  });

  it("answers empty fields with 400 and a message next to each field", async () => {
    const client = new RouteClient("198.51.100.21");
    const csrf = await csrfTokenOf(client);
    const response = await client.post(login, "/login", { _csrf: csrf, loginName: "  ", password: "" });
    expect(response.status).toBe(400);
    const body = await readJson<{ fieldErrors: Record<string, string> }>(response);
    expect(body.fieldErrors.loginName).toBe("请输入账号或手机号");
    expect(body.fieldErrors.password).toBe("请输入密码");
  });

  it("locks an account after repeated failures, even against the right password, and says so in Chinese", async () => {
    const client = new RouteClient("198.51.100.22");
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await submitSignIn(client, LOCKOUT_USER, "bad")).status).toBe(401);
    }
    const locked = await submitSignIn(client, LOCKOUT_USER, PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await readJson(locked)).formError).toMatch(/登录失败次数过多/);
    // The lock lives in Redis under this run's prefix, so every web process sees it.
    expect(await db.session.count({ where: { user: { loginName: LOCKOUT_USER } } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "SIGN_IN_LOCKED" } })).toBeGreaterThan(0);
  });

  it("limits failures per IP address across different accounts", async () => {
    const client = new RouteClient("198.51.100.23");
    for (let attempt = 0; attempt < 6; attempt++) {
      await submitSignIn(client, `spray.${attempt}`, "guess");
    }
    const response = await submitSignIn(client, users.OFFICER, PASSWORD);
    expect(response.status).toBe(429);
    // Another address is not affected.
    const other = await submitSignIn(new RouteClient("198.51.100.24"), users.OFFICER, PASSWORD);
    expect(other.status).toBe(302);
  });

  it("rotates the session at sign-in: the session the browser had before is gone", async () => {
    const client = new RouteClient("198.51.100.25");
    await submitSignIn(client, users.BUREAU);
    const first = await db.session.findMany({ where: { user: { loginName: users.BUREAU } }, select: { id: true } });
    await submitSignIn(client, users.BUREAU);
    const second = await db.session.findMany({ where: { user: { loginName: users.BUREAU } }, select: { id: true } });
    const firstIds = new Set(first.map((row: { id: string }) => row.id));
    expect(second.length).toBe(first.length);
    expect(second.some((row: { id: string }) => !firstIds.has(row.id))).toBe(true);
  });

  it("expires a session after inactivity", async () => {
    const client = new RouteClient("198.51.100.26");
    await submitSignIn(client, users.ENTERPRISE);
    expect((await client.get(homes.ENTERPRISE.route, "/enterprise")).status).toBe(200);
    await db.session.updateMany({
      where: { user: { loginName: users.ENTERPRISE } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await client.get(homes.ENTERPRISE.route, "/enterprise")).status).toBe(401);
  });

  it("sweeps expired sessions and keeps live ones", async () => {
    const { deleteExpiredSessions } = await import("~/modules/auth/sessions.server.ts");
    const client = new RouteClient("198.51.100.28");
    await submitSignIn(client, users.OFFICER);
    const user = await db.user.findUniqueOrThrow({ where: { loginName: users.OFFICER }, select: { id: true } });
    await db.session.create({
      data: {
        id: "expired-session-for-sweep",
        userId: user.id,
        csrfToken: "t",
        expiresAt: new Date(Date.now() - 60_000),
      },
    });
    expect(await deleteExpiredSessions(db)).toBeGreaterThanOrEqual(1);
    expect(await db.session.findUnique({ where: { id: "expired-session-for-sweep" } })).toBeNull();
    expect((await client.get(homes.OFFICER.route, "/officer")).status).toBe(200);
  });

  it("signs out only with a valid CSRF token, and the session is then gone", async () => {
    const client = new RouteClient("198.51.100.27");
    await submitSignIn(client, users.BUREAU);
    const withoutToken = await client.post(logout, "/logout", {});
    expect(withoutToken.status).toBe(403);
    expect((await client.get(homes.BUREAU.route, "/bureau")).status).toBe(200);
    const token = (await readJson<{ csrfToken: string }>(await client.get(root, "/bureau"))).csrfToken;
    const signedOut = await client.post(logout, "/logout", { _csrf: token });
    expect(signedOut.status).toBe(302);
    expect((await client.get(homes.BUREAU.route, "/bureau")).status).toBe(401);
  });
});

describe("CSRF", () => {
  it("refuses a sign-in post without a token, with a forged token, or from another origin", async () => {
    const client = new RouteClient("198.51.100.30");
    const token = await csrfTokenOf(client);
    const missing = await client.post(login, "/login", { loginName: users.BUREAU, password: PASSWORD });
    const forged = await client.post(login, "/login", { _csrf: "forged", loginName: users.BUREAU, password: PASSWORD });
    const crossSite = await client.post(
      login,
      "/login",
      { _csrf: token, loginName: users.BUREAU, password: PASSWORD },
      { headers: { Origin: "https://evil.example" } },
    );
    const opaque = await client.post(
      login,
      "/login",
      { _csrf: token, loginName: users.BUREAU, password: PASSWORD },
      { headers: { Origin: "null" } },
    );
    for (const response of [missing, forged]) {
      expect(response.status).toBe(403);
      expect((await readJson(response)).message).toMatch(/页面已过期或请求来源不明/);
    }
    // A right token does not make a post from another site (or an opaque origin) acceptable.
    for (const response of [crossSite, opaque]) {
      expect(response.status).toBe(403);
      expect((await readJson(response)).message).toMatch(/来自其他网站或无法识别的来源/);
    }
  });

  it("does not accept another browser's token", async () => {
    const victim = new RouteClient("198.51.100.31");
    const attacker = new RouteClient("198.51.100.32");
    await csrfTokenOf(victim);
    const attackerToken = await csrfTokenOf(attacker);
    const response = await victim.post(login, "/login", {
      _csrf: attackerToken,
      loginName: users.BUREAU,
      password: PASSWORD,
    });
    expect(response.status).toBe(403);
  });
});

describe("role guard", () => {
  it("answers 401 to anonymous visitors and 403 to every other role on each role's home page", async () => {
    const clients = {} as Record<Role, RouteClient>;
    let n = 40;
    for (const [role, loginName] of Object.entries(users) as [Role, string][]) {
      clients[role] = new RouteClient(`198.51.100.${n++}`);
      expect((await submitSignIn(clients[role], loginName)).status).toBe(302);
    }
    for (const [pageRole, { path, route }] of Object.entries(homes) as [Role, (typeof homes)[Role]][]) {
      const anonymous = await new RouteClient("198.51.100.60").get(route, path);
      expect(anonymous.status).toBe(401);
      expect((await readJson(anonymous)).message).toBe("请先登录后再访问此页面");
      for (const role of Object.keys(users) as Role[]) {
        const response = await clients[role].get(route, path);
        expect(response.status, `${role} on ${path}`).toBe(role === pageRole ? 200 : 403);
      }
    }
  });
});
