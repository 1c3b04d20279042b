/**
 * The explicit pass (不感兴趣 / 不符合条件) on the officer's lead page, against real Postgres and Meilisearch: a plain
 * form post with CSRF, validated in Chinese, audited, recorded as the institution's response to its ask, and the
 * passed lead leaves the institution's lead lists (and only that institution's).
 */
import { randomBytes } from "node:crypto";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { deleteIndexesWithPrefix, testMeiliConfig } from "../../support/meili.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { buildWorld, type World } from "./scenario.ts";

const meiliConfig = testMeiliConfig();
const indexPrefix = `${process.env.MEILI_INDEX_PREFIX || "jytest_"}leadpass_${randomBytes(3).toString("hex")}_`;
const environment = await setUpAppEnvironment("lead_pass", {
  MEILI_URL: meiliConfig.url,
  ...(meiliConfig.apiKey ? { MEILI_MASTER_KEY: meiliConfig.apiKey } : {}),
  MEILI_INDEX_PREFIX: indexPrefix,
});
const db = environment.db;
const officerHome = await import("~/routes/officer._index.tsx");
const leadPage = await import("~/routes/officer.leads.$needId.tsx");
const { getMeili } = await import("../../../search/client.ts");
const { ensureIndexes } = await import("../../../search/settings.ts");
const { syncNeeds } = await import("~/modules/search-index/sync.server.ts");
const { notifyMatchedLeads } = await import("~/modules/notifications/events.server.ts");
const apiClients = await import("~/modules/api-clients/clients.server.ts");
const tokenRoute = await import("~/routes/api.v1.oauth.token.ts");
const passRoute = await import("~/routes/api.v1.leads.$needId.pass.ts");
const { actorOf } = await import("./scenario.ts");

let world: World;
let passedNeed: string;
let keptNeed: string;
let unaskedNeed: string;
const clients = {} as Record<"officerA" | "officerB", { client: RouteClient; csrf: string }>;

beforeAll(async () => {
  world = await buildWorld(db);
  // Both needs match bank A's product (and bank B's for the first), so notifying asks both banks.
  passedNeed = await world.need({ matchedProducts: [world.products.productA.id, world.products.productB.id] });
  keptNeed = await world.need();
  unaskedNeed = await world.need({ matchedProducts: [] });
  await notifyMatchedLeads(db, passedNeed);
  await notifyMatchedLeads(db, keptNeed);
  const meili = getMeili();
  await ensureIndexes(meili);
  await syncNeeds(db, meili, [passedNeed, keptNeed, unaskedNeed]);
  for (const [index, who] of (["officerA", "officerB"] as const).entries()) {
    const client = new RouteClient(`198.51.100.${210 + index}`);
    const csrf = await signIn(client, world.users[who].loginName);
    clients[who] = { client, csrf };
  }
});

afterAll(async () => {
  await deleteIndexesWithPrefix(getMeili(), indexPrefix).catch(() => {});
  await environment.tearDown();
});

async function listedIds(who: "officerA" | "officerB", tab: "matched" | "open"): Promise<string[]> {
  const response = await clients[who].client.get(officerHome, `/officer?tab=${tab}`);
  const data = await readJson<{ leads: { available: boolean; result?: { hits: { id: string }[] } } }>(response);
  expect(data.leads.available).toBe(true);
  return data.leads.result!.hits.map((hit) => hit.id);
}

function pass(who: "officerA" | "officerB", needId: string, fields: Record<string, string>) {
  const { client, csrf } = clients[who];
  return client.post(
    leadPage,
    `/officer/leads/${needId}`,
    { _csrf: csrf, _intent: "pass", ...fields },
    { params: { needId } },
  );
}

