/**
 * Every route and action of the institution workspace × every role × own/other institution. Proves that nobody
 * outside an institution can read or act on its engagements, products, team or revealed contacts; that each refused
 * attempt changes nothing; and that the anonymised fields never appear in a lead's loader data before consent.
 */
import { randomBytes } from "node:crypto";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { testMeiliConfig } from "../../support/meili.ts";
import { RouteClient } from "../../support/route-client.ts";
import { csrfTokenOf, signIn } from "../../support/sign-in.ts";
import { actorOf, buildWorld, SECRET, type World } from "./scenario.ts";

// The leads page queries Meilisearch; an index prefix of our own (never created) keeps it away from anyone's data.
const meiliConfig = testMeiliConfig();
const environment = await setUpAppEnvironment("inst_matrix", {
  MEILI_URL: meiliConfig.url,
  ...(meiliConfig.apiKey ? { MEILI_MASTER_KEY: meiliConfig.apiKey } : {}),
  MEILI_INDEX_PREFIX: `${process.env.MEILI_INDEX_PREFIX || "jytest_"}instmatrix_${randomBytes(3).toString("hex")}_`,
});
const db = environment.db;
const engagements = await import("~/modules/engagements/engagements.server.ts");
const routes = {
  officerHome: await import("~/routes/officer._index.tsx"),
  lead: await import("~/routes/officer.leads.$needId.tsx"),
  engagement: await import("~/routes/officer.engagements.$engagementId.tsx"),
  adminHome: await import("~/routes/institution._index.tsx"),
  products: await import("~/routes/institution.products._index.tsx"),
  newProduct: await import("~/routes/institution.products.new.tsx"),
  product: await import("~/routes/institution.products.$productId.tsx"),
  team: await import("~/routes/institution.team.tsx"),
  webhooks: await import("~/routes/institution.webhooks.tsx"),
  apiClients: await import("~/routes/institution.api-clients.tsx"),
  performance: await import("~/routes/institution.performance.tsx"),
  balances: await import("~/routes/institution.balances.tsx"),
  balanceTemplate: await import("~/routes/institution.balance-template.tsx"),
};

type Who = "anonymous" | "enterprise" | "officerA" | "officerB" | "adminA" | "adminB" | "bureau" | "admin";
const WHO: Who[] = ["anonymous", "enterprise", "officerA", "officerB", "adminA", "adminB", "bureau", "admin"];

let world: World;
const clients = {} as Record<Who, RouteClient>;
const tokens = {} as Record<Who, string>;
let ids: {
  openNeed: string;
  requestedNeed: string;
  directedNeed: string;
  acceptedEngagement: string;
  requestedEngagement: string;
  productA: string;
  productB: string;
  officerA: string;
  webhookA: string;
  apiClientA: string;
};

beforeAll(async () => {
  world = await buildWorld(db);
  const openNeed = await world.need();
  const requestedNeed = await world.need({ consent: null });
  const directedNeed = await world.need({
    visibility: "DIRECTED",
    directedTo: [world.institutions.bankA.id],
    consent: null,
  });
  const accepted = await engagements.requestLead(db, { needId: openNeed, actor: actorOf(world.users.officerA) });
  const requested = await engagements.requestLead(db, { needId: requestedNeed, actor: actorOf(world.users.officerA) });
  expect(accepted.status).toBe("ACCEPTED");
  expect(requested.status).toBe("REQUESTED");
  ids = {
    openNeed,
    requestedNeed,
    directedNeed,
    acceptedEngagement: accepted.engagementId,
    requestedEngagement: requested.engagementId,
    productA: world.products.productA.id,
    productB: world.products.productB.id,
    officerA: world.users.officerA.id,
    webhookA: (
      await db.webhookEndpoint.create({
        data: {
          institutionId: world.institutions.bankA.id,
          url: "https://bank-a.example.com/hook",
          secret: "whsec_matrix",
        },
        select: { id: true },
      })
    ).id,
    apiClientA: await registerClientOfA(),
  };
  const logins: Record<Exclude<Who, "anonymous">, string> = {
    enterprise: world.users.enterprise.loginName,
    officerA: world.users.officerA.loginName,
    officerB: world.users.officerB.loginName,
    adminA: world.users.adminA.loginName,
    adminB: world.users.adminB.loginName,
    bureau: world.users.bureau.loginName,
    admin: world.users.admin.loginName,
  };
  for (const [index, who] of WHO.entries()) {
    const client = new RouteClient(`198.51.100.${100 + index}`);
    clients[who] = client;
    tokens[who] = who === "anonymous" ? await csrfTokenOf(client) : await signIn(client, logins[who]);
  }
});

