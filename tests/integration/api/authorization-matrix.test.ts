/**
 * The Open API's authorization matrix, generic over API_OPERATIONS: every operation that needs a token is called
 * as no token, an expired token, a revoked client, a token without the operation's scope, another institution's
 * client and the right client. Every refusal is a 401/403/404 problem document and changes nothing in the database
 * (every table's row count and content); the right client is served.
 *
 * SAMPLES holds, per operationId, a call that the right client may make (path parameters, query, body). An operation
 * without a sample fails the test: a new endpoint gets its row here when it is added to API_OPERATIONS.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { apiRouteFor } from "../../support/api-routes.ts";
import { createProduct, nextCreditCode } from "../../support/world.ts";
import { actorOf, buildWorld, type World } from "../institution/scenario.ts";

const environment = await setUpAppEnvironment("api_matrix");
const db = environment.db;
const clients = await import("~/modules/api-clients/clients.server.ts");
const { issueAccessToken } = await import("~/modules/api-clients/tokens.server.ts");
const { API_SCOPES } = await import("~/modules/api-clients/scopes.ts");
const { API_OPERATIONS } = await import("~/web/api/operations/index.ts");

const BANK_IP = "198.51.100.7";

interface Sample {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  /**
   * For operations without a record of another institution in the path (a feed of the caller's own leads), the other
   * institution's client is served its own view: this checks that view shows nothing of the first institution's.
   * Without it, the other institution's client must be refused (403/404).
   */
  otherInstitutionSees?: (answer: unknown) => void;
}

/** One call per operation that the right client (bank A, every scope) may make. */
const SAMPLES: Record<string, (world: World) => Promise<Sample>> = {
  listLeads: async (world) => {
    const onlyForA = await world.need({ visibility: "DIRECTED", directedTo: [world.institutions.bankA.id] });
    return {
      query: "limit=100",
      otherInstitutionSees: (answer) => {
        const ids = (answer as { items: { id: string }[] }).items.map((item) => item.id);
        expect(ids).not.toContain(onlyForA);
      },
    };
  },
  getLead: async (world) => ({
    params: { needId: await world.need({ visibility: "DIRECTED", directedTo: [world.institutions.bankA.id] }) },
  }),
  requestEngagement: async (world) => ({
    params: { needId: await world.need({ visibility: "DIRECTED", directedTo: [world.institutions.bankA.id] }) },
    body: {},
  }),
  passLead: async (world) => {
    const needId = await world.need({ visibility: "DIRECTED", directedTo: [world.institutions.bankA.id] });
    await db.needAsk.create({
      data: {
        needId,
        institutionId: world.institutions.bankA.id,
        origin: "DIRECTED",
        askedAt: new Date(),
        respondBy: new Date(Date.now() + 3 * 86_400_000),
      },
    });
    return { params: { needId }, body: { passKind: "NOT_ELIGIBLE", passReason: "OUTSIDE_SERVICE_AREA" } };
  },
  listEngagements: async (world) => {
    const engagementId = await acceptedEngagementOfA(world);
    return {
      query: "limit=100",
      otherInstitutionSees: (answer) => {
        const ids = (answer as { items: { id: string }[] }).items.map((item) => item.id);
        expect(ids).not.toContain(engagementId);
      },
    };
  },
  getEngagement: async (world) => ({ params: { engagementId: await acceptedEngagementOfA(world) } }),
  transitionEngagement: async (world) => ({
    params: { engagementId: await acceptedEngagementOfA(world) },
    body: { to: "CONTACTED" },
  }),
  addEngagementNote: async (world) => ({
    params: { engagementId: await acceptedEngagementOfA(world) },
    body: { text: "已电话联系企业" },
  }),
  recordEngagementOutcome: async (world) => ({
    params: { engagementId: await acceptedEngagementOfA(world) },
    body: { kind: "DECLINED", declineReason: "OTHER", declineNote: "经审核暂不符合条件" },
  }),
  getEngagementContact: async (world) => ({ params: { engagementId: await acceptedEngagementOfA(world) } }),
  listProducts: async (world) => ({
    query: "limit=100",
    otherInstitutionSees: (answer) => {
      const ids = (answer as { items: { id: string }[] }).items.map((item) => item.id);
      expect(ids).not.toContain(world.products.productA.id);
    },
  }),
  getProduct: async (world) => ({ params: { productId: world.products.productA.id } }),
  // A create names no record: another institution's client makes a draft of its own, never one of bank A's.
  createProduct: async (world) => ({
    body: productBody(world),
    otherInstitutionSees: (answer) => {
      expect(answer).toMatchObject({ status: "DRAFT" });
      expect((answer as { id: string }).id).not.toBe(world.products.productA.id);
    },
  }),
  updateProduct: async (world) => ({
    params: { productId: (await draftProductOfA(world)).id },
    body: productBody(world),
  }),
  publishProduct: async (world) => ({ params: { productId: (await draftProductOfA(world)).id }, body: {} }),
  retireProduct: async (world) => ({
    params: { productId: (await createProduct(db, { institutionId: world.institutions.bankA.id })).id },
    body: {},
  }),
  // A report names no record: another institution's client reports its own book, never bank A's.
  submitBalanceReport: async () => ({
    body: balanceReportBody("2026-09"),
    otherInstitutionSees: (answer) => expect(answer).toMatchObject({ month: "2026-09" }),
  }),
  getBalanceReport: async (world) => {
    const { submitBalanceReport } = await import("~/modules/balances/balances.server.ts");
    const stored = await submitBalanceReport(db, {
      actor: actorOf(world.users.adminA),
      month: "2026-08",
      rows: balanceReportBody("2026-08").rows.map((row, index) => ({ ...row, line: index + 1 })),
      source: "API",
      today: "2026-12-04",
    });
    expect(stored.ok).toBe(true);
    return { params: { month: "2026-08" } };
  },
  listEvents: async (world) => {
    const event = await db.institutionEvent.create({
      data: {
        institutionId: world.institutions.bankA.id,
        type: "lead.matched",
        key: `matrix:${Date.now()}:${Math.random()}`,
        data: { needId: await world.need(), directed: false, escalated: false },
      },
    });
    return {
      query: "limit=200",
      otherInstitutionSees: (answer) => {
        const ids = (answer as { items: { id: string }[] }).items.map((item) => item.id);
        expect(ids).not.toContain(event.id);
      },
    };
  },
};

