/**
 * The SQL cross-check for balances and 两增: for 12 filter combinations (month × region × institution), every figure
 * of `twoIncreases` — per bank, per region and for the scope, with December and entered bases and missing months —
 * is recomputed with direct SQL from the raw `BalanceRow`s (not from the stored report totals) and must agree.
 */
import { fen, fenToYuanString, toFen } from "~/kernel/money.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import {
  createBureauUser,
  createInstitution,
  createInstitutionAdmin,
  createRegions,
  nextCreditCode,
} from "../../support/world.ts";

const environment = await setUpAppEnvironment("balances_cross_check");
const db = environment.db;
const { submitBalanceReport, setBalanceBaseline } = await import("~/modules/balances/balances.server.ts");
const { twoIncreases } = await import("~/modules/balances/two-increases.server.ts");
const { createRandom } = await import("../../../prisma/seed/random.ts");

const regionIds: Record<string, string> = {};
const bankIds: string[] = [];

beforeAll(async () => {
  const regions = await createRegions(db);
  regionIds.rongcheng = regions.rongcheng.id;
  regionIds.huilai = regions.huilai.id;
  const bureau = await createBureauUser(db);
  const random = createRandom("balances-cross-check");
  const borrowers = Array.from({ length: 30 }, () => nextCreditCode());
  for (let b = 0; b < 5; b++) {
    const bank = await createInstitution(db, {
      code: `X${b}`,
      name: `X${b}`,
      locatedInRegionId: b % 2 === 0 ? regions.rongcheng.id : regions.huilai.id,
    });
    bankIds.push(bank.id);
    const admin = await createInstitutionAdmin(db, bank.id);
    const actor = { userId: admin.id, role: "INSTITUTION_ADMIN" as const, institutionId: bank.id };
    for (const month of ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]) {
      if (b === 4 && month === "2025-12") continue; // joins later: entered base
      if (random.chance(0.15) && month !== "2025-12") continue; // a missing month
      const rows = borrowers.slice(b * 4, b * 4 + 12).flatMap((code, index) =>
        random.chance(0.85)
          ? [
              {
                line: index + 1,
                borrowerCode: code,
                borrowerName: "借款人",
                loanId: `L${index}`,
                tags: index % 3 === 0 ? [] : ["INCLUSIVE"],
                balance: random.chance(0.1) ? "0" : `${random.int(1, 900_000)}.${random.int(10, 99)}`,
                totalCredit: index % 3 === 0 ? "50000000" : "3000000",
              },
            ]
          : [],
      );
      if (rows.length === 0) continue;
      // Some months are reported twice: only the current version may count.
      if (random.chance(0.3))
        await submitBalanceReport(db, { actor, month, rows: rows.slice(0, 1), source: "API", today: "2026-12-01" });
      const result = await submitBalanceReport(db, { actor, month, rows, source: "API", today: "2026-12-01" });
      if (!result.ok) throw new Error(JSON.stringify(result));
    }
  }
  await setBalanceBaseline(
    db,
    {
      institutionId: bankIds[4]!,
      year: 2026,
      totalBalance: "2000000.00",
      inclusiveBalance: "900000.00",
      inclusiveBorrowers: 4,
    },
    { userId: bureau.id, role: "BUREAU" },
  );
}, 120_000);

afterAll(async () => {
  await environment.tearDown();
});

type Figures = { total: string; inclusive: string; borrowers: number };

/** One bank's figures for a month, straight from its current report's rows. */
async function figuresFromRows(institutionId: string, month: string): Promise<Figures | null> {
  const [row] = await db.$queryRaw<
    { total: string | null; inclusive: string | null; borrowers: number; reports: number }[]
  >`
    SELECT sum(w.balance)::text AS total,
           coalesce(sum(w.balance) FILTER (WHERE w.inclusive), 0)::text AS inclusive,
           count(DISTINCT w."borrowerCode") FILTER (WHERE w.inclusive AND w.balance > 0)::int AS borrowers,
           count(DISTINCT r.id)::int AS reports
    FROM "BalanceReport" r LEFT JOIN "BalanceRow" w ON w."reportId" = r.id
    WHERE r."institutionId" = ${institutionId} AND r.month = ${month} AND r."isCurrent"`;
  if (!row || row.reports === 0) return null;
  return {
    total: Number(row.total ?? 0).toFixed(2),
    inclusive: Number(row.inclusive).toFixed(2),
    borrowers: row.borrowers,
  };
}

