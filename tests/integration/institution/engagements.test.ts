/**
 * The engagement domain against a real Postgres: consent-gated acceptance, the slot limit enforced by the database
 * under a race, legal transitions only, outcome validation, and the audit row for every contact reveal.
 */
import { DomainError } from "~/kernel/errors.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { createEngagement, createInstitution, createOfficer } from "../../support/world.ts";
import { actorOf, buildWorld, SECRET, type World } from "./scenario.ts";

const environment = await setUpAppEnvironment("inst_engagements");
const db = environment.db;
const engagements = await import("~/modules/engagements/engagements.server.ts");
const workspace = await import("~/modules/engagements/workspace.server.ts");

let world: World;
beforeAll(async () => {
  world = await buildWorld(db);
});
afterAll(async () => {
  await environment.tearDown();
});

async function statusOf(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
    return { status: 200, message: "" };
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, message: error.message };
    throw error;
  }
}

async function counts(needId: string) {
  const [events, outbox, outcomes] = await Promise.all([
    db.needEvent.count({ where: { needId } }),
    db.outboxEvent.count(),
    db.outcome.count({ where: { engagement: { needId } } }),
  ]);
  return { events, outbox, outcomes };
}

const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());

describe("requesting a lead", () => {
  it("accepts an OPEN need with consent on file at once, and writes the event and outbox rows with it", async () => {
    const needId = await world.need();
    const result = await engagements.requestLead(db, { needId, actor: actorOf(world.users.officerA) });
    expect(result.status).toBe("ACCEPTED");
    const engagement = await db.engagement.findUniqueOrThrow({ where: { id: result.engagementId } });
    expect(engagement.activeSlot).toBe(1);
    expect(engagement.acceptedAt).not.toBeNull();
    expect(engagement.decisionDueAt!.getTime()).toBeGreaterThan(Date.now() + 14 * 86_400_000);
    const need = await db.financingNeed.findUniqueOrThrow({ where: { id: needId } });
    expect(need.status).toBe("IN_PROGRESS");
    expect(need.firstRespondedAt).not.toBeNull();
    expect(
      await db.needEvent.count({ where: { engagementId: result.engagementId, type: "ENGAGEMENT_ACCEPTED" } }),
    ).toBe(1);
    expect(
      await db.outboxEvent.count({ where: { aggregateId: result.engagementId, type: "engagement.accepted" } }),
    ).toBe(1);
  });

  it("leaves an OPEN need without consent, and a DIRECTED need, waiting for the enterprise (REQUESTED)", async () => {
    const noConsent = await world.need({ consent: null });
    expect(
      (await engagements.requestLead(db, { needId: noConsent, actor: actorOf(world.users.officerA) })).status,
    ).toBe("REQUESTED");
    const directed = await world.need({
      visibility: "DIRECTED",
      directedTo: [world.institutions.bankA.id],
      consent: null,
    });
    const result = await engagements.requestLead(db, { needId: directed, actor: actorOf(world.users.officerA) });
    expect(result.status).toBe("REQUESTED");
    expect((await db.financingNeed.findUniqueOrThrow({ where: { id: directed } })).status).toBe("OPEN");
  });

  it("does not let the general consent cover an institution whose products did not match", async () => {
    const needId = await world.need();
    expect((await engagements.requestLead(db, { needId, actor: actorOf(world.users.officerB) })).status).toBe(
      "REQUESTED",
    );
  });

  it("hides a DIRECTED need from institutions it does not name (404), and refuses kinds not asked for (403)", async () => {
    const directed = await world.need({
      visibility: "DIRECTED",
      directedTo: [world.institutions.bankA.id],
      consent: null,
    });
    expect(
      (await statusOf(engagements.requestLead(db, { needId: directed, actor: actorOf(world.users.officerB) }))).status,
    ).toBe(404);
    const open = await world.need();
    const guarantor = await statusOf(
      engagements.requestLead(db, { needId: open, actor: actorOf(world.users.officerG) }),
    );
    expect(guarantor.status).toBe(403);
    expect(guarantor.message).toMatch(/企业未申请/);
  });

  it("allows one engagement per institution per need", async () => {
    const needId = await world.need();
    await engagements.requestLead(db, { needId, actor: actorOf(world.users.officerA) });
    const again = await statusOf(engagements.requestLead(db, { needId, actor: actorOf(world.users.officerA2) }));
    expect(again.status).toBe(409);
    expect(again.message).toBe(engagements.ALREADY_ENGAGED_MESSAGE);
  });
});

