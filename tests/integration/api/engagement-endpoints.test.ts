/**
 * The engagement endpoints one by one, against real Postgres and Redis: who may call each (no token, a token without
 * the scope, another institution's client — each refused and nothing changed), the contact only under consent and
 * audited only when answered, legal transitions, outcome validation in the API's own field names, coded declines,
 * and the list walked page by page.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { actorOf, buildWorld, SECRET, type World } from "../institution/scenario.ts";
import { bearerToken, callApi, type ApiRoute } from "./engagement-support.ts";

const environment = await setUpAppEnvironment("api_engagements");
const db = environment.db;
const engagements = await import("~/modules/engagements/engagements.server.ts");
const { withdrawConsent } = await import("~/modules/needs/enterprise-needs.server.ts");
const { shanghaiToday, addCalendarDays } = await import("~/kernel/time.ts");
const asRoute = (module: unknown) => module as ApiRoute;
const listRoute = asRoute(await import("~/routes/api.v1.engagements._index.ts"));
const engagementRoute = asRoute(await import("~/routes/api.v1.engagements.$engagementId.ts"));
const transitionRoute = asRoute(await import("~/routes/api.v1.engagements.$engagementId.transitions.ts"));
const noteRoute = asRoute(await import("~/routes/api.v1.engagements.$engagementId.notes.ts"));
const outcomeRoute = asRoute(await import("~/routes/api.v1.engagements.$engagementId.outcomes.ts"));
const contactRoute = asRoute(await import("~/routes/api.v1.engagements.$engagementId.contact.ts"));

let world: World;
/** Bank A's client with every scope these endpoints use. */
let ours: string;
/** Bank A's client that may only read. */
let readOnly: string;
/** Bank A's client that may only write engagements (not read, not outcomes). */
let writeOnly: string;
/** Bank B's client with every scope. */
let theirs: string;

beforeAll(async () => {
  world = await buildWorld(db);
  const all = ["leads:read", "engagements:write", "outcomes:write"] as const;
  ours = (await bearerToken(db, world.users.adminA, [...all])).authorization;
  readOnly = (await bearerToken(db, world.users.adminA, ["leads:read"])).authorization;
  writeOnly = (await bearerToken(db, world.users.adminA, ["engagements:write"])).authorization;
  theirs = (await bearerToken(db, world.users.adminB, [...all])).authorization;
});
afterAll(async () => {
  await environment.tearDown();
});

/** An ACCEPTED engagement of bank A on a new need (general consent on file unless `consent: null`). */
async function acceptedEngagement(options: { consent?: null } = {}) {
  const needId = await world.need(options.consent === null ? { consent: null } : {});
  const { engagementId, status } = await engagements.requestLead(db, { needId, actor: actorOf(world.users.officerA) });
  return { needId, engagementId, status };
}

async function snapshot(engagementId: string) {
  const [engagement, events, outcomes, reveals] = await Promise.all([
    db.engagement.findUniqueOrThrow({ where: { id: engagementId }, select: { status: true, updatedAt: true } }),
    db.needEvent.count({ where: { engagementId } }),
    db.outcome.count({ where: { engagementId } }),
    db.auditLog.count({ where: { action: "CONTACT_REVEALED" } }),
  ]);
  return { engagement, events, outcomes, reveals };
}

const today = () => shanghaiToday();

type Call = {
  name: string;
  route: ApiRoute;
  /** The token scope that passes, and one that does not. */
  withoutScope: () => string;
  path: (id: string) => string;
  body?: unknown;
};

const calls: Call[] = [
  { name: "GET engagement", route: engagementRoute, withoutScope: () => writeOnly, path: (id) => id },
  { name: "GET contact", route: contactRoute, withoutScope: () => writeOnly, path: (id) => `${id}/contact` },
  {
    name: "POST transitions",
    route: transitionRoute,
    withoutScope: () => readOnly,
    path: (id) => `${id}/transitions`,
    body: { to: "CONTACTED" },
  },
  {
    name: "POST notes",
    route: noteRoute,
    withoutScope: () => readOnly,
    path: (id) => `${id}/notes`,
    body: { text: "越权备注" },
  },
  {
    name: "POST outcomes",
    route: outcomeRoute,
    withoutScope: () => writeOnly,
    path: (id) => `${id}/outcomes`,
    body: { kind: "DECLINED", declineReason: "OTHER", declineNote: "越权登记的未通过" },
  },
];

