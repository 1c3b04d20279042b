/**
 * Redis comes back empty (docs/decisions/007-outbox-completion.md), against real Postgres, Redis and Meilisearch.
 * "Empty" is simulated by deleting every key under this file's own prefix — what FLUSHALL does to this app — never
 * by FLUSHALL, since the Redis server is shared. Proves that:
 *   - events relayed whose jobs were wiped are re-delivered by the completion sweeper with the default settings,
 *     within a minute, and their effects happen exactly once (searchable with the status filter, matches, deadline,
 *     lead notifications);
 *   - completed events and deliveries that failed for good are never re-enqueued;
 *   - the schedules come back after a reconnect and within the check interval, and /health lists them while missing.
 */
import { publishNeed } from "~/modules/needs/publish-need.server.ts";
import { pruneOutbox } from "~/modules/outbox/outbox.server.ts";
import { searchLeads } from "~/modules/search-index/lead-query.ts";
import { ensureIndexes } from "../../../search/settings.ts";
import { defaultSchedules, type WorkerRuntime } from "../../../workers/runtime.ts";
import { createSearchPorts } from "../../../workers/search-ports.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { createTestMeili } from "../../support/meili.ts";
import { sleep, waitFor } from "../../support/wait.ts";
import {
  createCalendar,
  createEnterprise,
  createInstitution,
  createNeed,
  createOfficer,
  createProduct,
  createRegions,
  idsOf,
} from "../../support/world.ts";
import { officialCalendarRows } from "../../unit/deadlines/official-calendar.ts";
import { startTestRuntime, TcpProxy, wipeRedisPrefix } from "./support/runtime.ts";

const meili = createTestMeili("jobs_wipe");
const environment = await setUpAppEnvironment("jobs-wipe", { MEILI_INDEX_PREFIX: meili.prefix });
const db = environment.db;
const prefix = environment.redisPrefix;
const ports = createSearchPorts(db, meili);
const running = new Set<WorkerRuntime>();
const proxy = TcpProxy.forRedis();

async function start(options: Parameters<typeof startTestRuntime>[1]): Promise<WorkerRuntime> {
  const runtime = await startTestRuntime(db, options);
  running.add(runtime);
  return runtime;
}
async function stop(runtime: WorkerRuntime): Promise<void> {
  running.delete(runtime);
  await runtime.stop({ timeoutMs: 5_000 });
}

afterAll(async () => {
  for (const runtime of running) await runtime.stop({ timeoutMs: 5_000 });
  await proxy.stop();
  await meili.cleanup();
  await environment.tearDown();
});

await ensureIndexes(meili);
const regions = idsOf(await createRegions(db));
await createCalendar(db, officialCalendarRows());
const borrower = await createEnterprise(db, { regionId: regions.rongcheng, entityType: "SMALL_MICRO" });
const bankA = await createInstitution(db, { name: "揭阳农村商业银行", serves: [regions.city] });
const officerA = await createOfficer(db, bankA.id);
await createProduct(db, { institutionId: bankA.id, name: "小微信用贷", regions: [regions.city] });
const bankB = await createInstitution(db, { name: "中国建设银行揭阳分行", serves: [regions.city] });
const officerB = await createOfficer(db, bankB.id);
await createProduct(db, { institutionId: bankB.id, name: "善营贷", regions: [regions.city] });
for (const product of await db.product.findMany({ select: { id: true } })) await ports.search.syncProduct(product.id);

const openLeadIds = async (institutionId: string) =>
  (await searchLeads(meili, { institutionId, filters: { statuses: ["OPEN"] } })).hits.map((hit) => hit.id);
const leadNotifications = (needId: string) =>
  db.notification.count({ where: { template: "lead.matched", link: { contains: needId }, channel: "IN_APP" } });

/** Relays the events of freshly published needs to Redis while no worker takes their jobs. */
async function publishAndHandOver(count: number): Promise<string[]> {
  const relayOnly = await start({ ...ports, queues: [], completionSweep: false });
  const needIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const need = await createNeed(db, { enterprise: borrower, status: "DRAFT", amount: "500000" });
    await publishNeed(db, { needId: need.id, actorId: borrower.user.id });
    needIds.push(need.id);
  }
  await waitFor(async () => (await db.outboxEvent.count({ where: { relayedAt: null } })) === 0, { what: "relayed" });
  await stop(relayOnly);
  return needIds;
}

