/**
 * The demo seed on a fresh, migrated database: the world it builds fits the rules of docs/domain.md (every kind of
 * institution, product, entity type and need status; valid credit codes; consent, outcomes and deadlines consistent
 * with the lifecycles), the demo accounts sign in with their published passwords, and a second run changes nothing at
 * all.
 */
import { createHash } from "node:crypto";
import { verifyPassword } from "~/modules/auth/password.server.ts";
import { isValidCreditCode } from "~/modules/enterprise/credit-code.ts";
import { explainIdentityNumber } from "~/modules/enterprise/identifiers.ts";
import { isEngagementActive } from "~/kernel/statuses.ts";
import { demoAccounts } from "../../prisma/seed/demo-accounts.ts";
import { seedDatabase, type SeedSummary } from "../../prisma/seed/index.ts";
import { REFERENCE_INSTANT } from "../../prisma/seed/time.ts";
import { createIsolatedDatabase, type IsolatedDatabase } from "../support/database.ts";

let database: IsolatedDatabase;
let first: SeedSummary;

beforeAll(async () => {
  database = await createIsolatedDatabase("seed");
  first = await seedDatabase(database.db);
});

afterAll(async () => {
  await database?.drop();
});

/** Every table the seed writes, fingerprinted row by row (all columns, timestamps included). */
const SEEDED_TABLES = [
  "Region",
  "Industry",
  "CalendarDay",
  "ConsentTextVersion",
  "Institution",
  "InstitutionRegion",
  "Product",
  "ProductRegion",
  "Enterprise",
  "User",
  "FinancingNeed",
  "NeedDirectedInstitution",
  "ConsentRecord",
  "Engagement",
  "Outcome",
  "NeedEvent",
] as const;

/**
 * A hash per table over every column of every row, minus `ignore`d columns. Rows are rendered as jsonb text so a
 * column can be dropped by name.
 */
async function fingerprint(
  db: IsolatedDatabase["db"],
  ignore: readonly string[] = [],
): Promise<Record<string, { rows: number; hash: string }>> {
  const result: Record<string, { rows: number; hash: string }> = {};
  for (const table of SEEDED_TABLES) {
    // Table names come from the constant list above, never from input.
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(
      `SELECT (to_jsonb(t) - $1::text[])::text AS row FROM "${table}" t ORDER BY 1`,
      [...ignore],
    );
    const hash = createHash("sha256");
    for (const { row } of rows) hash.update(row).update("\n");
    result[table] = { rows: rows.length, hash: hash.digest("hex") };
  }
  return result;
}

