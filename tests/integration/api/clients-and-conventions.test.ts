/**
 * The Open API's foundation against real Postgres and Redis: an institution admin registers a client, the client
 * trades its secret for a bearer token (OAuth 2.0 client credentials), calls endpoints within its scopes as its
 * institution's service actor, and every refusal is a problem+json answer that changes nothing. Idempotency-Key
 * replays the first answer; rotation keeps the old secret for the overlap only; revocation stops everything at once.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { actorOf, buildWorld, SECRET, type World } from "../institution/scenario.ts";

const environment = await setUpAppEnvironment("api_clients");
const db = environment.db;
const clients = await import("~/modules/api-clients/clients.server.ts");
const tokenRoute = await import("~/routes/api.v1.oauth.token.ts");
const leadRoute = await import("~/routes/api.v1.leads.$needId.ts");
const engageRoute = await import("~/routes/api.v1.leads.$needId.engagements.ts");

type Route = {
  loader?: (args: LoaderFunctionArgs) => Promise<Response>;
  action?: (args: ActionFunctionArgs) => Promise<Response>;
};

const BANK_IP = "198.51.100.7";

async function call(
  route: Route,
  options: {
    method?: "GET" | "POST";
    path: string;
    params?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
    ip?: string;
  },
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const method = options.method ?? "GET";
  const request = new Request(`http://jieyang.test${options.path}`, {
    method,
    headers: options.headers,
    body: method === "POST" ? (options.body ?? "") : undefined,
  });
  const handler = method === "POST" ? route.action : route.loader;
  const response = await handler!({
    request,
    params: options.params ?? {},
    context: { clientIp: options.ip ?? BANK_IP },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`;
}

async function token(clientId: string, secret: string, scope?: string, ip?: string) {
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  if (scope) form.set("scope", scope);
  return call(tokenRoute, {
    method: "POST",
    path: "/api/v1/oauth/token",
    headers: { Authorization: basic(clientId, secret), "Content-Type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    ip,
  });
}

async function register(adminKey: "adminA" | "adminB", fields: Record<string, unknown>) {
  const result = await clients.registerApiClient(db, { actor: actorOf(world.users[adminKey]), fields });
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return result;
}

let world: World;
beforeAll(async () => {
  world = await buildWorld(db);
});
afterAll(async () => {
  await environment.tearDown();
});

describe("registering a client", () => {
  it("lets the institution admin register one, shows the secret once, stores only its hash and audits it", async () => {
    const result = await register("adminA", { name: "甲银行信贷系统", scopes: ["leads:read", "engagements:write"] });
    expect(result.clientSecret).toMatch(/^jys_[A-Za-z0-9_-]{43}$/);
    const stored = await db.apiClient.findUniqueOrThrow({
      where: { id: result.client.id },
      include: { secrets: true, serviceUser: true },
    });
    expect(stored.secrets).toHaveLength(1);
    expect(stored.secrets[0]!.secretHash).not.toContain(result.clientSecret);
    expect(JSON.stringify(stored)).not.toContain(result.clientSecret);
    expect(stored.serviceUser).toMatchObject({
      role: "OFFICER",
      institutionId: world.institutions.bankA.id,
      isActive: true,
    });
    expect(await db.auditLog.count({ where: { action: "API_CLIENT_REGISTERED", subjectId: result.client.id } })).toBe(
      1,
    );
  });

  it("refuses an officer, unknown scopes and malformed allow-lists, creating nothing", async () => {
    const before = await db.apiClient.count();
    await expect(
      clients.registerApiClient(db, {
        actor: actorOf(world.users.officerA),
        fields: { name: "越权系统", scopes: ["leads:read"] },
      }),
    ).rejects.toMatchObject({ status: 403 });
    const unknownScope = await clients.registerApiClient(db, {
      actor: actorOf(world.users.adminA),
      fields: { name: "系统", scopes: ["admin:all"] },
    });
    expect(unknownScope.ok).toBe(false);
    const badList = await clients.registerApiClient(db, {
      actor: actorOf(world.users.adminA),
      fields: { name: "系统", scopes: "leads:read", ipAllowList: "10.0.0.0/33, not-an-ip" },
    });
    expect(badList).toMatchObject({ ok: false, fieldErrors: { ipAllowList: expect.stringContaining("CIDR") } });
    expect(await db.apiClient.count()).toBe(before);
  });
});

describe("the token endpoint", () => {
  it("issues a bearer token for the right secret, within the granted scopes", async () => {
    const { client, clientSecret } = await register("adminA", { name: "令牌测试", scopes: ["leads:read"] });
    const issued = await token(client.clientId, clientSecret);
    expect(issued.status).toBe(200);
    expect(issued.headers.get("Cache-Control")).toBe("no-store");
    expect(issued.json).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "leads:read" });
    expect(String(issued.json.access_token)).toMatch(/^jyt_/);
    expect(await db.apiAccessToken.count({ where: { apiClientId: client.id } })).toBe(1);
  });

  it("answers a wrong secret, an ungranted scope and a wrong grant type with OAuth errors, issuing nothing", async () => {
    const { client, clientSecret } = await register("adminA", { name: "错误测试", scopes: ["leads:read"] });
    const wrongSecret = await token(client.clientId, `${clientSecret}x`);
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.json).toMatchObject({ error: "invalid_client", status: 401 });
    expect(String(wrongSecret.json.error_description)).toMatch(/[\u4e00-\u9fff]/);
    const unknownClient = await token("jyc_nobody", clientSecret);
    expect(unknownClient.json.error).toBe("invalid_client");
    const ungranted = await token(client.clientId, clientSecret, "leads:read outcomes:write");
    expect(ungranted).toMatchObject({ status: 400, json: { error: "invalid_scope" } });
    const wrongGrant = await call(tokenRoute, {
      method: "POST",
      path: "/api/v1/oauth/token",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `grant_type=password&client_id=${client.clientId}&client_secret=${clientSecret}`,
    });
    expect(wrongGrant).toMatchObject({ status: 400, json: { error: "unsupported_grant_type" } });
    expect(await db.apiAccessToken.count({ where: { apiClientId: client.id } })).toBe(0);
  });

  it("honours the IP allow-list", async () => {
    const { client, clientSecret } = await register("adminA", {
      name: "白名单测试",
      scopes: ["leads:read"],
      ipAllowList: "198.51.100.0/24 2001:db8::1",
    });
    expect((await token(client.clientId, clientSecret, undefined, "203.0.113.9")).status).toBe(401);
    expect((await token(client.clientId, clientSecret, undefined, "198.51.100.200")).status).toBe(200);
    expect((await token(client.clientId, clientSecret, undefined, "::ffff:198.51.100.3")).status).toBe(200);
    expect((await token(client.clientId, clientSecret, undefined, "2001:db8::1")).status).toBe(200);
  });
});

describe("calling endpoints", () => {
  async function bearer(admin: "adminA" | "adminB", scopes: string[]) {
    const { client, clientSecret } = await register(admin, { name: `调用测试 ${scopes.join(",")}`, scopes });
    const issued = await token(client.clientId, clientSecret);
    return { client, clientSecret, authorization: `Bearer ${String(issued.json.access_token)}` };
  }

  it("reads a lead anonymised before consent, as the web does", async () => {
    const needId = await world.need({ consent: null });
    const { authorization } = await bearer("adminA", ["leads:read"]);
    const lead = await call(leadRoute, {
      path: `/api/v1/leads/${needId}`,
      params: { needId },
      headers: { Authorization: authorization },
    });
    expect(lead.status).toBe(200);
    expect(lead.headers.get("API-Version")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(lead.json.id).toBe(needId);
    const text = JSON.stringify(lead.json);
    for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
  });

  it("refuses a missing, malformed, unknown or under-scoped token, and another institution's DIRECTED lead", async () => {
    const needId = await world.need({ visibility: "DIRECTED", directedTo: [world.institutions.bankA.id] });
    const path = `/api/v1/leads/${needId}`;
    const missing = await call(leadRoute, { path, params: { needId } });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("Content-Type")).toContain("application/problem+json");
    expect(missing.json).toMatchObject({ status: 401, code: "INVALID_TOKEN" });
    for (const header of ["Bearer", "Bearer jyt_unknown", "Basic abc", `Bearer ${"x".repeat(5000)}`]) {
      expect((await call(leadRoute, { path, params: { needId }, headers: { Authorization: header } })).status).toBe(
        401,
      );
    }
    const writer = await bearer("adminA", ["engagements:write"]);
    const underScoped = await call(leadRoute, {
      path,
      params: { needId },
      headers: { Authorization: writer.authorization },
    });
    expect(underScoped).toMatchObject({ status: 403, json: { code: "INSUFFICIENT_SCOPE" } });
    const other = await bearer("adminB", ["leads:read"]);
    const foreign = await call(leadRoute, {
      path,
      params: { needId },
      headers: { Authorization: other.authorization },
    });
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.json)).not.toContain(SECRET.contactPhone);
  });

  it("takes up a lead once per Idempotency-Key, replays the answer, and refuses the key with another body", async () => {
    const needId = await world.need();
    const { authorization } = await bearer("adminA", ["engagements:write"]);
    const post = (key: string | null, body = "{}") =>
      call(engageRoute, {
        method: "POST",
        path: `/api/v1/leads/${needId}/engagements`,
        params: { needId },
        headers: {
          Authorization: authorization,
          "Content-Type": "application/json",
          ...(key ? { "Idempotency-Key": key } : {}),
        },
        body,
      });
    const [first, second] = await Promise.all([post("take-up-0001"), post("take-up-0001")]);
    const answers = [first, second].filter((answer) => answer.status === 201);
    // Two at once: one runs, the other either replays it or is told the key is still in flight.
    expect(answers.length).toBeGreaterThanOrEqual(1);
    const replay = await post("take-up-0001");
    expect(replay.status).toBe(201);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replay.json).toEqual(answers[0]!.json);
    expect(await db.engagement.count({ where: { needId, institutionId: world.institutions.bankA.id } })).toBe(1);

    const reused = await post("take-up-0001", '{"note":"另一个请求"}');
    expect(reused).toMatchObject({ status: 409, json: { code: "IDEMPOTENCY_KEY_REUSED" } });
    const withoutKey = await post(null);
    expect(withoutKey.status).toBe(409);
    expect(withoutKey.headers.get("Content-Type")).toContain("application/problem+json");
    expect(await db.engagement.count({ where: { needId } })).toBe(1);
  });

  it("refuses a non-JSON body, malformed JSON and a GET on a POST endpoint with 4xx problems", async () => {
    const needId = await world.need();
    const { authorization } = await bearer("adminA", ["engagements:write"]);
    const path = `/api/v1/leads/${needId}/engagements`;
    const form = await call(engageRoute, {
      method: "POST",
      path,
      params: { needId },
      headers: { Authorization: authorization, "Content-Type": "application/x-www-form-urlencoded" },
      body: "a=1",
    });
    expect(form.status).toBe(415);
    const malformed = await call(engageRoute, {
      method: "POST",
      path,
      params: { needId },
      headers: { Authorization: authorization, "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(malformed).toMatchObject({ status: 400, json: { code: "MALFORMED_JSON" } });
    const get = await call(engageRoute, { path, params: { needId }, headers: { Authorization: authorization } });
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
    expect(await db.engagement.count({ where: { needId } })).toBe(0);
  });
});

describe("rotation and revocation", () => {
  it("keeps the old secret for the overlap only, and a zero overlap stops it at once", async () => {
    const { client, clientSecret } = await register("adminA", { name: "轮换测试", scopes: ["leads:read"] });
    const rotated = await clients.rotateApiClientSecret(db, {
      actor: actorOf(world.users.adminA),
      apiClientId: client.id,
    });
    expect((await token(client.clientId, clientSecret)).status).toBe(200);
    expect((await token(client.clientId, rotated.clientSecret)).status).toBe(200);
    const again = await clients.rotateApiClientSecret(db, {
      actor: actorOf(world.users.adminA),
      apiClientId: client.id,
      overlapHours: 0,
    });
    expect((await token(client.clientId, clientSecret)).status).toBe(401);
    expect((await token(client.clientId, rotated.clientSecret)).status).toBe(401);
    expect((await token(client.clientId, again.clientSecret)).status).toBe(200);
    expect(await db.auditLog.count({ where: { action: "API_CLIENT_SECRET_ROTATED", subjectId: client.id } })).toBe(2);
  });

  it("stops the secret and every issued token on revocation, and hides the client from other institutions", async () => {
    const { client, clientSecret } = await register("adminA", { name: "停用测试", scopes: ["leads:read"] });
    const issued = await token(client.clientId, clientSecret);
    const needId = await world.need();
    await expect(
      clients.revokeApiClient(db, { actor: actorOf(world.users.adminB), apiClientId: client.id }),
    ).rejects.toMatchObject({ status: 404 });
    await clients.revokeApiClient(db, { actor: actorOf(world.users.adminA), apiClientId: client.id });
    expect((await token(client.clientId, clientSecret)).status).toBe(401);
    const afterRevoke = await call(leadRoute, {
      path: `/api/v1/leads/${needId}`,
      params: { needId },
      headers: { Authorization: `Bearer ${String(issued.json.access_token)}` },
    });
    expect(afterRevoke.status).toBe(401);
  });
});
