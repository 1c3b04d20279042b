/**
 * Month-end loan balances for the demo banks, December 2025 to October 2026 (the last month ended at the reference
 * date), so the bureau's 两增 check has a real base. Each bank's book is a few dozen loans: some to platform
 * enterprises (linked by credit code), most to borrowers the platform does not know — as a real book would be.
 * Balances drift month to month, some loans close and new ones start. The last bank joins mid-year: it has no
 * December report and gets an entered base instead. Deterministic (seeded PRNG).
 */
import { fen, fenToYuanString, sumFen } from "../../app/kernel/money.ts";
import { buildCreditCode } from "../../app/modules/enterprise/credit-code.ts";
import { createRandom } from "./random.ts";

export const BALANCE_MONTHS = [
  "2025-12",
  "2026-01",
  "2026-02",
  "2026-03",
  "2026-04",
  "2026-05",
  "2026-06",
  "2026-07",
  "2026-08",
  "2026-09",
  "2026-10",
] as const;

export interface SeedBank {
  id: string;
  code: string;
  submittedById: string;
}

interface SeedLoan {
  loanId: string;
  borrowerCode: string;
  borrowerName: string;
  enterpriseId: string | null;
  inclusive: boolean;
  agri: boolean;
  green: boolean;
  startMonth: number;
  endMonth: number;
  /** 分 at the first month; the balance moves by `stepFen` each month. */
  startFen: bigint;
  stepFen: bigint;
  creditFen: bigint;
}

export interface SeedBalanceReport {
  id: string;
  institutionId: string;
  month: string;
  submittedById: string;
  submittedAt: Date;
  totals: {
    loanCount: number;
    totalBalance: string;
    inclusiveBalance: string;
    inclusiveBorrowers: number;
    agriBalance: string;
    greenBalance: string;
    marineBalance: string;
    transferBalance: string;
  };
  rows: {
    id: string;
    line: number;
    borrowerCode: string;
    borrowerName: string;
    enterpriseId: string | null;
    loanId: string;
    inclusive: boolean;
    agri: boolean;
    green: boolean;
    balance: string;
    totalCredit: string;
  }[];
}

export function buildBalanceReports(
  banks: readonly SeedBank[],
  enterprises: readonly { id: string; idNumber: string; name: string }[],
): { reports: SeedBalanceReport[]; lateJoiner: SeedBank | null } {
  const reports: SeedBalanceReport[] = [];
  const lateJoiner = banks.length > 1 ? banks[banks.length - 1]! : null;
  banks.forEach((bank, bankIndex) => {
    const random = createRandom(`balances:${bank.code}`);
    const loans: SeedLoan[] = [];
    for (let index = 0; index < 36; index++) {
      const platform = index < 6 && enterprises.length > 0;
      const enterprise = platform ? enterprises[(bankIndex * 6 + index) % enterprises.length]! : null;
      const inclusive = random.chance(0.55);
      const startFen = BigInt(random.int(5, 300)) * 1_000_000n; // 5–300 万元
      loans.push({
        loanId: `${bank.code}-LN${String(index + 1).padStart(4, "0")}`,
        borrowerCode: enterprise?.idNumber ?? buildCreditCode("445202", 700_000 + bankIndex * 100 + index, "91"),
        borrowerName: enterprise?.name ?? `揭阳市示例借款企业${bankIndex + 1}-${index + 1}`,
        enterpriseId: enterprise?.id ?? null,
        inclusive,
        agri: random.chance(0.25),
        green: random.chance(0.1),
        startMonth: random.chance(0.7) ? 0 : random.int(1, 9),
        endMonth: random.chance(0.8) ? BALANCE_MONTHS.length - 1 : random.int(3, BALANCE_MONTHS.length - 2),
        startFen,
        stepFen: (BigInt(random.int(-3, 8)) * 50_000_00n) / 10n, // −1.5 … +4 万元 a month
        creditFen: inclusive ? (startFen * 3n > 1_000_000_000n ? 1_000_000_000n : startFen * 3n) : startFen * 4n,
      });
    }
    BALANCE_MONTHS.forEach((month, monthIndex) => {
      if (bank === lateJoiner && monthIndex < 7) return; // joins in July
      const open = loans.filter((loan) => monthIndex >= loan.startMonth && monthIndex <= loan.endMonth);
      const rows = open.map((loan, index) => {
        const moved = loan.startFen + loan.stepFen * BigInt(monthIndex - loan.startMonth);
        const balanceFen = moved < 0n ? 0n : moved > loan.creditFen ? loan.creditFen : moved;
        return {
          id: `seed-balrow-${bank.code}-${month}-${loan.loanId}`,
          line: index + 2,
          borrowerCode: loan.borrowerCode,
          borrowerName: loan.borrowerName,
          enterpriseId: loan.enterpriseId,
          loanId: loan.loanId,
          inclusive: loan.inclusive,
          agri: loan.agri,
          green: loan.green,
          balanceFen,
          balance: fenToYuanString(fen(balanceFen)),
          totalCredit: fenToYuanString(fen(loan.creditFen)),
        };
      });
      const sum = (pick: (row: (typeof rows)[number]) => boolean) =>
        fenToYuanString(sumFen(rows.filter(pick).map((row) => row.balanceFen)));
      const [year, mon] = month.split("-").map(Number) as [number, number];
      reports.push({
        id: `seed-balance-${bank.code}-${month}`,
        institutionId: bank.id,
        month,
        submittedById: bank.submittedById,
        // Reported on the 5th of the next month, 10:00 Shanghai.
        submittedAt: new Date(Date.UTC(mon === 12 ? year + 1 : year, mon === 12 ? 0 : mon, 5, 2, 0)),
        totals: {
          loanCount: rows.length,
          totalBalance: sum(() => true),
          inclusiveBalance: sum((row) => row.inclusive),
          inclusiveBorrowers: new Set(
            rows.filter((row) => row.inclusive && row.balanceFen > 0n).map((row) => row.borrowerCode),
          ).size,
          agriBalance: sum((row) => row.agri),
          greenBalance: sum((row) => row.green),
          marineBalance: "0.00",
          transferBalance: "0.00",
        },
        rows: rows.map(({ balanceFen: _balanceFen, ...row }) => row),
      });
    });
  });
  return { reports, lateJoiner };
}
