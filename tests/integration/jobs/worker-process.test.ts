/**
 * The real worker process (`workers/main.ts`): its health endpoint, and graceful shutdown — SIGTERM lets an
 * in-flight job finish within the bound and exits cleanly; a job that outlives the bound is abandoned to BullMQ's
 * stalled-job recovery and completed by the next worker, so nothing is lost either way.
 */
import net from "node:net";
import pg from "pg";
import { ledgerTotals } from "~/modules/ledger/ledger.server.ts";
import { recordOutboxEvent } from "~/modules/outbox/outbox.server.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { sleep, waitFor } from "../../support/wait.ts";
import {
  createEngagement,
  createEnterprise,
  createInstitution,
  createNeed,
  createOfficer,
  createOutcome,
  createRegions,
} from "../../support/world.ts";
import { redisUrl, spawnWorker, type WorkerProcess } from "./support/runtime.ts";

const environment = await setUpAppEnvironment("jobs-process");
const db = environment.db;
const started: WorkerProcess[] = [];

afterAll(async () => {
  for (const worker of started)
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL");
  await environment.tearDown();
});

const regions = await createRegions(db);
const bank = await createInstitution(db, { name: "揭阳农村商业银行" });
const officer = await createOfficer(db, bank.id);

function start(extra: Record<string, string> = {}): WorkerProcess {
  const worker = spawnWorker({
    DATABASE_URL: environment.databaseUrl,
    REDIS_PREFIX: environment.redisPrefix,
    REDIS_URL: redisUrl(),
    WORKER_QUEUES: "ledger",
    WORKER_LOCK_DURATION_MS: "2000",
    WORKER_STALLED_INTERVAL_MS: "1000",
    RELAY_POLL_INTERVAL_MS: "100",
    ...extra,
  });
  started.push(worker);
  return worker;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A disbursement whose ledger job will block inside its transaction until `release()` (see ledger.test.ts). */
async function blockedDisbursement(amount: string) {
  const borrower = await createEnterprise(db, { regionId: regions.rongcheng.id });
  const { enterprise } = borrower;
  const need = await createNeed(db, { enterprise: borrower, status: "DRAFT" });
  const engagement = await createEngagement(db, {
    needId: need.id,
    institutionId: bank.id,
    officerId: officer.id,
    initiatedBy: "ENTERPRISE",
    status: "DISBURSED",
  });
  const outcome = await createOutcome(db, {
    engagementId: engagement.id,
    kind: "DISBURSED",
    amount,
    decidedOn: "2026-05-11",
    recordedById: officer.id,
  });
  const blocker = new pg.Client({ connectionString: environment.databaseUrl });
  blocker.on("error", () => {});
  await blocker.connect();
  await blocker.query("BEGIN");
  await blocker.query(
    `INSERT INTO "LedgerEntry" ("id","entryKey","outcomeId","metric","amount","borrowerCount","enterpriseId","institutionId","regionId","entityType","occurredOn")
     VALUES ($1, $2, $3, 'DISBURSED_AMOUNT', 1, 0, $4, $5, $6, 'SMALL_MICRO', '2026-05-11')`,
    [
      `blocker-${outcome.id}`,
      `outcome:${outcome.id}:DISBURSED_AMOUNT`,
      outcome.id,
      enterprise.id,
      bank.id,
      regions.rongcheng.id,
    ],
  );
  await db.$transaction((tx) =>
    recordOutboxEvent(tx, {
      type: "outcome.recorded",
      aggregateId: outcome.id,
      payload: { outcomeId: outcome.id, engagementId: engagement.id },
    }),
  );
  return {
    enterpriseId: enterprise.id,
    outcomeId: outcome.id,
    waitUntilBlocked: () =>
      waitFor(
        async () =>
          (
            await db.$queryRaw<
              { count: bigint }[]
            >`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
          )[0]!.count > 0n,
        {
          timeoutMs: 20_000,
          what: "job blocked in its transaction",
        },
      ),
    release: async () => {
      await blocker.query("ROLLBACK");
      await blocker.end();
    },
  };
}

describe("worker process", () => {
  it("answers health checks with dependency status and relay lag", async () => {
    const port = await freePort();
    const worker = start({ WORKER_HEALTH_PORT: String(port), WORKER_HEALTH_HOST: "127.0.0.1" });
    await worker.ready;
    // A readiness probe: it turns healthy as soon as the connections are up.
    const response = await waitFor(
      async () => {
        const answer = await fetch(`http://127.0.0.1:${port}/health`);
        return answer.status === 200 ? answer : null;
      },
      { what: "healthy" },
    );
    const report = await response!.json();
    expect(report).toMatchObject({
      ok: true,
      postgres: true,
      redis: true,
      status: "ok",
      problems: [],
      relay: { running: true, unrelayed: 0, lagSeconds: 0 },
      completion: { sweeping: true, pending: 0, failed: 0, oldestPendingSeconds: 0 },
      schedules: { expected: [], missing: [] },
      workers: { ledger: { running: true } },
    });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain("jieyang_outbox_lag_seconds 0");
    expect(metrics).toContain("jieyang_outbox_completion_lag_seconds 0");
    expect(metrics).toContain("jieyang_schedules_missing 0");
    expect(metrics).toContain('jieyang_queue_jobs{queue="ledger",state="waiting"} 0');
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });

  it("SIGTERM lets the in-flight job finish, then exits cleanly", async () => {
    const job = await blockedDisbursement("300000.00");
    const worker = start({ WORKER_SHUTDOWN_TIMEOUT_MS: "15000" });
    await worker.ready;
    await job.waitUntilBlocked();
    const signalled = Date.now();
    worker.child.kill("SIGTERM");
    await sleep(1_000);
    expect(worker.child.exitCode).toBeNull(); // still finishing its job
    await job.release();
    const exit = await worker.exited;
    const took = Date.now() - signalled;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(took).toBeLessThan(15_000);
    expect(worker.output()).toMatch(/"message":"stopped","forced":false/);
    expect((await ledgerTotals(db, { enterpriseId: job.enterpriseId })).DISBURSED_AMOUNT.amount).toBe("300000.00");
  }, 60_000);

  it("a job that outlives the shutdown bound is not lost: the next worker completes it", async () => {
    const job = await blockedDisbursement("450000.00");
    const worker = start({ WORKER_SHUTDOWN_TIMEOUT_MS: "1500" });
    await worker.ready;
    await job.waitUntilBlocked();
    const signalled = Date.now();
    worker.child.kill("SIGTERM");
    const exit = await worker.exited;
    expect(exit.code, worker.output()).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(6_000);
    expect(worker.output()).toMatch(/"message":"stopped","forced":true/);
    await job.release();
    await sleep(300);
    expect(await db.ledgerEntry.count({ where: { outcomeId: job.outcomeId } })).toBe(0);

    const next = start();
    await next.ready;
    await waitFor(async () => (await db.ledgerEntry.count({ where: { outcomeId: job.outcomeId } })) === 3, {
      timeoutMs: 30_000,
      what: "job completed by the next worker",
    });
    next.child.kill("SIGTERM");
    await next.exited;
    const totals = await ledgerTotals(db, { enterpriseId: job.enterpriseId });
    expect(totals.DISBURSED_AMOUNT.amount).toBe("450000.00");
    expect(totals.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers).toBe(1);
  }, 60_000);

  it("a job held by a SIGKILLed worker is taken over within lock duration + stalled interval (defaults)", async () => {
    const job = await blockedDisbursement("520000.00");
    // Empty values fall back to the defaults (WORKER_LOCK_DURATION_MS 15 s, WORKER_STALLED_INTERVAL_MS 5 s).
    const defaults = { WORKER_LOCK_DURATION_MS: "", WORKER_STALLED_INTERVAL_MS: "" };
    const holder = start(defaults);
    await holder.ready;
    await job.waitUntilBlocked();
    const next = start(defaults);
    await next.ready;
    holder.child.kill("SIGKILL");
    const killedAt = Date.now();
    expect((await holder.exited).signal).toBe("SIGKILL");
    await job.release();
    await waitFor(async () => (await db.ledgerEntry.count({ where: { outcomeId: job.outcomeId } })) === 3, {
      timeoutMs: 45_000,
      intervalMs: 100,
      what: "job taken over by the other worker",
    });
    const seconds = (Date.now() - killedAt) / 1000;
    console.log(`[takeover] a SIGKILLed worker's job was completed by another worker after ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(24);
    next.child.kill("SIGTERM");
    await next.exited;
    expect((await ledgerTotals(db, { enterpriseId: job.enterpriseId })).DISBURSED_AMOUNT.amount).toBe("520000.00");
  }, 90_000);
});
