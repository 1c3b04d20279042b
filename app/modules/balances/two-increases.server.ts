/**
 * 两增 on reported balances, per the regulator's definition (docs/domain.md "Loan balances and 两增"):
 * 1. 增速: 普惠型小微企业贷款余额 grows at least as fast as 各项贷款余额 since the start of the year;
 * 2. 户数: the number of inclusive small-micro borrowers with a balance is not below the start of the year.
 * The base is the institution's December report of the year before, or an entered base when it joined mid-year.
 * A month an institution did not report is missing — never zero — and is left out of the sums, which name it.
 * Region and city figures sum the institutions located there (报送机构所在地), as the regulatory returns do.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import { fen, fenToYuanString, toFen } from "~/kernel/money.ts";

export interface BalanceFigures {
  /** 各项贷款余额 (元). */
  total: string;
  /** 普惠型小微企业贷款余额 (元). */
  inclusive: string;
  /** 普惠型小微企业贷款户数. */
  borrowers: number;
}

export interface TwoIncreasesCheck {
  base: (BalanceFigures & { source: "DECEMBER_REPORT" | "ENTERED" }) | null;
  /** The month's figures; null when the month was not reported. */
  current: BalanceFigures | null;
  /** Growth since the base, as a fraction; null when it cannot be computed (no base, base zero, month missing). */
  inclusiveGrowth: number | null;
  totalGrowth: number | null;
  growthPass: boolean | null;
  borrowersPass: boolean | null;
}

export interface InstitutionTwoIncreases extends TwoIncreasesCheck {
  institution: { id: string; code: string; name: string; regionId: string | null; regionName: string | null };
}

export interface TwoIncreasesSum extends TwoIncreasesCheck {
  label: string;
  /** Institutions with both a base and the month's report: the ones summed. */
  counted: number;
  /** Institutions left out, and why. */
  missing: { name: string; reason: "NO_BASE" | "NOT_REPORTED" }[];
}

export interface TwoIncreasesView {
  year: number;
  month: string;
  city: TwoIncreasesSum;
  regions: TwoIncreasesSum[];
  institutions: InstitutionTwoIncreases[];
  /** The city (or scope) sum for every month of the year up to `month`. */
  series: (TwoIncreasesSum & { month: string })[];
}

interface Figures {
  total: bigint;
  inclusive: bigint;
  borrowers: number;
}

const show = (figures: Figures): BalanceFigures => ({
  total: fenToYuanString(fen(figures.total)),
  inclusive: fenToYuanString(fen(figures.inclusive)),
  borrowers: figures.borrowers,
});

function growth(now: bigint, base: bigint): number | null {
  return base > 0n ? Number(now - base) / Number(base) : null;
}

/** The two tests on exact 分: inclusive growth ≥ total growth ⇔ (incNow − incBase)·totBase ≥ (totNow − totBase)·incBase. */
export function judge(base: Figures | null, current: Figures | null): Omit<TwoIncreasesCheck, "base" | "current"> {
  if (!base || !current) return { inclusiveGrowth: null, totalGrowth: null, growthPass: null, borrowersPass: null };
  const growthPass =
    base.inclusive > 0n && base.total > 0n
      ? (current.inclusive - base.inclusive) * base.total >= (current.total - base.total) * base.inclusive
      : null;
  return {
    inclusiveGrowth: growth(current.inclusive, base.inclusive),
    totalGrowth: growth(current.total, base.total),
    growthPass,
    borrowersPass: current.borrowers >= base.borrowers,
  };
}

