/**
 * The target ledger against real Postgres and Redis, through the real worker process where it matters: the same
 * disbursement processed many times yields one set of entries; a worker killed (SIGKILL) in the middle of posting
 * leaves nothing half-done and the retried job makes the totals exact; amendments and cancellations write reversing
 * rows and never touch old ones; first-loan and inclusive borrowers are counted once.
 */
import pg from "pg";
import { Queue } from "bullmq";
import { postLedgerForOutcome, ledgerTotals } from "~/modules/ledger/ledger.server.ts";
import { recordOutboxEvent } from "~/modules/outbox/outbox.server.ts";
import type { Outcome } from "~/generated/prisma/client.ts";
import type { PolicyTool } from "~/generated/prisma/enums.ts";
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
  type EnterpriseAccount,
} from "../../support/world.ts";
import { redisUrl, spawnWorker, type WorkerProcess } from "./support/runtime.ts";

const environment = await setUpAppEnvironment("jobs-ledger");
const db = environment.db;
const workers: WorkerProcess[] = [];

afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
  await environment.tearDown();
});

const regions = await createRegions(db);
const bank = await createInstitution(db, { name: "揭阳农村商业银行", kind: "BANK" });
const otherBank = await createInstitution(db, {
  name: "中国工商银行揭阳分行",
  kind: "BANK",
  subType: "STATE_OWNED_BANK",
});
const officer = await createOfficer(db, bank.id);

type EngagementFor = {
  entityType?: "SMALL_MICRO" | "FARM_HOUSEHOLD" | "TRANSFERRED_FIRM";
  institutionId?: string;
  borrower?: EnterpriseAccount;
  purpose?: "WORKING_CAPITAL" | "FISHING_BOAT_RENEWAL";
};

/** A disbursed engagement of a (new, unless given) small enterprise in 榕城区 with the bank (unless given). */
async function engagementFor(input: EngagementFor) {
  const borrower =
    input.borrower ??
    (await createEnterprise(db, {
      regionId: regions.rongcheng.id,
      entityType: input.entityType ?? "SMALL_MICRO",
      sizeClass: "SMALL",
    }));
  const need = await createNeed(db, {
    enterprise: borrower,
    status: "IN_PROGRESS",
    purposeCategory: input.purpose ?? "WORKING_CAPITAL",
  });
  const engagement = await createEngagement(db, {
    needId: need.id,
    institutionId: input.institutionId ?? bank.id,
    officerId: officer.id,
    initiatedBy: "ENTERPRISE",
    status: "DISBURSED",
  });
  return { borrower, enterpriseId: borrower.enterprise.id, needId: need.id, engagementId: engagement.id };
}

interface OutcomeInput {
  engagementId: string;
  amount: string;
  firstLoan?: boolean;
  totalCredit?: string | null;
  decidedOn?: string;
  policyTool?: PolicyTool | null;
}

/** What the engagement module does when an officer records (or amends) a disbursement: rows + outbox, one transaction. */
async function recordDisbursement(input: OutcomeInput, options: { amends?: Outcome } = {}) {
  return db.$transaction(async (tx) => {
    const outcome = await createOutcome(tx, {
      engagementId: input.engagementId,
      kind: "DISBURSED",
      amount: input.amount,
      decidedOn: input.decidedOn ?? "2026-03-16",
      firstLoanConfirmed: input.firstLoan ?? false,
      totalCreditAtInstitution: input.totalCredit,
      policyTool: input.policyTool ?? null,
      recordedById: officer.id,
      amends: options.amends,
    });
    if (options.amends) {
      const previousOutcomeId = options.amends.id;
      await recordOutboxEvent(tx, {
        type: "outcome.amended",
        aggregateId: outcome.id,
        payload: { outcomeId: outcome.id, engagementId: input.engagementId, previousOutcomeId },
      });
    } else {
      await recordOutboxEvent(tx, {
        type: "outcome.recorded",
        aggregateId: outcome.id,
        payload: { outcomeId: outcome.id, engagementId: input.engagementId },
      });
    }
    return outcome;
  });
}

async function cancelOutcome(outcomeId: string, engagementId: string) {
  await db.$transaction(async (tx) => {
    await tx.outcome.update({ where: { id: outcomeId }, data: { state: "CANCELLED" } });
    await recordOutboxEvent(tx, {
      type: "outcome.cancelled",
      aggregateId: outcomeId,
      payload: { outcomeId, engagementId },
    });
  });
}

