import { illegalActionMessage } from "~/modules/needs/need-lifecycle.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { newClient, readJson, type RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import {
  CONSENT_VERSION,
  createEngagement,
  createEnterprise,
  createMatch,
  createOutcome,
  createProduct,
} from "../../support/world.ts";
import { createScenario, validNeedFields, type Scenario } from "./scenario.ts";

// No Meilisearch in this file: publishing must succeed (and matching fail quietly) while search is unreachable.
const environment = await setUpAppEnvironment("ent_needs", {
  MEILI_URL: "http://127.0.0.1:9",
  MEILI_MASTER_KEY: "unreachable-key-0123456789",
});
const db = environment.db;
const newNeed = await import("~/routes/enterprise.needs.new.tsx");
const needDetail = await import("~/routes/enterprise.needs.$needId.tsx");
const editNeed = await import("~/routes/enterprise.needs.$needId_.edit.tsx");
const home = await import("~/routes/enterprise._index.tsx");
const { NEED_NOT_FOUND_MESSAGE } = await import("~/modules/needs/enterprise-needs.server.ts");

type Errors = { fieldErrors: Record<string, string> };

let reference: Scenario;
let alice: { client: RouteClient; token: string; enterpriseId: string; userId: string };
let bob: { client: RouteClient; token: string; enterpriseId: string; userId: string };

async function enterpriseClient(loginName: string, options: { declaresNoPriorLoan?: boolean } = {}) {
  const { enterprise, user } = await createEnterprise(db, {
    regionId: reference.rongcheng.id,
    user: { loginName },
    ...options,
  });
  const client = newClient();
  const token = await signIn(client, loginName);
  return { client, token, enterpriseId: enterprise.id, userId: user.id };
}

beforeAll(async () => {
  reference = await createScenario(db);
  alice = await enterpriseClient("13700000001", { declaresNoPriorLoan: true });
  bob = await enterpriseClient("13700000002");
});

afterAll(async () => {
  await environment.tearDown();
});

async function post(who: typeof alice, intent: "draft" | "publish", fields: Record<string, string | string[]>) {
  return who.client.post(newNeed, "/enterprise/needs/new", { _csrf: who.token, _intent: intent, ...fields });
}

function needIdFrom(response: Response): string {
  const location = response.headers.get("Location") ?? "";
  const match = /\/enterprise\/needs\/([^/?]+)/.exec(location);
  if (!match) throw new Error(`no need id in ${location}`);
  return match[1]!;
}

async function snapshot() {
  const [needs, events, outbox, consents] = await Promise.all([
    db.financingNeed.count(),
    db.needEvent.count(),
    db.outboxEvent.count(),
    db.consentRecord.count(),
  ]);
  return { needs, events, outbox, consents };
}

