/**
 * The account pages through the real routes and Postgres. Changing one's password (/account/password) and the forced
 * change after an admin's one-time password: the current password is required, the new one follows the rule, other
 * sessions are signed out, and an invited officer can open nothing else until the password is theirs. Choosing
 * notification channels (/account/notifications).
 */
import { verifyPassword } from "~/modules/auth/password.server.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { createInstitution, createInstitutionAdmin, createOfficer, PASSWORD } from "../../support/world.ts";

const environment = await setUpAppEnvironment("password_change");
const db = environment.db;
const passwordPage = await import("~/routes/account.password.tsx");
const officerHome = await import("~/routes/officer._index.tsx");
const notifications = await import("~/routes/notifications.tsx");
const team = await import("~/modules/institution/team.server.ts");
const channelsPage = await import("~/routes/account.notifications.tsx");

let institutionId = "";
let adminId = "";

beforeAll(async () => {
  institutionId = (await createInstitution(db, { code: "PW-BANK", name: "测试银行揭阳分行", shortName: "测试银行" }))
    .id;
  adminId = (await createInstitutionAdmin(db, institutionId, { loginName: "inst.pw", displayName: "管理员" })).id;
  await createOfficer(db, institutionId, { loginName: "officer.pw", displayName: "王经理" });
});

afterAll(async () => {
  await environment.tearDown();
});

async function signedIn(
  loginName: string,
  password: string,
  ip: string,
): Promise<{ client: RouteClient; token: string }> {
  const client = new RouteClient(ip);
  return { client, token: await signIn(client, loginName, password) };
}

const post = (who: { client: RouteClient; token: string }, fields: Record<string, string>) =>
  who.client.post(passwordPage, "/account/password", { _csrf: who.token, ...fields });

it("refuses a wrong current password, a weak or mismatched new one, with Chinese messages and no change", async () => {
  const officer = await signedIn("officer.pw", PASSWORD, "198.51.100.31");
  const before = (await db.user.findUniqueOrThrow({ where: { loginName: "officer.pw" } })).passwordHash;
  const cases: [Record<string, string>, string, string][] = [
    [
      { currentPassword: "wrong-password-1", newPassword: "NewSecret2026", newPasswordConfirm: "NewSecret2026" },
      "currentPassword",
      "当前密码不正确",
    ],
    [{ currentPassword: PASSWORD, newPassword: "short1", newPasswordConfirm: "short1" }, "newPassword", "密码太短"],
    [
      { currentPassword: PASSWORD, newPassword: "onlyletters", newPasswordConfirm: "onlyletters" },
      "newPassword",
      "须同时包含字母和数字",
    ],
    [
      { currentPassword: PASSWORD, newPassword: "NewSecret2026", newPasswordConfirm: "NewSecret2027" },
      "newPasswordConfirm",
      "两次输入的新密码不一致",
    ],
    [
      { currentPassword: PASSWORD, newPassword: PASSWORD, newPasswordConfirm: PASSWORD },
      "newPassword",
      "新密码不能与当前密码相同",
    ],
  ];
  for (const [fields, field, message] of cases) {
    const response = await post(officer, fields);
    expect(response.status, message).toBe(400);
    expect((await readJson<{ fieldErrors: Record<string, string> }>(response)).fieldErrors[field]).toContain(message);
  }
  expect((await db.user.findUniqueOrThrow({ where: { loginName: "officer.pw" } })).passwordHash).toBe(before);
  expect(await db.auditLog.count({ where: { action: "PASSWORD_CHANGE_FAILED" } })).toBe(1);
});

it("changes the password: the old one stops working, other sessions are signed out, this one stays", async () => {
  const here = await signedIn("officer.pw", PASSWORD, "198.51.100.32");
  const elsewhere = await signedIn("officer.pw", PASSWORD, "198.51.100.33");
  const response = await post(here, {
    currentPassword: PASSWORD,
    newPassword: "NewSecret2026",
    newPasswordConfirm: "NewSecret2026",
  });
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/officer");

  const user = await db.user.findUniqueOrThrow({ where: { loginName: "officer.pw" } });
  expect(await verifyPassword(user.passwordHash, "NewSecret2026")).toBe(true);
  expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(false);
  expect((await here.client.get(officerHome, "/officer")).status).toBe(200);
  expect((await elsewhere.client.get(officerHome, "/officer")).status).toBe(401);
  const audit = await db.auditLog.findFirstOrThrow({ where: { action: "PASSWORD_CHANGED", subjectId: user.id } });
  expect(JSON.stringify(audit)).not.toContain("NewSecret2026");
});