async function registerClientOfA(): Promise<string> {
  const { registerApiClient } = await import("~/modules/api-clients/clients.server.ts");
  const result = await registerApiClient(db, {
    actor: actorOf(world.users.adminA),
    fields: { name: "甲银行信贷系统", scopes: ["leads:read"] },
  });
  if (!result.ok) throw new Error("could not register A's API client");
  return result.client.id;
}

afterAll(async () => {
  await environment.tearDown();
});

/** Everything a refused request could have touched. */
async function snapshot() {
  const [engagementRows, products, users, counts, webhookEndpoints, apiClients] = await Promise.all([
    db.engagement.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, activeSlot: true } }),
    db.product.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, name: true, updatedAt: true } }),
    db.user.findMany({
      orderBy: { id: "asc" },
      select: { id: true, isActive: true, passwordHash: true, mustChangePassword: true },
    }),
    Promise.all([
      db.needEvent.count(),
      db.outcome.count(),
      db.outboxEvent.count(),
      db.product.count(),
      db.user.count(),
      db.consentRecord.count(),
      db.auditLog.count({ where: { action: { not: { in: ["SIGN_IN", "SIGN_IN_FAILED"] } } } }),
      db.balanceReport.count(),
    ]),
    db.webhookEndpoint.findMany({ orderBy: { id: "asc" } }),
    db.apiClient.findMany({ orderBy: { id: "asc" }, include: { secrets: { orderBy: { id: "asc" } } } }),
  ]);
  return { engagementRows, products, users, counts, webhookEndpoints, apiClients };
}

type Case = {
  name: string;
  run: (who: Who) => Promise<Response>;
  /** Expected status per actor; anything not listed must be refused with the role default (401 anonymous, 403 wrong role). */
  allowed: Partial<Record<Who, number>>;
  roles: ("OFFICER" | "INSTITUTION_ADMIN")[];
};

const officerOnly = ["OFFICER"] as ("OFFICER" | "INSTITUTION_ADMIN")[];
const adminOnly = ["INSTITUTION_ADMIN"] as ("OFFICER" | "INSTITUTION_ADMIN")[];

function roleOf(who: Who): string | null {
  if (who === "anonymous") return null;
  if (who.startsWith("officer")) return "OFFICER";
  if (who.startsWith("admin") && who !== "admin") return "INSTITUTION_ADMIN";
  return who.toUpperCase();
}

function expectedStatus(testCase: Case, who: Who): number {
  if (who === "anonymous") return 401;
  const allowed = testCase.allowed[who];
  if (allowed !== undefined) return allowed;
  if (!testCase.roles.includes(roleOf(who) as "OFFICER")) return 403;
  return 404; // right role, other institution
}

const get =
  (route: keyof typeof routes, path: string, params: Record<string, string> = {}) =>
  (who: Who) =>
    clients[who].get(routes[route], path, params);
const post =
  (
    route: keyof typeof routes,
    path: string,
    fields: Record<string, string | string[]>,
    params: Record<string, string> = {},
  ) =>
  (who: Who) =>
    clients[who].post(routes[route], path, { _csrf: tokens[who], ...fields }, { params });

