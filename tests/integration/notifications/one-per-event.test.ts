/**
 * One notification per event per recipient. A need is taken through its whole journey with the real domain
 * functions; after each act the outbox events it wrote are handled the way the notifications worker handles them,
 * and the in-app messages that appeared are counted per recipient: exactly one for the person the act concerns,
 * none for anyone else — an outcome used to tell the enterprise twice (status change and outcome) and a consent the
 * officer twice (accepted and consent granted).
 */
import { shanghaiToday } from "~/kernel/time.ts";
import { parseOutboxEvent } from "~/modules/outbox/events.ts";
import { availableChannels } from "~/modules/notifications/config.server.ts";
import {
  notifyDeadlineReminder,
  notifyForOutboxEvent,
  notifyMatchedLeads,
  type NotifiableEvent,
} from "~/modules/notifications/events.server.ts";
import { groupInboxByNeed, listInbox } from "~/modules/notifications/inbox.server.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { CONSENT_VERSION, createMatch } from "../../support/world.ts";
import { actorOf, buildWorld, type World } from "../institution/scenario.ts";

const environment = await setUpAppEnvironment("notify_once");
const db = environment.db;
const engagements = await import("~/modules/engagements/engagements.server.ts");
const needs = await import("~/modules/needs/enterprise-needs.server.ts");

const NOTIFIABLE = new Set<string>([
  "engagement.requested",
  "engagement.accepted",
  "engagement.declined",
  "engagement.status-changed",
  "consent.granted",
  "consent.withdrawn",
  "outcome.recorded",
  "outcome.amended",
  "need.deadline-breached",
]);
const channels = availableChannels();
const handled = new Set<string>();
const counted = new Set<string>();
const templatesSeen = new Set<string>();

let world: World;
beforeAll(async () => {
  world = await buildWorld(db);
  for (const row of await db.outboxEvent.findMany({ select: { id: true } })) handled.add(row.id);
});
afterAll(async () => {
  await environment.tearDown();
});

/** Handles the outbox events not yet handled (twice, as a retried job would) and returns who got what in-app. */
async function notifiedAfter(act: () => Promise<unknown>): Promise<Record<string, string[]>> {
  await act();
  const events = await db.outboxEvent.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  for (const row of events) {
    if (handled.has(row.id)) continue;
    handled.add(row.id);
    if (!NOTIFIABLE.has(row.type)) continue;
    const event = parseOutboxEvent(row) as NotifiableEvent;
    await notifyForOutboxEvent(db, event, { channels });
    await notifyForOutboxEvent(db, event, { channels });
  }
  return collect();
}

function expectOk(result: { ok: boolean }): void {
  expect(result).toMatchObject({ ok: true });
}

async function collect(): Promise<Record<string, string[]>> {
  const rows = await db.notification.findMany({
    where: { channel: "IN_APP" },
    select: { id: true, recipientId: true, template: true, title: true, body: true, link: true },
    orderBy: { id: "asc" },
  });
  const byRecipient: Record<string, string[]> = {};
  for (const row of rows) {
    if (counted.has(row.id)) continue;
    counted.add(row.id);
    templatesSeen.add(row.template);
    expect(row.link).toMatch(/^\/(enterprise\/needs|officer\/leads)\/|^\/bureau\/overdue$/);
    (byRecipient[row.recipientId!] ??= []).push(row.template);
  }
  return byRecipient;
}

