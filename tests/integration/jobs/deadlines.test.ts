/**
 * Response deadlines on the real 2025 calendar with a controllable clock, through the worker (scan jobs, relay,
 * notifications): a need published on the Thursday before National Day is due on the 调休 Monday; one reminder,
 * one escalation (institution, bureau, widening of a DIRECTED need, overdue flag) however often the scan runs — also
 * across a worker restart with the real repeatable schedule. Decision deadlines likewise.
 */
import { computeDecisionDueAt, computeFirstResponseDueAt } from "~/modules/deadlines/deadlines.server.ts";
import { availableChannels, parseNotificationConfig } from "~/modules/notifications/config.server.ts";
import { createDailyDigests } from "~/modules/notifications/digest.server.ts";
import { shanghaiInstant } from "~/kernel/time.ts";
import { publishNeed } from "~/modules/needs/publish-need.server.ts";
import { recordOutboxEvent } from "~/modules/outbox/outbox.server.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { defaultSchedules, type WorkerRuntime } from "../../../workers/runtime.ts";
import { sleep, waitFor } from "../../support/wait.ts";
import {
  createBureauUser,
  createCalendar,
  createEngagement,
  createEnterprise,
  createInstitution,
  createInstitutionAdmin,
  createMatch,
  createNeed,
  createOfficer,
  createProduct,
  createRegions,
  idsOf,
} from "../../support/world.ts";
import { officialCalendarRows } from "../../unit/deadlines/official-calendar.ts";
import { recordingSearchPorts, startTestRuntime } from "./support/runtime.ts";

const environment = await setUpAppEnvironment("jobs-deadlines");
const db = environment.db;
const ports = recordingSearchPorts();
let clock = shanghaiInstant("2025-09-25", 10, 0);
let runtime: WorkerRuntime;
let scans = 0;

afterAll(async () => {
  await runtime?.stop({ timeoutMs: 5_000 });
  await environment.tearDown();
});

const regions = idsOf(await createRegions(db));
await createCalendar(db, officialCalendarRows());
const borrower = await createEnterprise(db, { regionId: regions.rongcheng });
const owner = borrower.user;
const bureau = await createBureauUser(db);
const picked = await createInstitution(db, { name: "揭阳农村商业银行" });
const pickedOfficer = await createOfficer(db, picked.id);
const pickedAdmin = await createInstitutionAdmin(db, picked.id);
const other = await createInstitution(db, { name: "中国农业银行揭阳分行", subType: "STATE_OWNED_BANK" });
const otherOfficer = await createOfficer(db, other.id, { preferredRegionIds: [regions.huilai] });
const pickedProduct = await createProduct(db, { institutionId: picked.id, name: "助农贷", regions: [regions.city] });
const otherProduct = await createProduct(db, { institutionId: other.id, name: "惠农e贷", regions: [regions.city] });

async function matchTo(needId: string, productIds: string[]) {
  for (const [index, productId] of productIds.entries()) await createMatch(db, { needId, productId, rank: index + 1 });
}

async function scanAt(instant: Date) {
  clock = instant;
  const job = await runtime.queues.deadlines.add("scan", {}, { jobId: `scan-${++scans}` });
  await waitFor(async () => ["completed", "failed"].includes(await job.getState()), { what: `scan ${scans}` });
  expect(await job.getState()).toBe("completed");
  await waitFor(async () => (await db.outboxEvent.count({ where: { relayedAt: null } })) === 0, { what: "relay" });
  await waitFor(
    async () => {
      for (const queue of [runtime.queues.notifications, runtime.queues.deadlines]) {
        const counts = await queue.getJobCounts("waiting", "active", "delayed");
        if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) > 0) return false;
      }
      return true;
    },
    { what: "queues drained" },
  );
}

const count = (template: string, recipientId?: string) =>
  db.notification.count({ where: { template, channel: "IN_APP", ...(recipientId ? { recipientId } : {}) } });

beforeAll(async () => {
  runtime = await startTestRuntime(db, {
    ...ports,
    queues: ["deadlines", "notifications", "search-sync"],
    clock: () => clock,
  });
});