describe("who may call", () => {
  it.each(calls)("$name: no token 401, wrong scope 403, another institution 404 — nothing changes", async (call) => {
    const { engagementId } = await acceptedEngagement();
    const before = await snapshot(engagementId);
    const request = (authorization?: string) =>
      callApi(call.route, {
        path: `/api/v1/engagements/${call.path(engagementId)}`,
        params: { engagementId },
        ...(authorization ? { authorization } : {}),
        ...(call.body === undefined ? {} : { body: call.body }),
      });
    const anonymous = await request();
    expect(anonymous).toMatchObject({ status: 401, json: { code: "INVALID_TOKEN" } });
    const underScoped = await request(call.withoutScope());
    expect(underScoped).toMatchObject({ status: 403, json: { code: "INSUFFICIENT_SCOPE" } });
    const foreign = await request(theirs);
    expect(foreign).toMatchObject({ status: 404, json: { code: "NOT_FOUND" } });
    for (const refused of [anonymous, underScoped, foreign]) {
      expect(refused.headers.get("Content-Type")).toContain("application/problem+json");
      expect(String(refused.json.detail)).toMatch(/[\u4e00-\u9fff]/);
      expect(JSON.stringify(refused.json)).not.toContain(SECRET.contactPhone);
    }
    expect(await snapshot(engagementId)).toEqual(before);
    // The right client gets through.
    expect((await request(ours)).status).toBeLessThan(300);
  });

  it("lists only the caller's own engagements", async () => {
    const { engagementId } = await acceptedEngagement();
    const list = await callApi(listRoute, { path: "/api/v1/engagements?limit=100", authorization: theirs });
    expect(list.status).toBe(200);
    expect((list.json.items as { id: string }[]).map((item) => item.id)).not.toContain(engagementId);
    expect((await callApi(listRoute, { path: "/api/v1/engagements", authorization: writeOnly })).status).toBe(403);
    expect((await callApi(listRoute, { path: "/api/v1/engagements" })).status).toBe(401);
  });
});

describe("contact details", () => {
  it("are refused without consent and not audited, shown and audited once consented, refused again after withdrawal", async () => {
    const { needId, engagementId, status } = await acceptedEngagement({ consent: null });
    expect(status).toBe("REQUESTED");
    const read = () =>
      callApi(contactRoute, {
        path: `/api/v1/engagements/${engagementId}/contact`,
        params: { engagementId },
        authorization: ours,
      });
    const reveals = () => db.auditLog.count({ where: { action: "CONTACT_REVEALED", subjectId: world.enterprise.id } });
    const before = await reveals();

    const refused = await read();
    expect(refused).toMatchObject({ status: 403, json: { code: "CONSENT_REQUIRED" } });
    expect(JSON.stringify(refused.json)).not.toContain(SECRET.contactPhone);
    expect(JSON.stringify(refused.json)).not.toContain(SECRET.enterpriseName);
    expect(await reveals()).toBe(before);

    // The enterprise says yes to this institution's request.
    await engagements.answerEngagementRequest(db, {
      engagementId,
      enterpriseId: world.enterprise.id,
      userId: world.users.enterprise.id,
      accept: true,
      consentTextVersion: "2026-01",
    });
    const shown = await read();
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({
      consent: { general: false },
      enterprise: { contactName: SECRET.contactName, contactEmail: SECRET.contactEmail },
    });
    expect(await reveals()).toBe(before + 1);

    await withdrawConsent(db, {
      actor: { userId: world.users.enterprise.id, enterpriseId: world.enterprise.id },
      needId,
      institutionId: world.institutions.bankA.id,
    });
    const afterWithdrawal = await read();
    expect(afterWithdrawal).toMatchObject({ status: 403, json: { code: "CONSENT_REQUIRED" } });
    expect(JSON.stringify(afterWithdrawal.json)).not.toContain(SECRET.contactPhone);
    expect(await reveals()).toBe(before + 1);
  });
});

