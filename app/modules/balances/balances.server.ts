/**
 * Month-end loan balance reports (docs/domain.md "Loan balances and 两增"). `submitBalanceReport` is the one way a
 * report is stored — the workspace upload and the Open API both call it with parsed rows — and it is
 * all-or-nothing: every line is checked first, and a report with any bad line stores nothing. A month reported again
 * becomes a new version; the earlier ones are kept but no longer count.
 */
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";
import { domainError, forbidden } from "~/kernel/errors.ts";
import { fenToYuanString, sumFen, toFen, type Fen } from "~/kernel/money.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import {
  checkBalanceRows,
  explainReportMonth,
  previousMonth,
  type BalanceRowInput,
  type BalanceRowText,
  type LineError,
} from "./rows.ts";

export type BalanceReportSource = "UPLOAD" | "API";

export interface BalanceReportSummary {
  id: string;
  month: string;
  version: number;
  source: string;
  fileName: string | null;
  submittedAt: string;
  submittedBy: string;
  loanCount: number;
  totalBalance: string;
  inclusiveBalance: string;
  inclusiveBorrowers: number;
  agriBalance: string;
  greenBalance: string;
  marineBalance: string;
  transferBalance: string;
  /** Borrowers linked to an enterprise registered on the platform. */
  platformBorrowers?: number;
}

export type SubmitBalanceResult =
  | { ok: true; report: BalanceReportSummary; replacedVersion: number | null }
  | { ok: false; formError?: string; errors: LineError[] };

const INSERT_CHUNK = 5_000;

/** Only a bank books loans; an insurer's or guarantor's exposure is the same loan seen from its supporter. */
async function requireReportingBank(db: DbOrTx, institutionId: string): Promise<void> {
  const institution = await db.institution.findUnique({
    where: { id: institutionId },
    select: { kind: true, isActive: true },
  });
  if (!institution?.isActive) throw forbidden("机构不存在或已停用");
  if (institution.kind !== "BANK") throw forbidden("贷款余额由银行机构报送，保险和担保机构无需报送");
}

function totalsOf(rows: readonly BalanceRowInput[]) {
  const sum = (pick: (row: BalanceRowInput) => boolean) =>
    fenToYuanString(sumFen(rows.filter(pick).map((row) => row.balanceFen)));
  const inclusiveBorrowers = new Set(
    rows.filter((row) => row.tags.INCLUSIVE && row.balanceFen > 0n).map((row) => row.borrowerCode),
  ).size;
  return {
    loanCount: rows.length,
    totalBalance: sum(() => true),
    inclusiveBalance: sum((row) => row.tags.INCLUSIVE),
    inclusiveBorrowers,
    agriBalance: sum((row) => row.tags.AGRI),
    greenBalance: sum((row) => row.tags.GREEN),
    marineBalance: sum((row) => row.tags.MARINE),
    transferBalance: sum((row) => row.tags.TRANSFER),
  };
}

const SUMMARY_SELECT = {
  id: true,
  month: true,
  version: true,
  source: true,
  fileName: true,
  submittedAt: true,
  submittedBy: { select: { displayName: true } },
  loanCount: true,
  totalBalance: true,
  inclusiveBalance: true,
  inclusiveBorrowers: true,
  agriBalance: true,
  greenBalance: true,
  marineBalance: true,
  transferBalance: true,
} as const;

type SummaryRow = {
  id: string;
  month: string;
  version: number;
  source: string;
  fileName: string | null;
  submittedAt: Date;
  submittedBy: { displayName: string };
  loanCount: number;
  inclusiveBorrowers: number;
} & Record<
  "totalBalance" | "inclusiveBalance" | "agriBalance" | "greenBalance" | "marineBalance" | "transferBalance",
  { toFixed(digits: number): string }
>;

function summaryOf(row: SummaryRow): BalanceReportSummary {
  return {
    id: row.id,
    month: row.month,
    version: row.version,
    source: row.source,
    fileName: row.fileName,
    submittedAt: row.submittedAt.toISOString(),
    submittedBy: row.submittedBy.displayName,
    loanCount: row.loanCount,
    totalBalance: row.totalBalance.toFixed(2),
    inclusiveBalance: row.inclusiveBalance.toFixed(2),
    inclusiveBorrowers: row.inclusiveBorrowers,
    agriBalance: row.agriBalance.toFixed(2),
    greenBalance: row.greenBalance.toFixed(2),
    marineBalance: row.marineBalance.toFixed(2),
    transferBalance: row.transferBalance.toFixed(2),
  };
}

/**
 * Stores an institution's balances for a month as a new current version — or, when any line is wrong, nothing,
 * and every line's problem. Borrowers are kept by credit code and name and linked to the platform's enterprise of
 * that code when there is one: the regulator's 两增 counts all of an institution's inclusive borrowers, most of
 * whom never used the platform, so an unknown borrower is not an error.
 */