describe("response deadlines", () => {
  it("uses the real calendar and the region's setting", async () => {
    // Thursday before National Day 2025 → Fri 09-26, 调休 Sun 09-28, Mon 09-29.
    expect(
      await computeFirstResponseDueAt(db, {
        regionId: regions.rongcheng,
        publishedAt: shanghaiInstant("2025-09-25", 10, 0),
      }),
    ).toEqual(shanghaiInstant("2025-09-29", 10, 0));
    // 2026: 中秋 on Friday 09-25 → Mon, Tue, Wed 09-30.
    expect(
      await computeFirstResponseDueAt(db, {
        regionId: regions.rongcheng,
        publishedAt: shanghaiInstant("2026-09-24", 10, 0),
      }),
    ).toEqual(shanghaiInstant("2026-09-30", 10, 0));
    // A county that allows 5 working days; its districts inherit from the nearest region with a setting.
    await db.region.update({ where: { id: regions.huilai }, data: { responseDeadlineWorkingDays: 5 } });
    expect(
      await computeFirstResponseDueAt(db, {
        regionId: regions.huilai,
        publishedAt: shanghaiInstant("2025-09-25", 10, 0),
      }),
    ).toEqual(shanghaiInstant("2025-10-09", 10, 0));
    // 15 working days for a decision across the eight-day holiday.
    expect(
      await computeDecisionDueAt(db, { regionId: regions.rongcheng, acceptedAt: shanghaiInstant("2025-09-26", 14, 0) }),
    ).toEqual(shanghaiInstant("2025-10-23", 14, 0));
  });

  it("reminds once, escalates once at the breach (widening the DIRECTED need), and never again — also after a restart", async () => {
    const need = await createNeed(db, { enterprise: borrower, status: "DRAFT", directedTo: [picked.id] });
    await matchTo(need.id, [pickedProduct.id, otherProduct.id]);
    const published = await publishNeed(db, {
      needId: need.id,
      actorId: owner.id,
      now: shanghaiInstant("2025-09-25", 10, 0),
    });
    expect(published.firstResponseDueAt).toEqual(shanghaiInstant("2025-09-29", 10, 0));
    expect(published.expiresAt).toEqual(new Date(shanghaiInstant("2025-09-25", 10, 0).getTime() + 90 * 86_400_000));

    await scanAt(shanghaiInstant("2025-09-26", 9, 0));
    expect(await count("deadline.reminder")).toBe(0);

    // One working day before the deadline is the 调休 Sunday, 10:00.
    await scanAt(shanghaiInstant("2025-09-28", 10, 30));
    await scanAt(shanghaiInstant("2025-09-28", 11, 0));
    expect(await count("deadline.reminder", pickedOfficer.id)).toBe(1);
    expect(await count("deadline.reminder")).toBe(1);
    expect(await db.needEvent.count({ where: { needId: need.id, type: "DEADLINE_REMINDER" } })).toBe(1);
    expect((await db.financingNeed.findUniqueOrThrow({ where: { id: need.id } })).overdueSince).toBeNull();

    await scanAt(shanghaiInstant("2025-09-29", 10, 1));
    await scanAt(shanghaiInstant("2025-09-29", 10, 5));
    const after = await db.financingNeed.findUniqueOrThrow({
      where: { id: need.id },
      include: { directedInstitutions: true },
    });
    expect(after.overdueSince).toEqual(shanghaiInstant("2025-09-29", 10, 0));
    expect(after.directedInstitutions.map((row) => [row.institutionId, row.addedByEscalation]).sort()).toEqual(
      [
        [picked.id, false],
        [other.id, true],
      ].sort(),
    );
    expect(await db.needEvent.count({ where: { needId: need.id, type: "DEADLINE_ESCALATED" } })).toBe(1);
    expect(await count("deadline.escalated.institution", pickedOfficer.id)).toBe(1);
    expect(await count("deadline.escalated.institution", pickedAdmin.id)).toBe(1);
    expect(await count("deadline.escalated.bureau", bureau.id)).toBe(1);
    expect(await count("deadline.escalated.enterprise", owner.id)).toBe(1);
    // The widened institution's officer gets the lead (escalations ignore region preferences).
    expect(await count("lead.matched", otherOfficer.id)).toBe(1);
    expect(ports.calls).toContain(`syncNeed:${need.id}`);

    // Restart: a new worker with the real repeatable schedule (every second) scanning for a while.
    await runtime.stop({ timeoutMs: 5_000 });
    clock = shanghaiInstant("2025-09-30", 9, 0);
    const schedules = defaultSchedules({ deadlineScanEveryMs: 1_000 });
    runtime = await startTestRuntime(db, {
      ...ports,
      queues: ["deadlines", "notifications", "search-sync"],
      clock: () => clock,
      schedules,
    });
    const again = await startTestRuntime(db, {
      ...ports,
      queues: ["deadlines"],
      clock: () => clock,
      schedules,
      relay: false,
    });
    await waitFor(async () => (await runtime.queues.deadlines.getJobSchedulersCount()) === 1, {
      what: "scheduler installed",
    });
    await sleep(3_500);
    await again.stop({ timeoutMs: 5_000 });
    const completedScans = await runtime.queues.deadlines.getJobs(["completed"], 0, -1);
    expect(
      completedScans.filter((job) => job.name === "scan" && job.id?.startsWith("repeat:")).length,
    ).toBeGreaterThanOrEqual(2);
    expect(await runtime.queues.deadlines.getJobSchedulersCount()).toBe(1);
    expect(
      await db.needEvent.count({
        where: { needId: need.id, type: { in: ["DEADLINE_ESCALATED", "DEADLINE_REMINDER"] } },
      }),
    ).toBe(2);
    expect(await count("deadline.escalated.bureau")).toBe(1);
    expect(await count("deadline.reminder")).toBe(1);
    for (const schedule of schedules) await runtime.queues[schedule.queue].removeJobScheduler(schedule.id);
  }, 90_000);

  it("a response in time prevents escalation; an accepted engagement gets a decision deadline with one reminder and one escalation", async () => {
    const need = await createNeed(db, { enterprise: borrower, status: "DRAFT" });
    await matchTo(need.id, [pickedProduct.id]);
    await publishNeed(db, { needId: need.id, actorId: owner.id, now: shanghaiInstant("2025-09-25", 16, 0) });
    // The institution accepts on Friday afternoon: the engagement module stores the decision deadline.
    const acceptedAt = shanghaiInstant("2025-09-26", 14, 0);
    const engagement = await createEngagement(db, {
      needId: need.id,
      institutionId: picked.id,
      officerId: pickedOfficer.id,
      status: "ACCEPTED",
      acceptedAt,
      requestedAt: acceptedAt,
    });
    await db.$transaction((tx) =>
      recordOutboxEvent(tx, {
        type: "engagement.accepted",
        aggregateId: engagement.id,
        payload: { engagementId: engagement.id, needId: need.id, institutionId: picked.id },
      }),
    );
    await waitFor(
      async () => (await db.engagement.findUniqueOrThrow({ where: { id: engagement.id } })).decisionDueAt !== null,
      { what: "decision deadline" },
    );
    const withDeadline = await db.engagement.findUniqueOrThrow({ where: { id: engagement.id } });
    expect(withDeadline.decisionDueAt).toEqual(shanghaiInstant("2025-10-23", 14, 0));
    expect((await db.financingNeed.findUniqueOrThrow({ where: { id: need.id } })).firstRespondedAt).toEqual(acceptedAt);

    // Past the first-response deadline: nothing, because the institution responded.
    await scanAt(shanghaiInstant("2025-10-09", 9, 0));
    expect(await db.needEvent.count({ where: { needId: need.id, type: { startsWith: "DEADLINE_" } } })).toBe(0);

    await scanAt(shanghaiInstant("2025-10-22", 14, 30));
    await scanAt(shanghaiInstant("2025-10-23", 14, 1));
    await scanAt(shanghaiInstant("2025-10-23", 15, 0));
    expect(await db.needEvent.count({ where: { engagementId: engagement.id, type: "DEADLINE_REMINDER" } })).toBe(1);
    expect(await db.needEvent.count({ where: { engagementId: engagement.id, type: "DEADLINE_ESCALATED" } })).toBe(1);
    expect((await db.financingNeed.findUniqueOrThrow({ where: { id: need.id } })).overdueSince).toEqual(
      shanghaiInstant("2025-10-23", 14, 0),
    );
    const reminders = await db.notification.findMany({
      where: { template: "deadline.reminder", payload: { path: ["engagementId"], equals: engagement.id } },
    });
    expect(reminders.map((row) => row.recipientId)).toEqual([pickedOfficer.id]);
    const escalations = await db.notification.findMany({
      where: { template: "deadline.escalated.institution", payload: { path: ["engagementId"], equals: engagement.id } },
    });
    expect(escalations.map((row) => row.recipientId).sort()).toEqual([pickedOfficer.id, pickedAdmin.id].sort());
    expect(await count("deadline.escalated.bureau", bureau.id)).toBe(2);
  }, 60_000);

  it("expires OPEN needs after their validity, once", async () => {
    const need = await createNeed(db, { enterprise: borrower, status: "DRAFT" });
    await publishNeed(db, { needId: need.id, actorId: owner.id, now: shanghaiInstant("2025-01-06", 9, 0) });
    await db.needEvent.create({
      data: { needId: need.id, type: "DEADLINE_ESCALATED", note: "already escalated earlier" },
    });
    await scanAt(shanghaiInstant("2025-04-07", 9, 0));
    await scanAt(shanghaiInstant("2025-04-07", 9, 1));
    expect((await db.financingNeed.findUniqueOrThrow({ where: { id: need.id } })).status).toBe("EXPIRED");
    expect(await db.needEvent.count({ where: { needId: need.id, type: "NEED_EXPIRED" } })).toBe(1);
    expect(await db.outboxEvent.count({ where: { aggregateId: need.id, type: "need.expired" } })).toBe(1);
  });

  it("sends each officer with something to report one daily digest per day", async () => {
    const now = new Date();
    // No SMTP or SMS gateway configured: in-app only.
    const channels = availableChannels(parseNotificationConfig({}));
    const first = await createDailyDigests(db, { now, channels });
    const second = await createDailyDigests(db, {
      now: new Date(now.getTime() + 60_000),
      channels,
    });
    expect(second.created).toBe(0);
    const digests = await db.notification.findMany({ where: { template: "digest.daily" } });
    expect(first.created).toBe(digests.length);
    // The widened bank's officer was told about a lead today.
    const otherDigest = digests.find((row) => row.recipientId === otherOfficer.id)!;
    expect(otherDigest.title).toMatch(/每日摘要：新线索 1 条/);
    expect(otherDigest.body).toContain("揭阳某");
    expect(digests.every((row) => row.recipientId !== owner.id && row.recipientId !== bureau.id)).toBe(true);
  });
});
