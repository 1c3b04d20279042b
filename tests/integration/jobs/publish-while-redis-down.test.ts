/**
 * The transactional outbox (docs/decisions/003-transactional-outbox.md) end to end, against real Postgres, Redis and
 * Meilisearch: an enterprise publishes a need while Redis is unreachable (the worker's Redis connections go through a
 * proxy that is down). Publishing succeeds on Postgres alone. When Redis comes back the relay delivers the event, and
 * the need is indexed, matched and the right officers are notified — each exactly once, even when the event is relayed
 * again and jobs are duplicated.
 */
import { randomBytes } from "node:crypto";
import { createMeili } from "../../../search/client.ts";
import { publishNeed } from "~/modules/needs/publish-need.server.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { createSearchPorts } from "../../../workers/search-ports.ts";
import type { WorkerRuntime } from "../../../workers/runtime.ts";
import { sleep, waitFor } from "../../support/wait.ts";
import {
  createCalendar,
  createEnterprise,
  createInstitution,
  createInstitutionAdmin,
  createNeed,
  createOfficer,
  createProduct,
  createRegions,
  idsOf,
} from "../../support/world.ts";
import { officialCalendarRows } from "../../unit/deadlines/official-calendar.ts";
import { startTestRuntime, TcpProxy } from "./support/runtime.ts";

const indexPrefix = `${process.env.MEILI_INDEX_PREFIX ?? "jytest_local_"}jobs_pipe_${randomBytes(3).toString("hex")}_`;
const environment = await setUpAppEnvironment("jobs-pipeline", { MEILI_INDEX_PREFIX: indexPrefix });
const db = environment.db;
const meili = createMeili({
  url: process.env.MEILI_URL ?? "http://127.0.0.1:7700",
  apiKey: process.env.MEILI_MASTER_KEY,
  indexPrefix,
});
const ports = createSearchPorts(db, meili);
const proxy = TcpProxy.forRedis();
let runtime: WorkerRuntime | null = null;

afterAll(async () => {
  await runtime?.stop({ timeoutMs: 5_000 });
  await proxy.stop();
  for (const uid of Object.values(meili.indexes))
    await meili.client
      .deleteIndex(uid)
      .waitTask()
      .catch(() => {});
  await environment.tearDown();
});