export async function submitBalanceReport(
  db: Db,
  input: {
    actor: InstitutionActor;
    month: string;
    rows: readonly BalanceRowText[];
    source: BalanceReportSource;
    fileName?: string | null;
    today: string;
    /** Problems already found while reading the file's cells: reported with the rest, and nothing is stored. */
    readErrors?: readonly LineError[];
  },
): Promise<SubmitBalanceResult> {
  const { actor, month } = input;
  await requireReportingBank(db, actor.institutionId);
  const monthProblem = explainReportMonth(month, input.today);
  if (monthProblem) return { ok: false, formError: monthProblem, errors: [] };
  const { rows, errors } = checkBalanceRows(month, input.rows);
  errors.push(...(input.readErrors ?? []));

  const productCodes = [...new Set(rows.map((row) => row.productId).filter((code): code is string => !!code))];
  const products = productCodes.length
    ? await db.product.findMany({
        where: { code: { in: productCodes }, institutionId: actor.institutionId },
        select: { id: true, code: true },
      })
    : [];
  const productIdByCode = new Map(products.map((product) => [product.code, product.id]));
  for (const row of rows) {
    if (row.productId && !productIdByCode.has(row.productId))
      errors.push({ line: row.line, reason: `平台产品编号“${row.productId}”不是本机构在平台上的产品（可留空）` });
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };

  const codes = [...new Set(rows.map((row) => row.borrowerCode))];
  const enterpriseIdByCode = new Map<string, string>();
  for (let start = 0; start < codes.length; start += INSERT_CHUNK) {
    const found = await db.enterprise.findMany({
      where: { idType: "USCC", idNumber: { in: codes.slice(start, start + INSERT_CHUNK) } },
      select: { id: true, idNumber: true },
    });
    for (const enterprise of found) enterpriseIdByCode.set(enterprise.idNumber, enterprise.id);
  }

  const totals = totalsOf(rows);
  return db.$transaction(
    async (tx) => {
      // Two submissions of one month at once would both read the same last version.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`balance-report:${actor.institutionId}:${month}`}))`;
      const previous = await tx.balanceReport.findFirst({
        where: { institutionId: actor.institutionId, month },
        orderBy: { version: "desc" },
        select: { version: true },
      });
      await tx.balanceReport.updateMany({
        where: { institutionId: actor.institutionId, month, isCurrent: true },
        data: { isCurrent: false },
      });
      const report = await tx.balanceReport.create({
        data: {
          institutionId: actor.institutionId,
          month,
          version: (previous?.version ?? 0) + 1,
          isCurrent: true,
          source: input.source,
          fileName: input.fileName?.slice(0, 200) ?? null,
          submittedById: actor.userId,
          ...totals,
        },
        select: SUMMARY_SELECT,
      });
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        await tx.balanceRow.createMany({
          data: rows.slice(start, start + INSERT_CHUNK).map((row) => ({
            reportId: report.id,
            line: row.line,
            borrowerCode: row.borrowerCode,
            borrowerName: row.borrowerName,
            enterpriseId: enterpriseIdByCode.get(row.borrowerCode) ?? null,
            loanId: row.loanId,
            productId: row.productId ? productIdByCode.get(row.productId)! : null,
            inclusive: row.tags.INCLUSIVE,
            agri: row.tags.AGRI,
            green: row.tags.GREEN,
            marine: row.tags.MARINE,
            transfer: row.tags.TRANSFER,
            balance: row.balance,
            totalCredit: row.totalCredit,
          })),
        });
      }
      await recordAudit(tx, {
        action: "BALANCE_REPORT_SUBMITTED",
        actor: { userId: actor.userId, role: actor.role },
        subject: { type: "BalanceReport", id: report.id },
        data: {
          institutionId: actor.institutionId,
          month,
          version: report.version,
          source: input.source,
          loans: totals.loanCount,
          totalBalance: totals.totalBalance,
          inclusiveBalance: totals.inclusiveBalance,
          replacedVersion: previous?.version ?? null,
        },
      });
      return {
        ok: true as const,
        report: { ...summaryOf(report), platformBorrowers: new Set(enterpriseIdByCode.values()).size },
        replacedVersion: previous?.version ?? null,
      };
    },
    { timeout: 300_000, maxWait: 10_000 },
  );
}

/** Every version an institution has reported, newest month first (current version first within a month). */
export async function listBalanceReports(
  db: DbOrTx,
  institutionId: string,
  options: { take?: number } = {},
): Promise<(BalanceReportSummary & { isCurrent: boolean })[]> {
  const reports = await db.balanceReport.findMany({
    where: { institutionId },
    orderBy: [{ month: "desc" }, { version: "desc" }],
    take: options.take ?? 60,
    select: { ...SUMMARY_SELECT, isCurrent: true },
  });
  return reports.map((report) => ({ ...summaryOf(report), isCurrent: report.isCurrent }));
}

/** The current report of a month, or null when the month has not been reported. */
export async function currentBalanceReport(
  db: DbOrTx,
  institutionId: string,
  month: string,
): Promise<BalanceReportSummary | null> {
  const report = await db.balanceReport.findFirst({
    where: { institutionId, month, isCurrent: true },
    select: SUMMARY_SELECT,
  });
  return report ? summaryOf(report) : null;
}