describe("transitions and notes", () => {
  it("moves only along the lifecycle: an illegal step is 409, an outcome status 422, nothing changes", async () => {
    const { engagementId } = await acceptedEngagement();
    const move = (body: unknown) =>
      callApi(transitionRoute, {
        path: `/api/v1/engagements/${engagementId}/transitions`,
        params: { engagementId },
        authorization: ours,
        body,
      });
    const before = await snapshot(engagementId);
    expect(await move({ to: "UNDER_REVIEW" })).toMatchObject({ status: 409, json: { code: "ILLEGAL_TRANSITION" } });
    const outcomeStatus = await move({ to: "DISBURSED" });
    expect(outcomeStatus).toMatchObject({ status: 422, json: { code: "VALIDATION_FAILED" } });
    expect(outcomeStatus.json.errors).toHaveProperty("to");
    expect((await move({ to: "CONTACTED", extra: true })).status).toBe(422);
    expect((await move({ to: "CONTACTED", reason: "x".repeat(501) })).status).toBe(422);
    expect(await snapshot(engagementId)).toEqual(before);

    const contacted = await move({ to: "CONTACTED", reason: "  已电话联系  " });
    expect(contacted.status).toBe(200);
    expect(contacted.json).toMatchObject({ id: engagementId, status: "CONTACTED" });
    expect(contacted.json.contactedAt).not.toBeNull();
    const event = await db.needEvent.findFirstOrThrow({
      where: { engagementId, type: "ENGAGEMENT_STATUS_CHANGED", toStatus: "CONTACTED" },
    });
    expect(event.note).toBe("已电话联系");
    expect(await move({ to: "CONTACTED" })).toMatchObject({ status: 409, json: { code: "ILLEGAL_TRANSITION" } });

    const withdrawn = await move({ to: "WITHDRAWN" });
    expect(withdrawn.json.status).toBe("WITHDRAWN");
    expect((await db.engagement.findUniqueOrThrow({ where: { id: engagementId } })).activeSlot).toBeNull();
  });

  it("accepts a request only once the enterprise has consented", async () => {
    const { engagementId } = await acceptedEngagement({ consent: null });
    const accept = await callApi(transitionRoute, {
      path: `/api/v1/engagements/${engagementId}/transitions`,
      params: { engagementId },
      authorization: ours,
      body: { to: "ACCEPTED" },
    });
    expect(accept).toMatchObject({ status: 409, json: { code: "CONFLICT" } });
    expect((await db.engagement.findUniqueOrThrow({ where: { id: engagementId } })).status).toBe("REQUESTED");
  });

  it("adds an internal note and refuses an empty one", async () => {
    const { engagementId } = await acceptedEngagement();
    const add = (body: unknown) =>
      callApi(noteRoute, {
        path: `/api/v1/engagements/${engagementId}/notes`,
        params: { engagementId },
        authorization: ours,
        body,
      });
    expect(await add({ text: "   " })).toMatchObject({ status: 422, json: { errors: { text: "请填写备注" } } });
    expect(await add({ note: "wrong field" })).toMatchObject({ status: 422 });
    expect(await db.needEvent.count({ where: { engagementId, type: "NOTE_ADDED" } })).toBe(0);
    const added = await add({ text: "客户经理已上门核实经营场所" });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ engagementId, text: "客户经理已上门核实经营场所" });
    const stored = await db.needEvent.findUniqueOrThrow({ where: { id: added.json.id as string } });
    expect(stored).toMatchObject({ type: "NOTE_ADDED", note: "客户经理已上门核实经营场所", engagementId });
  });
});

