/**
 * Data of its own for the bureau Playwright spec (tests/e2e/bureau-console.spec.ts), added to the e2e database next
 * to the demo seed: a bank, two borrowers in 惠来县 and three needs published in 2026 Q3 — one disbursed as a
 * confirmed first loan, one approved, one unanswered — with the ledger posted by the real ledger module and the
 * bureau rollups refreshed (as the jobs would). Prints one JSON line: { year, quarter, regionCode }.
 *
 *   DATABASE_URL=… npx tsx tests/integration/bureau/e2e-world.ts
 */
import { randomBytes } from "node:crypto";
import { createDb } from "~/infra/db.server.ts";
import { refreshBureauRollups } from "~/modules/bureau/rollups.server.ts";
import { shanghaiInstant } from "~/modules/deadlines/working-days.ts";
import { postLedgerForOutcome } from "~/modules/ledger/ledger.server.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is required");
const db = createDb(databaseUrl);
const tag = randomBytes(3).toString("hex").toUpperCase();

try {
  const huilai = await db.region.findUniqueOrThrow({ where: { code: "445224" }, select: { id: true } });
  const bank = await db.institution.create({
    data: {
      code: `E2E-BANK-${tag}`,
      name: `E2E测试银行惠来支行${tag}`,
      shortName: `E2E银行${tag}`,
      kind: "BANK",
      subType: "RURAL_COMMERCIAL_BANK",
    },
  });
  const officer = await db.user.create({
    data: {
      loginName: `e2e.bureau.officer.${tag}`,
      passwordHash: "!",
      displayName: "E2E客户经理",
      role: "OFFICER",
      institutionId: bank.id,
    },
  });
  const product = await db.product.create({
    data: {
      code: `E2E-PROD-${tag}`,
      institutionId: bank.id,
      kind: "LOAN",
      name: "E2E海洋养殖贷",
      summary: "",
      description: "",
      minAmount: "10000",
      maxAmount: "3000000",
      minTermMonths: 1,
      maxTermMonths: 36,
      acceptedCollateral: ["CREDIT"],
      eligibleEntityTypes: ["SMALL_MICRO", "FARM_HOUSEHOLD"],
      policyTool: "AGRI_SMALL_RELENDING",
      status: "PUBLISHED",
    },
  });
  const borrowers = [];
  for (const [index, entity] of (["SMALL_MICRO", "FAMILY_FARM"] as const).entries()) {
    const enterprise = await db.enterprise.create({
      data: {
        name: `惠来县E2E${index === 0 ? "水产加工有限公司" : "家庭农场"}${tag}`,
        idNumber: `E2E${tag}${index}`.padEnd(18, "0"),
        entityType: entity,
        sizeClass: "SMALL",
        industrySection: index === 0 ? "C" : "A",
        regionId: huilai.id,
        contactName: "E2E联系人",
        contactPhone: "13700000000",
      },
    });
    const user = await db.user.create({
      data: {
        loginName: `e2e.bureau.ent.${tag}.${index}`,
        passwordHash: "!",
        displayName: "E2E企业用户",
        role: "ENTERPRISE",
        enterpriseId: enterprise.id,
      },
    });
    borrowers.push({ enterprise, user });
  }

  const specs = [
    { borrower: 0, day: "2026-07-08", amount: "600000.00", status: "SUCCEEDED", outcome: "DISBURSED" },
    { borrower: 1, day: "2026-08-12", amount: "250000.00", status: "IN_PROGRESS", outcome: "APPROVED" },
    { borrower: 1, day: "2026-09-16", amount: "90000.00", status: "OPEN", outcome: null },
  ] as const;
  for (const spec of specs) {
    const { enterprise, user } = borrowers[spec.borrower]!;
    const publishedAt = shanghaiInstant(spec.day, 10, 0);
    const responded = spec.outcome !== null;
    const need = await db.financingNeed.create({
      data: {
        enterpriseId: enterprise.id,
        createdById: user.id,
        regionId: huilai.id,
        amount: spec.amount,
        termMonths: 12,
        purposeCategory: "MARINE_AQUACULTURE",
        description: "E2E 监测测试需求",
        status: spec.status,
        publishedAt,
        firstResponseDueAt: new Date(publishedAt.getTime() + 3 * 86_400_000),
        firstRespondedAt: responded ? new Date(publishedAt.getTime() + 4 * 3_600_000) : null,
      },
    });
    await db.match.create({
      data: {
        needId: need.id,
        productId: product.id,
        kind: "DIRECT",
        score: "88",
        rank: 1,
        components: {},
        reasons: ["E2E"],
      },
    });
    if (!spec.outcome) continue;
    const engagement = await db.engagement.create({
      data: {
        needId: need.id,
        institutionId: bank.id,
        initiatedBy: "INSTITUTION",
        status: spec.outcome,
        requestedAt: new Date(publishedAt.getTime() + 4 * 3_600_000),
        acceptedAt: new Date(publishedAt.getTime() + 5 * 3_600_000),
        decidedAt: new Date(publishedAt.getTime() + 7 * 86_400_000),
      },
    });
    const outcome = await db.outcome.create({
      data: {
        engagementId: engagement.id,
        kind: spec.outcome,
        approvedAmount: spec.amount,
        disbursedAmount: spec.outcome === "DISBURSED" ? spec.amount : null,
        decidedOn: new Date(`${spec.day.slice(0, 8)}20T00:00:00Z`),
        productId: product.id,
        policyTool: "AGRI_SMALL_RELENDING",
        firstLoanConfirmed: spec.outcome === "DISBURSED",
        recordedById: officer.id,
      },
    });
    await postLedgerForOutcome(db, outcome.id);
  }
  await refreshBureauRollups(db);
  console.log(JSON.stringify({ year: 2026, quarter: 3, regionCode: "445224", bankName: bank.name }));
} finally {
  await db.$disconnect();
}
