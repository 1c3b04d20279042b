/**
 * Creates the Playwright scenario's own data in the e2e database (run with tsx by tests/e2e/institution-*.spec.ts):
 * a first-loan enterprise in 榕城区 with an OPEN need, the general consent given at posting, a match with 揭阳农商银行's
 * “首贷通”, and the need's document in the leads index. Prints what the spec needs as one JSON line.
 *
 *   DATABASE_URL=… MEILI_URL=… MEILI_INDEX_PREFIX=… npx tsx tests/e2e/support/institution-world.ts
 */
import { randomInt } from "node:crypto";
import { getDb } from "~/infra/db.server.ts";
import { getMeili } from "../../../search/client.ts";
import { ensureIndexes } from "../../../search/settings.ts";
import { syncNeeds } from "~/modules/search-index/sync.server.ts";
import { createEnterprise, createMatch, createNeed, token } from "../../support/world.ts";

async function main() {
  const db = getDb();
  const suffix = token(4);
  const rongcheng = await db.region.findUniqueOrThrow({ where: { code: "445202" }, select: { id: true } });
  const product = await db.product.findUniqueOrThrow({
    where: { code: "JYRCB-FIRSTLOAN" },
    select: { id: true, name: true },
  });
  const consentText = await db.consentTextVersion.findFirstOrThrow({
    orderBy: { effectiveAt: "desc" },
    select: { version: true },
  });
  const contactPhone = `139${String(randomInt(10_000_000, 99_999_999))}`;
  const borrower = await createEnterprise(db, {
    name: `揭阳市榕城区瑞丰${suffix}食品有限公司`,
    idNumber: `91445200E2E${suffix.slice(0, 7)}`,
    sizeClass: "MICRO",
    industrySection: "C",
    industryDivision: "13",
    regionId: rongcheng.id,
    foundedOn: new Date("2021-05-10"),
    employees: 18,
    declaresNoPriorLoan: true,
    contactName: "郑雅琴",
    contactPhone,
    address: "揭阳市榕城区仙桥街道测试工业区 8 号",
    user: { loginName: contactPhone, phone: null, password: null, isActive: false },
  });
  const now = new Date();
  const need = await createNeed(db, {
    enterprise: borrower,
    amount: "500000",
    purposeCategory: "EQUIPMENT_PURCHASE",
    description: "采购菌菇烘干生产线一套，扩大食用菌深加工产能，预计新增就业 10 人。",
    shareDescription: true,
    maxAnnualRate: "5.0000",
    flags: ["FIRST_LOAN"],
    publishedAt: now,
    firstResponseDueAt: new Date(now.getTime() + 3 * 86_400_000),
    consent: "general",
    consentVersion: consentText.version,
  });
  await createMatch(db, {
    needId: need.id,
    productId: product.id,
    score: "91.00",
    reasons: [
      "金额 50 万元在产品额度 3–100 万元内",
      "期限 12 个月在 3–24 个月内",
      "信用类产品，无需抵押",
      "首贷户专属产品",
    ],
  });
  const meili = getMeili();
  await ensureIndexes(meili);
  await syncNeeds(db, meili, [need.id]);
  const { enterprise } = borrower;
  console.log(
    JSON.stringify({
      needId: need.id,
      enterpriseName: enterprise.name,
      creditCode: enterprise.idNumber,
      contactName: enterprise.contactName,
      contactPhone,
      productName: product.name,
    }),
  );
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
