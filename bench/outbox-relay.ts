/**
 * Outbox relay throughput against raw BullMQ, in the same run (issue 6, docs/decisions/003-transactional-outbox.md):
 *
 *   npx tsx bench/outbox-relay.ts [--events=20000] [--batch=500] [--rounds=3]
 *
 * Raw: `Queue.addBulk` of the same number of jobs, same batch size, same deterministic job ids, no database.
 * Relay: committed OutboxEvent rows moved by `relayBatch` (claim with FOR UPDATE SKIP LOCKED → addBulk per routed
 * queue → mark relayed → commit), one relay, then two relays sharing the outbox.
 * Uses its own database (dropped afterwards) and its own Redis key prefix (deleted afterwards).
 * Server: BENCH_DATABASE_URL, else DATABASE_URL, else postgresql://postgres@127.0.0.1:5432; REDIS_URL or local.
 */
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { createDb } from "~/infra/db.server.ts";
import { createCommandRedis } from "~/infra/redis.server.ts";
import { QUEUE_NAMES } from "~/kernel/queues.ts";
import { applyMigrations, createDatabase, dropDatabase, withDatabase } from "../scripts/lib/migrator.ts";
import { closeQueues, createQueues } from "../workers/queues.ts";
import { relayBatch } from "../workers/relay.ts";

function option(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  return arg ? Number(arg.split("=")[1]) : fallback;
}

const EVENTS = option("events", 20_000);
const BATCH = option("batch", 500);
const ROUNDS = option("rounds", 3);
const serverUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const id = randomBytes(4).toString("hex");
const databaseName = `jy_bench_relay_${id}`;
const prefix = `{jybench-${id}}`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  await createDatabase(serverUrl, databaseName);
  const url = withDatabase(serverUrl, databaseName);
  await applyMigrations(url);
  const db = createDb(url);
  const redis = createCommandRedis(redisUrl);
  const queues = createQueues(redis, prefix);
  const rawQueue = new Queue("raw", { connection: redis, prefix });
  const rates = { raw: [] as number[], relay: [] as number[], twoRelays: [] as number[] };

  const insertEvents = async () => {
    for (let start = 0; start < EVENTS; start += 5_000) {
      const count = Math.min(5_000, EVENTS - start);
      // need.withdrawn routes to exactly one queue, so events = jobs, as in the raw run.
      await db.outboxEvent.createMany({
        data: Array.from({ length: count }, (_, i) => ({
          type: "need.withdrawn",
          aggregateType: "FinancingNeed",
          aggregateId: `n${start + i}`,
          payload: { needId: `n${start + i}` },
        })),
      });
    }
  };
  const drainRelay = async () => {
    while ((await relayBatch(db, queues, { batchSize: BATCH })) > 0) {
      // keep going until the outbox is empty
    }
  };
  const resetQueues = async () => {
    await rawQueue.obliterate({ force: true });
    for (const name of QUEUE_NAMES) await queues[name].obliterate({ force: true });
    await db.outboxEvent.deleteMany();
  };

  try {
    for (let round = 1; round <= ROUNDS; round++) {
      let started = performance.now();
      for (let start = 0; start < EVENTS; start += BATCH) {
        const size = Math.min(BATCH, EVENTS - start);
        await rawQueue.addBulk(
          Array.from({ length: size }, (_, i) => ({
            name: "need.withdrawn",
            data: {
              eventId: `raw${round}-${start + i}`,
              type: "need.withdrawn",
              payload: { needId: "x" },
              occurredAt: new Date().toISOString(),
            },
            opts: { jobId: `evt-raw${round}-${start + i}` },
          })),
        );
      }
      rates.raw.push(EVENTS / ((performance.now() - started) / 1000));

      await insertEvents();
      started = performance.now();
      await drainRelay();
      rates.relay.push(EVENTS / ((performance.now() - started) / 1000));
      if ((await queues["search-sync"].count()) !== EVENTS) throw new Error("relay lost or duplicated jobs");
      await resetQueues();

      await insertEvents();
      started = performance.now();
      await Promise.all([drainRelay(), drainRelay()]);
      rates.twoRelays.push(EVENTS / ((performance.now() - started) / 1000));
      if ((await queues["search-sync"].count()) !== EVENTS) throw new Error("two relays lost or duplicated jobs");
      await resetQueues();
      console.log(
        `round ${round}: raw ${rates.raw.at(-1)!.toFixed(0)} jobs/s · relay ${rates.relay.at(-1)!.toFixed(0)} events/s · two relays ${rates.twoRelays.at(-1)!.toFixed(0)} events/s`,
      );
    }
    const raw = median(rates.raw);
    console.log(`\n${EVENTS} events, batches of ${BATCH}, median of ${ROUNDS} rounds`);
    console.log(`raw BullMQ addBulk      ${raw.toFixed(0)} jobs/s`);
    console.log(
      `outbox relay (1)        ${median(rates.relay).toFixed(0)} events/s = ${(median(rates.relay) / raw).toFixed(2)} × raw`,
    );
    console.log(
      `outbox relay (2 shared) ${median(rates.twoRelays).toFixed(0)} events/s = ${(median(rates.twoRelays) / raw).toFixed(2)} × raw`,
    );
  } finally {
    await rawQueue.obliterate({ force: true }).catch(() => {});
    await rawQueue.close();
    for (const name of QUEUE_NAMES) await queues[name].obliterate({ force: true }).catch(() => {});
    await closeQueues(queues);
    redis.disconnect();
    await db.$disconnect();
    await dropDatabase(serverUrl, databaseName);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
