/**
 * The append-only target ledger (docs/domain.md#the-ledger and #targets). Posting an outcome reconciles its engagement:
 *
 *   1. every entry of a SUPERSEDED or CANCELLED outcome that is not yet reversed gets a reversing row
 *      (`<entryKey>:reversal`, reversesId unique) — old rows are never edited or deleted;
 *   2. the engagement's ACTIVE disbursement posts its lines (rules.ts) with deterministic keys.
 *
 * Keys make it idempotent: `outcome:<outcomeId>:<METRIC>` for amounts, and for the "once" borrower metrics a
 * generation per scope — `first-loan:<enterpriseId>:<n>`, `inclusive-borrower:<enterpriseId>:<institutionId>:<year>:<n>`
 * where n counts earlier postings in that scope, so a borrower reversed by an amendment can be counted again without
 * ever being counted twice. Everything happens in one transaction under an advisory lock per enterprise: a worker
 * killed half-way leaves nothing behind, a retry or a duplicate job inserts nothing new (ON CONFLICT DO NOTHING).
 */
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import { type Prisma } from "~/generated/prisma/client.ts";
import { LedgerMetric } from "~/generated/prisma/enums.ts";
import { decimalToYuanString, fen, fenToYuanString, toFen } from "~/kernel/money.ts";
import { ledgerLinesFor, type LedgerLine } from "./rules.ts";

export interface LedgerPostingResult {
  /** False when the outcome does not exist. */
  found: boolean;
  posted: number;
  reversed: number;
}

const outcomeSelect = {
  id: true,
  state: true,
  kind: true,
  disbursedAmount: true,
  approvedAmount: true,
  totalCreditAtInstitution: true,
  firstLoanConfirmed: true,
  policyTool: true,
  decidedOn: true,
  product: { select: { kind: true } },
} as const;