describe("passing on a lead", () => {
  it("shows the ask and its deadline on the lead page", async () => {
    const response = await clients.officerA.client.get(leadPage, `/officer/leads/${passedNeed}`, {
      needId: passedNeed,
    });
    const data = await readJson<{ ask: { origin: string; respondBy: string; respondedAt: string | null } }>(response);
    expect(data.ask.origin).toBe("MATCHED");
    expect(data.ask.respondedAt).toBeNull();
    const need = await db.financingNeed.findUniqueOrThrow({ where: { id: passedNeed } });
    expect(new Date(data.ask.respondBy).getTime()).toBeGreaterThan(need.publishedAt!.getTime());
  });

  it("refuses a reason that does not fit the kind, in Chinese, and records nothing", async () => {
    const response = await pass("officerA", passedNeed, {
      passKind: "NOT_INTERESTED",
      passReason: "OUTSIDE_SERVICE_AREA",
    });
    expect(response.status).toBe(400);
    const data = await readJson<{ fieldErrors: Record<string, string> }>(response);
    expect(data.fieldErrors.passReason).toContain("不一致");
    const missing = await pass("officerA", passedNeed, {});
    expect(missing.status).toBe(400);
    const ask = await db.needAsk.findUniqueOrThrow({
      where: { needId_institutionId: { needId: passedNeed, institutionId: world.institutions.bankA.id } },
    });
    expect(ask.respondedAt).toBeNull();
    expect(await db.auditLog.count({ where: { action: "LEAD_PASSED" } })).toBe(0);
  });

  it("records the pass as the response, audits it, and the lead leaves this institution's lists only", async () => {
    expect(await listedIds("officerA", "matched")).toContain(passedNeed);
    const response = await pass("officerA", passedNeed, {
      passKind: "NOT_ELIGIBLE",
      passReason: "COLLATERAL_INSUFFICIENT",
      note: "设备估值不足",
    });
    expect(response.status).toBe(302);
    const ask = await db.needAsk.findUniqueOrThrow({
      where: { needId_institutionId: { needId: passedNeed, institutionId: world.institutions.bankA.id } },
    });
    expect(ask).toMatchObject({
      response: "PASSED",
      passKind: "NOT_ELIGIBLE",
      passReason: "COLLATERAL_INSUFFICIENT",
      passNote: "设备估值不足",
      passedById: world.users.officerA.id,
    });
    expect(ask.respondedAt!.getTime()).toBeLessThanOrEqual(ask.respondBy.getTime());
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "LEAD_PASSED", subjectId: passedNeed } });
    expect(audit.actorId).toBe(world.users.officerA.id);
    expect(audit.ip).toBe("198.51.100.210");
    expect(await db.outboxEvent.count({ where: { type: "lead.passed", aggregateId: passedNeed } })).toBe(1);

    expect(await listedIds("officerA", "matched")).not.toContain(passedNeed);
    expect(await listedIds("officerA", "open")).not.toContain(passedNeed);
    expect(await listedIds("officerA", "matched")).toContain(keptNeed);
    // Bank B was asked too and has not answered: the lead is still on its list.
    expect(await listedIds("officerB", "open")).toContain(passedNeed);
  });

  it("answers a second pass, an unasked lead and an engaged lead with a 4xx and changes nothing", async () => {
    const again = await pass("officerA", passedNeed, { passKind: "NOT_INTERESTED", passReason: "OTHER" });
    expect(again.status).toBe(409);
    const unasked = await pass("officerA", unaskedNeed, { passKind: "NOT_INTERESTED", passReason: "OTHER" });
    expect(unasked.status).toBe(404);
    const request = await clients.officerA.client.post(
      leadPage,
      `/officer/leads/${keptNeed}`,
      { _csrf: clients.officerA.csrf },
      { params: { needId: keptNeed } },
    );
    expect(request.status).toBe(302);
    const engaged = await pass("officerA", keptNeed, { passKind: "NOT_INTERESTED", passReason: "OTHER" });
    expect(engaged.status).toBe(409);
    const kept = await db.needAsk.findUniqueOrThrow({
      where: { needId_institutionId: { needId: keptNeed, institutionId: world.institutions.bankA.id } },
    });
    expect(kept.response).toBe("ACCEPTED");
    expect(await db.auditLog.count({ where: { action: "LEAD_PASSED" } })).toBe(1);
  });

  it("refuses a post without the CSRF token", async () => {
    const response = await clients.officerB.client.post(
      leadPage,
      `/officer/leads/${passedNeed}`,
      { _intent: "pass", passKind: "NOT_INTERESTED", passReason: "OTHER" },
      { params: { needId: passedNeed } },
    );
    expect(response.status).toBe(403);
    const ask = await db.needAsk.findUniqueOrThrow({
      where: { needId_institutionId: { needId: passedNeed, institutionId: world.institutions.bankB.id } },
    });
    expect(ask.respondedAt).toBeNull();
  });

  it("takes the same pass through the Open API, as the institution's service actor", async () => {
    const registered = await apiClients.registerApiClient(db, {
      actor: actorOf(world.users.adminB),
      fields: { name: "乙银行信贷系统", scopes: ["engagements:write"] },
    });
    if (!registered.ok) throw new Error(JSON.stringify(registered.fieldErrors));
    const basic = Buffer.from(`${registered.client.clientId}:${registered.clientSecret}`).toString("base64");
    const tokenResponse = await tokenRoute.action!({
      request: new Request("http://jieyang.test/api/v1/oauth/token", {
        method: "POST",
        headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      }),
      params: {},
      context: { clientIp: "198.51.100.7" },
    });
    const { access_token: accessToken } = (await tokenResponse.json()) as { access_token: string };
    const post = async (key: string, body: unknown) => {
      const response = await passRoute.action({
        request: new Request(`http://jieyang.test/api/v1/leads/${passedNeed}/pass`, {
          method: "POST",
          headers: {
            Authorization: `Bearer ${accessToken}`,
            "Content-Type": "application/json",
            "Idempotency-Key": key,
          },
          body: JSON.stringify(body),
        }),
        params: { needId: passedNeed },
        context: { clientIp: "198.51.100.7" },
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const mismatched = await post("pass-0001", { passKind: "NOT_INTERESTED", passReason: "INDUSTRY_RESTRICTED" });
    expect(mismatched.status).toBe(422);
    const passed = await post("pass-0002", { passKind: "NOT_INTERESTED", passReason: "CAPACITY_FULL" });
    expect(passed).toEqual({ status: 200, json: { needId: passedNeed, response: "PASSED" } });
    const ask = await db.needAsk.findUniqueOrThrow({
      where: { needId_institutionId: { needId: passedNeed, institutionId: world.institutions.bankB.id } },
    });
    expect(ask).toMatchObject({ response: "PASSED", passReason: "CAPACITY_FULL" });
    const again = await post("pass-0003", { passKind: "NOT_INTERESTED", passReason: "OTHER" });
    expect(again.status).toBe(409);
  });
});