describe("the slot limit under a race", () => {
  it("10 parallel accepts from 10 institutions for the last free slot: exactly 1 succeeds, 9 get 409", async () => {
    const needId = await world.need({ consent: "general" });
    // Two of the three slots are already taken by other institutions.
    for (const slot of [1, 2]) {
      const other = await createInstitution(db, {
        code: `PRE-${slot}`,
        name: `占位银行${slot}`,
        shortName: `占位${slot}`,
        subType: "VILLAGE_BANK",
      });
      const engagement = await createEngagement(db, { needId, institutionId: other.id, status: "ACCEPTED" });
      expect(engagement.activeSlot).toBe(slot);
    }
    const racers = [];
    for (let i = 0; i < 10; i++) {
      const institution = await createInstitution(db, {
        code: `RACE-${i}`,
        name: `竞速银行${i}`,
        shortName: `竞速${i}`,
        subType: "VILLAGE_BANK",
        serves: [world.regions.city.id],
      });
      const officer = await createOfficer(db, institution.id, { loginName: `race.${i}`, displayName: `竞速${i}` });
      racers.push(actorOf(officer));
    }
    const results = await Promise.all(
      racers.map((actor) => statusOf(engagements.requestLead(db, { needId, actor, maxActive: 3 }))),
    );
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
    const refused = results.filter((result) => result.status === 409);
    expect(refused).toHaveLength(9);
    for (const result of refused) expect(result.message).toBe(engagements.SLOTS_FULL_MESSAGE);
    expect(await db.engagement.count({ where: { needId, activeSlot: { not: null } } })).toBe(3);
  });

  it("10 officers of one institution racing for one need: exactly 1 engagement", async () => {
    const needId = await world.need();
    const officers = [];
    for (let i = 0; i < 10; i++) {
      const officer = await createOfficer(db, world.institutions.bankA.id, {
        loginName: `same.${i}`,
        displayName: `同行${i}`,
      });
      officers.push(actorOf(officer));
    }
    const results = await Promise.all(
      officers.map((actor) => statusOf(engagements.requestLead(db, { needId, actor }))),
    );
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
    expect(results.filter((result) => result.status === 409)).toHaveLength(9);
    expect(await db.engagement.count({ where: { needId } })).toBe(1);
  });

  it("frees the slot when an engagement ends, so another institution can take it", async () => {
    const needId = await world.need();
    const first = await engagements.requestLead(db, { needId, actor: actorOf(world.users.officerA), maxActive: 1 });
    expect(
      (await statusOf(engagements.requestLead(db, { needId, actor: actorOf(world.users.officerB), maxActive: 1 })))
        .status,
    ).toBe(409);
    await engagements.changeEngagementStatus(db, {
      engagementId: first.engagementId,
      actor: actorOf(world.users.officerA),
      to: "WITHDRAWN",
    });
    expect((await db.engagement.findUniqueOrThrow({ where: { id: first.engagementId } })).activeSlot).toBeNull();
    expect(
      (await engagements.requestLead(db, { needId, actor: actorOf(world.users.officerB), maxActive: 1 })).status,
    ).toBe("REQUESTED");
  });
});