function readCases(): Case[] {
  return [
    {
      name: "officer workspace: leads",
      run: get("officerHome", "/officer?tab=open"),
      allowed: { officerA: 200, officerB: 200 },
      roles: officerOnly,
    },
    {
      name: "officer workspace: my engagements",
      run: get("officerHome", "/officer?tab=mine"),
      allowed: { officerA: 200, officerB: 200 },
      roles: officerOnly,
    },
    {
      name: "officer workspace: overdue",
      run: get("officerHome", "/officer?tab=overdue"),
      allowed: { officerA: 200, officerB: 200 },
      roles: officerOnly,
    },
    {
      name: "lead page of an OPEN need",
      run: get("lead", `/officer/leads/${ids.openNeed}`, { needId: ids.openNeed }),
      allowed: { officerA: 200, officerB: 200 },
      roles: officerOnly,
    },
    {
      name: "lead page of a need DIRECTED to A",
      run: get("lead", `/officer/leads/${ids.directedNeed}`, { needId: ids.directedNeed }),
      allowed: { officerA: 200 },
      roles: officerOnly,
    },
    {
      name: "engagement page (consented)",
      run: get("engagement", `/officer/engagements/${ids.acceptedEngagement}`, {
        engagementId: ids.acceptedEngagement,
      }),
      allowed: { officerA: 200 },
      roles: officerOnly,
    },
    {
      name: "engagement page (request pending)",
      run: get("engagement", `/officer/engagements/${ids.requestedEngagement}`, {
        engagementId: ids.requestedEngagement,
      }),
      allowed: { officerA: 200 },
      roles: officerOnly,
    },
    {
      name: "institution home",
      run: get("adminHome", "/institution"),
      allowed: { adminA: 200, adminB: 200 },
      roles: adminOnly,
    },
    {
      name: "product list",
      run: get("products", "/institution/products"),
      allowed: { adminA: 200, adminB: 200 },
      roles: adminOnly,
    },
    {
      name: "new product page",
      run: get("newProduct", "/institution/products/new"),
      allowed: { adminA: 200, adminB: 200 },
      roles: adminOnly,
    },
    {
      name: "product A page",
      run: get("product", `/institution/products/${ids.productA}`, { productId: ids.productA }),
      allowed: { adminA: 200 },
      roles: adminOnly,
    },
    {
      name: "team page",
      run: get("team", "/institution/team"),
      allowed: { adminA: 200, adminB: 200 },
      roles: adminOnly,
    },
    {
      name: "performance page",
      run: get("performance", "/institution/performance"),
      allowed: { adminA: 200, adminB: 200 },
      roles: adminOnly,
    },
    {
      name: "webhooks page",
      run: get("webhooks", "/institution/webhooks"),
      allowed: { adminA: 200, adminB: 200 },
      roles: adminOnly,
    },
    {
      name: "API clients page",
      run: get("apiClients", "/institution/api-clients"),
      allowed: { adminA: 200, adminB: 200 },
      roles: adminOnly,
    },
    {
      name: "balance reports page",
      run: get("balances", "/institution/balances"),
      allowed: { adminA: 200, adminB: 200 },
      roles: adminOnly,
    },
    {
      name: "balance report template",
      run: get("balanceTemplate", "/institution/balance-template"),
      allowed: { adminA: 200, adminB: 200 },
      roles: adminOnly,
    },
  ];
}