function balanceReportBody(month: string) {
  return {
    month,
    rows: [
      {
        borrowerCode: nextCreditCode(),
        borrowerName: "揭阳市矩阵测试公司",
        loanId: `MATRIX-${month}`,
        tags: ["INCLUSIVE"],
        balance: "500000.00",
        totalCredit: "800000",
      },
    ],
  };
}

/** A product body as the institution's form would send it. */
function productBody(world: World) {
  return {
    name: "甲银行设备更新贷",
    summary: "支持小微企业购置生产设备",
    description: "设备抵押或信用，最长三年，按月付息到期还本。",
    minAmount: "100000.00",
    maxAmount: "2000000",
    minTermMonths: 6,
    maxTermMonths: 36,
    minAnnualRate: "3.5000",
    maxAnnualRate: "5.5000",
    acceptedCollateral: ["EQUIPMENT", "CREDIT"],
    eligibleEntityTypes: ["SMALL_MICRO"],
    regionIds: [world.regions.rongcheng.id],
    repaymentMethods: ["INTEREST_ONLY"],
    subsidies: [],
  };
}

const draftProductOfA = (world: World) =>
  createProduct(db, { institutionId: world.institutions.bankA.id, status: "DRAFT" });

/** A fresh engagement of bank A's officer, accepted at once (the need's consent is on file). */
async function acceptedEngagementOfA(world: World): Promise<string> {
  const { requestLead } = await import("~/modules/engagements/engagements.server.ts");
  const engaged = await requestLead(db, { needId: await world.need(), actor: actorOf(world.users.officerA) });
  expect(engaged.status).toBe("ACCEPTED");
  return engaged.engagementId;
}

