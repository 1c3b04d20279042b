/**
 * Response accounting through the real domain functions and the rollups: bank X is asked on 10 needs (its product
 * matched each) and answers 3 — two requests and one explicit pass — while banks Y, Z and W answer all 10. The
 * ranking's 限时响应率 is answered in time ÷ due, so X ranks last at 30.0% and is named with its unanswered leads and
 * its pass reason; the overview's figure is the same definition summed.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import {
  createCalendar,
  createConsentText,
  createEnterprise,
  createInstitution,
  createMatch,
  createNeed,
  createOfficer,
  createProduct,
  createRegions,
} from "../../support/world.ts";

const environment = await setUpAppEnvironment("bureau_asks");
const db = environment.db;
const { refreshBureauRollups, refreshBureauRollupsSince, rollupsRefreshedAt } =
  await import("~/modules/bureau/rollups.server.ts");
const { loadDashboard } = await import("~/modules/bureau/dashboard.server.ts");
const { loadTrees, resolveScope } = await import("~/modules/bureau/scope.server.ts");
const { monthPeriod } = await import("~/modules/bureau/period.ts");
const { loadInstitutionRanking } = await import("~/modules/bureau/ranking.server.ts");
const { notifyMatchedLeads } = await import("~/modules/notifications/events.server.ts");
const { requestLead } = await import("~/modules/engagements/engagements.server.ts");
const { passLead } = await import("~/modules/engagements/asks.server.ts");
const { shanghaiInstant } = await import("~/kernel/time.ts");

const BANKS = ["X", "Y", "Z", "W"] as const;
type Bank = (typeof BANKS)[number];
const banks = {} as Record<Bank, { id: string; officer: { userId: string; role: "OFFICER"; institutionId: string } }>;

beforeAll(async () => {
  const regions = await createRegions(db);
  await createCalendar(db);
  await createConsentText(db, { body: "授权书（测试）" });
  const products: string[] = [];
  for (const bank of BANKS) {
    const institution = await createInstitution(db, {
      code: `BANK-${bank}`,
      name: `${bank}银行揭阳分行`,
      shortName: `${bank}银行`,
      serves: [regions.city.id],
    });
    const officer = await createOfficer(db, institution.id, { loginName: `officer.${bank.toLowerCase()}` });
    banks[bank] = {
      id: institution.id,
      officer: { userId: officer.id, role: "OFFICER", institutionId: institution.id },
    };
    products.push(
      (
        await createProduct(db, {
          institutionId: institution.id,
          code: `P-${bank}`,
          eligibleEntityTypes: ["SMALL_MICRO"],
        })
      ).id,
    );
  }
  const borrower = await createEnterprise(db, { regionId: regions.rongcheng.id });
  for (let index = 0; index < 10; index++) {
    // Mondays to Fridays of March 2026 at 10:00; each deadline is 3 working days later, long past by now.
    const publishedAt = shanghaiInstant(`2026-03-${String(2 + index).padStart(2, "0")}`, 10, 0);
    const need = await createNeed(db, {
      enterprise: borrower,
      consent: "general",
      publishedAt,
      firstResponseDueAt: new Date(publishedAt.getTime() + 3 * 86_400_000 + (index % 5 >= 2 ? 2 * 86_400_000 : 0)),
      expiresAt: new Date(publishedAt.getTime() + 90 * 86_400_000),
    });
    for (const [rank, productId] of products.entries()) await createMatch(db, { needId: need.id, productId, rank });
    // The worker tells the matched banks — and that is what asks them.
    await notifyMatchedLeads(db, need.id, { now: publishedAt });
    const inAnHour = new Date(publishedAt.getTime() + 60 * 60_000);
    for (const bank of ["Y", "Z", "W"] as const)
      await requestLead(db, { needId: need.id, actor: banks[bank].officer, now: inAnHour, maxActive: 5 });
    if (index < 2) await requestLead(db, { needId: need.id, actor: banks.X.officer, now: inAnHour, maxActive: 5 });
    if (index === 2) {
      const result = await passLead(db, {
        needId: need.id,
        actor: banks.X.officer,
        fields: { passKind: "NOT_ELIGIBLE", passReason: "OUTSIDE_SERVICE_AREA" },
        now: inAnHour,
      });
      expect(result.ok).toBe(true);
    }
  }
  await refreshBureauRollups(db);
}, 120_000);

afterAll(async () => {
  await environment.tearDown();
});

describe("response accounting in the ranking and the overview", () => {
  it("ranks the bank that ignored 7 of 10 asks below the banks that answered all (30.0% vs 100.0%)", async () => {
    const trees = await loadTrees(db);
    const { scope } = resolveScope(trees, { period: monthPeriod(2026, 3), regionCode: null, institutionCode: null });
    const ranking = await loadInstitutionRanking(db, scope, trees.institutions, "BANK");
    const row = (bank: Bank) => ranking.rows.find((candidate) => candidate.institution.id === banks[bank].id)!;

    expect(row("X").responses).toMatchObject({
      asked: 10,
      due: 10,
      responded: 3,
      respondedInTime: 3,
      unanswered: 7,
      passed: 1,
      passReasons: { OUTSIDE_SERVICE_AREA: 1 },
      medianHours: 1,
    });
    expect(row("X").inTimeRate).toBe(0.3);
    for (const bank of ["Y", "Z", "W"] as const) {
      expect(row(bank).responses).toMatchObject({ asked: 10, due: 10, respondedInTime: 10, unanswered: 0 });
      expect(row(bank).inTimeRate).toBe(1);
      expect(row(bank).rank!).toBeLessThan(row("X").rank!);
    }
    expect(row("X").rank).toBe(4);

    // Named last, with the ignored leads and the pass reason as evidence.
    const worst = ranking.worst.find((highlight) => highlight.institution.id === banks.X.id)!;
    expect(worst.evidence[0]).toMatch(/^限时响应率 30\.0%（3\/10）/);
    expect(worst.evidence.join("\n")).toContain("未响应 7 条");
    expect(worst.evidence.join("\n")).toContain("明确不予对接 1 条：不在服务区域 1 条");
    expect(ranking.best.map((highlight) => highlight.institution.id)).not.toContain(banks.X.id);
    expect(ranking.best[0]!.evidence[0]).toMatch(/^限时响应率 100\.0%（10\/10）/);
  });

  it("shows the same figure on the overview: the ranking's rows summed", async () => {
    const trees = await loadTrees(db);
    const { scope } = resolveScope(trees, { period: monthPeriod(2026, 3), regionCode: null, institutionCode: null });
    const [dashboard, ranking] = await Promise.all([
      loadDashboard(db, scope),
      loadInstitutionRanking(db, scope, trees.institutions, "BANK"),
    ]);
    const sum = (pick: (row: (typeof ranking.rows)[number]) => number) =>
      ranking.rows.reduce((total, row) => total + pick(row), 0);
    expect(dashboard.institutionResponses).toMatchObject({
      asked: 40,
      due: 40,
      respondedInTime: 33,
      unanswered: 7,
      passed: 1,
    });
    expect(dashboard.institutionResponses.asked).toBe(sum((row) => row.responses.asked));
    expect(dashboard.institutionResponses.respondedInTime).toBe(sum((row) => row.responses.respondedInTime));
    expect(dashboard.institutionResponses.inTimeRate).toBe(33 / 40);
  });

  it("brings the figures up to a change at once, and one refresh covers every change before it", async () => {
    const trees = await loadTrees(db);
    const { scope } = resolveScope(trees, { period: monthPeriod(2026, 3), regionCode: null, institutionCode: null });
    const before = await loadDashboard(db, scope);
    // Bank X answers one of the needs it ignored (late): the overview must show it after the refresh it triggers.
    const ignored = await db.needAsk.findFirstOrThrow({
      where: { institutionId: banks.X.id, respondedAt: null },
      orderBy: { needId: "asc" },
    });
    const need = await db.financingNeed.findUniqueOrThrow({ where: { id: ignored.needId } });
    const tenDaysLate = new Date(need.publishedAt!.getTime() + 10 * 86_400_000);
    await requestLead(db, { needId: ignored.needId, actor: banks.X.officer, maxActive: 5, now: tenDaysLate });
    const changedAt = new Date();
    const first = await refreshBureauRollupsSince(db, changedAt);
    expect(first).toMatchObject({ refreshed: true, alreadyFresh: false });
    const after = await loadDashboard(db, scope);
    expect(after.institutionResponses.unanswered).toBe(before.institutionResponses.unanswered - 1);
    expect(after.institutionResponses.responded).toBe(before.institutionResponses.responded + 1);
    // Answered late: it no longer counts as unanswered, and still not as in time.
    expect(after.institutionResponses.respondedInTime).toBe(before.institutionResponses.respondedInTime);
    expect((await rollupsRefreshedAt(db))!.getTime()).toBeGreaterThanOrEqual(changedAt.getTime());
    // A second change-driven request for the same moment finds the views already fresh and does nothing.
    const second = await refreshBureauRollupsSince(db, changedAt);
    expect(second).toMatchObject({ refreshed: false, alreadyFresh: true, views: [] });
  });
});