describe("outcomes", () => {
  async function underReview() {
    const { engagementId } = await acceptedEngagement();
    const actor = actorOf(world.users.officerA);
    await engagements.changeEngagementStatus(db, { engagementId, actor, to: "CONTACTED" });
    await engagements.changeEngagementStatus(db, { engagementId, actor, to: "UNDER_REVIEW" });
    return engagementId;
  }

  const post = (engagementId: string, body: unknown) =>
    callApi(outcomeRoute, {
      path: `/api/v1/engagements/${engagementId}/outcomes`,
      params: { engagementId },
      authorization: ours,
      body,
    });

  it("refuses bad input with Chinese messages under the API's field names, writing nothing", async () => {
    const engagementId = await underReview();
    const before = await snapshot(engagementId);
    const approved = {
      kind: "APPROVED",
      amount: "800000.00",
      annualRatePercent: "3.85",
      termMonths: 12,
      decidedOn: today(),
    };
    const cases: [unknown, string][] = [
      [{ ...approved, amount: "1.505" }, "amount"],
      [{ ...approved, amount: 800000 }, "amount"],
      [{ ...approved, amount: "0" }, "amount"],
      [{ ...approved, annualRatePercent: "30" }, "annualRatePercent"],
      [{ ...approved, termMonths: 0 }, "termMonths"],
      [{ ...approved, termMonths: 12.5 }, "termMonths"],
      [{ ...approved, decidedOn: addCalendarDays(today(), 1) }, "decidedOn"],
      [{ ...approved, decidedOn: "2026/01/01" }, "decidedOn"],
      [{ ...approved, productId: world.products.productB.id }, "productId"],
      [{ ...approved, policyTool: "MAGIC" }, "policyTool"],
      [{ ...approved, kind: "PAID" }, "kind"],
    ];
    for (const [body, field] of cases) {
      const answer = await post(engagementId, body);
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.json.code).toBe("VALIDATION_FAILED");
      expect(answer.json.errors, JSON.stringify(body)).toHaveProperty(field);
      expect(String((answer.json.errors as Record<string, string>)[field])).toMatch(/[\u4e00-\u9fff]/);
    }
    // A field of another kind is refused, not ignored.
    expect(await post(engagementId, { ...approved, firstLoan: true })).toMatchObject({
      status: 422,
      json: { errors: { _form: expect.stringContaining("firstLoan") } },
    });
    // Disbursing before approval is not a legal step.
    const early = await post(engagementId, {
      kind: "DISBURSED",
      amount: "800000.00",
      annualRatePercent: "3.85",
      termMonths: 12,
      disbursedOn: today(),
      totalCreditAtInstitution: "800000.00",
    });
    expect(early).toMatchObject({ status: 409, json: { code: "ILLEGAL_TRANSITION" } });
    // A correction reason without the outcome it corrects is a mistake, not something to drop silently.
    expect(
      await post(engagementId, {
        ...approved,
        kind: "DISBURSED",
        decidedOn: undefined,
        disbursedOn: today(),
        correctionReason: "x",
      }),
    ).toMatchObject({ status: 422, json: { errors: { correctionReason: expect.any(String) } } });
    expect(await snapshot(engagementId)).toEqual(before);
  });

  it("records one disbursement when the same one is POSTed concurrently, with or without one key", async () => {
    const actor = actorOf(world.users.officerA);
    const approvedEngagement = async () => {
      const engagementId = await underReview();
      const approved = await engagements.recordOutcome(db, {
        engagementId,
        actor,
        kind: "APPROVED",
        fields: { approvedAmount: "800000", annualRate: "3.85", termMonths: "12", decidedOn: today() },
      });
      expect(approved.ok).toBe(true);
      return engagementId;
    };
    const disbursement = {
      kind: "DISBURSED",
      amount: "800000.00",
      annualRatePercent: "3.85",
      termMonths: 12,
      disbursedOn: today(),
      firstLoan: true,
      totalCreditAtInstitution: "800000.00",
    };
    const send = (engagementId: string, idempotencyKey?: string) =>
      callApi(outcomeRoute, {
        path: `/api/v1/engagements/${engagementId}/outcomes`,
        params: { engagementId },
        authorization: ours,
        body: disbursement,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });

    // One key, three at once: one records it; the others replay it or are told it is still in flight.
    const keyed = await approvedEngagement();
    const answers = await Promise.all([1, 2, 3].map(() => send(keyed, "concurrent-disbursement-1")));
    expect(answers.filter((answer) => answer.status === 201).length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    const replay = await send(keyed, "concurrent-disbursement-1");
    expect(replay.status).toBe(201);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await db.outcome.count({ where: { engagementId: keyed, kind: "DISBURSED" } })).toBe(1);

    // No key, three at once: the conditional status update lets one through; the others are 409.
    const unkeyed = await approvedEngagement();
    const raced = await Promise.all([1, 2, 3].map(() => send(unkeyed)));
    expect(raced.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
    expect(await db.outcome.count({ where: { engagementId: unkeyed, kind: "DISBURSED" } })).toBe(1);
  });

  it("records a decline with a coded reason and the note the enterprise sees", async () => {
    const engagementId = await underReview();
    expect(
      await post(engagementId, { kind: "DECLINED", declineReason: "NO_SUCH_REASON", declineNote: "经审核不符合条件" }),
    ).toMatchObject({ status: 422, json: { errors: { declineReason: expect.any(String) } } });
    expect(
      await post(engagementId, { kind: "DECLINED", declineReason: "CREDIT_RECORD", declineNote: "短" }),
    ).toMatchObject({
      status: 422,
      json: { errors: { declineNote: expect.stringContaining("5") } },
    });
    const declined = await post(engagementId, {
      kind: "DECLINED",
      declineReason: "CREDIT_RECORD",
      declineNote: "征信报告显示有逾期记录，暂不能授信",
    });
    expect(declined.status).toBe(201);
    expect(declined.json).toMatchObject({
      engagementStatus: "DECLINED",
      outcome: {
        kind: "DECLINED",
        declineReason: "CREDIT_RECORD",
        declineReasonLabel: "征信问题",
        declineNote: "征信报告显示有逾期记录，暂不能授信",
        decidedOn: today(),
        approvedAmount: null,
      },
    });
    expect(await db.outcome.count({ where: { engagementId } })).toBe(1);
  });
});