describe("transitions and outcomes", () => {
  it("refuses illegal transitions with 409 and changes nothing", async () => {
    const needId = await world.need();
    const { engagementId } = await engagements.requestLead(db, { needId, actor: actorOf(world.users.officerA) });
    const before = await counts(needId);
    const actor = actorOf(world.users.officerA);
    const skip = await statusOf(engagements.changeEngagementStatus(db, { engagementId, actor, to: "UNDER_REVIEW" }));
    expect(skip.status).toBe(409);
    expect(skip.message).toBe("当前对接状态为“已受理”，不能变更为“审批中”");
    const disburse = await statusOf(
      engagements.recordOutcome(db, {
        engagementId,
        actor,
        kind: "DISBURSED",
        fields: {
          disbursedAmount: "100000",
          annualRate: "4",
          termMonths: "12",
          decidedOn: today,
          totalCreditAtInstitution: "100000",
        },
      }),
    );
    expect(disburse.status).toBe(409);
    expect((await db.engagement.findUniqueOrThrow({ where: { id: engagementId } })).status).toBe("ACCEPTED");
    expect(await counts(needId)).toEqual(before);
  });

  it("keeps another institution's engagement out of reach (404) for every action", async () => {
    const needId = await world.need();
    const { engagementId } = await engagements.requestLead(db, { needId, actor: actorOf(world.users.officerA) });
    const stranger = actorOf(world.users.officerB);
    const attempts = [
      () => engagements.changeEngagementStatus(db, { engagementId, actor: stranger, to: "CONTACTED" }),
      () => engagements.addEngagementNote(db, { engagementId, actor: stranger, note: "偷看" }),
      () =>
        engagements.recordOutcome(db, {
          engagementId,
          actor: stranger,
          kind: "DECLINED",
          fields: { declineReason: "OTHER", declineMessage: "不感兴趣了" },
        }),
      () =>
        workspace.loadEngagementWorkspace(db, { engagementId, actor: stranger, reveal: { ip: null, userAgent: null } }),
    ];
    for (const attempt of attempts) {
      expect((await statusOf(attempt())).status).toBe(404);
    }
    expect((await db.engagement.findUniqueOrThrow({ where: { id: engagementId } })).status).toBe("ACCEPTED");
  });

  it("walks the whole lifecycle to a first-loan disbursement, announcing it for the ledger", async () => {
    const needId = await world.need();
    const actor = actorOf(world.users.officerA);
    const { engagementId } = await engagements.requestLead(db, { needId, actor });
    await engagements.changeEngagementStatus(db, { engagementId, actor, to: "CONTACTED" });
    await engagements.addEngagementNote(db, { engagementId, actor, note: "已电话联系，约定下周上门" });
    await engagements.changeEngagementStatus(db, { engagementId, actor, to: "UNDER_REVIEW" });
    const approved = await engagements.recordOutcome(db, {
      engagementId,
      actor,
      kind: "APPROVED",
      fields: {
        approvedAmount: "800000",
        annualRate: "3.85",
        termMonths: "12",
        decidedOn: today,
        productId: world.products.productA.id,
      },
    });
    expect(approved.ok).toBe(true);
    // Decided: the decision deadline passing afterwards does not make the engagement overdue.
    const view = await workspace.loadEngagementWorkspace(db, {
      engagementId,
      actor,
      reveal: { ip: null, userAgent: null },
      now: new Date(Date.now() + 365 * 24 * 60 * 60 * 1000),
    });
    expect(view.engagement.decisionDueAt).not.toBeNull();
    expect(view.engagement.overdue).toBe(false);
    const tooMuch = await engagements.recordOutcome(db, {
      engagementId,
      actor,
      kind: "DISBURSED",
      fields: {
        disbursedAmount: "900000",
        annualRate: "3.85",
        termMonths: "12",
        decidedOn: today,
        totalCreditAtInstitution: "900000",
      },
    });
    expect(tooMuch).toEqual({ ok: false, fieldErrors: { disbursedAmount: "放款金额不能超过已审批的金额" } });
    const disbursed = await engagements.recordOutcome(db, {
      engagementId,
      actor,
      kind: "DISBURSED",
      fields: {
        disbursedAmount: "800,000.00",
        annualRate: "3.85",
        termMonths: "12",
        decidedOn: today,
        productId: world.products.productA.id,
        policyTool: "INCLUSIVE_SMALL_MICRO_TOOL",
        firstLoanConfirmed: "on",
        totalCreditAtInstitution: "800000",
      },
    });
    expect(disbursed.ok).toBe(true);
    if (!disbursed.ok) return;
    const outcome = await db.outcome.findUniqueOrThrow({ where: { id: disbursed.outcomeId } });
    expect(outcome.disbursedAmount!.toFixed(2)).toBe("800000.00");
    expect(outcome.approvedAmount!.toFixed(2)).toBe("800000.00");
    expect(outcome.annualRate!.toFixed(4)).toBe("3.8500");
    expect(outcome.firstLoanConfirmed).toBe(true);
    expect(outcome.version).toBe(2);
    expect(await db.outboxEvent.count({ where: { type: "outcome.recorded", aggregateId: disbursed.outcomeId } })).toBe(
      1,
    );
    const engagement = await db.engagement.findUniqueOrThrow({ where: { id: engagementId } });
    expect(engagement.status).toBe("DISBURSED");
    expect(engagement.activeSlot).toBeNull();
    expect((await db.financingNeed.findUniqueOrThrow({ where: { id: needId } })).status).toBe("SUCCEEDED");
    const types = (
      await db.needEvent.findMany({
        where: { engagementId },
        orderBy: { createdAt: "asc" },
        select: { type: true, toStatus: true },
      })
    ).map((event) => `${event.type}:${event.toStatus ?? ""}`);
    expect(types).toEqual(
      expect.arrayContaining([
        "ENGAGEMENT_STATUS_CHANGED:CONTACTED",
        "NOTE_ADDED:",
        "ENGAGEMENT_STATUS_CHANGED:DISBURSED",
        "OUTCOME_RECORDED:DISBURSED",
        "NEED_SUCCEEDED:SUCCEEDED",
      ]),
    );
    // Final: nothing moves any more.
    expect(
      (await statusOf(engagements.changeEngagementStatus(db, { engagementId, actor, to: "WITHDRAWN" }))).status,
    ).toBe(409);
  });

  it("rejects bad outcome input with Chinese messages and writes nothing", async () => {
    const needId = await world.need();
    const actor = actorOf(world.users.officerA);
    const { engagementId } = await engagements.requestLead(db, { needId, actor });
    await engagements.changeEngagementStatus(db, { engagementId, actor, to: "CONTACTED" });
    await engagements.changeEngagementStatus(db, { engagementId, actor, to: "UNDER_REVIEW" });
    const before = await counts(needId);
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const cases: [Record<string, string>, Record<string, RegExp>][] = [
      [{ approvedAmount: "-5", annualRate: "4", termMonths: "12", decidedOn: today }, { approvedAmount: /不能为负数/ }],
      [
        { approvedAmount: "八十万", annualRate: "4", termMonths: "12", decidedOn: today },
        { approvedAmount: /须为数字/ },
      ],
      [{ approvedAmount: "0", annualRate: "4", termMonths: "12", decidedOn: today }, { approvedAmount: /必须大于 0/ }],
      [
        { approvedAmount: "80000", annualRate: "480", termMonths: "12", decidedOn: today },
        { annualRate: /应在 0%–24% 之间/ },
      ],
      [{ approvedAmount: "80000", annualRate: "4", termMonths: "0", decidedOn: today }, { termMonths: /1–360/ }],
      [
        { approvedAmount: "80000", annualRate: "4", termMonths: "12", decidedOn: future },
        { decidedOn: /不能晚于今天/ },
      ],
      [{ approvedAmount: "80000", annualRate: "4", termMonths: "12", decidedOn: "2026-02-30" }, { decidedOn: /格式/ }],
      [
        {
          approvedAmount: "80000",
          annualRate: "4",
          termMonths: "12",
          decidedOn: today,
          productId: world.products.productB.id + "x",
        },
        { productId: /不属于本机构/ },
      ],
    ];
    for (const [fields, expected] of cases) {
      const result = await engagements.recordOutcome(db, { engagementId, actor, kind: "APPROVED", fields });
      expect(result.ok, JSON.stringify(fields)).toBe(false);
      if (result.ok) continue;
      for (const [field, pattern] of Object.entries(expected)) expect(result.fieldErrors[field]).toMatch(pattern);
    }
    const declineCases: [Record<string, string>, string, RegExp][] = [
      [{ declineReason: "BECAUSE", declineMessage: "经审核不符合条件" }, "declineReason", /请选择有效的未通过原因/],
      [{ declineMessage: "经审核不符合条件" }, "declineReason", /请选择有效的未通过原因/],
      [{ declineReason: "CREDIT_RECORD", declineMessage: "" }, "declineMessage", /请填写给企业的说明|至少/],
    ];
    for (const [fields, field, pattern] of declineCases) {
      const result = await engagements.recordOutcome(db, { engagementId, actor, kind: "DECLINED", fields });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.fieldErrors[field]).toMatch(pattern);
    }
    expect(await counts(needId)).toEqual(before);
    expect((await db.engagement.findUniqueOrThrow({ where: { id: engagementId } })).status).toBe("UNDER_REVIEW");
  });

  it("declines with a reason code and a message the enterprise sees, freeing the slot", async () => {
    const needId = await world.need();
    const actor = actorOf(world.users.officerA);
    const { engagementId } = await engagements.requestLead(db, { needId, actor });
    const result = await engagements.recordOutcome(db, {
      engagementId,
      actor,
      kind: "DECLINED",
      fields: {
        declineReason: "INSUFFICIENT_COLLATERAL",
        declineMessage: "设备评估价值不足以覆盖申请金额，建议补充担保",
      },
    });
    expect(result.ok).toBe(true);
    const outcome = await db.outcome.findFirstOrThrow({ where: { engagementId } });
    expect(outcome.declineReason).toBe("INSUFFICIENT_COLLATERAL");
    expect(outcome.declineMessage).toMatch(/补充担保/);
    expect((await db.engagement.findUniqueOrThrow({ where: { id: engagementId } })).activeSlot).toBeNull();
  });
});