describe("need validation: every field invalid in turn gives 400, a Chinese message next to it, and no row", () => {
  const cases: [string, Record<string, string | string[]>, string, RegExp][] = [
    ["negative amount", { amount: "-5" }, "amount", /融资金额请填写正数/],
    ["zero amount", { amount: "0" }, "amount", /至少 1,000 元/],
    ["absurdly large amount", { amount: "99999999999" }, "amount", /不能超过 10 亿元/],
    ["absurdly large amount in 元", { amount: "100000000000", amountUnit: "YUAN" }, "amount", /不能超过 10 亿元/],
    ["non-numeric amount", { amount: "五十万" }, "amount", /融资金额请填写正数/],
    ["amount with more than 分 precision", { amount: "1000.001", amountUnit: "YUAN" }, "amount", /最多精确到分/],
    ["empty amount", { amount: "" }, "amount", /请填写融资金额/],
    ["unknown amount unit", { amountUnit: "KG" }, "amountUnit", /请选择金额单位/],
    ["term of zero months", { termMonths: "0" }, "termMonths", /至少 1 个月/],
    ["term out of range", { termMonths: "361" }, "termMonths", /不能超过 360 个月/],
    ["non-numeric term", { termMonths: "一年" }, "termMonths", /整数月数/],
    ["unknown purpose", { purposeCategory: "GAMBLING" }, "purposeCategory", /请选择资金用途/],
    ["unknown collateral", { collateralOffered: ["GOLD_BARS"] }, "collateralOffered.0", /请从列表中选择担保方式/],
    ["no collateral", { collateralOffered: [] }, "collateralOffered", /至少选择一项担保方式/],
    ["10,000-character description", { description: "融".repeat(10_000) }, "description", /不能超过 2000 字/],
    ["rate above the ceiling", { maxAnnualRate: "36" }, "maxAnnualRate", /不能超过 24%/],
    ["non-numeric rate", { maxAnnualRate: "low" }, "maxAnnualRate", /百分数/],
    ["impossible date", { wantedBy: "2026-02-30" }, "wantedBy", /有效的日期/],
    ["date in the past", { wantedBy: "2020-01-01" }, "wantedBy", /不能早于今天/],
    ["no service wanted", { wantsLoan: "" }, "wantsLoan", /至少选择一种需要的服务/],
    ["unknown visibility", { visibility: "EVERYONE" }, "visibility", /请选择对接方式/],
    ["directed without institutions", { visibility: "DIRECTED" }, "institutionIds", /至少选择一家金融机构/],
    ["publish without consent", { consent: "" }, "consent", /请阅读并勾选同意/],
  ];

  it.each(cases)("%s", async (_label, overrides, field, message) => {
    const before = await snapshot();
    const response = await post(alice, "publish", validNeedFields(overrides));
    expect(response.status).toBe(400);
    const { fieldErrors } = await readJson<Errors>(response);
    expect(fieldErrors[field], JSON.stringify(fieldErrors)).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it("reports several invalid fields at once", async () => {
    const response = await post(
      alice,
      "publish",
      validNeedFields({ amount: "-1", termMonths: "999", purposeCategory: "X", consent: "" }),
    );
    expect(response.status).toBe(400);
    const { fieldErrors } = await readJson<Errors>(response);
    expect(Object.keys(fieldErrors).sort()).toEqual(["amount", "consent", "purposeCategory", "termMonths"]);
  });

  it("refuses directed institutions that do not exist or are inactive (400, nothing saved)", async () => {
    const before = await snapshot();
    for (const institutionIds of [["no-such-institution"], [reference.closedBank.id]]) {
      const response = await post(alice, "publish", validNeedFields({ visibility: "DIRECTED", institutionIds }));
      expect(response.status).toBe(400);
      expect((await readJson<Errors>(response)).fieldErrors.institutionIds).toMatch(/不存在或已停用/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a consent version other than the one in force", async () => {
    const before = await snapshot();
    const response = await post(alice, "publish", validNeedFields({ consentVersion: "2019-01" }));
    expect(response.status).toBe(400);
    expect((await readJson<Errors>(response)).fieldErrors.consent).toMatch(/授权书内容已更新/);
    expect(await snapshot()).toEqual(before);
  });
});

describe("drafts and publishing", () => {
  it("saves a draft without consent, shares nothing and writes the timeline", async () => {
    const response = await post(
      alice,
      "draft",
      validNeedFields({ consent: "", amount: "12.345678", amountUnit: "WAN" }),
    );
    expect(response.status).toBe(302);
    const needId = needIdFrom(response);
    const need = await db.financingNeed.findUniqueOrThrow({ where: { id: needId } });
    expect(need.status).toBe("DRAFT");
    expect(need.amount.toFixed(2)).toBe("123456.78");
    expect(need.enterpriseId).toBe(alice.enterpriseId);
    expect(need.flags).toEqual(["FIRST_LOAN"]);
    expect(await db.consentRecord.count({ where: { needId } })).toBe(0);
    expect(await db.outboxEvent.count({ where: { aggregateId: needId } })).toBe(0);
    expect((await db.needEvent.findMany({ where: { needId } })).map((event) => event.type)).toEqual(["NEED_CREATED"]);
  });

  it("edits a draft, then publishes it: OPEN with deadlines, consent recorded with version, time and user, outbox events", async () => {
    const draft = await post(alice, "draft", validNeedFields({ consent: "" }));
    const needId = needIdFrom(draft);
    const edit = await alice.client.get(editNeed, `/enterprise/needs/${needId}/edit`, { needId });
    expect(edit.status).toBe(200);
    const before = new Date();
    const published = await alice.client.post(
      editNeed,
      `/enterprise/needs/${needId}/edit`,
      {
        _csrf: alice.token,
        _intent: "publish",
        ...validNeedFields({
          amount: "800000",
          amountUnit: "YUAN",
          purposeCategory: "GREEN_RETROFIT",
          declaredFlags: ["TECH"],
        }),
      },
      { params: { needId } },
    );
    expect(published.status).toBe(302);
    expect(published.headers.get("Location")).toBe(`/enterprise/needs/${needId}?published=1`);
    const need = await db.financingNeed.findUniqueOrThrow({ where: { id: needId } });
    expect(need.status).toBe("OPEN");
    expect(need.amount.toFixed(2)).toBe("800000.00");
    expect(need.flags).toEqual(["FIRST_LOAN", "GREEN", "TECH"]);
    expect(need.publishedAt).not.toBeNull();
    expect(need.expiresAt!.getTime()).toBeGreaterThan(need.publishedAt!.getTime());
    expect(need.firstResponseDueAt).not.toBeNull();
    const consents = await db.consentRecord.findMany({ where: { needId } });
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({
      textVersion: CONSENT_VERSION,
      institutionId: null,
      grantedById: alice.userId,
      enterpriseId: alice.enterpriseId,
      withdrawnAt: null,
    });
    expect(consents[0]!.grantedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const outbox = await db.outboxEvent.findMany({
      where: { OR: [{ aggregateId: needId }, { aggregateId: consents[0]!.id }] },
      orderBy: { sequence: "asc" },
    });
    expect(outbox.map((event) => event.type)).toEqual(["consent.granted", "need.published"]);
    expect(
      (await db.needEvent.findMany({ where: { needId }, orderBy: { createdAt: "asc" } })).map((event) => event.type),
    ).toEqual(expect.arrayContaining(["NEED_CREATED", "NEED_UPDATED", "CONSENT_GRANTED", "NEED_PUBLISHED"]));
    // Once published it can no longer be edited.
    const again = await alice.client.get(editNeed, `/enterprise/needs/${needId}/edit`, { needId });
    expect(again.status).toBe(409);
  });

  it("stores a need's life on one clock, in order, with no draft the user never saved", async () => {
    const needId = needIdFrom(await post(alice, "publish", validNeedFields()));
    const need = await db.financingNeed.findUniqueOrThrow({ where: { id: needId } });
    const consent = await db.consentRecord.findFirstOrThrow({ where: { needId } });
    // One transaction, one clock: created, consented and published at the same database instant.
    expect(need.publishedAt).toEqual(need.createdAt);
    expect(consent.grantedAt).toEqual(need.createdAt);
    expect(need.firstResponseDueAt!.getTime()).toBeGreaterThan(need.publishedAt!.getTime());
    expect(need.expiresAt!.getTime()).toBeGreaterThan(need.firstResponseDueAt!.getTime());
    const events = await db.needEvent.findMany({ where: { needId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(events.map((event) => event.type)).toEqual(["CONSENT_GRANTED", "NEED_PUBLISHED"]);
    for (const event of events) expect(event.createdAt).toEqual(need.createdAt);

    // Later steps never precede earlier ones.
    const { requestLead } = await import("~/modules/engagements/engagements.server.ts");
    const officer = reference.officer;
    await requestLead(db, {
      needId,
      actor: { userId: officer.id, role: officer.role, institutionId: officer.institutionId! },
    });
    const engaged = await db.financingNeed.findUniqueOrThrow({ where: { id: needId } });
    const engagement = await db.engagement.findFirstOrThrow({ where: { needId } });
    expect(engaged.firstRespondedAt!.getTime()).toBeGreaterThanOrEqual(engaged.publishedAt!.getTime());
    expect(engagement.requestedAt.getTime()).toBeGreaterThanOrEqual(engaged.publishedAt!.getTime());
    const later = await db.needEvent.findMany({ where: { needId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(later.map((event) => event.type).slice(0, 2)).toEqual(["CONSENT_GRANTED", "NEED_PUBLISHED"]);
  });

  it("publishes a DIRECTED need with one consent record per picked institution", async () => {
    const response = await post(
      alice,
      "publish",
      validNeedFields({
        visibility: "DIRECTED",
        institutionIds: [reference.bank.id, reference.guarantor.id],
        wantsGuarantee: "on",
      }),
    );
    expect(response.status).toBe(302);
    const needId = needIdFrom(response);
    const need = await db.financingNeed.findUniqueOrThrow({
      where: { id: needId },
      include: { directedInstitutions: true, consents: true },
    });
    expect(need.visibility).toBe("DIRECTED");
    expect(need.directedInstitutions.map((item) => item.institutionId).sort()).toEqual(
      [reference.bank.id, reference.guarantor.id].sort(),
    );
    expect(need.consents.map((item) => item.institutionId).sort()).toEqual(
      [reference.bank.id, reference.guarantor.id].sort(),
    );
    expect(need.consents.every((item) => item.textVersion === CONSENT_VERSION)).toBe(true);
  });

  it("publishing writes the need and its outbox event in one transaction: if the outbox insert fails, no need exists", async () => {
    await db.$executeRawUnsafe(`
      CREATE FUNCTION refuse_need_published() RETURNS trigger AS $$
      BEGIN
        IF NEW.type = 'need.published' THEN RAISE EXCEPTION 'outbox unavailable (test)'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_need_published BEFORE INSERT ON "OutboxEvent" FOR EACH ROW EXECUTE FUNCTION refuse_need_published()`,
    );
    try {
      const before = await snapshot();
      await expect(post(alice, "publish", validNeedFields())).rejects.toThrow();
      expect(await snapshot()).toEqual(before);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_need_published ON "OutboxEvent"`);
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_need_published()`);
    }
  });

  it("keeps HTML and script in the description as plain text", async () => {
    const text = `<script>alert("x")</script><img src=x onerror=alert(1)> 需要资金`;
    const response = await post(alice, "draft", validNeedFields({ description: text, consent: "" }));
    expect(response.status).toBe(302);
    const needId = needIdFrom(response);
    expect((await db.financingNeed.findUniqueOrThrow({ where: { id: needId } })).description).toBe(text);
    const detail = await readJson<{ need: { description: string } }>(
      await alice.client.get(needDetail, `/enterprise/needs/${needId}`, { needId }),
    );
    expect(detail.need.description).toBe(text);
  });

  it("lists the enterprise's own needs on its home page", async () => {
    const response = await alice.client.get(home, "/enterprise");
    expect(response.status).toBe(200);
    const body = await readJson<{ needs: { id: string; status: string }[] }>(response);
    const own = await db.financingNeed.findMany({ where: { enterpriseId: alice.enterpriseId }, select: { id: true } });
    expect(body.needs.map((need) => need.id).sort()).toEqual(own.map((need) => need.id).sort());
    const bobs = await readJson<{ needs: unknown[] }>(await bob.client.get(home, "/enterprise"));
    expect(bobs.needs).toHaveLength(0);
  });
});

describe("ownership: another enterprise's need is a 404 for reading and for every action", () => {
  it("hides alice's need from bob and refuses his actions, changing nothing", async () => {
    const response = await post(alice, "publish", validNeedFields());
    const needId = needIdFrom(response);
    const draftId = needIdFrom(await post(alice, "draft", validNeedFields({ consent: "" })));
    const before = await snapshot();
    const needBefore = await db.financingNeed.findUniqueOrThrow({ where: { id: needId } });

    expect((await bob.client.get(needDetail, `/enterprise/needs/${needId}`, { needId })).status).toBe(404);
    expect((await bob.client.get(editNeed, `/enterprise/needs/${draftId}/edit`, { needId: draftId })).status).toBe(404);
    const edit = await bob.client.post(
      editNeed,
      `/enterprise/needs/${draftId}/edit`,
      { _csrf: bob.token, _intent: "publish", ...validNeedFields() },
      { params: { needId: draftId } },
    );
    expect(edit.status).toBe(404);
    const attempts: Record<string, string>[] = [
      { _intent: "withdraw" },
      { _intent: "close", outcome: "MET" },
      { _intent: "withdraw-consent" },
      { _intent: "republish", consent: "on", consentVersion: CONSENT_VERSION },
      { _intent: "accept-request", engagementId: "x", consentVersion: CONSENT_VERSION },
    ];
    for (const fields of attempts) {
      const attempt = await bob.client.post(
        needDetail,
        `/enterprise/needs/${needId}`,
        { _csrf: bob.token, ...fields },
        { params: { needId } },
      );
      expect(attempt.status, fields._intent).toBe(404);
      expect((await readJson<{ message: string }>(attempt)).message).toMatch(/不存在/);
    }
    expect(await snapshot()).toEqual(before);
    expect(await db.financingNeed.findUniqueOrThrow({ where: { id: needId } })).toEqual(needBefore);
  });

  it("does not let bob answer a request on alice's need through his own need's URL", async () => {
    const aliceNeed = needIdFrom(
      await post(alice, "publish", validNeedFields({ visibility: "DIRECTED", institutionIds: [reference.bank.id] })),
    );
    const bobNeed = needIdFrom(await post(bob, "publish", validNeedFields()));
    const engagement = await createEngagement(db, { needId: aliceNeed, institutionId: reference.otherBank.id });
    const attempt = await bob.client.post(
      needDetail,
      `/enterprise/needs/${bobNeed}`,
      { _csrf: bob.token, _intent: "accept-request", engagementId: engagement.id, consentVersion: CONSENT_VERSION },
      { params: { needId: bobNeed } },
    );
    expect(attempt.status).toBe(404);
    expect((await db.engagement.findUniqueOrThrow({ where: { id: engagement.id } })).status).toBe("REQUESTED");
  });
});

describe("domain refusals reach the browser through the web layer's one mapping", () => {
  it("answers a domain 404 and 409 with their status and { code, message } in Chinese, as JSON", async () => {
    const openId = needIdFrom(await post(alice, "publish", validNeedFields()));
    const hidden = await bob.client.get(needDetail, `/enterprise/needs/${openId}`, { needId: openId });
    expect(hidden.status).toBe(404);
    expect(hidden.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(await readJson(hidden)).toEqual({ code: "NOT_FOUND", message: NEED_NOT_FOUND_MESSAGE });

    const edit = await alice.client.post(
      editNeed,
      `/enterprise/needs/${openId}/edit`,
      { _csrf: alice.token, _intent: "draft", ...validNeedFields() },
      { params: { needId: openId } },
    );
    expect(edit.status).toBe(409);
    expect(await readJson(edit)).toEqual({ code: "CONFLICT", message: illegalActionMessage("edit", "OPEN") });
  });
});

describe("lifecycle actions on the detail page", () => {
  async function act(needId: string, fields: Record<string, string>) {
    return alice.client.post(
      needDetail,
      `/enterprise/needs/${needId}`,
      { _csrf: alice.token, ...fields },
      { params: { needId } },
    );
  }

  it("answers illegal transitions with 409 and a Chinese message, changing nothing", async () => {
    const draftId = needIdFrom(await post(alice, "draft", validNeedFields({ consent: "" })));
    const openId = needIdFrom(await post(alice, "publish", validNeedFields()));
    const illegal: [string, Record<string, string>][] = [
      [draftId, { _intent: "close", outcome: "MET" }],
      [draftId, { _intent: "republish", consent: "on", consentVersion: CONSENT_VERSION }],
      [openId, { _intent: "republish", consent: "on", consentVersion: CONSENT_VERSION }],
    ];
    for (const [needId, fields] of illegal) {
      const before = await snapshot();
      const status = (await db.financingNeed.findUniqueOrThrow({ where: { id: needId } })).status;
      const response = await act(needId, fields);
      expect(response.status, `${fields._intent} on ${status}`).toBe(409);
      expect((await readJson<{ error: string }>(response)).error).toMatch(/需求当前状态为“.+”，不能/);
      expect(await snapshot()).toEqual(before);
      expect((await db.financingNeed.findUniqueOrThrow({ where: { id: needId } })).status).toBe(status);
    }
    // Publishing an already published need through the edit form is illegal too.
    const before = await snapshot();
    const republish = await alice.client.post(
      editNeed,
      `/enterprise/needs/${openId}/edit`,
      { _csrf: alice.token, _intent: "publish", ...validNeedFields() },
      { params: { needId: openId } },
    );
    expect(republish.status).toBe(409);
    expect(await snapshot()).toEqual(before);
    // Withdrawing twice: the second is a 409.
    expect((await act(openId, { _intent: "withdraw" })).status).toBe(302);
    const again = await act(openId, { _intent: "withdraw" });
    expect(again.status).toBe(409);
    expect((await readJson<{ error: string }>(again)).error).toBe(
      "需求当前状态为“已撤回”，不能撤回。请刷新页面查看最新状态",
    );
  });

  it("withdraws a live need, ending its engagements and announcing both", async () => {
    const needId = needIdFrom(await post(alice, "publish", validNeedFields()));
    const engagement = await createEngagement(db, {
      needId,
      institutionId: reference.bank.id,
      status: "CONTACTED",
      officerId: reference.officer.id,
    });
    const response = await act(needId, { _intent: "withdraw", note: "已通过其他渠道解决" });
    expect(response.status).toBe(302);
    const need = await db.financingNeed.findUniqueOrThrow({ where: { id: needId } });
    expect(need).toMatchObject({ status: "WITHDRAWN", closeNote: "已通过其他渠道解决" });
    expect(await db.engagement.findUniqueOrThrow({ where: { id: engagement.id } })).toMatchObject({
      status: "WITHDRAWN",
      activeSlot: null,
    });
    const types = (await db.outboxEvent.findMany({ where: { aggregateId: { in: [needId, engagement.id] } } })).map(
      (event) => event.type,
    );
    expect(types).toEqual(expect.arrayContaining(["need.withdrawn", "engagement.status-changed"]));
    const events = (await db.needEvent.findMany({ where: { needId } })).map((event) => event.type);
    expect(events).toEqual(expect.arrayContaining(["NEED_WITHDRAWN", "ENGAGEMENT_STATUS_CHANGED"]));
  });

  it("closes a need as met or unmet", async () => {
    const met = needIdFrom(await post(alice, "publish", validNeedFields()));
    const unmet = needIdFrom(await post(alice, "publish", validNeedFields()));
    expect((await act(met, { _intent: "close", outcome: "MET" })).status).toBe(302);
    expect((await act(unmet, { _intent: "close", outcome: "UNMET", note: "利率太高" })).status).toBe(302);
    expect((await db.financingNeed.findUniqueOrThrow({ where: { id: met } })).status).toBe("SUCCEEDED");
    expect(await db.financingNeed.findUniqueOrThrow({ where: { id: unmet } })).toMatchObject({
      status: "CLOSED_UNMET",
      closeNote: "利率太高",
    });
    expect(await db.outboxEvent.count({ where: { type: "need.closed", aggregateId: { in: [met, unmet] } } })).toBe(2);
    const bad = await act(unmet, { _intent: "close", outcome: "MAYBE" });
    expect(bad.status).toBe(400);
  });

  it("accepts an institution's request on a DIRECTED need with consent, and refuses another", async () => {
    const needId = needIdFrom(
      await post(
        alice,
        "publish",
        validNeedFields({ visibility: "DIRECTED", institutionIds: [reference.guarantor.id], wantsGuarantee: "on" }),
      ),
    );
    const requested = await createEngagement(db, {
      needId,
      institutionId: reference.bank.id,
      officerId: reference.officer.id,
    });
    const other = await createEngagement(db, { needId, institutionId: reference.otherBank.id });
    const detail = await readJson<{ engagements: { id: string; status: string }[] }>(
      await alice.client.get(needDetail, `/enterprise/needs/${needId}`, { needId }),
    );
    expect(detail.engagements.map((item) => item.status)).toEqual(["REQUESTED", "REQUESTED"]);

    expect(
      (await act(needId, { _intent: "accept-request", engagementId: requested.id, consentVersion: CONSENT_VERSION }))
        .status,
    ).toBe(302);
    expect((await db.engagement.findUniqueOrThrow({ where: { id: requested.id } })).status).toBe("ACCEPTED");
    const consent = await db.consentRecord.findFirstOrThrow({ where: { needId, institutionId: reference.bank.id } });
    expect(consent).toMatchObject({ textVersion: CONSENT_VERSION, grantedById: alice.userId, withdrawnAt: null });
    expect((await db.financingNeed.findUniqueOrThrow({ where: { id: needId } })).status).toBe("IN_PROGRESS");

    expect((await act(needId, { _intent: "refuse-request", engagementId: other.id })).status).toBe(302);
    expect(await db.engagement.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({
      status: "WITHDRAWN",
      activeSlot: null,
    });
    expect(await db.consentRecord.count({ where: { needId, institutionId: reference.otherBank.id } })).toBe(0);

    // Answering again is an illegal transition.
    const again = await act(needId, {
      _intent: "accept-request",
      engagementId: other.id,
      consentVersion: CONSENT_VERSION,
    });
    expect(again.status).toBe(409);
  });

  it("withdraws consent for one institution of an OPEN need, keeping the others' consent one by one", async () => {
    const needId = needIdFrom(await post(alice, "publish", validNeedFields()));
    const leaving = await createEngagement(db, { needId, institutionId: reference.bank.id, status: "ACCEPTED" });
    const staying = await createEngagement(db, { needId, institutionId: reference.otherBank.id, status: "CONTACTED" });
    const response = await act(needId, { _intent: "withdraw-consent", institutionId: reference.bank.id });
    expect(response.status).toBe(302);
    const active = await db.consentRecord.findMany({ where: { needId, withdrawnAt: null } });
    expect(active.map((record) => record.institutionId)).toEqual([reference.otherBank.id]);
    expect(await db.engagement.findUniqueOrThrow({ where: { id: leaving.id } })).toMatchObject({
      status: "WITHDRAWN",
      activeSlot: null,
    });
    expect((await db.engagement.findUniqueOrThrow({ where: { id: staying.id } })).status).toBe("CONTACTED");
    expect(
      await db.outboxEvent.count({
        where: { type: "consent.withdrawn", payload: { path: ["needId"], equals: needId } },
      }),
    ).toBe(1);

    // Withdrawing everything ends the remaining engagement; a second withdrawal has nothing left: 409.
    expect((await act(needId, { _intent: "withdraw-consent" })).status).toBe(302);
    expect(await db.consentRecord.count({ where: { needId, withdrawnAt: null } })).toBe(0);
    expect((await db.engagement.findUniqueOrThrow({ where: { id: staying.id } })).status).toBe("WITHDRAWN");
    expect((await act(needId, { _intent: "withdraw-consent" })).status).toBe(409);
  });

  it("republishes an expired need as a fresh copy with new consent; the expired one stays in the statistics", async () => {
    const oldId = needIdFrom(await post(alice, "publish", validNeedFields({ wantedBy: "" })));
    await db.financingNeed.update({ where: { id: oldId }, data: { status: "EXPIRED" } });
    const noConsent = await act(oldId, { _intent: "republish", consentVersion: CONSENT_VERSION });
    expect(noConsent.status).toBe(400);
    const response = await act(oldId, { _intent: "republish", consent: "on", consentVersion: CONSENT_VERSION });
    expect(response.status).toBe(302);
    const newId = needIdFrom(response);
    expect(newId).not.toBe(oldId);
    expect((await db.financingNeed.findUniqueOrThrow({ where: { id: oldId } })).status).toBe("EXPIRED");
    const fresh = await db.financingNeed.findUniqueOrThrow({ where: { id: newId }, include: { consents: true } });
    expect(fresh).toMatchObject({ status: "OPEN", amount: expect.anything(), enterpriseId: alice.enterpriseId });
    expect(fresh.consents).toHaveLength(1);
    expect((await db.needEvent.findFirstOrThrow({ where: { needId: oldId, type: "NEED_REPUBLISHED" } })).data).toEqual({
      newNeedId: newId,
    });
  });

  it("shows matches with reasons and near misses with what would make them fit", async () => {
    const needId = needIdFrom(await post(alice, "publish", validNeedFields()));
    const product = await createProduct(db, {
      code: "RCB-LOAN-1",
      institutionId: reference.bank.id,
      name: "惠企贷",
      summary: "小微企业流动资金贷款",
      description: "……",
      minAmount: "100000",
      maxAmount: "3000000",
      minTermMonths: 6,
      maxTermMonths: 24,
      acceptedCollateral: ["EQUIPMENT"],
      eligibleEntityTypes: ["SMALL_MICRO"],
    });
    const nearMiss = await createProduct(db, {
      code: "RCB-LOAN-2",
      institutionId: reference.bank.id,
      name: "短期周转贷",
      summary: "短期周转",
      description: "……",
      minAmount: "100000",
      maxAmount: "3000000",
      minTermMonths: 1,
      maxTermMonths: 6,
      acceptedCollateral: ["EQUIPMENT"],
    });
    await createMatch(db, {
      needId,
      productId: product.id,
      score: "86.5",
      reasons: ["金额 50 万元在产品额度 10–300 万元内"],
    });
    await createMatch(db, {
      needId,
      productId: nearMiss.id,
      kind: "NEAR_MISS",
      score: "40",
      rank: 2,
      reasons: [],
      failedConditions: [
        {
          condition: "term",
          code: "TERM_ABOVE_MAX",
          message: "期限 12 个月超过该产品上限 6 个月",
          fix: "将期限缩短到 6 个月以内",
        },
      ],
    });
    // More matches whose ranks are numbered per kind (DIRECT 1, 2; BUNDLE 1) and near misses sharing advice.
    const more = async (code: string, name: string) =>
      createProduct(db, {
        code,
        institutionId: reference.bank.id,
        name,
        summary: name,
        description: "……",
        minAmount: "100000",
        maxAmount: "3000000",
        minTermMonths: 1,
        maxTermMonths: 36,
      });
    const second = await more("RCB-LOAN-3", "次优贷");
    const bundled = await more("RCB-LOAN-4", "组合贷");
    await createMatch(db, { needId, productId: second.id, score: "54", rank: 2, reasons: [] });
    await createMatch(db, { needId, productId: bundled.id, kind: "BUNDLE", score: "57", rank: 1, reasons: [] });
    const foundedOnFix = {
      condition: "yearsInBusiness",
      code: "YEARS_UNKNOWN",
      message: "该产品要求经营满 2 年，您未填写成立日期",
      fix: "在企业信息中补充成立日期",
    };
    for (const [index, code] of ["RCB-LOAN-5", "RCB-LOAN-6", "RCB-LOAN-7"].entries()) {
      const product = await more(code, `老客贷 ${index + 1}`);
      await createMatch(db, {
        needId,
        productId: product.id,
        kind: "NEAR_MISS",
        score: "30",
        rank: 3 + index,
        reasons: [],
        failedConditions: [{ ...foundedOnFix, message: `该产品要求经营满 ${index + 2} 年，您未填写成立日期` }],
      });
    }
    const detail = await readJson<{
      matches: { product: { name: string }; reasons: string[]; score: string }[];
      nearMissAdvice: { advice: string; products: { name: string }[] }[];
    }>(await alice.client.get(needDetail, `/enterprise/needs/${needId}`, { needId }));
    expect(detail.matches.map((match) => [match.product.name, match.score])).toEqual([
      ["惠企贷", "87"],
      ["组合贷", "57"],
      ["次优贷", "54"],
    ]);
    expect(detail.matches[0]!.reasons).toEqual(["金额 50 万元在产品额度 10–300 万元内"]);
    // Each piece of advice once, the one that unlocks most products first.
    expect(detail.nearMissAdvice).toEqual([
      {
        advice: "在企业信息中补充成立日期",
        products: ["老客贷 1", "老客贷 2", "老客贷 3"].map((name) => expect.objectContaining({ name })),
      },
      { advice: "将期限缩短到 6 个月以内", products: [expect.objectContaining({ name: "短期周转贷" })] },
    ]);
  });

  it("after a decline offers the next matched institutions, and an invitation becomes a consented request", async () => {
    const needId = needIdFrom(await post(alice, "publish", validNeedFields()));
    const loan = (code: string, institutionId: string) =>
      createProduct(db, {
        code,
        institutionId,
        name: `${code} 贷`,
        summary: "流动资金",
        description: "……",
        minAmount: "100000",
        maxAmount: "3000000",
        minTermMonths: 1,
        maxTermMonths: 36,
      });
    const declining = await loan("NEXT-1", reference.bank.id);
    const next = await loan("NEXT-2", reference.otherBank.id);
    await createMatch(db, { needId, productId: declining.id, score: "80", rank: 1, reasons: [] });
    await createMatch(db, { needId, productId: next.id, score: "70", rank: 2, reasons: [] });
    type Detail = { nextInstitutions: { institutionId: string; institutionName: string }[] };
    const read = async () =>
      readJson<Detail>(await alice.client.get(needDetail, `/enterprise/needs/${needId}`, { needId }));

    // While an institution works the need, nothing is suggested.
    const working = await createEngagement(db, {
      needId,
      institutionId: reference.bank.id,
      officerId: reference.officer.id,
      status: "UNDER_REVIEW",
      activeSlot: 1,
    });
    expect((await read()).nextInstitutions).toEqual([]);
    await db.engagement.update({ where: { id: working.id }, data: { status: "DECLINED", activeSlot: null } });
    expect((await read()).nextInstitutions.map((item) => item.institutionId)).toEqual([reference.otherBank.id]);

    // Without ticking the consent: 400, nothing written.
    const refused = await act(needId, {
      _intent: "invite",
      institutionId: reference.otherBank.id,
      consentVersion: CONSENT_VERSION,
    });
    expect(refused.status).toBe(400);
    expect(await db.engagement.count({ where: { needId } })).toBe(1);

    const invited = await act(needId, {
      _intent: "invite",
      institutionId: reference.otherBank.id,
      consent: "on",
      consentVersion: CONSENT_VERSION,
    });
    expect(invited.status).toBe(302);
    const engagement = await db.engagement.findFirstOrThrow({
      where: { needId, institutionId: reference.otherBank.id },
    });
    expect(engagement).toMatchObject({ status: "REQUESTED", initiatedBy: "ENTERPRISE" });
    const consent = await db.consentRecord.findFirstOrThrow({
      where: { needId, institutionId: reference.otherBank.id, withdrawnAt: null },
    });
    expect(consent.grantedById).toBe(alice.userId);
    expect((await read()).nextInstitutions).toEqual([]);
    // Inviting twice, or an institution that did not match, changes nothing.
    expect(
      (
        await act(needId, {
          _intent: "invite",
          institutionId: reference.otherBank.id,
          consent: "on",
          consentVersion: CONSENT_VERSION,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await act(needId, {
          _intent: "invite",
          institutionId: reference.guarantor.id,
          consent: "on",
          consentVersion: CONSENT_VERSION,
        })
      ).status,
    ).toBe(404);
    expect(await db.engagement.count({ where: { needId } })).toBe(2);
  });

  it("shows a declined engagement with its reason, and never the institutions' internal notes", async () => {
    const needId = needIdFrom(await post(alice, "publish", validNeedFields()));
    const engagement = await createEngagement(db, {
      needId,
      institutionId: reference.bank.id,
      status: "DECLINED",
      officerId: reference.officer.id,
    });
    await createOutcome(db, {
      engagementId: engagement.id,
      kind: "DECLINED",
      decidedOn: "2026-11-20",
      declineReason: "INSUFFICIENT_COLLATERAL",
      declineMessage: "设备评估价值不足以覆盖贷款金额",
      recordedById: reference.officer.id,
    });
    await db.needEvent.create({
      data: {
        needId,
        engagementId: engagement.id,
        actorId: reference.officer.id,
        type: "NOTE_ADDED",
        note: "内部：客户征信一般",
        data: { internal: true },
      },
    });
    const detail = await readJson<{
      engagements: { status: string; outcome: { declineReason: string; declineMessage: string } }[];
      timeline: { note: string | null }[];
    }>(await alice.client.get(needDetail, `/enterprise/needs/${needId}`, { needId }));
    expect(detail.engagements[0]).toMatchObject({
      status: "DECLINED",
      outcome: { declineReason: "INSUFFICIENT_COLLATERAL", declineMessage: "设备评估价值不足以覆盖贷款金额" },
    });
    expect(detail.timeline.some((event) => event.note?.includes("内部"))).toBe(false);
  });
});