async function baseFromSql(institutionId: string, year: number): Promise<Figures | null> {
  const december = await figuresFromRows(institutionId, `${year - 1}-12`);
  if (december) return december;
  const [entered] = await db.$queryRaw<{ total: string; inclusive: string; borrowers: number }[]>`
    SELECT "totalBalance"::text AS total, "inclusiveBalance"::text AS inclusive, "inclusiveBorrowers" AS borrowers
    FROM "BalanceBaseline" WHERE "institutionId" = ${institutionId} AND year = ${year}`;
  return entered ? { total: entered.total, inclusive: entered.inclusive, borrowers: entered.borrowers } : null;
}

const cents = (text: string): bigint => toFen(text);

function judge(base: Figures | null, current: Figures | null) {
  if (!base || !current) return { growthPass: null, borrowersPass: null };
  const [bi, bt, ci, ct] = [cents(base.inclusive), cents(base.total), cents(current.inclusive), cents(current.total)];
  return {
    growthPass: bi > 0n && bt > 0n ? (ci - bi) * bt >= (ct - bt) * bi : null,
    borrowersPass: current.borrowers >= base.borrowers,
  };
}

describe("两增 against direct SQL", () => {
  const months = ["2026-02", "2026-04", "2026-06"];
  const filters: { label: string; region: string | null; institution: number | null }[] = [
    { label: "all", region: null, institution: null },
    { label: "榕城区", region: "rongcheng", institution: null },
    { label: "惠来县", region: "huilai", institution: null },
    { label: "bank X1", region: null, institution: 1 },
  ];
  for (const month of months) {
    for (const filter of filters) {
      it(`agrees for ${month} · ${filter.label}`, async () => {
        const view = await twoIncreases(db, {
          year: 2026,
          month,
          institutionIds: filter.institution === null ? null : [bankIds[filter.institution]!],
          regionIds: filter.region ? [regionIds[filter.region]!] : null,
          scopeLabel: filter.label,
        });
        const inScope = await db.institution.findMany({
          where: {
            kind: "BANK",
            ...(filter.institution === null ? {} : { id: bankIds[filter.institution]! }),
            ...(filter.region ? { locatedInRegionId: regionIds[filter.region]! } : {}),
          },
          orderBy: { code: "asc" },
          select: { id: true, code: true },
        });
        expect(view.institutions.map((row) => row.institution.code)).toEqual(inScope.map((bank) => bank.code));
        let sum: { base: Figures; current: Figures } | null = null;
        let counted = 0;
        for (const bank of inScope) {
          const base = await baseFromSql(bank.id, 2026);
          const current = await figuresFromRows(bank.id, month);
          const row = view.institutions.find((each) => each.institution.id === bank.id)!;
          expect(
            row.base && { total: row.base.total, inclusive: row.base.inclusive, borrowers: row.base.borrowers },
          ).toEqual(base);
          expect(row.current).toEqual(current);
          expect({ growthPass: row.growthPass, borrowersPass: row.borrowersPass }).toEqual(judge(base, current));
          if (base && current) {
            counted++;
            const add = (a: string, b: string) => fenToYuanString(fen(toFen(a) + toFen(b)));
            sum = sum
              ? {
                  base: {
                    total: add(sum.base.total, base.total),
                    inclusive: add(sum.base.inclusive, base.inclusive),
                    borrowers: sum.base.borrowers + base.borrowers,
                  },
                  current: {
                    total: add(sum.current.total, current.total),
                    inclusive: add(sum.current.inclusive, current.inclusive),
                    borrowers: sum.current.borrowers + current.borrowers,
                  },
                }
              : { base, current };
          }
        }
        expect(view.city.counted).toBe(counted);
        expect(view.city.missing.length).toBe(inScope.length - counted);
        expect(view.city.current).toEqual(sum?.current ?? null);
        expect(
          view.city.base && {
            total: view.city.base.total,
            inclusive: view.city.base.inclusive,
            borrowers: view.city.base.borrowers,
          },
        ).toEqual(sum?.base ?? null);
        expect({ growthPass: view.city.growthPass, borrowersPass: view.city.borrowersPass }).toEqual(
          judge(sum?.base ?? null, sum?.current ?? null),
        );
        // The month-by-month series ends with the month itself.
        expect(view.series.at(-1)!.current).toEqual(view.city.current);
      });
    }
  }
});
