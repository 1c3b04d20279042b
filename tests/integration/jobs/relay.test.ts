/**
 * The outbox relay against real Postgres and Redis: several relays share the outbox without relaying an event twice,
 * a re-relay (crash between adding the jobs and committing) adds no duplicate jobs, the lag metric, throughput, and
 * permanent failure of invalid payloads.
 */
import { Queue, QueueEvents } from "bullmq";
import { createDb } from "~/infra/db.server.ts";
import { createCommandRedis } from "~/infra/redis.server.ts";
import { QUEUE_NAMES } from "~/kernel/queues.ts";
import { outboxLag } from "~/modules/outbox/outbox.server.ts";
import type { OutboxEventType } from "~/modules/outbox/events.ts";
import { createLogger } from "../../../workers/log.ts";
import { closeQueues, createQueues } from "../../../workers/queues.ts";
import { startOutboxRelay } from "../../../workers/relay.ts";
import { EVENT_ROUTES } from "../../../workers/routing.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { recordingSearchPorts, redisUrl, startTestRuntime } from "./support/runtime.ts";
import { waitFor } from "../../support/wait.ts";

const environment = await setUpAppEnvironment("jobs-relay");
const db = environment.db;
const prefix = environment.redisPrefix;
const log = createLogger("relay-test", { silent: true });

afterAll(async () => {
  await environment.tearDown();
});

const SAMPLE: { type: OutboxEventType; payload: (i: number) => Record<string, string | null> }[] = [
  { type: "need.withdrawn", payload: (i) => ({ needId: `need${i}` }) },
  { type: "product.retired", payload: (i) => ({ productId: `product${i}` }) },
  { type: "consent.granted", payload: (i) => ({ consentId: `consent${i}`, needId: `need${i}`, institutionId: null }) },
  { type: "outcome.cancelled", payload: (i) => ({ outcomeId: `outcome${i}`, engagementId: `engagement${i}` }) },
];

async function insertEvents(count: number, createdAt?: Date) {
  const rows = Array.from({ length: count }, (_, i) => {
    const sample = SAMPLE[i % SAMPLE.length]!;
    return {
      type: sample.type,
      aggregateType: "Test",
      aggregateId: `agg${i}`,
      payload: sample.payload(i),
      ...(createdAt ? { createdAt } : {}),
    };
  });
  for (let start = 0; start < rows.length; start += 1_000)
    await db.outboxEvent.createMany({ data: rows.slice(start, start + 1_000) });
}

async function jobIdsIn(queue: Queue): Promise<Set<string>> {
  const jobs = await queue.getJobs(["waiting", "active", "delayed", "completed", "failed", "prioritized"], 0, -1);
  return new Set(jobs.map((job) => job.id!));
}

async function expectedJobIds(): Promise<Map<string, Set<string>>> {
  const events = await db.outboxEvent.findMany({ select: { id: true, type: true } });
  const expected = new Map<string, Set<string>>(QUEUE_NAMES.map((name) => [name, new Set()]));
  for (const event of events)
    for (const queue of EVENT_ROUTES[event.type as OutboxEventType]) expected.get(queue)!.add(`evt-${event.id}`);
  return expected;
}