export interface MonthMovement {
  month: string;
  previousMonth: string;
  /** False when the month before was not reported: nothing can be said about repayments then. */
  comparable: boolean;
  newLoans: number;
  /** Loans reported the month before and absent now: repaid in full (结清). */
  closedLoans: number;
  closedBalance: string;
  /** Loans in both months whose balance fell: repaid in part. */
  reducedLoans: number;
  repaidOnContinuing: string;
}

/**
 * Repayments and close-outs follow from two consecutive months: a loan absent from the later month is closed, and
 * a balance that fell was repaid by the difference. No repayment is reported on its own.
 */
export async function monthMovement(db: DbOrTx, institutionId: string, month: string): Promise<MonthMovement | null> {
  const before = previousMonth(month);
  const reports = await db.balanceReport.findMany({
    where: { institutionId, month: { in: [month, before] }, isCurrent: true },
    select: { id: true, month: true },
  });
  const now = reports.find((report) => report.month === month);
  const earlier = reports.find((report) => report.month === before);
  if (!now) return null;
  const empty = {
    month,
    previousMonth: before,
    newLoans: 0,
    closedLoans: 0,
    closedBalance: "0.00",
    reducedLoans: 0,
    repaidOnContinuing: "0.00",
  };
  if (!earlier) return { ...empty, comparable: false };
  const [figures] = await db.$queryRaw<
    { newLoans: number; closedLoans: number; closedBalance: string; reducedLoans: number; repaid: string }[]
  >`
    SELECT
      (SELECT count(*)::int FROM "BalanceRow" n WHERE n."reportId" = ${now.id}
         AND NOT EXISTS (SELECT 1 FROM "BalanceRow" p WHERE p."reportId" = ${earlier.id} AND p."loanId" = n."loanId")) AS "newLoans",
      (SELECT count(*)::int FROM "BalanceRow" p WHERE p."reportId" = ${earlier.id}
         AND NOT EXISTS (SELECT 1 FROM "BalanceRow" n WHERE n."reportId" = ${now.id} AND n."loanId" = p."loanId")) AS "closedLoans",
      (SELECT coalesce(sum(p.balance), 0)::text FROM "BalanceRow" p WHERE p."reportId" = ${earlier.id}
         AND NOT EXISTS (SELECT 1 FROM "BalanceRow" n WHERE n."reportId" = ${now.id} AND n."loanId" = p."loanId")) AS "closedBalance",
      (SELECT count(*)::int FROM "BalanceRow" n JOIN "BalanceRow" p ON p."reportId" = ${earlier.id} AND p."loanId" = n."loanId"
         WHERE n."reportId" = ${now.id} AND n.balance < p.balance) AS "reducedLoans",
      (SELECT coalesce(sum(p.balance - n.balance), 0)::text FROM "BalanceRow" n
         JOIN "BalanceRow" p ON p."reportId" = ${earlier.id} AND p."loanId" = n."loanId"
         WHERE n."reportId" = ${now.id} AND n.balance < p.balance) AS "repaid"
  `;
  return {
    ...empty,
    comparable: true,
    newLoans: figures!.newLoans,
    closedLoans: figures!.closedLoans,
    closedBalance: fenToYuanString(toFen(figures!.closedBalance)),
    reducedLoans: figures!.reducedLoans,
    repaidOnContinuing: fenToYuanString(toFen(figures!.repaid)),
  };
}

// ───────────────────────────── entered baselines ─────────────────────────────

export interface BaselineInput {
  institutionId: string;
  year: number;
  /** 元, exact decimal strings. */
  totalBalance: string;
  inclusiveBalance: string;
  inclusiveBorrowers: number;
}

/**
 * Enters (or replaces) the start-of-year base of an institution that has no December report of the year before —
 * it joined mid-year and its base comes from its own regulatory return. A December report, when there is one, is
 * the base instead; see `twoIncreases`.
 */
export async function setBalanceBaseline(
  db: Db,
  input: BaselineInput,
  actor: { userId: string; role: "BUREAU" | "ADMIN" },
): Promise<void> {
  const inclusive: Fen = toFen(input.inclusiveBalance);
  const total: Fen = toFen(input.totalBalance);
  if (inclusive > total) throw domainError(422, "BASELINE_INCONSISTENT", "普惠型小微企业贷款余额不能大于各项贷款余额");
  await requireReportingBank(db, input.institutionId);
  await db.$transaction(async (tx) => {
    await tx.balanceBaseline.upsert({
      where: { institutionId_year: { institutionId: input.institutionId, year: input.year } },
      create: { ...input, setById: actor.userId },
      update: { ...input, setById: actor.userId },
    });
    await recordAudit(tx, {
      action: "BALANCE_BASELINE_SET",
      actor,
      subject: { type: "BalanceBaseline" },
      data: { ...input },
    });
  });
}