const entriesOf = (where: { enterpriseId?: string; outcomeId?: string }) =>
  db.ledgerEntry.findMany({ where, orderBy: [{ createdAt: "asc" }, { entryKey: "asc" }] });

function workerEnv(extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: environment.databaseUrl,
    REDIS_PREFIX: environment.redisPrefix,
    REDIS_URL: redisUrl(),
    WORKER_QUEUES: "ledger",
    WORKER_LOCK_DURATION_MS: "2000",
    WORKER_STALLED_INTERVAL_MS: "1000",
    RELAY_POLL_INTERVAL_MS: "100",
    JOB_BACKOFF_MS: "100",
    ...extra,
  };
}

describe("target ledger", () => {
  it("posts one set of entries however often the same disbursement is processed, even concurrently", async () => {
    const { engagementId, enterpriseId } = await engagementFor({});
    const outcome = await recordDisbursement({ engagementId, amount: "800000.00", firstLoan: true });
    const results = await Promise.all(Array.from({ length: 12 }, () => postLedgerForOutcome(db, outcome.id)));
    expect(results.reduce((sum, result) => sum + result.posted, 0)).toBe(4);
    const entries = await entriesOf({ enterpriseId });
    expect(entries.map((entry) => entry.entryKey).sort()).toEqual(
      [
        `first-loan:${enterpriseId}:0`,
        `inclusive-borrower:${enterpriseId}:${bank.id}:2026:0`,
        `outcome:${outcome.id}:DISBURSED_AMOUNT`,
        `outcome:${outcome.id}:INCLUSIVE_SMALL_MICRO_AMOUNT`,
      ].sort(),
    );
    const totals = await ledgerTotals(db, { enterpriseId });
    expect(totals.DISBURSED_AMOUNT).toEqual({ amount: "800000.00", borrowers: 0 });
    expect(totals.INCLUSIVE_SMALL_MICRO_AMOUNT.amount).toBe("800000.00");
    expect(totals.FIRST_LOAN_BORROWER.borrowers).toBe(1);
    expect(totals.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers).toBe(1);
    expect((await postLedgerForOutcome(db, outcome.id)).posted).toBe(0);
  });

  it("counts a first-loan borrower once per enterprise and an inclusive borrower once per institution and year", async () => {
    const first = await engagementFor({});
    const second = await engagementFor({ borrower: first.borrower, institutionId: otherBank.id });
    const third = await engagementFor({ borrower: first.borrower });
    for (const [engagement, amount] of [
      [first, "300000.00"],
      [second, "200000.50"],
      [third, "100000.25"],
    ] as const) {
      const outcome = await recordDisbursement({ engagementId: engagement.engagementId, amount, firstLoan: true });
      await postLedgerForOutcome(db, outcome.id);
    }
    const totals = await ledgerTotals(db, { enterpriseId: first.enterpriseId });
    expect(totals.FIRST_LOAN_BORROWER.borrowers).toBe(1);
    // Two institutions lent to it this year.
    expect(totals.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers).toBe(2);
    expect(totals.DISBURSED_AMOUNT.amount).toBe("600000.75");
    expect(totals.INCLUSIVE_SMALL_MICRO_AMOUNT.amount).toBe("600000.75");

    // The loan that counted as the first loan is cancelled: the next confirmed one counts instead — still once.
    const counted = await db.ledgerEntry.findFirstOrThrow({
      where: { entryKey: `first-loan:${first.enterpriseId}:0` },
    });
    const cancelled = await db.outcome.findUniqueOrThrow({ where: { id: counted.outcomeId } });
    await cancelOutcome(cancelled.id, cancelled.engagementId);
    await postLedgerForOutcome(db, cancelled.id);
    const after = await ledgerTotals(db, { enterpriseId: first.enterpriseId });
    expect(after.FIRST_LOAN_BORROWER.borrowers).toBe(1);
    expect(after.DISBURSED_AMOUNT.amount).toBe("300000.75");
    expect(after.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers).toBe(2);
    const recount = await db.ledgerEntry.findFirstOrThrow({
      where: { entryKey: `first-loan:${first.enterpriseId}:1` },
    });
    expect(recount.outcomeId).not.toBe(cancelled.id);
  });

  it("leaves nothing half-done when the worker is killed mid-posting, and the retried job makes totals exact", async () => {
    const { engagementId, enterpriseId } = await engagementFor({ purpose: "FISHING_BOAT_RENEWAL" });
    // Another transaction holds (uncommitted) one of the keys the job will insert, so the job blocks inside its
    // transaction — after taking its lock and reading — until we let go. That is where we kill it.
    const outcome = await createOutcome(db, {
      engagementId,
      kind: "DISBURSED",
      amount: "1500000.00",
      decidedOn: "2026-03-20",
      firstLoanConfirmed: true,
      recordedById: officer.id,
    });
    const blocker = new pg.Client({ connectionString: environment.databaseUrl });
    blocker.on("error", () => {});
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query(
      `INSERT INTO "LedgerEntry" ("id","entryKey","outcomeId","metric","amount","borrowerCount","enterpriseId","institutionId","regionId","entityType","occurredOn")
       VALUES ('blocker', $1, $2, 'MARINE_AMOUNT', 1, 0, $3, $4, $5, 'SMALL_MICRO', '2026-03-20')`,
      [`outcome:${outcome.id}:MARINE_AMOUNT`, outcome.id, enterpriseId, bank.id, regions.rongcheng.id],
    );
    await db.$transaction((tx) =>
      recordOutboxEvent(tx, {
        type: "outcome.recorded",
        aggregateId: outcome.id,
        payload: { outcomeId: outcome.id, engagementId },
      }),
    );

    const first = spawnWorker(workerEnv());
    workers.push(first);
    await first.ready;
    await waitFor(
      // From outside the blocker's transaction: pg_stat_activity is a snapshot per transaction.
      async () =>
        (
          await db.$queryRaw<
            { count: bigint }[]
          >`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
        )[0]!.count > 0n,
      { timeoutMs: 20_000, what: "the ledger job to block mid-transaction" },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nworker output:\n${first.output()}`);
    });
    first.child.kill("SIGKILL");
    await first.exited;
    await blocker.query("ROLLBACK");
    await blocker.end();
    // The killed job's transaction never committed.
    await sleep(300);
    expect(await db.ledgerEntry.count({ where: { outcomeId: outcome.id } })).toBe(0);

    // A new worker finds the job stalled (its lock expired) and runs it again.
    const second = spawnWorker(workerEnv());
    workers.push(second);
    await second.ready;
    await waitFor(async () => (await db.ledgerEntry.count({ where: { outcomeId: outcome.id } })) === 6, {
      timeoutMs: 30_000,
      what: "retried posting",
    });

    // The same event relayed again and an extra duplicate job: nothing more.
    await db.outboxEvent.updateMany({ where: { aggregateId: outcome.id }, data: { relayedAt: null } });
    const queue = new Queue("ledger", { connection: { url: redisUrl() }, prefix: environment.redisPrefix });
    const duplicate = await queue.add(
      "outcome.recorded",
      {
        eventId: "dup",
        type: "outcome.recorded",
        payload: { outcomeId: outcome.id, engagementId },
        occurredAt: new Date().toISOString(),
      },
      { jobId: "evt-duplicate-delivery" },
    );
    await waitFor(async () => (await queue.getJobState(duplicate.id!)) === "completed", { what: "duplicate job" });
    await waitFor(async () => (await db.outboxEvent.count({ where: { relayedAt: null } })) === 0, { what: "re-relay" });
    await sleep(500);
    await queue.close();
    second.child.kill("SIGTERM");
    await second.exited;

    const totals = await ledgerTotals(db, { enterpriseId });
    expect(totals.DISBURSED_AMOUNT.amount).toBe("1500000.00");
    expect(totals.MARINE_AMOUNT.amount).toBe("1500000.00");
    expect(totals.AGRI_AMOUNT.amount).toBe("1500000.00"); // fishing is 农林牧渔
    expect(totals.INCLUSIVE_SMALL_MICRO_AMOUNT.amount).toBe("1500000.00");
    expect(totals.FIRST_LOAN_BORROWER.borrowers).toBe(1);
    expect(await db.ledgerEntry.count({ where: { outcomeId: outcome.id } })).toBe(6);
  }, 90_000);

  it("an amended outcome reverses the old entries with new rows and posts the corrected ones; a cancellation reverses all", async () => {
    const { engagementId, enterpriseId } = await engagementFor({});
    const v1 = await recordDisbursement({
      engagementId,
      amount: "2000000.00",
      firstLoan: true,
      totalCredit: "2000000.00",
    });
    await postLedgerForOutcome(db, v1.id);
    const before = await entriesOf({ outcomeId: v1.id });
    expect(before).toHaveLength(4);

    // The officer typed 2,000,000 but the loan was 12,000,000 (credit line above the inclusive cap) and green.
    const v2 = await recordDisbursement(
      {
        engagementId,
        amount: "12000000.00",
        firstLoan: true,
        totalCredit: "12000000.00",
        policyTool: "CARBON_REDUCTION_TOOL",
      },
      { amends: v1 },
    );
    const result = await postLedgerForOutcome(db, v2.id);
    expect(result).toEqual({ found: true, posted: 3, reversed: 4 });
    // Processing the superseded version's event late changes nothing.
    expect(await postLedgerForOutcome(db, v1.id)).toEqual({ found: true, posted: 0, reversed: 0 });

    const after = await entriesOf({ outcomeId: v1.id });
    // Old rows untouched; one reversal each.
    for (const original of before) expect(after.find((entry) => entry.id === original.id)).toEqual(original);
    const reversals = after.filter((entry) => entry.reversesId);
    expect(reversals).toHaveLength(4);
    for (const reversal of reversals) {
      const original = before.find((entry) => entry.id === reversal.reversesId)!;
      expect(reversal.entryKey).toBe(`${original.entryKey}:reversal`);
      expect(reversal.amount.toFixed(2)).toBe(original.amount.negated().toFixed(2));
      expect(reversal.borrowerCount + original.borrowerCount).toBe(0);
    }
    let totals = await ledgerTotals(db, { enterpriseId });
    expect(totals.DISBURSED_AMOUNT.amount).toBe("12000000.00");
    expect(totals.GREEN_AMOUNT.amount).toBe("12000000.00");
    expect(totals.INCLUSIVE_SMALL_MICRO_AMOUNT.amount).toBe("0.00");
    expect(totals.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers).toBe(0);
    expect(totals.FIRST_LOAN_BORROWER.borrowers).toBe(1);
    expect((await entriesOf({ outcomeId: v2.id })).map((entry) => entry.entryKey)).toContain(
      `first-loan:${enterpriseId}:1`,
    );

    await cancelOutcome(v2.id, engagementId);
    expect(await postLedgerForOutcome(db, v2.id)).toEqual({ found: true, posted: 0, reversed: 3 });
    expect(await postLedgerForOutcome(db, v2.id)).toEqual({ found: true, posted: 0, reversed: 0 });
    totals = await ledgerTotals(db, { enterpriseId });
    for (const metric of Object.values(totals)) expect(metric).toEqual({ amount: "0.00", borrowers: 0 });
  });

  it("ignores guarantors' and insurers' outcomes and unknown outcomes", async () => {
    const guarantor = await createInstitution(db, { name: "揭阳市融资担保有限公司", kind: "GUARANTOR" });
    const { engagementId, enterpriseId } = await engagementFor({ institutionId: guarantor.id });
    const outcome = await recordDisbursement({ engagementId, amount: "500000.00", firstLoan: true });
    expect(await postLedgerForOutcome(db, outcome.id)).toEqual({ found: true, posted: 0, reversed: 0 });
    expect(await db.ledgerEntry.count({ where: { enterpriseId } })).toBe(0);
    expect(await postLedgerForOutcome(db, "no-such-outcome")).toEqual({ found: false, posted: 0, reversed: 0 });
  });

  // Posting speed belongs in a benchmark, not a timed test; this checks the bulk behaviour only.
  it("posts many disbursements once each, and a parallel replay of all of them posts nothing", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 60; i++) {
      const { engagementId } = await engagementFor({ entityType: i % 3 === 0 ? "FARM_HOUSEHOLD" : "SMALL_MICRO" });
      outcomes.push(
        (
          await recordDisbursement({
            engagementId,
            amount: `${100000 + i}.${String(i % 100).padStart(2, "0")}`,
            firstLoan: i % 2 === 0,
          })
        ).id,
      );
    }
    let posted = 0;
    for (const id of outcomes) posted += (await postLedgerForOutcome(db, id)).posted;
    expect(posted).toBeGreaterThanOrEqual(outcomes.length);
    const replays = await Promise.all(outcomes.map((id) => postLedgerForOutcome(db, id)));
    expect(replays.reduce((sum, result) => sum + result.posted + result.reversed, 0)).toBe(0);
  });
});