function monthsOf(year: number, lastMonth: string): string[] {
  const months: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, "0")}`;
    if (month <= lastMonth) months.push(month);
  }
  return months;
}

type Unit = {
  institution: InstitutionTwoIncreases["institution"];
  base: (Figures & { source: "DECEMBER_REPORT" | "ENTERED" }) | null;
  byMonth: Map<string, Figures>;
};

function sumOf(label: string, units: readonly Unit[], month: string): TwoIncreasesSum {
  const base: Figures = { total: 0n, inclusive: 0n, borrowers: 0 };
  const current: Figures = { total: 0n, inclusive: 0n, borrowers: 0 };
  const missing: TwoIncreasesSum["missing"] = [];
  let counted = 0;
  for (const unit of units) {
    const figures = unit.byMonth.get(month);
    if (!unit.base) missing.push({ name: unit.institution.name, reason: "NO_BASE" });
    else if (!figures) missing.push({ name: unit.institution.name, reason: "NOT_REPORTED" });
    else {
      counted++;
      base.total += unit.base.total;
      base.inclusive += unit.base.inclusive;
      base.borrowers += unit.base.borrowers;
      current.total += figures.total;
      current.inclusive += figures.inclusive;
      current.borrowers += figures.borrowers;
    }
  }
  if (counted === 0) return { label, counted, missing, base: null, current: null, ...judge(null, null) };
  // A sum's base mixes December reports and entered bases; it is labelled by the commoner kind.
  return {
    label,
    counted,
    missing,
    base: { ...show(base), source: "DECEMBER_REPORT" },
    current: show(current),
    ...judge(base, current),
  };
}

/**
 * The 两增 figures of `year` as of `month` for the banks in scope (institution subtree / institutions located in a
 * region subtree; null = all), per institution, per region of location, for the whole scope, and month by month.
 */
export async function twoIncreases(
  db: DbOrTx,
  input: {
    year: number;
    month: string;
    institutionIds: readonly string[] | null;
    regionIds: readonly string[] | null;
    scopeLabel: string;
  },
): Promise<TwoIncreasesView> {
  const { year, month } = input;
  const december = `${year - 1}-12`;
  const institutions = await db.institution.findMany({
    where: {
      ...(input.institutionIds ? { id: { in: [...input.institutionIds] } } : {}),
      ...(input.regionIds ? { locatedInRegionId: { in: [...input.regionIds] } } : {}),
      OR: [
        { kind: "BANK", isActive: true },
        { balanceReports: { some: { month: { gte: december, lte: `${year}-12` } } } },
      ],
    },
    select: { id: true, code: true, name: true, locatedInRegion: { select: { id: true, name: true } } },
    orderBy: { code: "asc" },
  });
  const ids = institutions.map((institution) => institution.id);
  const [reports, baselines] = await Promise.all([
    db.balanceReport.findMany({
      where: { institutionId: { in: ids }, isCurrent: true, month: { gte: december, lte: month } },
      select: {
        institutionId: true,
        month: true,
        totalBalance: true,
        inclusiveBalance: true,
        inclusiveBorrowers: true,
      },
    }),
    db.balanceBaseline.findMany({
      where: { institutionId: { in: ids }, year },
      select: { institutionId: true, totalBalance: true, inclusiveBalance: true, inclusiveBorrowers: true },
    }),
  ]);
  const units = new Map<string, Unit>(
    institutions.map((institution) => [
      institution.id,
      {
        institution: {
          id: institution.id,
          code: institution.code,
          name: institution.name,
          regionId: institution.locatedInRegion?.id ?? null,
          regionName: institution.locatedInRegion?.name ?? null,
        },
        base: null,
        byMonth: new Map(),
      },
    ]),
  );
  for (const baseline of baselines) {
    units.get(baseline.institutionId)!.base = {
      source: "ENTERED",
      total: toFen(baseline.totalBalance),
      inclusive: toFen(baseline.inclusiveBalance),
      borrowers: baseline.inclusiveBorrowers,
    };
  }
  for (const report of reports) {
    const figures = {
      total: toFen(report.totalBalance),
      inclusive: toFen(report.inclusiveBalance),
      borrowers: report.inclusiveBorrowers,
    };
    const unit = units.get(report.institutionId)!;
    // The December report is the base; an entered one stands in only when there is none.
    if (report.month === december) unit.base = { ...figures, source: "DECEMBER_REPORT" };
    else unit.byMonth.set(report.month, figures);
  }
  const all = [...units.values()];
  const regionNames = new Map<string, string>();
  for (const unit of all)
    regionNames.set(unit.institution.regionId ?? "", unit.institution.regionName ?? "未登记所在地");
  return {
    year,
    month,
    city: sumOf(input.scopeLabel, all, month),
    regions: [...regionNames].map(([regionId, name]) =>
      sumOf(
        name,
        all.filter((unit) => (unit.institution.regionId ?? "") === regionId),
        month,
      ),
    ),
    institutions: all.map((unit) => {
      const current = unit.byMonth.get(month) ?? null;
      return {
        institution: unit.institution,
        base: unit.base ? { ...show(unit.base), source: unit.base.source } : null,
        current: current ? show(current) : null,
        ...judge(unit.base, current),
      };
    }),
    series: monthsOf(year, month).map((each) => ({ ...sumOf(input.scopeLabel, all, each), month: each })),
  };
}