it("sends an officer invited with a one-time password to the password page until they choose their own", async () => {
  const invited = await team.inviteOfficer(db, {
    actor: { userId: adminId, role: "INSTITUTION_ADMIN", institutionId },
    fields: { displayName: "李经理", loginName: "officer.new" },
  });
  if (!invited.ok) throw new Error("invite failed");
  const officer = await signedIn("officer.new", invited.password, "198.51.100.34");

  for (const [route, path] of [
    [officerHome, "/officer"],
    [notifications, "/notifications"],
  ] as const) {
    const response = await officer.client.get(route, path);
    expect(response.status, path).toBe(302);
    expect(response.headers.get("Location")).toBe("/account/password?required=1");
  }
  const page = await readJson<{ required: boolean }>(await officer.client.get(passwordPage, "/account/password"));
  expect(page.required).toBe(true);

  expect(
    (
      await post(officer, {
        currentPassword: invited.password,
        newPassword: "MyOwnSecret88",
        newPasswordConfirm: "MyOwnSecret88",
      })
    ).status,
  ).toBe(302);
  expect((await db.user.findUniqueOrThrow({ where: { loginName: "officer.new" } })).mustChangePassword).toBe(false);
  expect((await officer.client.get(officerHome, "/officer")).status).toBe(200);
});

it("is for signed-in users only", async () => {
  const anonymous = new RouteClient("198.51.100.35");
  expect((await anonymous.get(passwordPage, "/account/password")).status).toBe(401);
});

it("saves the user's notification channels (an unticked box is no), audited", async () => {
  const officer = await signedIn("officer.pw", "NewSecret2026", "198.51.100.36");
  const shown = await readJson<{ notifyByEmail: boolean; notifyBySms: boolean }>(
    await officer.client.get(channelsPage, "/account/notifications"),
  );
  expect(shown).toMatchObject({ notifyByEmail: true, notifyBySms: true });
  const response = await officer.client.post(channelsPage, "/account/notifications", {
    _csrf: officer.token,
    notifyBySms: "on",
  });
  expect(response.status).toBe(200);
  expect(
    await db.user.findUniqueOrThrow({
      where: { loginName: "officer.pw" },
      select: { notifyByEmail: true, notifyBySms: true },
    }),
  ).toEqual({ notifyByEmail: false, notifyBySms: true });
  expect(await db.auditLog.count({ where: { action: "NOTIFICATION_CHANNELS_CHANGED" } })).toBe(1);
  expect((await new RouteClient("198.51.100.37").get(channelsPage, "/account/notifications")).status).toBe(401);
});

it("throttles the current-password check like sign-in: 8 wrong tries lock it, even for the right password", async () => {
  await createOfficer(db, institutionId, { loginName: "officer.pw.lock", displayName: "李经理" });
  const officer = await signedIn("officer.pw.lock", PASSWORD, "198.51.100.41");
  const before = (await db.user.findUniqueOrThrow({ where: { loginName: "officer.pw.lock" } })).passwordHash;
  const statuses: number[] = [];
  for (let attempt = 1; attempt <= 8; attempt++) {
    const response = await post(officer, {
      currentPassword: `wrong-guess-${attempt}`,
      newPassword: "NewSecret2026",
      newPasswordConfirm: "NewSecret2026",
    });
    statuses.push(response.status);
  }
  // The sign-in budget per account (SIGN_IN_MAX_FAILURES_PER_ACCOUNT, 5 by default) is spent, then locked.
  expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429]);
  const locked = await post(officer, {
    currentPassword: PASSWORD,
    newPassword: "NewSecret2026",
    newPasswordConfirm: "NewSecret2026",
  });
  expect(locked.status).toBe(429);
  expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
  expect((await readJson<{ fieldErrors: Record<string, string> }>(locked)).fieldErrors.currentPassword).toMatch(
    /错误次数过多，已暂时锁定，请 \d+ 分钟后再试/,
  );
  expect((await db.user.findUniqueOrThrow({ where: { loginName: "officer.pw.lock" } })).passwordHash).toBe(before);
  expect(
    await db.auditLog.count({ where: { action: "PASSWORD_CHANGE_FAILED", actor: { loginName: "officer.pw.lock" } } }),
  ).toBe(5);
  // The same budget as sign-in: the account is locked at /login too.
  const login = await import("~/routes/login.tsx");
  const { csrfTokenOf } = await import("../../support/sign-in.ts");
  const stranger = new RouteClient("198.51.100.42");
  const signInAttempt = await stranger.post(login, "/login", {
    _csrf: await csrfTokenOf(stranger),
    loginName: "officer.pw.lock",
    password: PASSWORD,
  });
  expect(signInAttempt.status).toBe(429);
});