describe("one notification per event per recipient", () => {
  it("tells each person once at every step of a need's journey", async () => {
    const { users, institutions } = world;
    const officer = actorOf(users.officerA);
    const owner = { userId: users.enterprise.id, enterpriseId: world.enterprise.id };
    const today = shanghaiToday();
    const needId = await world.need({ visibility: "DIRECTED", directedTo: [institutions.bankA.id], consent: null });

    // The lead reaches bank A's officers (no officer preferences: both of them), once however often it is matched.
    expect(
      await notifiedAfter(async () => {
        await notifyMatchedLeads(db, needId, { channels });
        await notifyMatchedLeads(db, needId, { channels });
      }),
    ).toEqual({ [users.officerA.id]: ["lead.matched"], [users.officerA2.id]: ["lead.matched"] });

    let engagementId = "";
    expect(
      await notifiedAfter(async () => {
        engagementId = (await engagements.requestLead(db, { needId, actor: officer })).engagementId;
      }),
    ).toEqual({ [users.enterprise.id]: ["engagement.requested.to-enterprise"] });

    // Accepting writes consent.granted and engagement.accepted: the officer hears once.
    expect(
      await notifiedAfter(() =>
        engagements.answerEngagementRequest(db, {
          engagementId,
          enterpriseId: world.enterprise.id,
          userId: users.enterprise.id,
          accept: true,
          consentTextVersion: CONSENT_VERSION,
        }),
      ),
    ).toEqual({ [users.officerA.id]: ["engagement.accepted"] });

    for (const to of ["CONTACTED", "UNDER_REVIEW"] as const) {
      expect(
        await notifiedAfter(() => engagements.changeEngagementStatus(db, { engagementId, actor: officer, to })),
      ).toEqual({ [users.enterprise.id]: ["engagement.status-changed"] });
    }

    // An outcome writes a status change and outcome.recorded: the enterprise hears once, with the amount.
    expect(
      await notifiedAfter(() =>
        engagements.recordOutcome(db, {
          engagementId,
          actor: officer,
          kind: "APPROVED",
          fields: { approvedAmount: "800000", annualRate: "3.85", termMonths: "12", decidedOn: today },
        }),
      ),
    ).toEqual({ [users.enterprise.id]: ["outcome.recorded"] });
    expect(
      await notifiedAfter(() =>
        engagements.recordOutcome(db, {
          engagementId,
          actor: officer,
          kind: "DISBURSED",
          fields: {
            disbursedAmount: "500000",
            annualRate: "3.85",
            termMonths: "12",
            decidedOn: today,
            firstLoanConfirmed: "true",
            totalCreditAtInstitution: "500000",
          },
        }),
      ),
    ).toEqual({ [users.enterprise.id]: ["outcome.recorded"] });
    expect(
      await notifiedAfter(async () =>
        expectOk(
          await engagements.amendDisbursement(db, {
            engagementId,
            actor: officer,
            reason: "放款金额录入有误",
            fields: {
              disbursedAmount: "600000",
              annualRate: "3.85",
              termMonths: "12",
              decidedOn: today,
              firstLoanConfirmed: "true",
              totalCreditAtInstitution: "600000",
            },
          }),
        ),
      ),
    ).toEqual({ [users.enterprise.id]: ["outcome.recorded"] });
    const disbursed = await db.notification.findFirstOrThrow({
      where: { recipientId: users.enterprise.id, template: "outcome.recorded", title: { contains: "60 万元" } },
    });
    expect(disbursed.title).toBe("【更正】甲银行已放款 60 万元：融资需求「设备购置 80 万元」");

    // A second need: an OPEN one with the general consent, accepted at once, then declined.
    const second = await world.need();
    let secondEngagement = "";
    expect(
      await notifiedAfter(async () => {
        secondEngagement = (await engagements.requestLead(db, { needId: second, actor: officer })).engagementId;
      }),
    ).toEqual({ [users.enterprise.id]: ["engagement.accepted"] });
    expect(
      await notifiedAfter(() =>
        engagements.recordOutcome(db, {
          engagementId: secondEngagement,
          actor: officer,
          kind: "DECLINED",
          fields: { declineReason: "INSUFFICIENT_COLLATERAL", declineMessage: "抵押物评估值不足。" },
        }),
      ),
    ).toEqual({ [users.enterprise.id]: ["outcome.recorded"] });
    const declined = await db.notification.findFirstOrThrow({
      where: { recipientId: users.enterprise.id, payload: { path: ["engagementId"], equals: secondEngagement } },
      orderBy: { createdAt: "desc" },
    });
    expect(declined.body).toContain("原因：抵押物不足（抵押物评估值不足）。");

    // A third need: bank B asks, the enterprise says no — bank B's officer hears, the enterprise does not.
    const third = await world.need({ consent: null, regionId: world.regions.rongcheng.id });
    await createMatch(db, { needId: third, productId: world.products.productB.id, score: "70.00", rank: 2 });
    let refused = "";
    await notifiedAfter(async () => {
      refused = (await engagements.requestLead(db, { needId: third, actor: actorOf(users.officerB) })).engagementId;
    });
    expect(
      await notifiedAfter(() =>
        engagements.answerEngagementRequest(db, {
          engagementId: refused,
          enterpriseId: world.enterprise.id,
          userId: users.enterprise.id,
          accept: false,
          consentTextVersion: CONSENT_VERSION,
        }),
      ),
    ).toEqual({ [users.officerB.id]: ["engagement.declined"] });

    // Withdrawing consent: the institution working the need hears once; the enterprise is not told its own act.
    const fourth = await world.need();
    const working = (await engagements.requestLead(db, { needId: fourth, actor: officer })).engagementId;
    await notifiedAfter(async () => working);
    expect(
      await notifiedAfter(() =>
        needs.withdrawConsent(db, { actor: owner, needId: fourth, institutionId: institutions.bankA.id }),
      ),
    ).toEqual({ [users.officerA.id]: ["consent.withdrawn"] });

    // Deadlines: one reminder per person per deadline, however often the scan runs.
    const fifth = await world.need({ visibility: "DIRECTED", directedTo: [institutions.bankA.id], consent: null });
    const dueAt = new Date(Date.now() + 3_600_000);
    expect(
      await notifiedAfter(async () => {
        for (let scan = 0; scan < 2; scan++)
          await notifyDeadlineReminder(
            db,
            { kind: "FIRST_RESPONSE", needId: fifth, engagementId: null, dueAt },
            { channels },
          );
      }),
    ).toEqual({ [users.officerA.id]: ["deadline.reminder"], [users.officerA2.id]: ["deadline.reminder"] });

    // The enterprise's inbox, grouped by need: every message under the need it is about, each need once.
    const inbox = await listInbox(db, users.enterprise.id, { take: 100 });
    const groups = await groupInboxByNeed(db, world.enterprise.id, inbox.items);
    expect(groups.map((group) => group.needId)).toEqual([fourth, third, second, needId]);
    expect(groups[0]!.label).toBe("融资需求：设备购置 80 万元");
    for (const group of groups) expect(group.items.every((item) => item.needId === group.needId)).toBe(true);
    expect(groups.reduce((sum, group) => sum + group.items.length, 0)).toBe(inbox.items.length);

    // One clock: every in-app message was sent the instant it was written, never before.
    const clocks = await db.notification.findMany({ select: { createdAt: true, sentAt: true, channel: true } });
    for (const row of clocks.filter((item) => item.channel === "IN_APP")) expect(row.sentAt).toEqual(row.createdAt);

    expect([...templatesSeen].sort()).toEqual(
      [
        "consent.withdrawn",
        "deadline.reminder",
        "engagement.accepted",
        "engagement.declined",
        "engagement.requested.to-enterprise",
        "engagement.status-changed",
        "lead.matched",
        "outcome.recorded",
      ].sort(),
    );
  });
});
