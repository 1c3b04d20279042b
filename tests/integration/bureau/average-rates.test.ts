/**
 * 贷款加权平均利率 from current disbursements, against averages computed by hand:
 *
 *   #  lender          borrower (region)                 amount        rate    day         counts as
 *   1  bank A          small firm (榕城区)              1,000,000.00  3.85%   2026-03-10  普惠小微
 *   2  bank A 惠来支行  individual business (惠来县)        300,000.00  4.20%   2026-04-02  普惠小微 (corrected from
 *                                                                                          500,000.00 at 6.00%, which must not count)
 *   3  bank B          medium firm (榕城区)             2,000,000.00  3.10%   2026-05-20  not inclusive
 *   4  bank B          small firm (榕城区)                700,000.00  none    2026-06-01  普惠小微, no rate: left out
 *   5  guarantor       small firm (榕城区)                400,000.00  9.00%   2026-06-03  not a loan: left out
 *   6  bank A          small firm (榕城区)                200,000.00  5.00%   2025-12-20  before the period
 *
 * 2026, all loans:  (1,000,000×3.85 + 300,000×4.20 + 2,000,000×3.10) / 3,300,000 = 113,100 / 3,300,000 = 3.4273%
 * 2026, 普惠小微:   (1,000,000×3.85 + 300,000×4.20) / 1,300,000 = 51,100 / 1,300,000 = 3.9308%
 * 榕城区: (38,500 + 62,000) / 3,000,000 = 3.3500%; 惠来县: 4.2000%; 揭阳市本级: no loans → "—".
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import {
  createEngagement,
  createEnterprise,
  createInstitution,
  createNeed,
  createOfficer,
  createOutcome,
  createRegions,
} from "../../support/world.ts";

const environment = await setUpAppEnvironment("bureau_rates");
const db = environment.db;
const { queryAverageRates } = await import("~/modules/bureau/rates.server.ts");
const { averageRateTable } = await import("~/modules/bureau/tables.ts");
const { loadTrees, resolveScope } = await import("~/modules/bureau/scope.server.ts");
const { quarterPeriod, yearPeriod } = await import("~/modules/bureau/period.ts");

const codes = { bankA: "R-BANKA", branch: "R-BANKA-HL", bankB: "R-BANKB", guarantor: "R-GUAR" };

beforeAll(async () => {
  const regions = await createRegions(db);
  const bankA = await createInstitution(db, { code: codes.bankA, name: "利率测试甲银行", shortName: "甲银行" });
  const branch = await createInstitution(db, {
    code: codes.branch,
    name: "利率测试甲银行惠来支行",
    shortName: "甲银行惠来支行",
    parentId: bankA.id,
  });
  const bankB = await createInstitution(db, { code: codes.bankB, name: "利率测试乙银行", shortName: "乙银行" });
  const guarantor = await createInstitution(db, { code: codes.guarantor, name: "利率测试担保公司", kind: "GUARANTOR" });
  const officer = await createOfficer(db, bankA.id);

  const smallFirm = await createEnterprise(db, {
    regionId: regions.rongcheng.id,
    entityType: "SMALL_MICRO",
    sizeClass: "SMALL",
  });
  const shop = await createEnterprise(db, {
    regionId: regions.huilai.id,
    entityType: "INDIVIDUAL_BUSINESS",
    sizeClass: "MICRO",
  });
  const mediumFirm = await createEnterprise(db, {
    regionId: regions.rongcheng.id,
    entityType: "OTHER",
    sizeClass: "MEDIUM",
  });

  async function disburse(
    enterprise: typeof smallFirm,
    institutionId: string,
    amount: string,
    annualRate: string | null,
    decidedOn: string,
    correction?: { amount: string; annualRate: string },
  ) {
    const need = await createNeed(db, { enterprise, publishedAt: new Date(`${decidedOn}T01:00:00Z`) });
    const engagement = await createEngagement(db, { needId: need.id, institutionId, status: "DISBURSED" });
    const terms = { engagementId: engagement.id, kind: "DISBURSED", recordedById: officer.id, decidedOn } as const;
    const first = await createOutcome(db, {
      ...terms,
      amount: correction ? correction.amount : amount,
      annualRate: correction ? correction.annualRate : annualRate,
      postLedger: true,
    });
    if (correction) await createOutcome(db, { ...terms, amount, annualRate, amends: first, postLedger: true });
  }

  await disburse(smallFirm, bankA.id, "1000000.00", "3.8500", "2026-03-10");
  await disburse(shop, branch.id, "300000.00", "4.2000", "2026-04-02", { amount: "500000.00", annualRate: "6.0000" });
  await disburse(mediumFirm, bankB.id, "2000000.00", "3.1000", "2026-05-20");
  await disburse(smallFirm, bankB.id, "700000.00", null, "2026-06-01");
  await disburse(smallFirm, guarantor.id, "400000.00", "9.0000", "2026-06-03");
  await disburse(smallFirm, bankA.id, "200000.00", "5.0000", "2025-12-20");
}, 120_000);

afterAll(async () => {
  await environment.tearDown();
});

async function ratesFor(
  period: ReturnType<typeof yearPeriod>,
  regionCode: string | null = null,
  institutionCode: string | null = null,
) {
  const trees = await loadTrees(db);
  const { scope, problems } = resolveScope(trees, { period, regionCode, institutionCode });
  expect(problems).toEqual([]);
  return queryAverageRates(db, scope, trees);
}

describe("weighted average lending rates", () => {
  it("weights 2026's current disbursements by amount, all loans and 普惠小微 apart", async () => {
    const rates = await ratesFor(yearPeriod(2026));
    expect(rates.total.all).toEqual({
      rate: "3.43",
      rateExact: "3.4273",
      amount: "3300000.00",
      loans: 3,
      unratedAmount: "700000.00",
    });
    expect(rates.total.inclusive).toEqual({
      rate: "3.93",
      rateExact: "3.9308",
      amount: "1300000.00",
      loans: 2,
      unratedAmount: "700000.00",
    });
  });

  it("splits by region, by head institution (branches folded in) and by product kind", async () => {
    const rates = await ratesFor(yearPeriod(2026));
    const byRegion = Object.fromEntries(
      rates.byRegion.map((entry) => [entry.region.code, [entry.rates.all.rateExact, entry.rates.all.amount]]),
    );
    expect(byRegion).toEqual({
      "445200": [null, "0.00"],
      "445202": ["3.3500", "3000000.00"],
      "445224": ["4.2000", "300000.00"],
    });
    const byInstitution = Object.fromEntries(
      rates.byInstitution.map((entry) => [
        entry.institution.code,
        [entry.rates.all.rateExact, entry.rates.inclusive.rateExact, entry.rates.all.amount],
      ]),
    );
    // The guarantor's "disbursement" is not a loan; bank B's inclusive loan has no rate, so no inclusive average.
    expect(byInstitution).toEqual({
      [codes.bankA]: ["3.9308", "3.9308", "1300000.00"],
      [codes.bankB]: ["3.1000", null, "2000000.00"],
    });
    expect(rates.byProductKind.map((entry) => [entry.productKind, entry.rates.all.rateExact])).toEqual([
      ["LOAN", "3.4273"],
    ]);
  });

  it("follows the period, region and institution filters", async () => {
    const q1 = await ratesFor(quarterPeriod(2026, 1));
    expect([q1.total.all.rateExact, q1.total.all.amount]).toEqual(["3.8500", "1000000.00"]);

    const lastYear = await ratesFor(yearPeriod(2025));
    expect([lastYear.total.all.rateExact, lastYear.total.all.amount]).toEqual(["5.0000", "200000.00"]);

    const huilai = await ratesFor(yearPeriod(2026), "445224");
    expect([huilai.total.all.rateExact, huilai.total.inclusive.rateExact]).toEqual(["4.2000", "4.2000"]);

    const bankB = await ratesFor(yearPeriod(2026), null, codes.bankB);
    expect(bankB.total.all).toMatchObject({ rateExact: "3.1000", amount: "2000000.00", loans: 1 });
    expect(bankB.total.inclusive).toMatchObject({ rate: null, amount: "0.00", unratedAmount: "700000.00" });

    const bankABranch = await ratesFor(yearPeriod(2026), null, codes.branch);
    expect(bankABranch.total.all).toMatchObject({ rateExact: "4.2000", amount: "300000.00" });
  });

  it("shows an average as a percentage with its base, and no loans as —, never 0", async () => {
    const table = averageRateTable(await ratesFor(yearPeriod(2026)));
    const byName = Object.fromEntries(table.rows.map((row) => [row.name, row]));
    expect(byName["全部"]).toMatchObject({ allRate: "3.43%", allAmount: "3300000.00", inclusiveRate: "3.93%" });
    expect(byName["揭阳市（市本级）"]).toMatchObject({ allRate: null, inclusiveRate: null, allLoans: 0 });

    const empty = averageRateTable(await ratesFor(yearPeriod(2024)));
    expect(empty.rows[0]).toMatchObject({ allRate: null, inclusiveRate: null, allAmount: "0.00" });
  });
});