describe("outbox relay", () => {
  it("two relays running at once relay every event exactly once, with deterministic job ids", async () => {
    const total = 2_000;
    await insertEvents(total);

    const dbA = createDb(environment.databaseUrl);
    const dbB = createDb(environment.databaseUrl);
    const redisA = createCommandRedis(redisUrl());
    const redisB = createCommandRedis(redisUrl());
    const queuesA = createQueues(redisA, prefix);
    const queuesB = createQueues(redisB, prefix);
    const relayA = startOutboxRelay({
      db: dbA,
      queues: queuesA,
      log,
      batchSize: 50,
      pollIntervalMs: 20,
      databaseUrl: environment.databaseUrl,
    });
    const relayB = startOutboxRelay({
      db: dbB,
      queues: queuesB,
      log,
      batchSize: 50,
      pollIntervalMs: 20,
      databaseUrl: environment.databaseUrl,
    });
    try {
      await waitFor(async () => (await outboxLag(db)).unrelayed === 0, { timeoutMs: 60_000, what: "outbox drained" });
      const a = relayA.stats().relayed;
      const b = relayB.stats().relayed;
      console.log(`[relay] two relays shared ${total} events: ${a} + ${b}`);
      // Each event was claimed by exactly one relay.
      expect(a + b).toBe(total);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);

      const expected = await expectedJobIds();
      for (const name of QUEUE_NAMES) {
        const ids = await jobIdsIn(queuesA[name]);
        expect([...ids].sort(), `jobs in ${name}`).toEqual([...expected.get(name)!].sort());
        expect([...ids].every((id) => !id.includes(":"))).toBe(true);
      }

      // A relay that died after adding the jobs but before its commit: the rows come back unrelayed.
      const some = await db.outboxEvent.findMany({ select: { id: true }, take: 300 });
      await db.outboxEvent.updateMany({ where: { id: { in: some.map((row) => row.id) } }, data: { relayedAt: null } });
      relayA.poke();
      relayB.poke();
      await waitFor(async () => (await outboxLag(db)).unrelayed === 0, { timeoutMs: 30_000, what: "re-relay" });
      for (const name of QUEUE_NAMES)
        expect((await jobIdsIn(queuesA[name])).size, `jobs in ${name} after re-relay`).toBe(expected.get(name)!.size);
      const counts = await queuesA["search-sync"].getJobCounts("waiting");
      expect(counts.waiting).toBe(expected.get("search-sync")!.size);
    } finally {
      await Promise.all([relayA.stop(), relayB.stop()]);
      await closeQueues(queuesA);
      await closeQueues(queuesB);
      redisA.disconnect();
      redisB.disconnect();
      await Promise.all([dbA.$disconnect(), dbB.$disconnect()]);
      for (const name of QUEUE_NAMES)
        await new Queue(name, { connection: { url: redisUrl() }, prefix }).obliterate({ force: true }).catch(() => {});
      await db.outboxEvent.deleteMany();
    }
  }, 120_000);

  it("reports lag as the age of the oldest unrelayed event", async () => {
    const now = new Date();
    await insertEvents(3, new Date(now.getTime() - 45_000));
    const lag = await outboxLag(db, now);
    expect(lag.unrelayed).toBe(3);
    expect(lag.lagSeconds).toBeGreaterThanOrEqual(44.9);
    expect(lag.lagSeconds).toBeLessThan(46);
    await db.outboxEvent.deleteMany();
    expect(await outboxLag(db, now)).toEqual({ lagSeconds: 0, unrelayed: 0 });
  });

  // Throughput is measured by bench/outbox-relay.ts (against raw BullMQ in the same run), never in a timed test.
  it("relays a large backlog in batches: every event becomes exactly one job", async () => {
    const total = 5_000;
    const redis = createCommandRedis(redisUrl());
    // product.retired routes to one queue, so jobs = events.
    await db.outboxEvent.createMany({
      data: Array.from({ length: total }, (_, i) => ({
        type: "product.retired",
        aggregateType: "Product",
        aggregateId: `p${i}`,
        payload: { productId: `p${i}` },
      })),
    });
    const queues = createQueues(redis, prefix);
    const relay = startOutboxRelay({ db, queues, log, batchSize: 500, pollIntervalMs: 10 });
    await waitFor(async () => (await outboxLag(db)).unrelayed === 0, {
      timeoutMs: 120_000,
      intervalMs: 20,
      what: "backlog relayed",
    });
    await relay.stop();
    expect(await queues["search-sync"].count()).toBe(total);
    await queues["search-sync"].obliterate({ force: true });
    await closeQueues(queues);
    redis.disconnect();
    await db.outboxEvent.deleteMany();
  });

  it("a relay stopped mid-batch loses nothing: each claimed event is either handed over with its deliveries or left", async () => {
    const total = 3_000;
    await insertEvents(total);
    const redis = createCommandRedis(redisUrl());
    const queues = createQueues(redis, prefix);
    const first = startOutboxRelay({ db, queues, log, batchSize: 400, pollIntervalMs: 10 });
    await waitFor(async () => (await outboxLag(db)).unrelayed < total, { intervalMs: 5, what: "relay under way" });
    await first.stop();
    const relayedIds = (
      await db.outboxEvent.findMany({ where: { relayedAt: { not: null } }, select: { id: true } })
    ).map((row) => row.id);
    const leftBehind = total - relayedIds.length;
    console.log(`[relay] stopped mid-way: ${relayedIds.length} relayed, ${leftBehind} left for the next relay`);
    expect(leftBehind).toBeGreaterThan(0);
    // Handed over means: a pending delivery per routed queue, and the job in that queue.
    const expected = await expectedJobIds();
    const relayed = new Set(relayedIds);
    for (const name of QUEUE_NAMES) {
      const ids = await jobIdsIn(queues[name]);
      const want = [...expected.get(name)!].filter((id) => relayed.has(id.slice("evt-".length)));
      expect([...ids].sort(), `jobs in ${name}`).toEqual(want.sort());
    }
    const deliveries = await db.outboxDelivery.findMany({ select: { eventId: true } });
    expect(new Set(deliveries.map((row) => row.eventId))).toEqual(relayed);

    const second = startOutboxRelay({ db, queues, log, batchSize: 400, pollIntervalMs: 10 });
    await waitFor(async () => (await outboxLag(db)).unrelayed === 0, { timeoutMs: 60_000, what: "rest relayed" });
    await second.stop();
    for (const name of QUEUE_NAMES)
      expect((await jobIdsIn(queues[name])).size, `jobs in ${name}`).toBe(expected.get(name)!.size);
    expect(await db.outboxDelivery.count({ where: { completedAt: null } })).toBe(
      [...expected.values()].reduce((sum, ids) => sum + ids.size, 0),
    );
    for (const name of QUEUE_NAMES) await queues[name].obliterate({ force: true });
    await closeQueues(queues);
    redis.disconnect();
    await db.outboxEvent.deleteMany();
  });

  it("fails a job with an invalid payload permanently, without retries", async () => {
    const ports = recordingSearchPorts();
    const runtime = await startTestRuntime(db, { ...ports, queues: ["ledger", "search-sync"], relay: false });
    const events = new QueueEvents("ledger", { connection: { url: redisUrl() }, prefix });
    try {
      await events.waitUntilReady();
      const job = await runtime.queues.ledger.add(
        "outcome.recorded",
        { eventId: "bad1", type: "outcome.recorded", payload: { outcomeId: 42 }, occurredAt: new Date().toISOString() },
        { jobId: "evt-bad1" },
      );
      await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/invalid outcome.recorded payload/);
      const failed = await runtime.queues.ledger.getJob("evt-bad1");
      expect(failed!.attemptsMade).toBe(1);
      const unknown = await runtime.queues["search-sync"].add(
        "no.such-event",
        { eventId: "bad2", type: "no.such-event", payload: {}, occurredAt: new Date().toISOString() },
        { jobId: "evt-bad2" },
      );
      const searchEvents = new QueueEvents("search-sync", { connection: { url: redisUrl() }, prefix });
      await expect(unknown.waitUntilFinished(searchEvents, 10_000)).rejects.toThrow(/no handler/);
      await searchEvents.close();
    } finally {
      await events.close();
      await runtime.stop({ timeoutMs: 5_000 });
    }
  });
});