export async function postLedgerForOutcome(db: Db, outcomeId: string): Promise<LedgerPostingResult> {
  const head = await db.outcome.findUnique({
    where: { id: outcomeId },
    select: { engagementId: true, engagement: { select: { need: { select: { enterpriseId: true } } } } },
  });
  if (!head) return { found: false, posted: 0, reversed: 0 };
  const enterpriseId = head.engagement.need.enterpriseId;

  return db.$transaction(
    async (tx) => {
      // One enterprise's postings are serialised: the once-per-enterprise checks read, then insert.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ledger:${enterpriseId}`}, 0))`;
      const engagement = await loadEngagement(tx, head.engagementId);
      const reversal = await reverseInactiveOutcomes(
        tx,
        engagement.outcomes.filter((outcome) => outcome.state !== "ACTIVE").map((outcome) => outcome.id),
      );
      let posted = await postActiveDisbursements(tx, engagement);
      if (reversal.borrowerReversed) {
        // A first-loan or inclusive borrower was taken back: another of the enterprise's loans may now be the one
        // that counts (e.g. the first loan was cancelled, a later confirmed first loan stands).
        const others = await tx.engagement.findMany({
          where: {
            need: { enterpriseId },
            id: { not: head.engagementId },
            outcomes: { some: { state: "ACTIVE", kind: "DISBURSED" } },
          },
          select: { id: true },
          orderBy: { createdAt: "asc" },
        });
        for (const other of others) posted += await postActiveDisbursements(tx, await loadEngagement(tx, other.id));
      }
      return { found: true, posted, reversed: reversal.count };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

type EngagementForLedger = Awaited<ReturnType<typeof loadEngagement>>;

function loadEngagement(tx: DbOrTx, engagementId: string) {
  return tx.engagement.findUniqueOrThrow({
    where: { id: engagementId },
    select: {
      institutionId: true,
      institution: { select: { kind: true } },
      need: {
        select: {
          regionId: true,
          purposeCategory: true,
          flags: true,
          enterprise: { select: { id: true, entityType: true, sizeClass: true, industrySection: true } },
        },
      },
      outcomes: { select: outcomeSelect, orderBy: { version: "asc" } },
    },
  });
}

/** Posts the lines of the engagement's ACTIVE disbursement (normally one); returns the rows inserted. */
async function postActiveDisbursements(tx: DbOrTx, engagement: EngagementForLedger): Promise<number> {
  // Loans are disbursed by banks; a guarantor's or insurer's "disbursed" would count the same loan twice.
  if (engagement.institution.kind !== "BANK") return 0;
  let posted = 0;
  const enterprise = engagement.need.enterprise;
  for (const outcome of engagement.outcomes) {
    if (outcome.state !== "ACTIVE" || outcome.kind !== "DISBURSED" || !outcome.disbursedAmount) continue;
    const lines = ledgerLinesFor({
      entityType: enterprise.entityType,
      sizeClass: enterprise.sizeClass,
      industrySection: enterprise.industrySection,
      purposeCategory: engagement.need.purposeCategory,
      needFlags: engagement.need.flags,
      policyTool: outcome.policyTool,
      disbursedFen: toFen(outcome.disbursedAmount),
      approvedFen: outcome.approvedAmount ? toFen(outcome.approvedAmount) : null,
      totalCreditAtInstitutionFen: outcome.totalCreditAtInstitution ? toFen(outcome.totalCreditAtInstitution) : null,
      firstLoanConfirmed: outcome.firstLoanConfirmed,
    });
    const dimensions = {
      outcomeId: outcome.id,
      enterpriseId: enterprise.id,
      institutionId: engagement.institutionId,
      regionId: engagement.need.regionId,
      entityType: enterprise.entityType,
      productKind: outcome.product?.kind ?? "LOAN",
      policyTool: outcome.policyTool,
      occurredOn: outcome.decidedOn,
    } as const;
    const rows: Prisma.LedgerEntryCreateManyInput[] = [];
    for (const line of lines) {
      const entryKey = await entryKeyFor(tx, line, dimensions);
      if (entryKey)
        rows.push({
          ...dimensions,
          entryKey,
          metric: line.metric,
          amount: fenToYuanString(fen(line.amountFen)),
          borrowerCount: line.borrowerCount,
        });
    }
    if (rows.length > 0) posted += (await tx.ledgerEntry.createMany({ data: rows, skipDuplicates: true })).count;
  }
  return posted;
}

/** The key a line is posted under, or null when its scope already counts this borrower. */
async function entryKeyFor(
  tx: DbOrTx,
  line: LedgerLine,
  dims: { outcomeId: string; enterpriseId: string; institutionId: string; occurredOn: Date },
): Promise<string | null> {
  if (line.scope === "outcome") return `outcome:${dims.outcomeId}:${line.metric}`;
  const where: Prisma.LedgerEntryWhereInput =
    line.scope === "enterprise"
      ? { metric: line.metric, enterpriseId: dims.enterpriseId }
      : {
          metric: line.metric,
          enterpriseId: dims.enterpriseId,
          institutionId: dims.institutionId,
          occurredOn: { gte: yearStart(dims.occurredOn, 0), lt: yearStart(dims.occurredOn, 1) },
        };
  // Sequential: a transaction is one connection, and pg does not pipeline queries on it.
  const net = await tx.ledgerEntry.aggregate({ where, _sum: { borrowerCount: true } });
  const postings = await tx.ledgerEntry.count({ where: { ...where, borrowerCount: { gt: 0 } } });
  if ((net._sum.borrowerCount ?? 0) > 0) return null;
  const scope =
    line.scope === "enterprise"
      ? `first-loan:${dims.enterpriseId}`
      : `inclusive-borrower:${dims.enterpriseId}:${dims.institutionId}:${dims.occurredOn.getUTCFullYear()}`;
  return `${scope}:${postings}`;
}

function yearStart(day: Date, plusYears: number): Date {
  return new Date(Date.UTC(day.getUTCFullYear() + plusYears, 0, 1));
}

/** Reversing rows for the not-yet-reversed entries of these outcomes. */
async function reverseInactiveOutcomes(
  tx: DbOrTx,
  outcomeIds: string[],
): Promise<{ count: number; borrowerReversed: boolean }> {
  if (outcomeIds.length === 0) return { count: 0, borrowerReversed: false };
  const open = await tx.ledgerEntry.findMany({
    where: { outcomeId: { in: outcomeIds }, reversesId: null, reversedBy: { is: null } },
    orderBy: { createdAt: "asc" },
  });
  if (open.length === 0) return { count: 0, borrowerReversed: false };
  const rows: Prisma.LedgerEntryCreateManyInput[] = open.map((entry) => ({
    entryKey: `${entry.entryKey}:reversal`,
    reversesId: entry.id,
    outcomeId: entry.outcomeId,
    metric: entry.metric,
    amount: entry.amount.negated(),
    borrowerCount: -entry.borrowerCount,
    enterpriseId: entry.enterpriseId,
    institutionId: entry.institutionId,
    regionId: entry.regionId,
    entityType: entry.entityType,
    productKind: entry.productKind,
    policyTool: entry.policyTool,
    // A correction restates the period the original counted in.
    occurredOn: entry.occurredOn,
  }));
  const count = (await tx.ledgerEntry.createMany({ data: rows, skipDuplicates: true })).count;
  return { count, borrowerReversed: open.some((entry) => entry.borrowerCount !== 0) };
}

export type LedgerTotals = Record<LedgerMetric, { amount: string; borrowers: number }>;

/** Net totals per metric (amounts as exact decimal strings) — what target progress is computed from. */
export async function ledgerTotals(db: DbOrTx, where: Prisma.LedgerEntryWhereInput = {}): Promise<LedgerTotals> {
  const groups = await db.ledgerEntry.groupBy({ by: ["metric"], where, _sum: { amount: true, borrowerCount: true } });
  const totals = Object.fromEntries(
    Object.values(LedgerMetric).map((metric) => [metric, { amount: "0.00", borrowers: 0 }]),
  ) as LedgerTotals;
  for (const group of groups) {
    totals[group.metric] = {
      amount: group._sum.amount ? decimalToYuanString(group._sum.amount) : "0.00",
      borrowers: group._sum.borrowerCount ?? 0,
    };
  }
  return totals;
}