describe("amending a disbursement", () => {
  it("adds a new version, supersedes the old one and announces outcome.amended; bad input changes nothing", async () => {
    const needId = await world.need();
    const actor = actorOf(world.users.officerA);
    const { engagementId } = await engagements.requestLead(db, { needId, actor });
    expect(
      (await statusOf(engagements.amendDisbursement(db, { engagementId, actor, fields: {}, reason: "更正" }))).status,
    ).toBe(409);
    await engagements.changeEngagementStatus(db, { engagementId, actor, to: "CONTACTED" });
    await engagements.changeEngagementStatus(db, { engagementId, actor, to: "UNDER_REVIEW" });
    await engagements.recordOutcome(db, {
      engagementId,
      actor,
      kind: "APPROVED",
      fields: { approvedAmount: "800000", annualRate: "3.85", termMonths: "12", decidedOn: today },
    });
    const first = await engagements.recordOutcome(db, {
      engagementId,
      actor,
      kind: "DISBURSED",
      fields: {
        disbursedAmount: "800000",
        annualRate: "3.85",
        termMonths: "12",
        decidedOn: today,
        totalCreditAtInstitution: "800000",
      },
    });
    expect(first.ok).toBe(true);
    const before = await counts(needId);
    const noReason = await engagements.amendDisbursement(db, {
      engagementId,
      actor,
      fields: { disbursedAmount: "750000" },
      reason: "",
    });
    expect(noReason).toEqual({ ok: false, fieldErrors: { reason: "请填写更正原因（2–500 个字）" } });
    const negative = await engagements.amendDisbursement(db, {
      engagementId,
      actor,
      fields: {
        disbursedAmount: "-1",
        annualRate: "3.85",
        termMonths: "12",
        decidedOn: today,
        totalCreditAtInstitution: "800000",
      },
      reason: "金额录错",
    });
    expect(negative.ok).toBe(false);
    expect(await counts(needId)).toEqual(before);
    expect(
      (
        await statusOf(
          engagements.amendDisbursement(db, {
            engagementId,
            actor: actorOf(world.users.officerB),
            fields: {},
            reason: "越权",
          }),
        )
      ).status,
    ).toBe(404);

    const amended = await engagements.amendDisbursement(db, {
      engagementId,
      actor,
      fields: {
        disbursedAmount: "750000",
        annualRate: "3.85",
        termMonths: "12",
        decidedOn: today,
        totalCreditAtInstitution: "750000",
        firstLoanConfirmed: "on",
      },
      reason: "实际放款 75 万元，登记时录入有误",
    });
    expect(amended.ok).toBe(true);
    if (!amended.ok || !first.ok) return;
    const rows = await db.outcome.findMany({ where: { engagementId, kind: "DISBURSED" }, orderBy: { version: "asc" } });
    expect(rows.map((row) => [row.version, row.state, row.disbursedAmount!.toFixed(2)])).toEqual([
      [2, "SUPERSEDED", "800000.00"],
      [3, "ACTIVE", "750000.00"],
    ]);
    const event = await db.outboxEvent.findFirstOrThrow({
      where: { type: "outcome.amended", aggregateId: amended.outcomeId },
    });
    expect(event.payload).toEqual({ outcomeId: amended.outcomeId, engagementId, previousOutcomeId: first.outcomeId });
    expect((await db.engagement.findUniqueOrThrow({ where: { id: engagementId } })).status).toBe("DISBURSED");
  });
});

