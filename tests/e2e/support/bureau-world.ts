/**
 * Data of its own for the bureau Playwright spec (tests/e2e/bureau-console.spec.ts), added to the e2e database next
 * to the demo seed: a bank, two borrowers in 惠来县 and three needs published in 2026 Q3 — one disbursed as a
 * confirmed first loan, one approved, one unanswered — with the ledger posted by the real ledger module and the
 * bureau rollups refreshed (as the jobs would). Prints one JSON line: { year, quarter, regionCode, bankName }.
 *
 *   DATABASE_URL=… npx tsx tests/e2e/support/bureau-world.ts
 */
import { createDb } from "~/infra/db.server.ts";
import { refreshBureauRollups } from "~/modules/bureau/rollups.server.ts";
import { shanghaiInstant } from "~/kernel/time.ts";
import {
  createEngagement,
  createEnterprise,
  createInstitution,
  createMatch,
  createNeed,
  createOfficer,
  createOutcome,
  createProduct,
  token,
} from "../../support/world.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is required");
const db = createDb(databaseUrl);
const tag = token(3);
const HOUR = 3_600_000;

try {
  const huilai = await db.region.findUniqueOrThrow({ where: { code: "445224" }, select: { id: true } });
  const bank = await createInstitution(db, {
    code: `E2E-BANK-${tag}`,
    name: `E2E测试银行惠来支行${tag}`,
    shortName: `E2E银行${tag}`,
  });
  const officer = await createOfficer(db, bank.id, {
    loginName: `e2e.bureau.officer.${tag}`,
    displayName: "E2E客户经理",
    password: null,
  });
  const product = await createProduct(db, {
    code: `E2E-PROD-${tag}`,
    institutionId: bank.id,
    name: "E2E海洋养殖贷",
    summary: "",
    description: "",
    minAmount: "10000",
    maxAmount: "3000000",
    eligibleEntityTypes: ["SMALL_MICRO", "FARM_HOUSEHOLD"],
    policyTool: "AGRI_SMALL_RELENDING",
  });
  const borrowers = [];
  for (const [index, entity] of (["SMALL_MICRO", "FAMILY_FARM"] as const).entries()) {
    borrowers.push(
      await createEnterprise(db, {
        name: `惠来县E2E${index === 0 ? "水产加工有限公司" : "家庭农场"}${tag}`,
        idNumber: `E2E${tag}${index}`.padEnd(18, "0"),
        entityType: entity,
        industrySection: index === 0 ? "C" : "A",
        regionId: huilai.id,
        foundedOn: null,
        contactName: "E2E联系人",
        contactPhone: "13700000000",
        user: { loginName: `e2e.bureau.ent.${tag}.${index}`, displayName: "E2E企业用户", phone: null, password: null },
      }),
    );
  }

  const specs = [
    { borrower: 0, day: "2026-07-08", amount: "600000.00", status: "SUCCEEDED", outcome: "DISBURSED" },
    { borrower: 1, day: "2026-08-12", amount: "250000.00", status: "IN_PROGRESS", outcome: "APPROVED" },
    { borrower: 1, day: "2026-09-16", amount: "90000.00", status: "OPEN", outcome: null },
  ] as const;
  for (const spec of specs) {
    const publishedAt = shanghaiInstant(spec.day, 10, 0);
    const responded = spec.outcome !== null;
    const need = await createNeed(db, {
      enterprise: borrowers[spec.borrower]!,
      amount: spec.amount,
      purposeCategory: "MARINE_AQUACULTURE",
      description: "E2E 监测测试需求",
      status: spec.status,
      publishedAt,
      expiresAt: null,
      firstResponseDueAt: new Date(publishedAt.getTime() + 72 * HOUR),
      firstRespondedAt: responded ? new Date(publishedAt.getTime() + 4 * HOUR) : null,
    });
    await createMatch(db, { needId: need.id, productId: product.id, score: "88", reasons: ["E2E"] });
    if (!spec.outcome) continue;
    const engagement = await createEngagement(db, {
      needId: need.id,
      institutionId: bank.id,
      status: spec.outcome,
      requestedAt: new Date(publishedAt.getTime() + 4 * HOUR),
      acceptedAt: new Date(publishedAt.getTime() + 5 * HOUR),
      decidedAt: new Date(publishedAt.getTime() + 168 * HOUR),
    });
    await createOutcome(db, {
      engagementId: engagement.id,
      kind: spec.outcome,
      amount: spec.amount,
      totalCreditAtInstitution: null,
      decidedOn: `${spec.day.slice(0, 8)}20`,
      productId: product.id,
      policyTool: "AGRI_SMALL_RELENDING",
      firstLoanConfirmed: spec.outcome === "DISBURSED",
      recordedById: officer.id,
      postLedger: true,
    });
  }
  await refreshBureauRollups(db);
  console.log(JSON.stringify({ year: 2026, quarter: 3, regionCode: "445224", bankName: bank.name }));
} finally {
  await db.$disconnect();
}