describe("the list", () => {
  it("walks every engagement once in a stable order, filters by status and refuses a bad cursor", async () => {
    const created: string[] = [];
    for (let index = 0; index < 5; index++) created.push((await acceptedEngagement()).engagementId);
    await engagements.changeEngagementStatus(db, {
      engagementId: created[1]!,
      actor: actorOf(world.users.officerA),
      to: "CONTACTED",
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await callApi(listRoute, {
        path: `/api/v1/engagements?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        authorization: readOnly,
      });
      expect(page.status).toBe(200);
      pages++;
      seen.push(...(page.json.items as { id: string }[]).map((item) => item.id));
      cursor = page.json.nextCursor as string | null;
      if (!page.json.hasMore) break;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await db.engagement.findMany({
      where: { institutionId: world.institutions.bankA.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    expect(seen).toEqual(all.map((row) => row.id));
    // Resuming from the last cursor later returns exactly the engagements created since.
    const later = (await acceptedEngagement()).engagementId;
    const resumed = await callApi(listRoute, {
      path: `/api/v1/engagements?cursor=${encodeURIComponent(cursor!)}`,
      authorization: readOnly,
    });
    expect((resumed.json.items as { id: string }[]).map((item) => item.id)).toEqual([later]);

    const contacted = await callApi(listRoute, { path: "/api/v1/engagements?status=CONTACTED", authorization: ours });
    expect((contacted.json.items as { id: string; status: string }[]).map((item) => item.id)).toContain(created[1]);
    expect((contacted.json.items as { status: string }[]).every((item) => item.status === "CONTACTED")).toBe(true);

    for (const query of ["cursor=not-a-cursor!", `cursor=${Buffer.from("x.y").toString("base64url")}`, "limit=0"]) {
      const refused = await callApi(listRoute, { path: `/api/v1/engagements?${query}`, authorization: ours });
      expect(refused.status, query).toBe(400);
      expect(refused.headers.get("Content-Type")).toContain("application/problem+json");
    }
    expect(
      (await callApi(listRoute, { path: "/api/v1/engagements?status=PAID", authorization: ours })).json,
    ).toMatchObject({ status: 400, code: "INVALID_QUERY" });
  });
});