describe("contact reveal", () => {
  it("returns the contact only after consent, auditing every reveal", async () => {
    const needId = await world.need({ consent: null });
    const actor = actorOf(world.users.officerA);
    const { engagementId, status } = await engagements.requestLead(db, { needId, actor });
    expect(status).toBe("REQUESTED");
    const reveal = { ip: "203.0.113.5", userAgent: "test" };
    const before = await workspace.loadEngagementWorkspace(db, { engagementId, actor, reveal });
    expect(before.contact).toBeNull();
    const text = JSON.stringify(before);
    for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
    expect(
      await db.auditLog.count({
        where: { action: "CONTACT_REVEALED", data: { path: ["engagementId"], equals: engagementId } },
      }),
    ).toBe(0);

    // The enterprise accepts the request (consenting to this institution).
    await engagements.answerEngagementRequest(db, {
      engagementId,
      enterpriseId: world.enterprise.id,
      userId: world.users.enterprise.id,
      accept: true,
      consentTextVersion: "2026-01",
    });
    const after = await workspace.loadEngagementWorkspace(db, { engagementId, actor, reveal });
    expect(after.contact?.contactPhone).toBe(SECRET.contactPhone);
    expect(after.contact?.idNumber).toBe(SECRET.creditCode);
    await workspace.loadEngagementWorkspace(db, { engagementId, actor, reveal });
    const audits = await db.auditLog.findMany({
      where: { action: "CONTACT_REVEALED", data: { path: ["engagementId"], equals: engagementId } },
    });
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({
      actorId: actor.userId,
      actorRole: "OFFICER",
      subjectType: "Enterprise",
      subjectId: world.enterprise.id,
      ip: "203.0.113.5",
    });

    // Consent withdrawn: back to the anonymised view, no further reveal.
    await db.consentRecord.updateMany({ where: { needId }, data: { withdrawnAt: new Date() } });
    const withdrawn = await workspace.loadEngagementWorkspace(db, { engagementId, actor, reveal });
    expect(withdrawn.contact).toBeNull();
    expect(
      await db.auditLog.count({
        where: { action: "CONTACT_REVEALED", data: { path: ["engagementId"], equals: engagementId } },
      }),
    ).toBe(2);
  });
});