/** Actions, each tried by everyone who must be refused; the owner's success is tested separately below. */
function refusedActionCases(): Case[] {
  const engagementPath = `/officer/engagements/${ids.acceptedEngagement}`;
  const engagementParams = { engagementId: ids.acceptedEngagement };
  const productPath = `/institution/products/${ids.productA}`;
  const productParams = { productId: ids.productA };
  const productFields = { ...validProductFields(), name: "冒名产品" };
  return [
    {
      name: "request a lead DIRECTED to A",
      run: post("lead", `/officer/leads/${ids.directedNeed}`, {}, { needId: ids.directedNeed }),
      allowed: {},
      roles: officerOnly,
    },
    {
      name: "pass on a lead DIRECTED to A",
      run: post(
        "lead",
        `/officer/leads/${ids.directedNeed}`,
        { _intent: "pass", passKind: "NOT_INTERESTED", passReason: "OTHER" },
        { needId: ids.directedNeed },
      ),
      allowed: {},
      roles: officerOnly,
    },
    {
      name: "engagement: add a note",
      run: post("engagement", engagementPath, { _intent: "note", note: "越权备注" }, engagementParams),
      allowed: {},
      roles: officerOnly,
    },
    {
      name: "engagement: change status",
      run: post("engagement", engagementPath, { _intent: "status", to: "CONTACTED" }, engagementParams),
      allowed: {},
      roles: officerOnly,
    },
    {
      name: "engagement: withdraw",
      run: post("engagement", engagementPath, { _intent: "status", to: "WITHDRAWN" }, engagementParams),
      allowed: {},
      roles: officerOnly,
    },
    {
      name: "engagement: record a decline",
      run: post(
        "engagement",
        engagementPath,
        { _intent: "outcome", kind: "DECLINED", declineReason: "OTHER", declineMessage: "越权登记的未通过" },
        engagementParams,
      ),
      allowed: {},
      roles: officerOnly,
    },
    {
      name: "engagement: amend a disbursement",
      run: post(
        "engagement",
        engagementPath,
        { _intent: "amend", disbursedAmount: "1", reason: "越权更正" },
        engagementParams,
      ),
      allowed: {},
      roles: officerOnly,
    },
    {
      name: "create a product",
      run: post("newProduct", "/institution/products/new", { _intent: "save", name: "" }),
      allowed: { adminA: 400, adminB: 400 },
      roles: adminOnly,
    },
    {
      name: "edit product A",
      run: post("product", productPath, { _intent: "save", ...productFields }, productParams),
      allowed: {},
      roles: adminOnly,
    },
    {
      name: "publish product A",
      run: post("product", productPath, { _intent: "publish" }, productParams),
      allowed: {},
      roles: adminOnly,
    },
    {
      name: "retire product A",
      run: post("product", productPath, { _intent: "retire" }, productParams),
      allowed: {},
      roles: adminOnly,
    },
    {
      name: "deactivate officer A",
      run: post("team", "/institution/team", { _intent: "deactivate", userId: ids.officerA }),
      allowed: {},
      roles: adminOnly,
    },
    {
      name: "reset officer A's password",
      run: post("team", "/institution/team", { _intent: "reset-password", userId: ids.officerA }),
      allowed: {},
      roles: adminOnly,
    },
    {
      name: "disable A's webhook endpoint",
      run: post("webhooks", "/institution/webhooks", { _intent: "disable", endpointId: ids.webhookA }),
      allowed: {},
      roles: adminOnly,
    },
    {
      name: "rotate the signing secret of A's webhook endpoint",
      run: post("webhooks", "/institution/webhooks", { _intent: "rotate", endpointId: ids.webhookA }),
      allowed: {},
      roles: adminOnly,
    },
    {
      name: "register a webhook endpoint (invalid address)",
      run: post("webhooks", "/institution/webhooks", { _intent: "add", url: "ftp://bank.example.com/" }),
      allowed: { adminA: 400, adminB: 400 },
      roles: adminOnly,
    },
    {
      name: "rotate the secret of A's API client",
      run: post("apiClients", "/institution/api-clients", { _intent: "rotate", apiClientId: ids.apiClientA }),
      allowed: {},
      roles: adminOnly,
    },
    {
      name: "revoke A's API client",
      run: post("apiClients", "/institution/api-clients", { _intent: "revoke", apiClientId: ids.apiClientA }),
      allowed: {},
      roles: adminOnly,
    },
    {
      name: "register an API client (no scope chosen)",
      run: post("apiClients", "/institution/api-clients", { _intent: "register", name: "新系统" }),
      allowed: { adminA: 400, adminB: 400 },
      roles: adminOnly,
    },
    {
      name: "upload balances (no file)",
      run: post("balances", "/institution/balances", { month: "2026-10" }),
      allowed: { adminA: 400, adminB: 400 },
      roles: adminOnly,
    },
    {
      name: "invite an officer (invalid form)",
      run: post("team", "/institution/team", { _intent: "invite", displayName: "", loginName: "x" }),
      allowed: { adminA: 400, adminB: 400 },
      roles: adminOnly,
    },
  ];
}

function validProductFields() {
  return {
    name: "产品",
    summary: "别的机构不能改我的产品",
    description: "这是一段足够长的产品介绍文字。",
    minAmount: "1000",
    maxAmount: "2000",
    minTermMonths: "1",
    maxTermMonths: "12",
    minAnnualRate: "3",
    maxAnnualRate: "4",
    acceptedCollateral: "CREDIT",
    eligibleEntityTypes: "SMALL_MICRO",
    regionIds: world.regions.city.id,
    minYearsInBusiness: "0",
  };
}

function containsSecret(text: string): string | null {
  for (const secret of Object.values(SECRET)) if (text.includes(secret)) return secret;
  return null;
}

