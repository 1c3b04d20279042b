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
});
