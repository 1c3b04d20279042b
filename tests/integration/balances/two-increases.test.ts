/**
 * 两增 over a year of reported balances equals a table computed by hand. Three banks:
 * - A (榕城区): a December base; an inclusive loan grows 10 万 a month, another is repaid in full in June (absent from
 *   then on: closed), a new inclusive borrower from April; November is first reported wrong and re-uploaded.
 * - B (惠来县): a December base; June not reported (missing, never zero); its inclusive loan halves in September.
 * - C (惠来县): joins in July with an entered base (no December report).
 */
import type { BalanceRowText } from "~/modules/balances/rows.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import {
  createBureauUser,
  createInstitution,
  createInstitutionAdmin,
  createRegions,
  nextCreditCode,
} from "../../support/world.ts";

const environment = await setUpAppEnvironment("two_increases");
const db = environment.db;
const { submitBalanceReport, setBalanceBaseline, monthMovement } =
  await import("~/modules/balances/balances.server.ts");
const { twoIncreases } = await import("~/modules/balances/two-increases.server.ts");
type Row = BalanceRowText;

const TODAY = "2026-12-04";
let banks: Record<"A" | "B" | "C", { institutionId: string; userId: string; role: "INSTITUTION_ADMIN" }>;
const borrower = { a1: nextCreditCode(), a2: nextCreditCode(), a3: nextCreditCode(), a4: nextCreditCode() };
const bBorrower = { b1: nextCreditCode(), b2: nextCreditCode() };
const cBorrower = { c1: nextCreditCode(), c2: nextCreditCode() };
let bureauUserId = "";

let lineNo = 0;
function loan(code: string, loanId: string, balance: number, credit: number, inclusive: boolean): Row {
  lineNo++;
  return {
    line: lineNo,
    borrowerCode: code,
    borrowerName: "借款人",
    loanId,
    tags: inclusive ? ["INCLUSIVE"] : [],
    balance: String(balance),
    totalCredit: String(credit),
  };
}

