/**
 * Webhook endpoints on the institution admin's 系统对接 page: registering one (secret generated and shown once,
 * audited without it), refusing bad addresses with no row written, other institutions' endpoints out of reach, and
 * re-enabling an endpoint the worker disabled — which clears its failure count — against a real Postgres.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { actorOf, buildWorld, statusOf, type World } from "./scenario.ts";

const environment = await setUpAppEnvironment("inst_webhooks");
const db = environment.db;
const webhooks = await import("~/modules/institution/webhooks.server.ts");
const page = await import("~/routes/institution.webhooks.tsx");

let world: World;
beforeAll(async () => {
  world = await buildWorld(db);
});
afterAll(async () => {
  await environment.tearDown();
});

async function signedIn(loginName: string): Promise<{ client: RouteClient; token: string }> {
  const client = new RouteClient("198.51.100.77");
  return { client, token: await signIn(client, loginName) };
}

it("registers an endpoint through the page: the secret is in that response only and never in the audit log", async () => {
  const { client, token } = await signedIn(world.users.adminA.loginName);
  const response = await client.post(page, "/institution/webhooks", {
    _csrf: token,
    _intent: "add",
    url: "http://127.0.0.1:4010/jieyang/leads",
  });
  expect(response.status).toBe(200);
  const added = await readJson<{ intent: string; url: string; secret: string }>(response);
  expect(added).toMatchObject({ intent: "added", url: "http://127.0.0.1:4010/jieyang/leads" });
  expect(added.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);

  const stored = await db.webhookEndpoint.findFirstOrThrow({ where: { institutionId: world.institutions.bankA.id } });
  expect(stored).toMatchObject({ url: added.url, secret: added.secret, isEnabled: true, consecutiveFailures: 0 });
  const audit = await db.auditLog.findFirstOrThrow({
    where: { action: "WEBHOOK_ENDPOINT_CREATED", subjectId: stored.id },
  });
  expect(JSON.stringify(audit)).not.toContain(added.secret);
  // The page lists it afterwards, without the secret.
  const listed = await (await client.get(page, "/institution/webhooks")).text();
  expect(listed).toContain(added.url);
  expect(listed).not.toContain(added.secret);
});

it("refuses a bad address with a Chinese message and a 400, writing nothing", async () => {
  const { client, token } = await signedIn(world.users.adminB.loginName);
  const before = await db.webhookEndpoint.count();
  for (const [url, message] of [
    ["", "请填写回调地址"],
    ["not a url", "请填写完整的网址"],
    ["https://user:secret@bank.example.com/hook", "回调地址不能包含用户名或密码"],
  ] as const) {
    const response = await client.post(page, "/institution/webhooks", { _csrf: token, _intent: "add", url });
    expect(response.status, url).toBe(400);
    expect((await readJson<{ fieldErrors: { url: string } }>(response)).fieldErrors.url).toContain(message);
  }
  expect(await db.webhookEndpoint.count()).toBe(before);
});

it("refuses the same address twice and more than the per-institution limit", async () => {
  const actor = actorOf(world.users.adminB);
  const first = await webhooks.registerWebhookEndpoint(db, {
    actor,
    url: "https://bank-b.example.com/hook/0",
    production: true,
  });
  expect(first.ok).toBe(true);
  expect(
    await webhooks.registerWebhookEndpoint(db, { actor, url: "https://bank-b.example.com/hook/0", production: true }),
  ).toEqual({ ok: false, fieldErrors: { url: "该回调地址已登记" } });
  for (let index = 1; index < webhooks.MAX_ENDPOINTS_PER_INSTITUTION; index++) {
    expect(
      (
        await webhooks.registerWebhookEndpoint(db, {
          actor,
          url: `https://bank-b.example.com/hook/${index}`,
          production: true,
        })
      ).ok,
    ).toBe(true);
  }
  const over = await webhooks.registerWebhookEndpoint(db, {
    actor,
    url: "https://bank-b.example.com/hook/extra",
    production: true,
  });
  expect(over.ok).toBe(false);
  expect(await db.webhookEndpoint.count({ where: { institutionId: world.institutions.bankB.id } })).toBe(
    webhooks.MAX_ENDPOINTS_PER_INSTITUTION,
  );
});

it("re-enables an endpoint the worker disabled (failures cleared); another institution cannot touch it", async () => {
  const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { institutionId: world.institutions.bankA.id } });
  await db.webhookEndpoint.update({
    where: { id: endpoint.id },
    data: { isEnabled: false, consecutiveFailures: 5, disabledAt: new Date() },
  });

  expect(
    await statusOf(
      webhooks.setWebhookEndpointEnabled(db, {
        actor: actorOf(world.users.adminB),
        endpointId: endpoint.id,
        enabled: true,
      }),
    ),
  ).toBe(404);
  expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).isEnabled).toBe(false);

  const { client, token } = await signedIn(world.users.adminA.loginName);
  const response = await client.post(page, "/institution/webhooks", {
    _csrf: token,
    _intent: "enable",
    endpointId: endpoint.id,
  });
  expect(response.status).toBe(200);
  expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({
    isEnabled: true,
    consecutiveFailures: 0,
    disabledAt: null,
  });
  expect(
    await statusOf(
      webhooks.setWebhookEndpointEnabled(db, {
        actor: actorOf(world.users.adminA),
        endpointId: endpoint.id,
        enabled: true,
      }),
    ),
  ).toBe(409);
  expect(await db.auditLog.count({ where: { action: "WEBHOOK_ENDPOINT_ENABLED", subjectId: endpoint.id } })).toBe(1);
});

it("is the admin's page only", async () => {
  const { client } = await signedIn(world.users.officerA.loginName);
  expect((await client.get(page, "/institution/webhooks")).status).toBe(403);
});

it("rotates an endpoint's signing secret through the page: the new one shown once, the old one kept for the overlap", async () => {
  const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { institutionId: world.institutions.bankA.id } });
  const before = endpoint.secret;
  const { client, token } = await signedIn(world.users.adminA.loginName);
  const response = await client.post(page, "/institution/webhooks", {
    _csrf: token,
    _intent: "rotate",
    endpointId: endpoint.id,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("Cache-Control")).toContain("no-store");
  const shown = (await readJson(response)) as { intent: string; secret: string; previousSecretExpiresAt: string };
  expect(shown.intent).toBe("rotated");
  const stored = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
  expect(stored.secret).toBe(shown.secret);
  expect(stored.secret).not.toBe(before);
  expect(stored.previousSecret).toBe(before);
  expect(stored.previousSecretExpiresAt?.toISOString()).toBe(shown.previousSecretExpiresAt);
  const audit = await db.auditLog.findFirstOrThrow({
    where: { action: "WEBHOOK_SECRET_ROTATED", subjectId: endpoint.id },
  });
  expect(JSON.stringify(audit)).not.toContain(shown.secret);
  expect(JSON.stringify(audit)).not.toContain(before);

  expect(
    await statusOf(webhooks.rotateWebhookSecret(db, { actor: actorOf(world.users.adminB), endpointId: endpoint.id })),
  ).toBe(404);
  expect(
    await statusOf(
      webhooks.rotateWebhookSecret(db, {
        actor: actorOf(world.users.adminA),
        endpointId: endpoint.id,
        overlapHours: -1,
      }),
    ),
  ).toBe(422);
  expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).secret).toBe(shown.secret);
});