describe("publishing a need while Redis is down", () => {
  it("succeeds at once; after Redis returns the need is indexed, matched and officers notified exactly once", async () => {
    const regions = idsOf(await createRegions(db));
    await createCalendar(db, officialCalendarRows());
    const borrower = await createEnterprise(db, {
      regionId: regions.rongcheng,
      entityType: "SMALL_MICRO",
      sizeClass: "SMALL",
      industrySection: "C",
    });
    const { enterprise, user } = borrower;

    // Bank A: matches; one officer without preferences (notified), one who only wants 惠来县 leads (not notified).
    const bankA = await createInstitution(db, { name: "揭阳农村商业银行", serves: [regions.city] });
    const officerA = await createOfficer(db, bankA.id);
    const officerAHuilai = await createOfficer(db, bankA.id, { preferredRegionIds: [regions.huilai] });
    await createProduct(db, { institutionId: bankA.id, name: "小微信用贷", regions: [regions.city] });
    // Bank B: matches; its officer wants manufacturing (C) leads; its admin is not bothered.
    const bankB = await createInstitution(db, {
      name: "中国建设银行揭阳分行",
      subType: "STATE_OWNED_BANK",
      serves: [regions.city],
    });
    const officerB = await createOfficer(db, bankB.id, { preferredIndustrySections: ["C"] });
    const adminB = await createInstitutionAdmin(db, bankB.id);
    await createProduct(db, { institutionId: bankB.id, name: "善营贷", regions: [regions.city] });
    // Bank C: its only product starts at 10,000,000 元 — no match, nobody notified.
    const bankC = await createInstitution(db, {
      name: "揭阳某村镇银行",
      subType: "VILLAGE_BANK",
      serves: [regions.city],
    });
    const officerC = await createOfficer(db, bankC.id);
    await createProduct(db, {
      institutionId: bankC.id,
      name: "大额项目贷",
      regions: [regions.city],
      minAmount: "10000000",
      maxAmount: "50000000",
    });
    // Bank D: matches, but its only officer wants 惠来县 leads: the institution's admin gets it instead.
    const bankD = await createInstitution(db, {
      name: "广发银行揭阳分行",
      subType: "JOINT_STOCK_BANK",
      serves: [regions.city],
    });
    const officerDHuilai = await createOfficer(db, bankD.id, { preferredRegionIds: [regions.huilai] });
    const adminD = await createInstitutionAdmin(db, bankD.id);
    await createProduct(db, { institutionId: bankD.id, name: "流水贷", regions: [regions.city] });

    for (const product of await db.product.findMany({ select: { id: true } }))
      await ports.search.syncProduct(product.id);

    // The worker runs, but every Redis connection it has goes through a proxy that is down.
    await proxy.reservePort();
    runtime = await startTestRuntime(db, { ...ports, redisUrl: proxy.url });

    const need = await createNeed(db, {
      enterprise: borrower,
      status: "DRAFT",
      amount: "800000",
      description: "采购原材料，补充流动资金周转",
      collateralOffered: ["CREDIT"],
    });
    const started = Date.now();
    const published = await publishNeed(db, { needId: need.id, actorId: user.id, now: new Date() });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await db.financingNeed.findUniqueOrThrow({ where: { id: need.id } })).status).toBe("OPEN");
    expect(published.firstResponseDueAt.getTime()).toBeGreaterThan(published.publishedAt.getTime());

    await sleep(1_500);
    expect(await db.outboxEvent.count({ where: { aggregateId: need.id, relayedAt: null } })).toBe(1);
    expect(await db.match.count({ where: { needId: need.id } })).toBe(0);
    expect(await db.notification.count()).toBe(0);
    const health = await runtime.health();
    expect(health.redis).toBe(false);
    expect(health.relay.unrelayed).toBe(1);

    // Redis is back.
    await proxy.start();
    const notified = [officerA.id, officerB.id, adminD.id];
    await waitFor(
      async () =>
        (await db.notification.count({ where: { template: "lead.matched", recipientId: { in: notified } } })) === 3,
      {
        timeoutMs: 60_000,
        what: "lead notifications",
      },
    );
    await waitFor(
      () =>
        meili.client
          .index(meili.indexes.needs)
          .getDocument(need.id)
          .then(
            () => true,
            () => false,
          ),
      { timeoutMs: 30_000, what: "need document" },
    );
    const matches = await db.match.count({ where: { needId: need.id, kind: "DIRECT" } });
    expect(matches).toBe(3);

    // Duplicates: the event relayed again (a relay that died before committing) and a stray duplicate job.
    await db.outboxEvent.updateMany({ where: { aggregateId: need.id }, data: { relayedAt: null } });
    runtime.relay!.poke();
    const event = await db.outboxEvent.findFirstOrThrow({ where: { aggregateId: need.id } });
    const duplicate = {
      eventId: event.id,
      type: "need.published",
      payload: { needId: need.id },
      occurredAt: event.createdAt.toISOString(),
    };
    await runtime.queues.matching.add("need.published", duplicate, { jobId: `evt-${event.id}-duplicate` });
    await runtime.queues["search-sync"].add("need.published", duplicate, { jobId: `evt-${event.id}-duplicate` });
    await waitFor(async () => (await db.outboxEvent.count({ where: { relayedAt: null } })) === 0, { what: "re-relay" });
    await waitFor(
      async () => {
        for (const queue of Object.values(runtime!.queues)) {
          const counts = await queue.getJobCounts("waiting", "active", "delayed");
          if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) > 0) return false;
        }
        return true;
      },
      { timeoutMs: 30_000, what: "queues drained" },
    );
    const duplicateLeadsJob = await runtime.queues.notifications.getJob(`leads-evt-${event.id}-duplicate`);
    expect(await duplicateLeadsJob?.getState()).toBe("completed");

    const leads = await db.notification.findMany({
      where: { template: "lead.matched" },
      select: { recipientId: true, channel: true, title: true, body: true },
    });
    expect(leads.map((lead) => lead.recipientId).sort()).toEqual([...notified].sort());
    expect(leads.every((lead) => lead.channel === "IN_APP")).toBe(true);
    // Anonymised until consent: the enterprise's name never appears.
    for (const lead of leads) {
      expect(lead.title).toContain("揭阳某");
      expect(`${lead.title}${lead.body}`).not.toContain(enterprise.name);
      expect(lead.body).toContain("80 万元");
    }
    for (const left of [officerAHuilai, adminB, officerC, officerDHuilai])
      expect(await db.notification.count({ where: { recipientId: left.id } })).toBe(0);
    expect(await db.match.count({ where: { needId: need.id, kind: "DIRECT" } })).toBe(matches);
    expect(await db.needEvent.count({ where: { needId: need.id, type: "NEED_PUBLISHED" } })).toBe(1);
    expect(await db.outboxEvent.count()).toBe(1);
    const documents = await meili.client.index(meili.indexes.needs).getDocuments({ limit: 10 });
    expect(documents.results.map((document) => document.id)).toEqual([need.id]);
    expect((await runtime.health()).ok).toBe(true);
  }, 120_000);

  it("the scheduled reconcile restores a lost search document", async () => {
    const need = await db.financingNeed.findFirstOrThrow({ where: { status: "OPEN" } });
    const index = meili.client.index(meili.indexes.needs);
    await index.deleteDocument(need.id).waitTask();
    const job = await runtime!.queues["search-sync"].add("reconcile", {}, { jobId: "reconcile-by-hand" });
    await waitFor(async () => ["completed", "failed"].includes(await job.getState()), {
      timeoutMs: 30_000,
      what: "reconcile",
    });
    expect(await job.getState()).toBe("completed");
    expect((await index.getDocument(need.id)).id).toBe(need.id);
  }, 60_000);
});