async function report(bank: keyof typeof banks, month: string, rows: Row[]) {
  const result = await submitBalanceReport(db, {
    actor: banks[bank],
    month,
    rows,
    source: "API",
    today: TODAY,
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
}

const rowsOfA = (m: number): Row[] => [
  loan(borrower.a1, "A-L1", 1_000_000 + m * 100_000, 2_000_000, true),
  ...(m < 6 ? [loan(borrower.a2, "A-L2", 500_000, 500_000, true)] : []),
  loan(borrower.a3, "A-L3", 3_500_000 + m * 50_000, 20_000_000, false),
  ...(m >= 4 ? [loan(borrower.a4, "A-L4", 200_000, 300_000, true)] : []),
];
const rowsOfB = (m: number): Row[] => [
  loan(bBorrower.b1, "B-L1", m >= 9 ? 1_000_000 : 2_000_000, 5_000_000, true),
  loan(bBorrower.b2, "B-L2", 2_000_000, 30_000_000, false),
];
const rowsOfC = (): Row[] => [
  loan(cBorrower.c1, "C-L1", 4_100_000, 9_000_000, true),
  loan(cBorrower.c2, "C-L2", 6_400_000, 50_000_000, false),
];
const month = (m: number) => `2026-${String(m).padStart(2, "0")}`;

beforeAll(async () => {
  const regions = await createRegions(db);
  const make = async (name: string, regionId: string) => {
    const bank = await createInstitution(db, { name, code: name, locatedInRegionId: regionId });
    const user = await createInstitutionAdmin(db, bank.id);
    return { institutionId: bank.id, userId: user.id, role: "INSTITUTION_ADMIN" as const };
  };
  banks = {
    A: await make("A", regions.rongcheng.id),
    B: await make("B", regions.huilai.id),
    C: await make("C", regions.huilai.id),
  };
  bureauUserId = (await createBureauUser(db, { loginName: "bureau.balances" })).id;
  await report("A", "2025-12", rowsOfA(0));
  await report("B", "2025-12", rowsOfB(0));
  for (let m = 1; m <= 11; m++) {
    await report("A", month(m), m === 11 ? [loan(borrower.a1, "A-L1", 9_999_999, 2_000_000, true)] : rowsOfA(m));
    if (m !== 6) await report("B", month(m), rowsOfB(m));
    if (m >= 7) await report("C", month(m), rowsOfC());
  }
  await report("A", month(11), rowsOfA(11)); // the correction: version 2 counts
  await setBalanceBaseline(
    db,
    {
      institutionId: banks.C.institutionId,
      year: 2026,
      totalBalance: "10000000.00",
      inclusiveBalance: "4000000.00",
      inclusiveBorrowers: 10,
    },
    { userId: bureauUserId, role: "BUREAU" },
  );
  // An entered base for A is ignored: its December report is the base.
  await setBalanceBaseline(
    db,
    {
      institutionId: banks.A.institutionId,
      year: 2026,
      totalBalance: "1.00",
      inclusiveBalance: "1.00",
      inclusiveBorrowers: 1,
    },
    { userId: bureauUserId, role: "BUREAU" },
  );
}, 120_000);

afterAll(async () => {
  await environment.tearDown();
});

/** month, 普惠余额, 各项余额, 户数 (all of the counted banks), 增速达标, 户数达标, counted, missing — by hand. */
const EXPECTED_CITY: [string, string, string, number, boolean | null, boolean | null, number, string[]][] = [
  // base of A + B: 普惠 1,500,000 + 2,000,000; 各项 5,000,000 + 4,000,000; 户数 2 + 1. C has a base but no report yet.
  ["2026-01", "3600000.00", "9150000.00", 3, true, true, 2, ["C"]], // 2.86% ≥ 1.67%
  ["2026-02", "3700000.00", "9300000.00", 3, true, true, 2, ["C"]],
  ["2026-03", "3800000.00", "9450000.00", 3, true, true, 2, ["C"]],
  ["2026-04", "4100000.00", "9800000.00", 4, true, true, 2, ["C"]],
  ["2026-05", "4200000.00", "9950000.00", 4, true, true, 2, ["C"]],
  // B missing: A alone against A's base (1,500,000 / 5,000,000 / 2): 20% ≥ 12%.
  ["2026-06", "1800000.00", "5600000.00", 2, true, true, 1, ["B", "C"]],
  // C joins: base 7,500,000 / 19,000,000 / 13. 0.5·19 = 9.5 ≥ 1.25·7.5 = 9.375; 4 户 < 13 户.
  ["2026-07", "8000000.00", "20250000.00", 4, true, false, 3, []],
  ["2026-08", "8100000.00", "20400000.00", 4, true, false, 3, []], // 8.00% ≥ 7.37%
  ["2026-09", "7200000.00", "19550000.00", 4, false, false, 3, []], // −4.00% < 2.89%
  ["2026-10", "7300000.00", "19700000.00", 4, false, false, 3, []],
  ["2026-11", "7400000.00", "19850000.00", 4, false, false, 3, []],
];

describe("两增 on reported balances", () => {
  it("equals the hand-computed table month by month for the city", async () => {
    const view = await twoIncreases(db, {
      year: 2026,
      month: "2026-11",
      institutionIds: null,
      regionIds: null,
      scopeLabel: "揭阳市",
    });
    expect(
      view.series.map((sum) => [
        sum.month,
        sum.current?.inclusive,
        sum.current?.total,
        sum.current?.borrowers,
        sum.growthPass,
        sum.borrowersPass,
        sum.counted,
        sum.missing.map((missing) => missing.name),
      ]),
    ).toEqual(EXPECTED_CITY);
    expect(view.series[6]!.base).toMatchObject({ inclusive: "7500000.00", total: "19000000.00", borrowers: 13 });
    expect(view.series[0]!.inclusiveGrowth).toBeCloseTo(100_000 / 3_500_000, 12);
    expect(view.series[0]!.totalGrowth).toBeCloseTo(150_000 / 9_000_000, 12);
    expect(view.series[5]!.missing).toEqual([
      { name: "B", reason: "NOT_REPORTED" },
      { name: "C", reason: "NOT_REPORTED" },
    ]);
  });

  it("judges each bank against its own base, December report before an entered one", async () => {
    const view = await twoIncreases(db, {
      year: 2026,
      month: "2026-11",
      institutionIds: null,
      regionIds: null,
      scopeLabel: "揭阳市",
    });
    expect(
      view.institutions.map((row) => [
        row.institution.code,
        row.base?.source,
        row.base?.inclusive,
        row.base?.total,
        row.base?.borrowers,
        row.current?.inclusive,
        row.current?.total,
        row.current?.borrowers,
        row.growthPass,
        row.borrowersPass,
      ]),
    ).toEqual([
      // A: +53.3% against +27.0%; 2 户 (a1, a4) against 2 (a1, a2).
      ["A", "DECEMBER_REPORT", "1500000.00", "5000000.00", 2, "2300000.00", "6350000.00", 2, true, true],
      // B: −50% against −25%.
      ["B", "DECEMBER_REPORT", "2000000.00", "4000000.00", 1, "1000000.00", "3000000.00", 1, false, true],
      // C: +2.5% against +5.0%; 1 户 against the entered 10.
      ["C", "ENTERED", "4000000.00", "10000000.00", 10, "4100000.00", "10500000.00", 1, false, false],
    ]);
    expect(
      view.regions.map((region) => [
        region.label,
        region.current?.inclusive,
        region.base?.inclusive,
        region.growthPass,
      ]),
    ).toEqual([
      ["榕城区", "2300000.00", "1500000.00", true],
      ["惠来县", "5100000.00", "6000000.00", false],
    ]);
  });

  it("shows a month an institution did not report as missing, not as zero", async () => {
    const view = await twoIncreases(db, {
      year: 2026,
      month: "2026-06",
      institutionIds: [banks.B.institutionId],
      regionIds: null,
      scopeLabel: "B",
    });
    expect(view.institutions[0]!.current).toBeNull();
    expect(view.institutions[0]!.growthPass).toBeNull();
    expect(view.city.current).toBeNull();
    expect(view.city.missing).toEqual([{ name: "B", reason: "NOT_REPORTED" }]);
  });

  it("derives repayments and close-outs from consecutive months", async () => {
    // June: A-L2 (500,000) absent → closed; A-L1 and A-L3 grew; nothing new.
    expect(await monthMovement(db, banks.A.institutionId, "2026-06")).toMatchObject({
      comparable: true,
      newLoans: 0,
      closedLoans: 1,
      closedBalance: "500000.00",
      reducedLoans: 0,
    });
    // September: B-L1 fell from 2,000,000 to 1,000,000.
    expect(await monthMovement(db, banks.B.institutionId, "2026-09")).toMatchObject({
      comparable: true,
      reducedLoans: 1,
      repaidOnContinuing: "1000000.00",
    });
    // July follows a June that B did not report.
    expect((await monthMovement(db, banks.B.institutionId, "2026-07"))!.comparable).toBe(false);
  });
});

describe("the bureau's 两增 page", () => {
  it("shows the check with its inputs, and enters a base for a bank that joined mid-year", async () => {
    const route = await import("~/routes/bureau.targets.tsx");
    const client = new RouteClient("203.0.113.77");
    const csrf = await signIn(client, "bureau.balances");
    const page = await readJson<{
      balances: { month: string; city: { counted: number; current: { inclusive: string } } };
    }>(await client.get(route, "/bureau/targets?period=year&year=2026"));
    expect(page.balances.month).toBe("2026-11");
    expect(page.balances.city).toMatchObject({ counted: 3, current: { inclusive: "7400000.00" } });

    const refused = await client.post(route, "/bureau/targets", {
      _csrf: csrf,
      _intent: "baseline",
      year: "2026",
      institution: "C",
      totalBalance: "100",
      inclusiveBalance: "200",
      inclusiveBorrowers: "3",
    });
    expect(refused.status).toBe(400);
    expect((await readJson<{ fieldErrors: Record<string, string> }>(refused)).fieldErrors.inclusiveBalance).toBe(
      "普惠型小微企业贷款余额不能大于各项贷款余额",
    );
    const saved = await client.post(route, "/bureau/targets?period=year&year=2026", {
      _csrf: csrf,
      _intent: "baseline",
      year: "2026",
      institution: "C",
      totalBalance: "1000",
      inclusiveBalance: "400",
      inclusiveBorrowers: "1",
    });
    expect(saved.status).toBe(302);
    const baseline = await db.balanceBaseline.findUniqueOrThrow({
      where: { institutionId_year: { institutionId: banks.C.institutionId, year: 2026 } },
    });
    expect([
      baseline.totalBalance.toFixed(2),
      baseline.inclusiveBalance.toFixed(2),
      baseline.inclusiveBorrowers,
    ]).toEqual(["10000000.00", "4000000.00", 1]);
    expect(await db.auditLog.count({ where: { action: "BALANCE_BASELINE_SET" } })).toBe(3);
    const forged = await client.post(route, "/bureau/targets", { _intent: "baseline", year: "2026", institution: "C" });
    expect(forged.status).toBe(403);
  });
});