/** Every operation a token can call; the public ones (token endpoint, the document) have no caller to refuse. */
const guarded = API_OPERATIONS.filter((operation) => operation.scope !== null);

type Caller = "no token" | "expired token" | "revoked client" | "wrong scope" | "other institution" | "right client";

let world: World;
const bearer: Partial<Record<Exclude<Caller, "no token" | "wrong scope">, string>> = {};
const wrongScopeBearer = new Map<string, string>();
let rightClientId = "";

async function registerClient(admin: "adminA" | "adminB", name: string) {
  const registered = await clients.registerApiClient(db, {
    actor: actorOf(world.users[admin]),
    fields: { name, scopes: [...API_SCOPES] },
  });
  if (!registered.ok) throw new Error(JSON.stringify(registered.fieldErrors));
  return registered;
}

async function tokenFor(
  client: { client: { clientId: string }; clientSecret: string },
  options: { scope?: string; now?: Date } = {},
) {
  const issued = await issueAccessToken(db, {
    clientId: client.client.clientId,
    clientSecret: client.clientSecret,
    scope: options.scope,
    now: options.now,
    ip: BANK_IP,
  });
  return `Bearer ${issued.accessToken}`;
}

beforeAll(async () => {
  world = await buildWorld(db);
  const right = await registerClient("adminA", "甲银行信贷系统");
  bearer["right client"] = await tokenFor(right);
  rightClientId = right.client.id;
  bearer["expired token"] = await tokenFor(right, { now: new Date(Date.now() - 2 * 3_600_000) });
  bearer["other institution"] = await tokenFor(await registerClient("adminB", "乙银行信贷系统"));
  const revoked = await registerClient("adminA", "甲银行旧系统");
  bearer["revoked client"] = await tokenFor(revoked);
  await clients.revokeApiClient(db, { actor: actorOf(world.users.adminA), apiClientId: revoked.client.id });
  for (const scope of new Set(guarded.map((operation) => operation.scope!))) {
    const others = API_SCOPES.filter((candidate) => candidate !== scope).join(" ");
    wrongScopeBearer.set(scope, await tokenFor(right, { scope: others }));
  }
});
afterAll(async () => {
  await environment.tearDown();
});

/**
 * Every table's row count and a digest of its rows, so a refused call that wrote, changed or deleted anything shows.
 * A client's last-used time is left out: it records that a valid token was presented, not a change the call made.
 * So are Idempotency-Key records, which store a refusal the handler answered so that a retry replays it; a refused
 * call may leave only such a record, of its own client, holding that refusal (checked in `expectNothingChanged`).
 */
async function databaseSnapshot(): Promise<Record<string, string>> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      AND table_name NOT IN ('_prisma_migrations', 'ApiIdempotencyRecord')
    ORDER BY table_name`;
  const digests = await db.$queryRawUnsafe<{ name: string; digest: string }[]>(
    tables
      .map(({ table_name: name }) => {
        const quoted = `"${name.replace(/"/g, '""')}"`;
        const row = `(to_jsonb(t) - 'lastUsedAt')::text`;
        return `SELECT '${name.replace(/'/g, "''")}' AS name,
          count(*) || ':' || coalesce(md5(string_agg(${row}, '|' ORDER BY ${row})), '') AS digest
          FROM ${quoted} t`;
      })
      .join(" UNION ALL "),
  );
  return Object.fromEntries(digests.map((entry) => [entry.name, entry.digest]));
}

