/**
 * The whole cycle of a bank's system through the Open API only, against real Postgres and Redis and the real worker
 * posting the target ledger: token → leads feed → take up the lead → contact (an audit row per read) → progress →
 * approval → a first-loan disbursement the ledger counts exactly once. Then idempotency of the disbursement POST, and
 * a correction recorded as a new version that the ledger restates without counting the borrower twice.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { waitFor } from "../../support/wait.ts";
import { recordingSearchPorts, startTestRuntime } from "../jobs/support/runtime.ts";
import { buildWorld, SECRET, type World } from "../institution/scenario.ts";
import { BANK_IP, bearerToken, callApi, type ApiRoute } from "./engagement-support.ts";

const environment = await setUpAppEnvironment("api_cycle");
const db = environment.db;
const { ledgerTotals } = await import("~/modules/ledger/ledger.server.ts");
const { shanghaiToday } = await import("~/kernel/time.ts");
const asRoute = (module: unknown) => module as ApiRoute;
const feedRoute = asRoute(await import("~/routes/api.v1.leads._index.ts"));
const engageRoute = asRoute(await import("~/routes/api.v1.leads.$needId.engagements.ts"));
const listRoute = asRoute(await import("~/routes/api.v1.engagements._index.ts"));
const engagementRoute = asRoute(await import("~/routes/api.v1.engagements.$engagementId.ts"));
const transitionRoute = asRoute(await import("~/routes/api.v1.engagements.$engagementId.transitions.ts"));
const noteRoute = asRoute(await import("~/routes/api.v1.engagements.$engagementId.notes.ts"));
const outcomeRoute = asRoute(await import("~/routes/api.v1.engagements.$engagementId.outcomes.ts"));
const contactRoute = asRoute(await import("~/routes/api.v1.engagements.$engagementId.contact.ts"));

let world: World;
let authorization: string;
let runtime: Awaited<ReturnType<typeof startTestRuntime>>;

beforeAll(async () => {
  world = await buildWorld(db);
  ({ authorization } = await bearerToken(db, world.users.adminA, [
    "leads:read",
    "engagements:write",
    "outcomes:write",
  ]));
  const ports = recordingSearchPorts();
  runtime = await startTestRuntime(db, { ...ports, queues: ["ledger"] });
});
afterAll(async () => {
  await runtime?.stop();
  await environment.tearDown();
});

async function walkFeed(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await callApi(feedRoute, {
      path: `/api/v1/leads?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      authorization,
    });
    expect(page.status).toBe(200);
    ids.push(...(page.json.items as { id: string }[]).map((item) => item.id));
    cursor = page.json.nextCursor as string;
    if (!page.json.hasMore) return ids;
  }
}

const today = () => shanghaiToday();

it("drives a lead to a first-loan disbursement through the API, and the ledger counts it exactly once", async () => {
  const needId = await world.need();
  await world.need({ consent: null });
  await world.need({ visibility: "DIRECTED", directedTo: [world.institutions.bankB.id] });

  // 1. The feed shows the lead. The feed holds back publications while any older transaction of the Postgres
  //    server is still running (tests of other files share it), so it is read again until the lead is there.
  const feed = await waitFor(
    async () => {
      const ids = await walkFeed();
      return ids.includes(needId) ? ids : null;
    },
    { timeoutMs: 60_000, what: "the lead in the feed" },
  );
  expect(new Set(feed).size).toBe(feed!.length);

  // 2. Take it up: the general consent is on file, so it is accepted at once.
  const taken = await callApi(engageRoute, {
    path: `/api/v1/leads/${needId}/engagements`,
    params: { needId },
    authorization,
    body: {},
    idempotencyKey: "take-up-cycle-1",
  });
  expect(taken.status).toBe(201);
  expect(taken.json.status).toBe("ACCEPTED");
  const engagementId = taken.json.id as string;
  const params = { engagementId };
  const base = `/api/v1/engagements/${engagementId}`;

  // 3. The contact, each read audited as on the officer's page.
  const auditsBefore = await db.auditLog.count({
    where: { action: "CONTACT_REVEALED", subjectId: world.enterprise.id },
  });
  for (let read = 0; read < 2; read++) {
    const contact = await callApi(contactRoute, { path: `${base}/contact`, params, authorization });
    expect(contact.status).toBe(200);
    expect(contact.json).toMatchObject({
      engagementId,
      needId,
      consent: { general: true },
      enterprise: { name: SECRET.enterpriseName, contactPhone: SECRET.contactPhone, idNumber: SECRET.creditCode },
    });
  }
  const reveals = await db.auditLog.findMany({
    where: { action: "CONTACT_REVEALED", subjectId: world.enterprise.id },
    orderBy: { createdAt: "asc" },
  });
  expect(reveals).toHaveLength(auditsBefore + 2);
  const apiClient = await db.apiClient.findFirstOrThrow({ where: { institutionId: world.institutions.bankA.id } });
  expect(reveals.at(-1)).toMatchObject({ actorId: apiClient.serviceUserId, ip: BANK_IP });
  expect(reveals.at(-1)!.data).toMatchObject({ engagementId, needId });

  // 4. Progress and a note, then the approval.
  for (const to of ["CONTACTED", "UNDER_REVIEW"]) {
    const moved = await callApi(transitionRoute, { path: `${base}/transitions`, params, authorization, body: { to } });
    expect(moved.status).toBe(200);
    expect(moved.json.status).toBe(to);
  }
  const note = await callApi(noteRoute, {
    path: `${base}/notes`,
    params,
    authorization,
    body: { text: "信贷系统：已完成尽调" },
  });
  expect(note.status).toBe(201);
  expect(await db.needEvent.count({ where: { id: note.json.id as string, type: "NOTE_ADDED", engagementId } })).toBe(1);
  const approved = await callApi(outcomeRoute, {
    path: `${base}/outcomes`,
    params,
    authorization,
    body: {
      kind: "APPROVED",
      amount: "800000.00",
      annualRatePercent: "3.85",
      termMonths: 12,
      decidedOn: today(),
      productId: world.products.productA.id,
    },
  });
  expect(approved.status).toBe(201);
  expect(approved.json).toMatchObject({
    engagementStatus: "APPROVED",
    outcome: { kind: "APPROVED", approvedAmount: "800000.00", annualRatePercent: "3.85", version: 1 },
  });

  // 5. The disbursement, confirmed as the borrower's first loan, POSTed twice with one key.
  const disbursement = {
    kind: "DISBURSED",
    amount: "500000.00",
    annualRatePercent: "3.85",
    termMonths: 12,
    disbursedOn: today(),
    firstLoan: true,
    totalCreditAtInstitution: "500000.00",
    productId: world.products.productA.id,
    policyTool: "INCLUSIVE_SMALL_MICRO_TOOL",
  };
  const post = (body: unknown) =>
    callApi(outcomeRoute, {
      path: `${base}/outcomes`,
      params,
      authorization,
      body,
      idempotencyKey: "disburse-cycle-1",
    });
  const first = await post(disbursement);
  expect(first.status).toBe(201);
  expect(first.json).toMatchObject({
    engagementStatus: "DISBURSED",
    outcome: { kind: "DISBURSED", disbursedAmount: "500000.00", approvedAmount: "800000.00", firstLoan: true },
  });
  const again = await post(disbursement);
  expect(again.status).toBe(201);
  expect(again.headers.get("Idempotent-Replayed")).toBe("true");
  expect(again.json).toEqual(first.json);
  const otherBody = await post({ ...disbursement, amount: "400000.00" });
  expect(otherBody).toMatchObject({ status: 409, json: { code: "IDEMPOTENCY_KEY_REUSED" } });
  expect(otherBody.headers.get("Content-Type")).toContain("application/problem+json");
  expect(await db.outcome.count({ where: { engagementId, kind: "DISBURSED" } })).toBe(1);

  // 6. The worker posts the ledger: one first-loan borrower, the amount once.
  const enterpriseId = world.enterprise.id;
  const totals = await waitFor(
    async () => {
      const current = await ledgerTotals(db, { enterpriseId });
      return current.DISBURSED_AMOUNT.amount === "500000.00" ? current : null;
    },
    { what: "the disbursement in the ledger" },
  );
  expect(totals!.FIRST_LOAN_BORROWER.borrowers).toBe(1);
  expect(totals!.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers).toBe(1);
  expect(await db.ledgerEntry.count({ where: { enterpriseId, metric: "FIRST_LOAN_BORROWER" } })).toBe(1);

  // 7. The detail shows the state; the list holds the engagement once.
  const detail = await callApi(engagementRoute, { path: base, params, authorization });
  expect(detail.status).toBe(200);
  expect(detail.json).toMatchObject({ id: engagementId, needId, status: "DISBURSED" });
  expect((detail.json.outcomes as { kind: string; version: number }[]).map((o) => `${o.kind}:${o.version}`)).toEqual([
    "DISBURSED:2",
    "APPROVED:1",
  ]);
  expect(String(detail.json.acceptedAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  const list = await callApi(listRoute, { path: "/api/v1/engagements?status=DISBURSED", authorization });
  expect(list.status).toBe(200);
  expect((list.json.items as { id: string }[]).map((item) => item.id)).toEqual([engagementId]);

  // 8. A correction is a new version: the old one is kept as SUPERSEDED, the ledger restates the amount and still
  //    counts the borrower once.
  const outcomeId = (first.json.outcome as { id: string }).id;
  const corrected = await callApi(outcomeRoute, {
    path: `${base}/outcomes`,
    params,
    authorization,
    body: { ...disbursement, amount: "450000.00", corrects: outcomeId, correctionReason: "放款金额录入有误" },
  });
  expect(corrected.status).toBe(201);
  expect(corrected.json).toMatchObject({ outcome: { version: 3, disbursedAmount: "450000.00", state: "ACTIVE" } });
  expect((await db.outcome.findUniqueOrThrow({ where: { id: outcomeId } })).state).toBe("SUPERSEDED");
  expect((await db.outcome.findUniqueOrThrow({ where: { id: outcomeId } })).disbursedAmount!.toFixed(2)).toBe(
    "500000.00",
  );
  const restated = await waitFor(
    async () => {
      const current = await ledgerTotals(db, { enterpriseId });
      return current.DISBURSED_AMOUNT.amount === "450000.00" ? current : null;
    },
    { what: "the corrected amount in the ledger" },
  );
  expect(restated!.FIRST_LOAN_BORROWER.borrowers).toBe(1);

  // A correction naming the superseded version is refused: it is no longer the one on file.
  const stale = await callApi(outcomeRoute, {
    path: `${base}/outcomes`,
    params,
    authorization,
    body: { ...disbursement, amount: "440000.00", corrects: outcomeId, correctionReason: "再次更正" },
  });
  expect(stale).toMatchObject({ status: 409, json: { code: "OUTCOME_NOT_CURRENT" } });
  expect(await db.outcome.count({ where: { engagementId } })).toBe(3);
});
