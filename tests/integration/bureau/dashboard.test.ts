/**
 * Every dashboard figure, read through the rollups, equals the same figure recomputed by direct SQL over the source
 * tables — for several filter combinations that take each path of the rollup navigator (whole months, leftover
 * days of custom periods, region subtrees, an institution with its branch). The fixture includes an amended
 * disbursement (ledger reversals) and a first-loan enterprise with two loans.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { buildWorld, type World } from "./scenario.ts";
import {
  expectedAverageRates,
  expectedLedger,
  expectedNeeds,
  expectedResponses,
  toFen,
  type Counts,
  type ExpectedLedger,
  type Filter,
} from "./expected.ts";

const environment = await setUpAppEnvironment("bureau_dash");
const db = environment.db;
const { refreshBureauRollups, rollupsRefreshedAt } = await import("~/modules/bureau/rollups.server.ts");
const { loadDashboard } = await import("~/modules/bureau/dashboard.server.ts");
const { queryAverageRates } = await import("~/modules/bureau/rates.server.ts");
const { loadTrees, resolveScope } = await import("~/modules/bureau/scope.server.ts");
const { customPeriod, monthPeriod, quarterPeriod, yearPeriod } = await import("~/modules/bureau/period.ts");
const { loadInstitutionRanking } = await import("~/modules/bureau/ranking.server.ts");
const { queryResponseAccounting } = await import("~/modules/bureau/responses.server.ts");
const { checkTwoIncreases, listTargetsWithProgress, saveTarget } = await import("~/modules/bureau/targets.server.ts");
const { listOverdue, loadNeedTimeline } = await import("~/modules/bureau/overdue.server.ts");

type AverageRateLike = { rate: string | null; rateExact: string | null; amount: string; loans: number };

let world: World;
const NOW = new Date();

beforeAll(async () => {
  world = await buildWorld(db);
  const result = await refreshBureauRollups(db);
  expect(result.refreshed).toBe(true);
}, 120_000);

afterAll(async () => {
  await environment.tearDown();
});

type Period = ReturnType<typeof yearPeriod>;
const CASES: { name: string; period: () => Period; regionCode: string | null; institutionCode: string | null }[] = [
  { name: "2026 全年 · 全部区域", period: () => yearPeriod(2026), regionCode: null, institutionCode: null },
  {
    name: "2026 全年 · 揭阳市（唯一顶级区域 = 不筛选）",
    period: () => yearPeriod(2026),
    regionCode: "445200",
    institutionCode: null,
  },
  {
    name: "2026 Q1 · 惠来县（含临港产业园）",
    period: () => quarterPeriod(2026, 1),
    regionCode: "445224",
    institutionCode: null,
  },
  {
    name: "自定义 2025-12-15 至 2026-02-10 · 全部区域",
    period: () => customPeriod("2025-12-15", "2026-02-10"),
    regionCode: null,
    institutionCode: null,
  },
  {
    name: "自定义 2026-01-10 至 2026-03-20 · 惠来县",
    period: () => customPeriod("2026-01-10", "2026-03-20"),
    regionCode: "445224",
    institutionCode: null,
  },
  {
    name: "2026 全年 · 农商银行（含惠来支行）",
    period: () => yearPeriod(2026),
    regionCode: null,
    institutionCode: "T-RCB",
  },
  {
    name: "2026 Q1 · 惠来县 · 农商银行",
    period: () => quarterPeriod(2026, 1),
    regionCode: "445224",
    institutionCode: "T-RCB",
  },
  {
    name: "2026年3月 · 榕城区 · 工商银行",
    period: () => monthPeriod(2026, 3),
    regionCode: "445202",
    institutionCode: "T-ICBC",
  },
  {
    name: "自定义 2026-02-20 至 2026-08-31 · 工商银行",
    period: () => customPeriod("2026-02-20", "2026-08-31"),
    regionCode: null,
    institutionCode: "T-ICBC",
  },
];

function countsOf(counts: {
  needs: number;
  amount: string;
  matched: number;
  responded: number;
  responseDue: number;
  respondedInTime: number;
  engaged: number;
  approved: number;
  disbursed: number;
}): Counts {
  return { ...counts, amountFen: toFen(counts.amount) } as unknown as Counts;
}

function normalise(counts: Counts) {
  const { needs, amountFen, matched, responded, responseDue, respondedInTime, engaged, approved, disbursed } = counts;
  return { needs, amountFen, matched, responded, responseDue, respondedInTime, engaged, approved, disbursed };
}

function ledgerMap(entries: { key: string; metrics: Record<string, { amount: string; borrowers: number }> }[]) {
  const map = new Map<string, { amountFen: bigint; borrowers: number }>();
  for (const entry of entries) {
    for (const [metric, value] of Object.entries(entry.metrics)) {
      if (toFen(value.amount) === 0n && value.borrowers === 0) continue;
      map.set(`${entry.key}|${metric}`, { amountFen: toFen(value.amount), borrowers: value.borrowers });
    }
  }
  return map;
}

const nonZero = (map: Map<string, { amountFen: bigint; borrowers: number }>) =>
  new Map([...map].filter(([, value]) => value.amountFen !== 0n || value.borrowers !== 0));

describe("dashboard figures equal direct SQL over the source tables", () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const period = testCase.period();
      const trees = await loadTrees(db);
      const { scope, problems } = resolveScope(trees, {
        period,
        regionCode: testCase.regionCode,
        institutionCode: testCase.institutionCode,
      });
      expect(problems).toEqual([]);
      const dashboard = await loadDashboard(db, scope);
      const filter: Filter = {
        from: period.from,
        to: period.to,
        regionCode: testCase.regionCode,
        institutionCode: testCase.institutionCode,
      };
      const needs = await expectedNeeds(db, filter, world.calendar, NOW);

      // Needs: totals, per region, per entity type, and the median response time.
      expect(normalise(countsOf(dashboard.needs.total))).toEqual(normalise(needs.total));
      const regionActual = new Map(
        dashboard.needs.byRegion
          .filter((entry) => entry.counts.needs > 0)
          .map((entry) => [entry.region.name, normalise(countsOf(entry.counts))]),
      );
      expect(regionActual).toEqual(new Map([...needs.byRegion].map(([key, value]) => [key, normalise(value)])));
      const entityActual = new Map(
        dashboard.needs.byEntityType.map((entry) => [entry.entityType, normalise(countsOf(entry.counts))]),
      );
      expect(entityActual).toEqual(new Map([...needs.byEntityType].map(([key, value]) => [key, normalise(value)])));
      expect(dashboard.response).toEqual({ medianHours: needs.medianHours, answered: needs.answered });

      // Funnel = the need counts, with step conversion.
      expect(dashboard.funnel.map((step) => step.count)).toEqual([
        needs.total.needs,
        needs.total.matched,
        needs.total.engaged,
        needs.total.approved,
        needs.total.disbursed,
      ]);
      dashboard.funnel.forEach((step, index) => {
        const previous = index > 0 ? dashboard.funnel[index - 1]!.count : 0;
        expect(step.conversion).toBe(index > 0 && previous > 0 ? step.count / previous : null);
      });

      // Response accounting (asked / due / answered in time / unanswered / passed, median) per institution and in
      // total; the overview's figure is the same definition summed.
      const responses = await expectedResponses(db, filter, world.calendar, NOW);
      const perInstitution = await queryResponseAccounting(db, scope, { byInstitution: true });
      const codeOf = new Map(trees.institutions.map((institution) => [institution.id, institution.code]));
      const plain = (value: {
        asked: number;
        due: number;
        responded: number;
        respondedInTime: number;
        unanswered: number;
        passed: number;
        passReasons: Record<string, number>;
        medianHours: number | null;
      }) => ({
        asked: value.asked,
        due: value.due,
        responded: value.responded,
        respondedInTime: value.respondedInTime,
        unanswered: value.unanswered,
        passed: value.passed,
        passReasons: value.passReasons,
        medianHours: value.medianHours,
      });
      expect(new Map([...perInstitution].map(([id, value]) => [codeOf.get(id), plain(value)]))).toEqual(
        new Map([...responses].filter(([code]) => code !== "").map(([code, value]) => [code, plain(value)])),
      );
      const totals = responses.get("");
      if (totals) expect(plain(dashboard.institutionResponses)).toEqual(plain(totals));
      else expect(dashboard.institutionResponses.asked).toBe(0);

      // Ledger: net totals and every split.
      const ledger: ExpectedLedger = await expectedLedger(db, filter);
      expect(ledgerMap([{ key: "", metrics: dashboard.ledger.total }])).toEqual(
        new Map([...nonZero(ledger.total)].map(([key, value]) => [`|${key}`, value])),
      );
      expect(
        ledgerMap(dashboard.ledger.byRegion.map((entry) => ({ key: entry.region.name, metrics: entry.metrics }))),
      ).toEqual(nonZero(ledger.byRegion));
      expect(
        ledgerMap(dashboard.ledger.byEntityType.map((entry) => ({ key: entry.entityType, metrics: entry.metrics }))),
      ).toEqual(nonZero(ledger.byEntityType));
      expect(
        ledgerMap(
          dashboard.ledger.byProductKind.map((entry) => ({ key: entry.productKind ?? "", metrics: entry.metrics })),
        ),
      ).toEqual(nonZero(ledger.byProductKind));
      expect(
        ledgerMap(
          dashboard.ledger.byPolicyTool.map((entry) => ({ key: entry.policyTool ?? "", metrics: entry.metrics })),
        ),
      ).toEqual(nonZero(ledger.byPolicyTool));

      // 贷款加权平均利率 (all loans and 普惠小微): total and per region, head institution and product kind, against
      // a recomputation from the outcomes themselves; a cell without loans has no rate rather than 0.
      const rates = await queryAverageRates(db, scope, trees);
      const expectedRates = await expectedAverageRates(db, filter);
      const rateMap = (entries: { key: string; rates: { all: AverageRateLike; inclusive: AverageRateLike } }[]) => {
        const map = new Map<string, { rateExact: string | null; amountFen: bigint; loans: number }>();
        for (const entry of entries) {
          for (const side of ["all", "inclusive"] as const) {
            const rate = entry.rates[side];
            if (rate.rateExact === null) {
              expect(rate).toMatchObject({ rate: null, amount: "0.00", loans: 0 });
              continue;
            }
            map.set(`${entry.key}${side}`, {
              rateExact: rate.rateExact,
              amountFen: toFen(rate.amount),
              loans: rate.loans,
            });
          }
        }
        return map;
      };
      expect(rateMap([{ key: "", rates: rates.total }])).toEqual(expectedRates.total);
      expect(rateMap(rates.byRegion.map((entry) => ({ key: `${entry.region.name}|`, rates: entry.rates })))).toEqual(
        expectedRates.byRegion,
      );
      expect(
        rateMap(rates.byInstitution.map((entry) => ({ key: `${entry.institution.code}|`, rates: entry.rates }))),
      ).toEqual(expectedRates.byInstitution);
      expect(
        rateMap(rates.byProductKind.map((entry) => ({ key: `${entry.productKind}|`, rates: entry.rates }))),
      ).toEqual(expectedRates.byProductKind);
    });
  }

  it("anchors the 2026 figures to hand-computed values (amendment nets out, first loan counted once)", async () => {
    const trees = await loadTrees(db);
    const { scope } = resolveScope(trees, { period: yearPeriod(2026), regionCode: null, institutionCode: null });
    const dashboard = await loadDashboard(db, scope);
    const total = dashboard.ledger.total;
    // 500,000 + 300,000 + (80,000 − 80,000 + 60,000 amended) + 1,500,000 + 150,000
    expect(total.DISBURSED_AMOUNT.amount).toBe("2510000.00");
    // The hardware firm borrowed twice with 征信无贷款记录 confirmed both times: one first-loan borrower.
    expect(total.FIRST_LOAN_BORROWER.borrowers).toBe(1);
    expect(total.INCLUSIVE_SMALL_MICRO_AMOUNT.amount).toBe("950000.00");
    expect(total.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers).toBe(2);
    expect(total.AGRI_AMOUNT.amount).toBe("60000.00");
    expect(total.GREEN_AMOUNT.amount).toBe("1500000.00");
    expect(total.TRANSFER_FIRM_AMOUNT.amount).toBe("1500000.00");
    expect(total.MARINE_AMOUNT.amount).toBe("0.00");
    // The amendment really wrote reversal rows.
    const reversals = await db.ledgerEntry.count({ where: { reversesId: { not: null } } });
    expect(reversals).toBe(2);
    // 2026: n1, n2, n3, n4, n5, n7, n8, n9, n12, n13 (the draft and the 2025 needs do not count); n8 was never
    // matched; n13 had no product match but the bank took it up (so it counts as matched); n7 and n13 were accepted
    // then declined; n4 is approved only; n9 is still under review.
    expect(dashboard.funnel.map((step) => step.count)).toEqual([10, 9, 9, 6, 5]);
    expect(dashboard.needs.total.matched).toBe(9);
    // 贷款加权平均利率: (500,000×4.35 + 300,000×3.65 + 60,000×4.80 + 1,500,000×3.20 + 150,000×4.10) / 2,510,000
    // = 89,730 / 2,510,000; the amended version (80,000 at 5.20%) does not count. 普惠小微: the 500,000, 300,000
    // and 150,000 loans, 38,850 / 950,000.
    const rates = await queryAverageRates(db, scope, trees);
    expect(rates.total.all).toMatchObject({ rate: "3.57", rateExact: "3.5749", amount: "2510000.00", loans: 5 });
    expect(rates.total.inclusive).toMatchObject({ rate: "4.09", rateExact: "4.0895", amount: "950000.00", loans: 3 });
    expect(await rollupsRefreshedAt(db)).toBeInstanceOf(Date);
  });

  it("a refresh picks up new ledger rows; running it twice changes nothing", async () => {
    const again = await refreshBureauRollups(db);
    expect(again.refreshed).toBe(true);
    const trees = await loadTrees(db);
    const { scope } = resolveScope(trees, { period: yearPeriod(2026), regionCode: null, institutionCode: null });
    expect((await loadDashboard(db, scope)).ledger.total.DISBURSED_AMOUNT.amount).toBe("2510000.00");
  });
});

describe("institution ranking", () => {
  it("matches direct SQL per institution and names best and worst with evidence", async () => {
    const trees = await loadTrees(db);
    const { scope } = resolveScope(trees, { period: yearPeriod(2026), regionCode: null, institutionCode: null });
    const ranking = await loadInstitutionRanking(db, scope, trees.institutions, "BANK");
    const byCode = new Map(ranking.rows.map((row) => [row.institution.code, row]));
    const expected = await db.$queryRaw<
      { code: string; requested: number; responded: number; accepted: number; declined: number; disbursed: number }[]
    >`
      SELECT i.code,
             count(*)::int AS requested,
             count(*) FILTER (WHERE g."initiatedBy" = 'INSTITUTION' OR g."acceptedAt" IS NOT NULL)::int AS responded,
             count(*) FILTER (WHERE g."acceptedAt" IS NOT NULL OR g.status IN ('ACCEPTED','CONTACTED','UNDER_REVIEW','APPROVED','DISBURSED'))::int AS accepted,
             count(*) FILTER (WHERE g.status = 'DECLINED')::int AS declined,
             count(*) FILTER (WHERE g.status = 'DISBURSED')::int AS disbursed
      FROM "Engagement" g JOIN "Institution" i ON i.id = g."institutionId" JOIN "FinancingNeed" n ON n.id = g."needId"
      WHERE i.kind = 'BANK' AND n."publishedAt" >= '2025-12-31 16:00' AND n."publishedAt" < '2026-12-31 16:00'
      GROUP BY i.code`;
    for (const row of expected) {
      const actual = byCode.get(row.code)!;
      expect({
        requested: actual.requested,
        responded: actual.responded,
        accepted: actual.accepted,
        declined: actual.declined,
        disbursed: actual.disbursedEngagements,
      }).toEqual({
        requested: row.requested,
        responded: row.responded,
        accepted: row.accepted,
        declined: row.declined,
        disbursed: row.disbursed,
      });
    }
    const ledger = await db.$queryRaw<{ code: string; amount: string; first: number }[]>`
      SELECT i.code, COALESCE(sum(l.amount) FILTER (WHERE l.metric = 'DISBURSED_AMOUNT'), 0)::numeric(20,2)::text AS amount,
             COALESCE(sum(l."borrowerCount") FILTER (WHERE l.metric = 'FIRST_LOAN_BORROWER'), 0)::int AS first
      FROM "LedgerEntry" l JOIN "Institution" i ON i.id = l."institutionId"
      WHERE l."occurredOn" >= '2026-01-01' AND l."occurredOn" < '2027-01-01' GROUP BY i.code`;
    for (const row of ledger) {
      expect(byCode.get(row.code)!.disbursedAmount).toBe(row.amount);
      expect(byCode.get(row.code)!.firstLoanBorrowers).toBe(row.first);
    }
    expect(byCode.get("T-RCB")!.disbursedAmount).toBe("650000.00");
    // ICBC was asked on n1 (its product matched) and passed explicitly, before the deadline: an answer in time.
    const icbc = byCode.get("T-ICBC")!.responses;
    expect(icbc.passed).toBe(1);
    expect(icbc.passReasons).toEqual({ OUTSIDE_SERVICE_AREA: 1 });
    expect(icbc.asked).toBeGreaterThan(icbc.passed);
    // Fewer than 5 requests each: nobody is singled out on such a small sample.
    expect(ranking.best).toEqual([]);
    expect(ranking.rows.every((row) => row.rank === null)).toBe(true);
  });
});

describe("targets and 两增", () => {
  it("computes progress from the ledger against the target and the share of the year passed", async () => {
    await saveTarget(
      db,
      {
        year: 2026,
        metric: "DISBURSED_AMOUNT",
        regionId: world.regionIds.city,
        institutionId: null,
        value: "5000000.00",
      },
      world.bureauUserId,
    );
    await saveTarget(
      db,
      {
        year: 2026,
        metric: "FIRST_LOAN_BORROWER",
        regionId: world.regionIds.huilai,
        institutionId: null,
        value: "10.00",
      },
      world.bureauUserId,
    );
    await saveTarget(
      db,
      {
        year: 2026,
        metric: "AGRI_AMOUNT",
        regionId: world.regionIds.huilai,
        institutionId: world.institutionIds.rcb,
        value: "100000.00",
      },
      world.bureauUserId,
    );
    const trees = await loadTrees(db);
    const targets = await listTargetsWithProgress(db, trees, 2026, "2026-07-02");
    const disbursed = targets.find((target) => target.metric === "DISBURSED_AMOUNT")!;
    // By 2 July: 500,000 + 300,000 + 60,000 (the Q3 loans come later).
    expect(disbursed.actual).toBe("860000.00");
    expect(disbursed.completion).toBeCloseTo(860000 / 5000000, 10);
    expect(disbursed.elapsed).toBeCloseTo(183 / 365, 10);
    expect(disbursed.status).toBe("BEHIND");
    const agri = targets.find((target) => target.metric === "AGRI_AMOUNT")!;
    expect(agri.actual).toBe("60000.00");
    expect(agri.institution?.code).toBe("T-RCB");
    const firstLoan = targets.find((target) => target.metric === "FIRST_LOAN_BORROWER")!;
    expect(firstLoan.actual).toBe("0");
    const yearEnd = await listTargetsWithProgress(db, trees, 2026, "2026-12-31");
    expect(yearEnd.find((target) => target.metric === "DISBURSED_AMOUNT")!.status).toBe("MISSED");
    expect(yearEnd.find((target) => target.metric === "DISBURSED_AMOUNT")!.actual).toBe("2510000.00");
  });

  it("checks 两增 against the start-of-year stock", async () => {
    const check = await checkTwoIncreases(db, { regionIds: null, institutionIds: null }, 2026, "2026-11-25");
    expect(check.allLoans).toMatchObject({ stockAtStart: "200000.00", addedThisYear: "2510000.00" });
    expect(check.inclusive).toMatchObject({ stockAtStart: "200000.00", addedThisYear: "950000.00" });
    expect(check.growthPass).toBe(false);
    expect(check.borrowers).toEqual({ atStart: 1, atEnd: 3 });
    expect(check.borrowersPass).toBe(true);
    const huilai = await checkTwoIncreases(
      db,
      { regionIds: [world.regionIds.huilai, world.regionIds.park], institutionIds: null },
      2026,
      "2026-11-25",
    );
    expect(huilai.growthPass).toBeNull(); // no inclusive stock in 惠来县 before 2026
  });
});

describe("overdue list and timeline", () => {
  it("lists live needs past their response deadline and engagements past their decision deadline", async () => {
    const { items, total } = await listOverdue(
      db,
      { regionIds: null, institutionIds: null, kind: null, page: 1 },
      new Date("2026-11-25T04:00:00Z"),
    );
    // n8 unanswered; n9 under review at the bank; n5's guarantor accepted but never decided.
    expect(total).toBe(3);
    expect(items.map((item) => item.kind).sort()).toEqual(["DECISION", "DECISION", "FIRST_RESPONSE"]);
    const response = items.find((item) => item.kind === "FIRST_RESPONSE")!;
    expect(response.needId).toBe(world.needIds["n8-farmer-open-overdue"]);
    expect(response.borrower).toBe("林**（农户）");
    // Due 2026-09-14 10:00 (2 working days after Thu 09-10 in 惠来县); working days after 09-14 up to 11-25.
    expect(response.ageWorkingDays).toBe(expectedAge("2026-09-14", "2026-11-25"));
    const decision = items.find(
      (item) => item.kind === "DECISION" && item.needId === world.needIds["n9-coop-decision-overdue"],
    )!;
    expect(decision.engagementInstitution).toBe("农商银行");
    expect(items.find((item) => item.needId === world.needIds["n5-transfer-green-bundle"])!.engagementInstitution).toBe(
      "融资担保",
    );
    const decisionsOnly = await listOverdue(
      db,
      { regionIds: null, institutionIds: null, kind: "DECISION", page: 1 },
      new Date("2026-11-25T04:00:00Z"),
    );
    expect(decisionsOnly.total).toBe(2);
    const onlyIcbc = await listOverdue(
      db,
      { regionIds: null, institutionIds: [world.institutionIds.icbc], kind: null, page: 1 },
      new Date("2026-11-25T04:00:00Z"),
    );
    expect(onlyIcbc.total).toBe(0);
    const rcbFamily = await listOverdue(
      db,
      {
        regionIds: null,
        institutionIds: [world.institutionIds.rcb, world.institutionIds.rcbBranch],
        kind: null,
        page: 1,
      },
      new Date("2026-11-25T04:00:00Z"),
    );
    expect(rcbFamily.items.map((item) => item.needId)).toEqual([world.needIds["n9-coop-decision-overdue"]]);
  });

  it("shows a need's timeline without personal contact data", async () => {
    const timeline = await loadNeedTimeline(db, world.needIds["n1-hardware-first-loan"]!);
    const text = JSON.stringify(timeline);
    expect(text).not.toContain("13800138000");
    expect(text).not.toContain("boss@example.com");
    expect(text).not.toContain("13900000000");
    expect(text).not.toContain("contact@example.com");
    expect(timeline.events.some((event) => event.note?.includes("［手机号已隐藏］"))).toBe(true);
    expect(timeline.engagements[0]!.outcomes[0]!.disbursedAmount).toBe("500000.00");
  });
});

function expectedAge(dueDay: string, today: string): number {
  let count = 0;
  for (
    let time = Date.parse(`${dueDay}T00:00:00Z`) + 86_400_000;
    time <= Date.parse(`${today}T00:00:00Z`);
    time += 86_400_000
  ) {
    const day = new Date(time).toISOString().slice(0, 10);
    const exception = world.calendar.exceptions.get(day);
    const weekday = new Date(time).getUTCDay();
    if (exception === "HOLIDAY") continue;
    if (exception === "ADJUSTED_WORKDAY" || (weekday !== 0 && weekday !== 6)) count++;
  }
  return count;
}