async function callAs(operation: (typeof guarded)[number], sample: Sample, authorization: string | undefined) {
  const route = apiRouteFor(operation.path);
  const path = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) =>
    encodeURIComponent(sample.params?.[name] ?? ""),
  );
  const headers = new Headers();
  if (authorization) headers.set("Authorization", authorization);
  const post = operation.method === "POST";
  if (post) {
    headers.set("Content-Type", "application/json");
    headers.set("Idempotency-Key", `matrix-${crypto.randomUUID()}`);
  }
  const request = new Request(`http://jieyang.test${path}${sample.query ? `?${sample.query}` : ""}`, {
    method: operation.method,
    headers,
    body: post ? JSON.stringify(sample.body ?? {}) : undefined,
  });
  const handler = post ? route.module.action : route.module.loader;
  if (!handler) throw new Error(`${route.file} does not export the ${post ? "action" : "loader"}`);
  const response = await handler({ request, params: sample.params ?? {}, context: { clientIp: BANK_IP } });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("Content-Type") ?? "",
    json: JSON.parse(text) as unknown,
  };
}

/** The refused call changed nothing but, at most, the record of its own Idempotency-Key replaying the refusal. */
async function expectNothingChanged(
  before: { snapshot: Record<string, string>; idempotencyRecords: number },
  answer: { status: number },
  label: string,
) {
  expect(await databaseSnapshot(), `${label} changed the database`).toEqual(before.snapshot);
  const records = await db.apiIdempotencyRecord.findMany({
    orderBy: { createdAt: "asc" },
    skip: before.idempotencyRecords,
  });
  for (const record of records) {
    expect(record.status, label).toBe(answer.status);
    expect(record.apiClientId, label).not.toBe(rightClientId);
  }
}

async function capture() {
  return { snapshot: await databaseSnapshot(), idempotencyRecords: await db.apiIdempotencyRecord.count() };
}

function expectProblem(answer: { status: number; type: string; json: unknown }, statuses: number[], label: string) {
  expect(statuses, `${label}: HTTP ${answer.status} ${JSON.stringify(answer.json).slice(0, 200)}`).toContain(
    answer.status,
  );
  expect(answer.type, label).toMatch(/^application\/problem\+json/);
  const problem = answer.json as { status?: number; code?: string; detail?: string };
  expect(problem.status, label).toBe(answer.status);
  expect(problem.code, label).toMatch(/^[A-Z_]+$/);
  expect(problem.detail, label).toMatch(/[\u4e00-\u9fff]/);
}

it("has a sample call for every operation that needs a token", () => {
  expect(guarded.length).toBeGreaterThanOrEqual(3);
  const missing = guarded.map((operation) => operation.operationId).filter((id) => !(id in SAMPLES));
  expect(missing, "add a row to SAMPLES for each new operation").toEqual([]);
});

describe.each(guarded.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
  "%s",
  (_name, operation) => {
    it("refuses every caller but the right one, changing nothing, and serves the right client", async () => {
      const makeSample = SAMPLES[operation.operationId];
      if (!makeSample) throw new Error(`no sample for ${operation.operationId} in SAMPLES`);
      const sample = await makeSample(world);
      const refusals: [Caller, string | undefined, number[]][] = [
        ["no token", undefined, [401]],
        ["expired token", bearer["expired token"], [401]],
        ["revoked client", bearer["revoked client"], [401]],
        ["wrong scope", wrongScopeBearer.get(operation.scope!), [403]],
      ];
      if (!sample.otherInstitutionSees) refusals.push(["other institution", bearer["other institution"], [403, 404]]);

      for (const [caller, authorization, statuses] of refusals) {
        const before = await capture();
        const answer = await callAs(operation, sample, authorization);
        expectProblem(answer, statuses, `${operation.operationId} as ${caller}`);
        await expectNothingChanged(before, answer, `${operation.operationId} as ${caller}`);
      }

      if (sample.otherInstitutionSees) {
        const before = await capture();
        const answer = await callAs(operation, sample, bearer["other institution"]);
        expect(answer.status, `${operation.operationId} as other institution`).toBe(operation.response.status);
        sample.otherInstitutionSees(answer.json);
        if (operation.method === "GET") expect(await databaseSnapshot()).toEqual(before.snapshot);
      }

      const served = await callAs(operation, sample, bearer["right client"]);
      expect(served.status, `${operation.operationId} as the right client: ${JSON.stringify(served.json)}`).toBe(
        operation.response.status,
      );
      expect(operation.response.schema.safeParse(served.json).success).toBe(true);
    });
  },
);