describe("seed data", () => {
  it("has the plan's institutions: ≥ 20 banks, 6 insurers and 2 guarantors that serve enterprises, in branch trees", async () => {
    const operating = await database.db.institution.groupBy({
      by: ["kind"],
      where: { branches: { none: {} } },
      _count: { _all: true },
    });
    const byKind = Object.fromEntries(operating.map((row) => [row.kind, row._count._all]));
    expect(byKind.BANK).toBeGreaterThanOrEqual(20);
    expect(byKind.INSURER).toBe(6);
    expect(byKind.GUARANTOR).toBe(2);

    const branch = await database.db.institution.findUniqueOrThrow({
      where: { code: "ICBC-JY" },
      select: { parent: { select: { code: true } }, locatedInRegion: { select: { code: true } }, regionsServed: true },
    });
    expect(branch.parent?.code).toBe("ICBC-GD");
    expect(branch.locatedInRegion?.code).toBe("445202");
    expect(branch.regionsServed.length).toBeGreaterThan(0);

    const subTypes = await database.db.institution.findMany({ distinct: ["subType"], select: { subType: true } });
    expect(subTypes.map((row) => row.subType).sort()).toEqual(
      expect.arrayContaining([
        "STATE_OWNED_BANK",
        "JOINT_STOCK_BANK",
        "CITY_COMMERCIAL_BANK",
        "RURAL_COMMERCIAL_BANK",
        "VILLAGE_BANK",
        "POLICY_BANK",
        "CREDIT_INSURER",
        "GOVERNMENT_GUARANTOR",
      ]),
    );
  });

  it("has ≥ 60 products across loans, insurance and guarantees, mostly published, each with regions and sane ranges", async () => {
    const products = await database.db.product.findMany({
      select: {
        code: true,
        kind: true,
        status: true,
        minAmount: true,
        maxAmount: true,
        minTermMonths: true,
        maxTermMonths: true,
        minAnnualRate: true,
        maxAnnualRate: true,
        feeRate: true,
        _count: { select: { regions: true } },
      },
    });
    expect(products.length).toBeGreaterThanOrEqual(60);
    expect(new Set(products.map((product) => product.kind))).toEqual(new Set(["LOAN", "INSURANCE", "GUARANTEE"]));
    expect(new Set(products.map((product) => product.status))).toEqual(new Set(["PUBLISHED", "DRAFT", "RETIRED"]));
    expect(products.filter((product) => product.status === "PUBLISHED").length).toBeGreaterThan(products.length * 0.8);
    for (const product of products) {
      expect(product._count.regions, product.code).toBeGreaterThan(0);
      expect(product.minAmount.lte(product.maxAmount), product.code).toBe(true);
      expect(product.minTermMonths, product.code).toBeLessThanOrEqual(product.maxTermMonths);
      if (product.kind === "LOAN") {
        expect(product.minAnnualRate?.lte(product.maxAnnualRate!), product.code).toBe(true);
      } else {
        expect(product.feeRate?.gt(0), product.code).toBe(true);
      }
    }
  });

  it("has ≥ 300 enterprises of every entity type with valid identifiers, in every county and park", async () => {
    const enterprises = await database.db.enterprise.findMany({
      select: {
        idType: true,
        idNumber: true,
        entityType: true,
        regionId: true,
        parkId: true,
        originCity: true,
        contactPhone: true,
      },
    });
    expect(enterprises.length).toBeGreaterThanOrEqual(300);
    expect(new Set(enterprises.map((enterprise) => enterprise.entityType)).size).toBe(8);
    for (const enterprise of enterprises) {
      if (enterprise.idType === "USCC") expect(isValidCreditCode(enterprise.idNumber), enterprise.idNumber).toBe(true);
      else {
        expect(enterprise.entityType).toBe("FARM_HOUSEHOLD");
        // A full, well-formed identity number: the household's profile can be saved again as it stands.
        expect(explainIdentityNumber(enterprise.idNumber), enterprise.idNumber).toBeNull();
      }
      expect(enterprise.contactPhone).toMatch(/^1380000\d{4}$/);
      if (enterprise.entityType === "TRANSFERRED_FIRM") {
        expect(enterprise.originCity).toBeTruthy();
        expect(enterprise.parkId).not.toBeNull();
      }
    }
    const counties = await database.db.region.findMany({
      where: { kind: { in: ["DISTRICT", "COUNTY"] } },
      select: { id: true },
    });
    const usedRegions = new Set(enterprises.map((enterprise) => enterprise.regionId));
    for (const county of counties) expect(usedRegions.has(county.id)).toBe(true);
    const parks = await database.db.region.count({ where: { kind: { in: ["FUNCTIONAL_ZONE", "INDUSTRIAL_PARK"] } } });
    expect(new Set(enterprises.map((enterprise) => enterprise.parkId).filter(Boolean)).size).toBe(parks);
  });

  it("has needs in every status and visibility, with history consistent with the lifecycles", async () => {
    const needs = await database.db.financingNeed.findMany({
      select: {
        id: true,
        status: true,
        visibility: true,
        publishedAt: true,
        expiresAt: true,
        firstResponseDueAt: true,
        closedAt: true,
        flags: true,
        purposeCategory: true,
        createdAt: true,
        enterprise: { select: { entityType: true, declaresNoPriorLoan: true, createdAt: true } },
        consents: { select: { institutionId: true } },
        directedInstitutions: { select: { institutionId: true, addedByEscalation: true } },
        engagements: {
          select: {
            status: true,
            activeSlot: true,
            acceptedAt: true,
            outcomes: { select: { kind: true, declineReason: true, declineMessage: true } },
          },
        },
        matches: { select: { id: true } },
      },
    });
    expect(new Set(needs.map((need) => need.status))).toEqual(
      new Set(["DRAFT", "OPEN", "IN_PROGRESS", "SUCCEEDED", "CLOSED_UNMET", "WITHDRAWN", "EXPIRED"]),
    );
    expect(new Set(needs.map((need) => need.visibility))).toEqual(new Set(["OPEN", "DIRECTED"]));

    for (const need of needs) {
      expect(need.matches, "matches are the matching job's").toHaveLength(0);
      expect(need.createdAt.getTime(), `${need.id} predates its enterprise's registration`).toBeGreaterThan(
        need.enterprise.createdAt.getTime(),
      );
      if (need.status === "DRAFT") {
        expect(need.publishedAt).toBeNull();
        expect(need.consents).toHaveLength(0);
        continue;
      }
      // Published: consent at publishing (general for OPEN, one per picked institution for DIRECTED) and deadlines.
      expect(need.publishedAt!.getTime()).toBeLessThan(REFERENCE_INSTANT.getTime());
      expect(need.firstResponseDueAt).not.toBeNull();
      expect(need.expiresAt).not.toBeNull();
      if (need.visibility === "OPEN")
        expect(
          need.consents.some((consent) => consent.institutionId === null),
          need.id,
        ).toBe(true);
      else {
        const picked = need.directedInstitutions
          .filter((row) => !row.addedByEscalation)
          .map((row) => row.institutionId);
        expect(picked.length, need.id).toBeGreaterThan(0);
        expect(need.consents.map((consent) => consent.institutionId).sort()).toEqual([...picked].sort());
      }

      const active = need.engagements.filter((engagement) => isEngagementActive(engagement.status));
      expect(active.length, need.id).toBeLessThanOrEqual(3);
      expect(new Set(active.map((engagement) => engagement.activeSlot)).size).toBe(active.length);
      expect(
        need.engagements
          .filter((engagement) => !isEngagementActive(engagement.status))
          .every((engagement) => engagement.activeSlot === null),
      ).toBe(true);
      for (const engagement of need.engagements) {
        if (engagement.status === "DECLINED") {
          expect(
            engagement.outcomes.some(
              (outcome) => outcome.kind === "DECLINED" && outcome.declineReason && outcome.declineMessage,
            ),
          ).toBe(true);
        }
      }

      switch (need.status) {
        case "OPEN":
          expect(
            need.engagements.every((engagement) => engagement.acceptedAt === null),
            need.id,
          ).toBe(true);
          break;
        case "IN_PROGRESS":
          expect(
            need.engagements.some((engagement) => engagement.acceptedAt !== null),
            need.id,
          ).toBe(true);
          break;
        case "SUCCEEDED": {
          const disbursed = need.engagements.find((engagement) => engagement.status === "DISBURSED");
          expect(disbursed?.outcomes.map((outcome) => outcome.kind).sort(), need.id).toEqual(["APPROVED", "DISBURSED"]);
          expect(need.closedAt).not.toBeNull();
          break;
        }
        case "EXPIRED":
          expect(need.expiresAt!.getTime()).toBeLessThan(REFERENCE_INSTANT.getTime());
          expect(need.closedAt).not.toBeNull();
          break;
        default:
          expect(need.closedAt, need.id).not.toBeNull();
      }

      // docs/domain.md#flags: 涉农 for farm entities or 农林牧渔 purposes; 转移 for transferred firms; 首贷 when declared.
      const farm = ["FARM_HOUSEHOLD", "FAMILY_FARM", "COOPERATIVE", "AGRI_ENTERPRISE"].includes(
        need.enterprise.entityType,
      );
      if (farm || ["SPRING_FARMING", "FISHING_BOAT_RENEWAL", "MARINE_AQUACULTURE"].includes(need.purposeCategory))
        expect(need.flags).toContain("AGRI");
      if (need.enterprise.entityType === "TRANSFERRED_FIRM") expect(need.flags).toContain("TRANSFER");
      if (need.enterprise.declaresNoPriorLoan) expect(need.flags).toContain("FIRST_LOAN");
    }

    expect(await database.db.ledgerEntry.count(), "ledger entries are the ledger job's").toBe(0);
    const timelineAfterToday = await database.db.needEvent.count({ where: { createdAt: { gt: REFERENCE_INSTANT } } });
    expect(timelineAfterToday).toBe(0);
  });

  it("has the holiday calendar for 2025–2027 with 调休 working days on weekends only", async () => {
    const days = await database.db.calendarDay.findMany({ select: { date: true, kind: true } });
    const years = new Set(days.map((day) => day.date.getUTCFullYear()));
    expect([...years].sort()).toEqual([2025, 2026, 2027]);
    for (const day of days.filter((row) => row.kind === "ADJUSTED_WORKDAY")) {
      expect([0, 6], day.date.toISOString()).toContain(day.date.getUTCDay());
    }
    // 2026 春节: 2月15日至23日放假调休，共9天；2月14日、2月28日上班 (国务院办公厅通知).
    const springFestival = days.filter(
      (day) => day.kind === "HOLIDAY" && day.date >= new Date("2026-02-01") && day.date <= new Date("2026-02-28"),
    );
    expect(springFestival).toHaveLength(9);
    expect(
      await database.db.consentTextVersion.findUnique({ where: { version: "2026-01" }, select: { version: true } }),
    ).not.toBeNull();
  });

  it("creates the demo accounts with their roles and published passwords, and one user per enterprise", async () => {
    for (const account of demoAccounts) {
      const user = await database.db.user.findUnique({
        where: { loginName: account.loginName },
        select: { role: true, enterpriseId: true, institutionId: true },
      });
      expect(user?.role, account.loginName).toBe(account.role);
      if (account.role === "ENTERPRISE") expect(user?.enterpriseId).not.toBeNull();
      if (account.role === "OFFICER" || account.role === "INSTITUTION_ADMIN")
        expect(user?.institutionId).not.toBeNull();
    }
    // One argon2 verification per distinct password keeps this quick.
    const checked = new Set<string>();
    for (const account of demoAccounts) {
      if (checked.has(account.password)) continue;
      checked.add(account.password);
      const { passwordHash } = await database.db.user.findUniqueOrThrow({
        where: { loginName: account.loginName },
        select: { passwordHash: true },
      });
      expect(await verifyPassword(passwordHash, account.password), account.loginName).toBe(true);
    }
    const enterprises = await database.db.enterprise.count();
    expect(await database.db.user.count({ where: { role: "ENTERPRISE", enterpriseId: { not: null } } })).toBe(
      enterprises,
    );
  });

  it("has month-end balances with a December base, and an entered base for the bank that joins mid-year", async () => {
    const { twoIncreases } = await import("~/modules/balances/two-increases.server.ts");
    const view = await twoIncreases(database.db, {
      year: 2026,
      month: "2026-10",
      institutionIds: null,
      regionIds: null,
      scopeLabel: "揭阳市",
    });
    const reporting = view.institutions.filter((row) => row.current);
    expect(reporting.length).toBeGreaterThanOrEqual(10);
    expect(reporting.filter((row) => row.base?.source === "DECEMBER_REPORT").length).toBe(reporting.length - 1);
    expect(reporting.filter((row) => row.base?.source === "ENTERED")).toHaveLength(1);
    expect(view.city.counted).toBe(reporting.length);
    expect(view.city.base && BigInt(view.city.base.inclusive.replace(".", ""))).toBeGreaterThan(0n);
    expect(view.city.growthPass).not.toBeNull();
    expect(await database.db.balanceRow.count({ where: { enterpriseId: { not: null } } })).toBeGreaterThan(0);
  });

  it("changes nothing when run again", async () => {
    const before = await fingerprint(database.db);
    const second = await seedDatabase(database.db);
    expect(
      Object.values(second.inserted).every((count) => count === 0),
      JSON.stringify(second.inserted),
    ).toBe(true);
    expect(second.counts).toEqual(first.counts);
    expect(await fingerprint(database.db)).toEqual(before);
  }, 60_000);

  it("is the history the app itself would have written: the deadline scanner has nothing to do at the reference date", async () => {
    // The scanner's module reads the environment lazily; give it what it needs when the runner has not.
    process.env.DATABASE_URL ??= database.url;
    process.env.SESSION_SECRET ??= "seed-test-session-secret-0123456789abcdef";
    const { scanDeadlines } = await import("~/modules/deadlines/deadlines.server.ts");
    const result = await scanDeadlines(database.db, { now: REFERENCE_INSTANT });
    expect(result.responsesBackfilled).toBe(0);
    expect(result.remindersSent).toBe(0);
    expect(result.escalations).toEqual([]);
    expect(result.expired).toEqual([]);
  });

  it("is deterministic: another fresh database gets the very same rows (password salts aside)", async () => {
    const other = await createIsolatedDatabase("seed_again");
    // Salts are random, and feedSeq follows the order needs were published in.
    const perDatabase = ["passwordHash", "feedSeq"];
    try {
      await seedDatabase(other.db);
      expect(await fingerprint(other.db, perDatabase)).toEqual(await fingerprint(database.db, perDatabase));
    } finally {
      await other.drop();
    }
  }, 120_000);
});