describe("authorization matrix", () => {
  it("answers every page for every role and institution as expected, leaking no contact outside consent", async () => {
    for (const testCase of readCases()) {
      for (const who of WHO) {
        const response = await testCase.run(who);
        const expected = expectedStatus(testCase, who);
        expect(response.status, `${testCase.name} as ${who}`).toBe(expected);
        const body = await response.clone().text();
        // Only the consented engagement page, for its own institution, may carry the enterprise's identity.
        const mayReveal = testCase.name === "engagement page (consented)" && who === "officerA";
        if (!mayReveal) expect(containsSecret(body), `${testCase.name} as ${who} leaked`).toBeNull();
        else expect(body).toContain(SECRET.contactPhone);
      }
    }
  });

  it("refuses every action to every other role and institution, changing nothing", async () => {
    const before = await snapshot();
    for (const testCase of refusedActionCases()) {
      const owner: Who = testCase.roles.includes("OFFICER") ? "officerA" : "adminA";
      for (const who of WHO) {
        // The owner's own actions succeed and are tested below; a 400 for an invalid form is allowed (no change).
        if (who === owner && testCase.allowed[who] === undefined) continue;
        const response = await testCase.run(who);
        expect(response.status, `${testCase.name} as ${who}`).toBe(expectedStatus(testCase, who));
        expect(containsSecret(await response.clone().text())).toBeNull();
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lets the owners act: officer A requests, notes and progresses; admin A edits its product and deactivates its officer; admin B publishes and retires its own", async () => {
    const engagementPath = `/officer/engagements/${ids.acceptedEngagement}`;
    const params = { engagementId: ids.acceptedEngagement };
    expect(
      (await post("engagement", engagementPath, { _intent: "note", note: "已电话联系" }, params)("officerA")).status,
    ).toBe(302);
    expect(
      (await post("engagement", engagementPath, { _intent: "status", to: "CONTACTED" }, params)("officerA")).status,
    ).toBe(302);
    expect((await db.engagement.findUniqueOrThrow({ where: { id: ids.acceptedEngagement } })).status).toBe("CONTACTED");
    // The same action twice is now illegal: 409, unchanged.
    expect(
      (await post("engagement", engagementPath, { _intent: "status", to: "CONTACTED" }, params)("officerA")).status,
    ).toBe(409);

    const directed = await post(
      "lead",
      `/officer/leads/${ids.directedNeed}`,
      {},
      { needId: ids.directedNeed },
    )("officerA");
    expect(directed.status).toBe(302);
    expect((await db.engagement.findFirstOrThrow({ where: { needId: ids.directedNeed } })).status).toBe("REQUESTED");

    const edited = await post(
      "product",
      `/institution/products/${ids.productA}`,
      { _intent: "save", ...validProductFields(), name: "甲银行塑料产业贷（升级版）" },
      { productId: ids.productA },
    )("adminA");
    expect(edited.status, await edited.clone().text()).toBe(302);
    expect((await db.product.findUniqueOrThrow({ where: { id: ids.productA } })).name).toBe(
      "甲银行塑料产业贷（升级版）",
    );
    expect(await db.outboxEvent.count({ where: { type: "product.updated", aggregateId: ids.productA } })).toBe(1);

    const deactivated = await post("team", "/institution/team", {
      _intent: "deactivate",
      userId: world.users.officerA2.id,
    })("adminA");
    expect(deactivated.status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: world.users.officerA2.id } })).isActive).toBe(false);

    const productParams = { productId: ids.productB };
    expect(
      (await post("product", `/institution/products/${ids.productB}`, { _intent: "publish" }, productParams)("adminB"))
        .status,
    ).toBe(302);
    expect((await db.product.findUniqueOrThrow({ where: { id: ids.productB } })).status).toBe("PUBLISHED");
    expect(await db.outboxEvent.count({ where: { type: "product.published", aggregateId: ids.productB } })).toBe(1);
    expect(
      (await post("product", `/institution/products/${ids.productB}`, { _intent: "retire" }, productParams)("adminB"))
        .status,
    ).toBe(302);
    expect(await db.outboxEvent.count({ where: { type: "product.retired", aggregateId: ids.productB } })).toBe(1);
    expect((await db.product.findUniqueOrThrow({ where: { id: ids.productB } })).status).toBe("RETIRED");
  });

  it("never puts the anonymised fields into a lead's loader data before consent", async () => {
    for (const [needId, who] of [
      [ids.openNeed, "officerA"],
      [ids.openNeed, "officerB"],
      [ids.requestedNeed, "officerA"],
      [ids.directedNeed, "officerA"],
    ] as const) {
      const response = await clients[who].get(routes.lead, `/officer/leads/${needId}`, { needId });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(containsSecret(text), `lead ${needId} as ${who}`).toBeNull();
      const { lead } = JSON.parse(text) as { lead: Record<string, unknown> };
      expect(lead.maskedName).toBe("揭阳某塑料制品有限公司");
      for (const key of [
        "enterpriseId",
        "idNumber",
        "contactName",
        "contactPhone",
        "contactEmail",
        "name",
        "directedInstitutionIds",
        "matchedInstitutionIds",
      ]) {
        expect(lead, key).not.toHaveProperty(key);
      }
    }
    const pending = await clients.officerA.get(routes.engagement, `/officer/engagements/${ids.requestedEngagement}`, {
      engagementId: ids.requestedEngagement,
    });
    const pendingText = await pending.text();
    expect(containsSecret(pendingText)).toBeNull();
    expect(JSON.parse(pendingText).contact).toBeNull();
  });
});