describe("Redis loses its data", () => {
  let healed: string[] = [];

  it("re-delivers relayed events whose jobs vanished, with the default settings, and each effect happens once", async () => {
    const needIds = await publishAndHandOver(6);
    const events = await db.outboxEvent.findMany({ where: { aggregateId: { in: needIds } }, select: { id: true } });
    const deliveries = await db.outboxDelivery.findMany({ where: { eventId: { in: events.map((e) => e.id) } } });
    // need.published goes to search-sync, matching and deadlines.
    expect(deliveries).toHaveLength(needIds.length * 3);
    expect(deliveries.every((delivery) => delivery.completedAt === null)).toBe(true);

    const wiped = await wipeRedisPrefix(prefix);
    const wipedAt = Date.now();
    expect(wiped).toBeGreaterThan(0);

    // Production settings: sweep every 15 s, grace 20 s.
    const runtime = await start({ ...ports });
    await waitFor(
      async () => {
        const [a, b] = await Promise.all([openLeadIds(bankA.id), openLeadIds(bankB.id)]);
        if (!needIds.every((id) => a.includes(id) && b.includes(id))) return false;
        for (const needId of needIds) if ((await leadNotifications(needId)) < 2) return false;
        return (await db.outboxDelivery.count({ where: { completedAt: null } })) === 0;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: "healed after the wipe" },
    );
    const healSeconds = (Date.now() - wipedAt) / 1000;
    console.log(`[redis-wipe] ${needIds.length} needs healed ${healSeconds.toFixed(1)} s after the wipe (defaults)`);
    expect(healSeconds).toBeLessThan(60);

    const after = await db.outboxDelivery.findMany({ where: { eventId: { in: events.map((e) => e.id) } } });
    expect(after.map((delivery) => delivery.requeues)).toEqual(after.map(() => 1));
    expect(after.every((delivery) => delivery.completedAt !== null && delivery.failedAt === null)).toBe(true);
    expect((await runtime.health()).completion).toMatchObject({ pending: 0, failed: 0, requeued: needIds.length * 3 });

    // Exactly once: one document each, two matches, one deadline, one lead notice per officer and channel.
    await sleep(1_000);
    for (const needId of needIds) {
      expect(await leadNotifications(needId)).toBe(2);
      expect(await db.match.count({ where: { needId, kind: "DIRECT" } })).toBe(2);
      expect((await db.financingNeed.findUniqueOrThrow({ where: { id: needId } })).firstResponseDueAt).not.toBeNull();
    }
    const recipients = await db.notification.findMany({
      where: { template: "lead.matched", OR: needIds.map((needId) => ({ link: { contains: needId } })) },
      select: { recipientId: true, link: true, channel: true },
    });
    expect(recipients).toHaveLength(needIds.length * 2);
    const keys = recipients.map((row) => `${row.link}/${row.recipientId}/${row.channel}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(recipients.map((row) => row.recipientId))).toEqual(new Set([officerA.id, officerB.id]));
    const documents = await meili.client.index(meili.indexes.needs).getDocuments({ limit: 100 });
    expect(documents.results.map((document) => document.id).sort()).toEqual([...needIds].sort());
    await stop(runtime);
    healed = needIds;
  }, 120_000);

  it("never re-enqueues completed events, nor deliveries that failed for good", async () => {
    expect(healed.length).toBeGreaterThan(0);
    // A row that can never be processed: an unknown outcome fails the ledger job, the last attempt for good.
    const runtime = await start({
      ...ports,
      tuning: { backoffMs: 20, attempts: 2 },
      completionSweep: { intervalMs: 200, graceMs: 300 },
    });
    const bad = await db.outboxEvent.create({
      data: {
        type: "outcome.cancelled",
        aggregateType: "Outcome",
        aggregateId: "missing",
        payload: { outcomeId: "", engagementId: "" },
      },
    });
    await waitFor(
      async () =>
        (await db.outboxDelivery.findUnique({ where: { eventId_queue: { eventId: bad.id, queue: "ledger" } } }))
          ?.failedAt,
      { what: "delivery failed for good" },
    );
    const health = await runtime.health();
    expect(health.completion.failed).toBe(1);
    expect(health.status).toBe("degraded");
    expect(health.problems.join(" ")).toContain("1 outbox deliveries failed for good");

    const before = await db.outboxDelivery.findMany({ orderBy: [{ eventId: "asc" }, { queue: "asc" }] });
    const notificationsBefore = await db.notification.count();
    await wipeRedisPrefix(prefix);
    const sweepsBefore = runtime.sweeper!.stats().sweeps;
    await waitFor(async () => runtime.sweeper!.stats().sweeps >= sweepsBefore + 5, { what: "five sweeps" });

    expect(runtime.sweeper!.stats().requeued).toBe(0);
    const after = await db.outboxDelivery.findMany({ orderBy: [{ eventId: "asc" }, { queue: "asc" }] });
    expect(after).toEqual(before);
    for (const delivery of after)
      expect(await runtime.queues[delivery.queue as "ledger"].getJobState(`evt-${delivery.eventId}`)).toBe("unknown");
    expect(await db.notification.count()).toBe(notificationsBefore);
    await stop(runtime);
    // An operator deals with the failed event (here: deletes it), so the health checks below start clean.
    await db.outboxEvent.delete({ where: { id: bad.id } });
  }, 60_000);

  it("puts the schedules back after a reconnect, and /health lists them while they are missing", async () => {
    await proxy.start();
    const expected = defaultSchedules().map((schedule) => schedule.id);
    // No workers: the schedules are installed, their jobs stay queued.
    const runtime = await start({
      ...ports,
      redisUrl: proxy.url,
      queues: [],
      relay: false,
      schedules: defaultSchedules(),
      scheduleCheckMs: 10 * 60_000,
    });
    await waitFor(async () => (await runtime.health()).schedules.missing?.length === 0, {
      what: "schedules installed",
    });
    expect((await runtime.health()).status).toBe("ok");

    await wipeRedisPrefix(prefix);
    const report = await runtime.health();
    expect(report.ok).toBe(true);
    expect(report.status).toBe("degraded");
    expect(report.schedules.missing?.sort()).toEqual([...expected].sort());
    expect(report.problems.join(" ")).toContain("schedules missing from Redis: deadline-scan");

    // Redis "restarts": the connections drop and come back; the reconnect re-asserts the schedules at once.
    await proxy.stop();
    const restartedAt = Date.now();
    await proxy.start();
    await waitFor(async () => (await runtime.health()).schedules.missing?.length === 0, {
      timeoutMs: 15_000,
      what: "schedules back after the reconnect",
    });
    console.log(`[redis-wipe] schedules back ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after a reconnect`);
    expect((await runtime.health()).status).toBe("ok");
    const scan = await runtime.queues.deadlines.getJobScheduler("deadline-scan");
    expect(scan?.every).toBe(60_000);
    const reconcile = await runtime.queues["search-sync"].getJobScheduler("search-reconcile");
    expect(reconcile).toMatchObject({ pattern: "17 3 * * *", tz: "Asia/Shanghai" });
    const next = await runtime.queues.deadlines.getJobCounts("waiting", "delayed", "prioritized");
    expect(Object.values(next).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    await stop(runtime);
  }, 60_000);

  it("puts the schedules back within the check interval when Redis was flushed without a reconnect", async () => {
    const runtime = await start({
      ...ports,
      queues: [],
      relay: false,
      schedules: defaultSchedules(),
      scheduleCheckMs: 1_000,
    });
    await waitFor(async () => (await runtime.health()).schedules.missing?.length === 0, {
      what: "schedules installed",
    });
    await wipeRedisPrefix(prefix);
    const wipedAt = Date.now();
    await waitFor(async () => (await runtime.health()).schedules.missing?.length === 0, {
      timeoutMs: 5_000,
      intervalMs: 50,
      what: "schedules back",
    });
    const seconds = (Date.now() - wipedAt) / 1000;
    console.log(`[redis-wipe] schedules back ${seconds.toFixed(1)} s after a flush (check interval 1 s)`);
    expect(seconds).toBeLessThan(2.5);
    await stop(runtime);
  }, 30_000);
});

describe("the outbox prune", () => {
  it("deletes old events once they are done, and keeps those with a delivery still pending", async () => {
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    const make = (aggregateId: string) =>
      db.outboxEvent.create({
        data: {
          type: "need.withdrawn",
          aggregateType: "FinancingNeed",
          aggregateId,
          payload: { needId: aggregateId },
          createdAt: longAgo,
          relayedAt: longAgo,
        },
      });
    const history = await make("prune-history"); // relayed before deliveries were tracked
    const done = await make("prune-done");
    const failed = await make("prune-failed");
    const pending = await make("prune-pending");
    await db.outboxDelivery.createMany({
      data: [
        { eventId: done.id, queue: "search-sync", relayedAt: longAgo, completedAt: longAgo },
        { eventId: failed.id, queue: "search-sync", relayedAt: longAgo, failedAt: longAgo, lastError: "gave up" },
        { eventId: pending.id, queue: "search-sync", relayedAt: longAgo },
      ],
    });
    const deleted = await pruneOutbox(db, new Date(Date.now() - 30 * 86_400_000));
    expect(deleted).toBe(3);
    const left = await db.outboxEvent.findMany({ where: { aggregateId: { startsWith: "prune-" } } });
    expect(left.map((event) => event.id)).toEqual([pending.id]);
    expect(await db.outboxDelivery.count({ where: { eventId: { in: [history.id, done.id, failed.id] } } })).toBe(0);
    await db.outboxEvent.delete({ where: { id: pending.id } });
  });
});
