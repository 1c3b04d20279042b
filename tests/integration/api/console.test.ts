/**
 * 开放接口 on the institution admin's console: registering a client through the page shows its secret once,
 * and the listing afterwards shows only its hint; rotation and revocation through the page take effect.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { buildWorld, type World } from "../institution/scenario.ts";

const environment = await setUpAppEnvironment("api_console");
const db = environment.db;
const page = await import("~/routes/institution.api-clients.tsx");

let world: World;
let admin: RouteClient;
let csrf: string;
beforeAll(async () => {
  world = await buildWorld(db);
  admin = new RouteClient("198.51.100.20");
  csrf = await signIn(admin, world.users.adminA.loginName);
});
afterAll(async () => {
  await environment.tearDown();
});

it("registers a client, shows its secret once, then rotates and revokes it", async () => {
  const registered = await admin.post(page, "/institution/api-clients", {
    _csrf: csrf,
    _intent: "register",
    name: "甲银行信贷系统",
    scopes: ["leads:read", "outcomes:write"],
    ipAllowList: "198.51.100.0/24\n2001:db8::/32",
  });
  expect(registered.status).toBe(200);
  expect(registered.headers.get("Cache-Control")).toBe("no-store");
  const answer = (await registered.json()) as { intent: string; clientId: string; clientSecret: string };
  expect(answer.intent).toBe("registered");
  const client = await db.apiClient.findUniqueOrThrow({ where: { clientId: answer.clientId } });
  expect(client).toMatchObject({
    institutionId: world.institutions.bankA.id,
    scopes: ["leads:read", "outcomes:write"],
    ipAllowList: ["198.51.100.0/24", "2001:db8::/32"],
  });

  const listing = await admin.get(page, "/institution/api-clients");
  const listed = await listing.text();
  expect(listed).toContain(answer.clientId);
  expect(listed).not.toContain(answer.clientSecret);
  expect(listed).toContain(answer.clientSecret.slice(0, 8));

  const rotated = await admin.post(page, "/institution/api-clients", {
    _csrf: csrf,
    _intent: "rotate",
    apiClientId: client.id,
    overlapHours: "2",
  });
  const rotation = (await rotated.json()) as { intent: string; clientSecret: string };
  expect(rotation.intent).toBe("rotated");
  expect(rotation.clientSecret).not.toBe(answer.clientSecret);
  expect(await db.apiClientSecret.count({ where: { apiClientId: client.id, expiresAt: { not: null } } })).toBe(1);

  const badOverlap = await admin.post(page, "/institution/api-clients", {
    _csrf: csrf,
    _intent: "rotate",
    apiClientId: client.id,
    overlapHours: "-1",
  });
  expect(badOverlap.status).toBe(400);

  const revoked = await admin.post(page, "/institution/api-clients", {
    _csrf: csrf,
    _intent: "revoke",
    apiClientId: client.id,
  });
  expect(revoked.status).toBe(200);
  expect((await db.apiClient.findUniqueOrThrow({ where: { id: client.id } })).revokedAt).not.toBeNull();
  const again = await admin.post(page, "/institution/api-clients", {
    _csrf: csrf,
    _intent: "revoke",
    apiClientId: client.id,
  });
  expect(again.status).toBe(409);
});
