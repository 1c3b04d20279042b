/**
 * `npm run db:seed` — loads the demo world for 揭阳: regions, GB/T 4754 industries, the holiday calendar, the consent
 * text, 28 institutions with ~80 products, 320 enterprises with users, and financing needs with their full history.
 *
 * Repeatable: every row has a natural key (Region.code, Industry.code, Institution.code, Product.code, Enterprise
 * idType+idNumber, User.loginName) or a stable seed id (seed-need-0001 …), and is inserted only when missing, so a
 * second run changes nothing. Reference data (regions, industries, calendar) is also brought back in line with the
 * tables here when a row differs; business data that people edit in the app (institutions, products, enterprises,
 * users, needs) is never overwritten. A need is inserted together with its whole history, once.
 *
 * Deterministic: all generated data comes from seeded PRNG streams and one fixed reference date (time.ts).
 */
import { pathToFileURL } from "node:url";
import { Prisma, type PrismaClient } from "../../app/generated/prisma/client.ts";
import { createDb } from "../../app/infra/db.server.ts";
import { fenToYuanString, wanToFen } from "../../app/kernel/money.ts";
import { dateColumnDay } from "../../app/kernel/time.ts";
import { hashPassword } from "../../app/modules/auth/password.server.ts";
import { buildBalanceReports } from "./balances.ts";
import { buildCalendarDays } from "./calendar.ts";
import { CONSENT_TEXT_BODY, CONSENT_TEXT_EFFECTIVE_AT, CONSENT_TEXT_VERSION } from "./consent.ts";
import { DEMO_PASSWORDS, formatDemoAccounts, type DemoPasswordKey } from "./demo-accounts.ts";
import { buildEnterprises } from "./enterprises.ts";
import { INDUSTRY_DIVISIONS, INDUSTRY_SECTIONS } from "./industries.ts";
import { INSTITUTIONS } from "./institutions.ts";
import { buildNeeds, type IdResolver } from "./needs.ts";
import { COST_OVERRIDE_CODES, costTermsFor } from "./product-costs.ts";
import { PRODUCTS, productPublication } from "./products.ts";
import { REGIONS } from "./regions.ts";
import { buildTargets, TARGET_YEAR } from "./targets.ts";
import { PLATFORM_LAUNCH, dayToDateColumn, shanghaiInstant } from "./time.ts";
import { buildUsers } from "./users.ts";

type Tx = Prisma.TransactionClient;

export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/jieyang_dev";

export interface SeedSummary {
  durationMs: number;
  inserted: Record<string, number>;
  counts: {
    institutionsByKind: Record<string, number>;
    productsByKind: Record<string, number>;
    enterprisesByType: Record<string, number>;
    needsByStatus: Record<string, number>;
    usersByRole: Record<string, number>;
  };
}

/** Postgres allows 65,535 bind parameters per statement; 500 rows of ≤ 30 columns stay well below. */
const CHUNK = 500;

async function insertMissing<T>(
  rows: readonly T[],
  insert: (chunk: T[]) => Promise<{ count: number }>,
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    inserted += (await insert(rows.slice(start, start + CHUNK))).count;
  }
  return inserted;
}

function decimal(value: string): Prisma.Decimal {
  return new Prisma.Decimal(value);
}

function wanToYuan(wan: string): Prisma.Decimal {
  return new Prisma.Decimal(fenToYuanString(wanToFen(wan)));
}

function lookup(map: ReadonlyMap<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`seed: no ${what} for ${key}`);
  return id;
}

// ───────────────────────────── reference data ─────────────────────────────

async function seedRegions(tx: Tx): Promise<{ ids: Map<string, string>; inserted: number }> {
  const ids = new Map<string, string>();
  let inserted = 0;
  // Parents before children: insert tier by tier so every parentId resolves.
  const pending = [...REGIONS];
  while (pending.length > 0) {
    const ready = pending.filter((region) => region.parentCode === null || ids.has(region.parentCode));
    if (ready.length === 0) throw new Error("seed: region tree has a cycle or a missing parent");
    inserted += (
      await tx.region.createMany({
        data: ready.map((region) => ({
          id: `seed-region-${region.code}`,
          code: region.code,
          name: region.name,
          kind: region.kind,
          parentId: region.parentCode ? ids.get(region.parentCode)! : null,
          sortOrder: region.sortOrder,
          createdAt: PLATFORM_LAUNCH,
          updatedAt: PLATFORM_LAUNCH,
        })),
        skipDuplicates: true,
      })
    ).count;
    const rows = await tx.region.findMany({
      where: { code: { in: ready.map((region) => region.code) } },
      select: { id: true, code: true, name: true, kind: true, parentId: true, sortOrder: true },
    });
    for (const row of rows) {
      ids.set(row.code, row.id);
      const wanted = ready.find((region) => region.code === row.code)!;
      const parentId = wanted.parentCode ? ids.get(wanted.parentCode)! : null;
      if (
        row.name !== wanted.name ||
        row.kind !== wanted.kind ||
        row.parentId !== parentId ||
        row.sortOrder !== wanted.sortOrder
      ) {
        await tx.region.update({
          where: { id: row.id },
          data: { name: wanted.name, kind: wanted.kind, parentId, sortOrder: wanted.sortOrder },
        });
      }
    }
    for (const region of ready) pending.splice(pending.indexOf(region), 1);
  }
  return { ids, inserted };
}

async function seedIndustries(tx: Tx): Promise<number> {
  let inserted = 0;
  for (const tier of [INDUSTRY_SECTIONS, INDUSTRY_DIVISIONS]) {
    inserted += (await tx.industry.createMany({ data: [...tier], skipDuplicates: true })).count;
  }
  const existing = await tx.industry.findMany({ select: { code: true, name: true, sectionCode: true } });
  const byCode = new Map(existing.map((row) => [row.code, row]));
  for (const wanted of [...INDUSTRY_SECTIONS, ...INDUSTRY_DIVISIONS]) {
    const row = byCode.get(wanted.code)!;
    if (row.name !== wanted.name || row.sectionCode !== wanted.sectionCode) {
      await tx.industry.update({
        where: { code: wanted.code },
        data: { name: wanted.name, sectionCode: wanted.sectionCode },
      });
    }
  }
  return inserted;
}

async function seedCalendar(tx: Tx): Promise<number> {
  const days = buildCalendarDays();
  const inserted = (
    await tx.calendarDay.createMany({
      data: days.map((day) => ({
        date: dayToDateColumn(day.date),
        kind: day.kind,
        name: day.name,
        createdAt: dayToDateColumn(day.date.slice(0, 4) + "-01-01"),
      })),
      skipDuplicates: true,
    })
  ).count;
  const existing = await tx.calendarDay.findMany({
    where: { date: { in: days.map((day) => dayToDateColumn(day.date)) } },
    select: { date: true, kind: true, name: true },
  });
  const byDate = new Map(existing.map((row) => [dateColumnDay(row.date), row]));
  for (const day of days) {
    const row = byDate.get(day.date)!;
    if (row.kind !== day.kind || row.name !== day.name) {
      await tx.calendarDay.update({
        where: { date: dayToDateColumn(day.date) },
        data: { kind: day.kind, name: day.name },
      });
    }
  }
  return inserted;
}

async function seedConsentText(tx: Tx): Promise<number> {
  // Versions are immutable (records point at the wording agreed to): insert once, never update.
  return (
    await tx.consentTextVersion.createMany({
      data: [{ version: CONSENT_TEXT_VERSION, body: CONSENT_TEXT_BODY, effectiveAt: CONSENT_TEXT_EFFECTIVE_AT }],
      skipDuplicates: true,
    })
  ).count;
}

// ───────────────────────────── institutions and products ─────────────────────────────

async function seedInstitutions(
  tx: Tx,
  regionIds: ReadonlyMap<string, string>,
): Promise<{ ids: Map<string, string>; inserted: number }> {
  const ids = new Map<string, string>();
  let inserted = 0;
  for (const tier of [
    INSTITUTIONS.filter((item) => item.parentCode === null),
    INSTITUTIONS.filter((item) => item.parentCode !== null),
  ]) {
    inserted += (
      await tx.institution.createMany({
        data: tier.map((institution) => ({
          id: `seed-inst-${institution.code}`,
          code: institution.code,
          name: institution.name,
          shortName: institution.shortName,
          kind: institution.kind,
          subType: institution.subType,
          parentId: institution.parentCode ? lookup(ids, institution.parentCode, "institution") : null,
          isKeyPartner: institution.isKeyPartner,
          locatedInRegionId: institution.locatedInRegionCode
            ? lookup(regionIds, institution.locatedInRegionCode, "region")
            : null,
          servicePhone: institution.servicePhone,
          address: institution.address,
          createdAt: PLATFORM_LAUNCH,
          updatedAt: PLATFORM_LAUNCH,
        })),
        skipDuplicates: true,
      })
    ).count;
    const rows = await tx.institution.findMany({
      where: { code: { in: tier.map((item) => item.code) } },
      select: { id: true, code: true },
    });
    for (const row of rows) ids.set(row.code, row.id);
  }
  await tx.institutionRegion.createMany({
    data: INSTITUTIONS.flatMap((institution) =>
      institution.servedRegionCodes.map((code) => ({
        institutionId: lookup(ids, institution.code, "institution"),
        regionId: lookup(regionIds, code, "region"),
      })),
    ),
    skipDuplicates: true,
  });
  return { ids, inserted };
}

async function seedProducts(
  tx: Tx,
  institutionIds: ReadonlyMap<string, string>,
  regionIds: ReadonlyMap<string, string>,
): Promise<{ ids: Map<string, string>; inserted: number }> {
  const inserted = (
    await tx.product.createMany({
      data: PRODUCTS.map((product) => {
        const { publishedOn, retiredOn } = productPublication(product);
        return {
          id: `seed-product-${product.code}`,
          code: product.code,
          institutionId: lookup(institutionIds, product.institutionCode, "institution"),
          kind: product.kind,
          name: product.name,
          summary: product.summary,
          description: product.description,
          minAmount: wanToYuan(product.amountWan[0]),
          maxAmount: wanToYuan(product.amountWan[1]),
          minTermMonths: product.termMonths[0],
          maxTermMonths: product.termMonths[1],
          minAnnualRate: product.annualRate ? decimal(product.annualRate[0]) : null,
          maxAnnualRate: product.annualRate ? decimal(product.annualRate[1]) : null,
          feeRate: product.feeRate ? decimal(product.feeRate) : null,
          ...costColumns(product),
          acceptedCollateral: [...product.acceptedCollateral],
          eligibleEntityTypes: [...product.eligibleEntityTypes],
          eligibleIndustrySections: [...product.eligibleIndustrySections],
          minYearsInBusiness: product.minYearsInBusiness,
          flags: [...product.flags],
          policyTool: product.policyTool,
          status: product.status,
          validFrom: dayToDateColumn(product.validFrom),
          validTo: dayToDateColumn(product.validTo),
          publishedAt: publishedOn ? shanghaiInstant(publishedOn, 10, 0) : null,
          retiredAt: retiredOn ? shanghaiInstant(retiredOn, 18, 0) : null,
          createdAt: shanghaiInstant(publishedOn ?? "2026-10-15", 9, 0),
          updatedAt: shanghaiInstant(retiredOn ?? publishedOn ?? "2026-10-15", retiredOn ? 18 : 10, 0),
        };
      }),
      skipDuplicates: true,
    })
  ).count;
  const rows = await tx.product.findMany({
    where: { code: { in: PRODUCTS.map((product) => product.code) } },
    select: { id: true, code: true },
  });
  const ids = new Map(rows.map((row) => [row.code, row.id]));
  await tx.productRegion.createMany({
    data: PRODUCTS.flatMap((product) =>
      product.regionCodes.map((code) => ({
        productId: lookup(ids, product.code, "product"),
        regionId: lookup(regionIds, code, "region"),
      })),
    ),
    skipDuplicates: true,
  });
  await tx.productSubsidy.createMany({
    data: PRODUCTS.flatMap((product) =>
      (costTermsFor(product).subsidies ?? []).map((subsidy) => ({
        id: `seed-subsidy-${product.code}-${subsidy.kind}`,
        productId: lookup(ids, product.code, "product"),
        kind: subsidy.kind,
        mode: subsidy.mode,
        annualRate: decimal(subsidy.annualRate),
        source: subsidy.source,
        eligibility: subsidy.eligibility,
      })),
    ),
    skipDuplicates: true,
  });
  return { ids, inserted };
}

function costColumns(product: (typeof PRODUCTS)[number]) {
  const terms = costTermsFor(product);
  const optional = (value: string | undefined) => (value ? decimal(value) : null);
  return {
    repaymentMethods: [...(terms.repaymentMethods ?? [])],
    upfrontFeeAmount: optional(terms.upfrontFeeAmount),
    upfrontFeeRate: optional(terms.upfrontFeeRate),
    periodicFeeRate: optional(terms.periodicFeeRate),
    ...(terms.periodicFeeBase ? { periodicFeeBase: terms.periodicFeeBase } : {}),
    guaranteeFeeRate: optional(terms.guaranteeFeeRate),
    premiumRate: optional(terms.premiumRate),
    ...(terms.feeBasis ? { feeBasis: terms.feeBasis } : {}),
    ...(terms.feeBase ? { feeBase: terms.feeBase } : {}),
  };
}

for (const code of COST_OVERRIDE_CODES) {
  if (!PRODUCTS.some((product) => product.code === code)) throw new Error(`cost terms for unknown product ${code}`);
}

// ───────────────────────────── the whole seed ─────────────────────────────

export async function seedDatabase(
  db: PrismaClient,
  options: { log?: (line: string) => void } = {},
): Promise<SeedSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});

  // Pure, deterministic data first; the database only ever sees the finished rows.
  const enterprises = buildEnterprises();
  const users = buildUsers(enterprises);
  const graph = buildNeeds(enterprises);

  // argon2id is deliberately slow: hash each distinct demo password once and share the hash.
  const hashes = new Map<DemoPasswordKey, string>();
  for (const key of new Set(users.map((user) => user.password)))
    hashes.set(key, await hashPassword(DEMO_PASSWORDS[key]));

  const inserted: Record<string, number> = {};
  await db.$transaction(
    async (tx) => {
      const regions = await seedRegions(tx);
      inserted.regions = regions.inserted;
      inserted.industries = await seedIndustries(tx);
      inserted.calendarDays = await seedCalendar(tx);
      inserted.consentTexts = await seedConsentText(tx);
      // Annual targets: inserted once; later changes made by the bureau in the console are kept.
      inserted.targets = (
        await tx.target.createMany({
          data: buildTargets().map((target) => ({
            year: TARGET_YEAR,
            metric: target.metric,
            regionId: lookup(regions.ids, target.regionCode, "region"),
            institutionId: null,
            value: decimal(target.value),
          })),
          skipDuplicates: true,
        })
      ).count;
      const institutions = await seedInstitutions(tx, regions.ids);
      inserted.institutions = institutions.inserted;
      const products = await seedProducts(tx, institutions.ids, regions.ids);
      inserted.products = products.inserted;

      // Databases seeded before farm households got full identity numbers hold a masked one ("4452241985****0002");
      // give those rows (by seed id) the number the seed now generates, so they resolve below and can be re-saved.
      for (const enterprise of enterprises.filter((item) => item.idType === "FARMER_ID")) {
        await tx.enterprise.updateMany({
          where: { id: enterprise.id, idNumber: { contains: "*" } },
          data: { idNumber: enterprise.idNumber },
        });
      }
      // Enterprises, then their users; both resolved back by natural key in case a row predates the seed ids.
      inserted.enterprises = await insertMissing(enterprises, (chunk) =>
        tx.enterprise.createMany({
          data: chunk.map((enterprise) => ({
            id: enterprise.id,
            name: enterprise.name,
            idType: enterprise.idType,
            idNumber: enterprise.idNumber,
            entityType: enterprise.entityType,
            sizeClass: enterprise.sizeClass,
            industrySection: enterprise.industrySection,
            industryDivision: enterprise.industryDivision,
            regionId: lookup(regions.ids, enterprise.regionCode, "region"),
            parkId: enterprise.parkCode ? lookup(regions.ids, enterprise.parkCode, "region") : null,
            foundedOn: enterprise.foundedOn ? dayToDateColumn(enterprise.foundedOn) : null,
            employees: enterprise.employees,
            annualRevenue: enterprise.annualRevenue ? decimal(enterprise.annualRevenue) : null,
            originCity: enterprise.originCity,
            declaresNoPriorLoan: enterprise.declaresNoPriorLoan,
            legalRepresentative: enterprise.legalRepresentative,
            contactName: enterprise.contactName,
            contactPhone: enterprise.contactPhone,
            contactEmail: enterprise.contactEmail,
            address: enterprise.address,
            createdAt: enterprise.createdAt,
            updatedAt: enterprise.createdAt,
          })),
          skipDuplicates: true,
        }),
      );
      const enterpriseRows = await tx.enterprise.findMany({
        where: { idNumber: { in: enterprises.map((enterprise) => enterprise.idNumber) } },
        select: { id: true, idType: true, idNumber: true },
      });
      const enterpriseIdByKey = new Map(enterpriseRows.map((row) => [`${row.idType}:${row.idNumber}`, row.id]));
      const enterpriseIds = new Map(
        enterprises.map((enterprise) => [
          String(enterprise.serial),
          lookup(enterpriseIdByKey, `${enterprise.idType}:${enterprise.idNumber}`, "enterprise"),
        ]),
      );

      inserted.users = await insertMissing(users, (chunk) =>
        tx.user.createMany({
          data: chunk.map((user) => ({
            id: user.id,
            loginName: user.loginName,
            passwordHash: hashes.get(user.password)!,
            displayName: user.displayName,
            role: user.role,
            enterpriseId:
              user.enterpriseSerial === null
                ? null
                : lookup(enterpriseIds, String(user.enterpriseSerial), "enterprise"),
            institutionId:
              user.institutionCode === null ? null : lookup(institutions.ids, user.institutionCode, "institution"),
            email: user.email,
            phone: user.phone,
            createdAt: user.createdAt,
            updatedAt: user.createdAt,
          })),
          skipDuplicates: true,
        }),
      );
      const userRows = await tx.user.findMany({
        where: { loginName: { in: users.map((user) => user.loginName) } },
        select: { id: true, loginName: true },
      });
      const userIds = new Map(userRows.map((row) => [row.loginName, row.id]));

      // Needs arrive with their whole history, once: children are written only for needs this run created.
      const existingNeeds = await tx.financingNeed.findMany({
        where: { id: { in: graph.needs.map((need) => need.id) } },
        select: { id: true },
      });
      const existing = new Set(existingNeeds.map((row) => row.id));
      const isNew = (needId: string) => !existing.has(needId);
      const resolver: IdResolver = {
        institution: (code) => lookup(institutions.ids, code, "institution"),
        product: (code) => lookup(products.ids, code, "product"),
      };

      inserted.needs = await insertMissing(
        graph.needs.filter((need) => isNew(need.id)),
        (chunk) =>
          tx.financingNeed.createMany({
            data: chunk.map((need) => ({
              id: need.id,
              enterpriseId: lookup(enterpriseIds, String(need.enterpriseSerial), "enterprise"),
              createdById: lookup(userIds, need.createdByLogin, "user"),
              regionId: lookup(regions.ids, need.regionCode, "region"),
              amount: decimal(need.amount),
              termMonths: need.termMonths,
              purposeCategory: need.purposeCategory,
              description: need.description,
              shareDescription: need.shareDescription,
              collateralOffered: need.collateralOffered,
              maxAnnualRate: need.maxAnnualRate ? decimal(need.maxAnnualRate) : null,
              wantedBy: need.wantedBy ? dayToDateColumn(need.wantedBy) : null,
              wantsLoan: need.wantsLoan,
              wantsGuarantee: need.wantsGuarantee,
              wantsInsurance: need.wantsInsurance,
              flags: need.flags,
              visibility: need.visibility,
              allowWidening: need.allowWidening,
              status: need.status,
              publishedAt: need.publishedAt,
              expiresAt: need.expiresAt,
              firstResponseDueAt: need.firstResponseDueAt,
              firstRespondedAt: need.firstRespondedAt,
              overdueSince: need.overdueSince,
              closedAt: need.closedAt,
              closeNote: need.closeNote,
              createdAt: need.createdAt,
              updatedAt: need.updatedAt,
            })),
            skipDuplicates: true,
          }),
      );

      inserted.directedInstitutions = await insertMissing(
        graph.directed.filter((row) => isNew(row.needId)),
        (chunk) =>
          tx.needDirectedInstitution.createMany({
            data: chunk.map((row) => ({
              needId: row.needId,
              institutionId: resolver.institution(row.institutionCode),
              addedByEscalation: row.addedByEscalation,
              createdAt: row.createdAt,
            })),
            skipDuplicates: true,
          }),
      );

      inserted.consents = await insertMissing(
        graph.consents.filter((row) => isNew(row.needId)),
        (chunk) =>
          tx.consentRecord.createMany({
            data: chunk.map((consent) => ({
              id: consent.id,
              needId: consent.needId,
              enterpriseId: lookup(enterpriseIds, String(consent.enterpriseSerial), "enterprise"),
              institutionId: consent.institutionCode ? resolver.institution(consent.institutionCode) : null,
              textVersion: CONSENT_TEXT_VERSION,
              grantedById: lookup(userIds, consent.grantedByLogin, "user"),
              grantedAt: consent.grantedAt,
              withdrawnAt: consent.withdrawnAt,
            })),
            skipDuplicates: true,
          }),
      );

      inserted.engagements = await insertMissing(
        graph.engagements.filter((row) => isNew(row.needId)),
        (chunk) =>
          tx.engagement.createMany({
            data: chunk.map((engagement) => ({
              id: engagement.id,
              needId: engagement.needId,
              institutionId: resolver.institution(engagement.institutionCode),
              officerId: lookup(userIds, engagement.officerLogin, "user"),
              initiatedBy: engagement.initiatedBy,
              status: engagement.status,
              activeSlot: engagement.activeSlot,
              requestedAt: engagement.requestedAt,
              acceptedAt: engagement.acceptedAt,
              contactedAt: engagement.contactedAt,
              decisionDueAt: engagement.decisionDueAt,
              decidedAt: engagement.decidedAt,
              closedAt: engagement.closedAt,
              createdAt: engagement.createdAt,
              updatedAt: engagement.updatedAt,
            })),
            skipDuplicates: true,
          }),
      );

      const newEngagementIds = new Set(graph.engagements.filter((row) => isNew(row.needId)).map((row) => row.id));
      inserted.outcomes = await insertMissing(
        graph.outcomes.filter((row) => newEngagementIds.has(row.engagementId)),
        (chunk) =>
          tx.outcome.createMany({
            data: chunk.map((outcome) => ({
              id: outcome.id,
              engagementId: outcome.engagementId,
              version: outcome.version,
              state: outcome.state,
              kind: outcome.kind,
              approvedAmount: outcome.approvedAmount ? decimal(outcome.approvedAmount) : null,
              disbursedAmount: outcome.disbursedAmount ? decimal(outcome.disbursedAmount) : null,
              annualRate: outcome.annualRate ? decimal(outcome.annualRate) : null,
              termMonths: outcome.termMonths,
              decidedOn: dayToDateColumn(outcome.decidedOn),
              productId: outcome.productCode ? resolver.product(outcome.productCode) : null,
              policyTool: outcome.policyTool,
              firstLoanConfirmed: outcome.firstLoanConfirmed,
              totalCreditAtInstitution: outcome.totalCreditAtInstitution
                ? decimal(outcome.totalCreditAtInstitution)
                : null,
              declineReason: outcome.declineReason,
              declineMessage: outcome.declineMessage,
              recordedById: lookup(userIds, outcome.recordedByLogin, "user"),
              recordedAt: outcome.recordedAt,
            })),
            skipDuplicates: true,
          }),
      );

      inserted.events = await insertMissing(
        graph.events.filter((row) => isNew(row.needId)),
        (chunk) =>
          tx.needEvent.createMany({
            data: chunk.map((event) => ({
              id: event.id,
              needId: event.needId,
              engagementId: event.engagementId,
              actorId: event.actorLogin ? lookup(userIds, event.actorLogin, "user") : null,
              type: event.type,
              fromStatus: event.fromStatus,
              toStatus: event.toStatus,
              note: event.note,
              ...(event.data ? { data: event.data(resolver) } : {}),
              createdAt: event.createdAt,
            })),
            skipDuplicates: true,
          }),
      );
    },
    { timeout: 180_000, maxWait: 30_000 },
  );

  Object.assign(inserted, await seedBalances(db));

  const counts = await summarise(db);
  const summary: SeedSummary = { durationMs: Date.now() - started, inserted, counts };
  log(`seed: ${JSON.stringify(inserted)} in ${summary.durationMs} ms`);
  return summary;
}

/**
 * Month-end balances of the operating banks (those without branches) and an entered 两增 base for the bank that
 * joins mid-year. Fixed ids: a second run inserts nothing, and reports a bank made in the console are kept.
 */
async function seedBalances(db: PrismaClient): Promise<{ balanceReports: number; balanceRows: number }> {
  const banks = await db.institution.findMany({
    where: { kind: "BANK", isActive: true, branches: { none: {} }, id: { startsWith: "seed-" } },
    orderBy: { code: "asc" },
    select: { id: true, code: true, users: { where: { role: "INSTITUTION_ADMIN" }, select: { id: true }, take: 1 } },
  });
  const reporting = banks
    .filter((bank) => bank.users[0])
    .map((bank) => ({ id: bank.id, code: bank.code, submittedById: bank.users[0]!.id }));
  const enterprises = await db.enterprise.findMany({
    where: { idType: "USCC" },
    orderBy: { idNumber: "asc" },
    take: 200,
    select: { id: true, idNumber: true, name: true },
  });
  const { reports, lateJoiner } = buildBalanceReports(reporting, enterprises);
  return db.$transaction(
    async (tx) => {
      const balanceReports = (
        await tx.balanceReport.createMany({
          data: reports.map((report) => ({
            id: report.id,
            institutionId: report.institutionId,
            month: report.month,
            version: 1,
            isCurrent: true,
            source: "UPLOAD",
            fileName: `${report.month}.csv`,
            submittedById: report.submittedById,
            submittedAt: report.submittedAt,
            ...report.totals,
          })),
          skipDuplicates: true,
        })
      ).count;
      const rows = reports.flatMap((report) =>
        report.rows.map((row) => ({ ...row, reportId: report.id, marine: false, transfer: false })),
      );
      const balanceRows = await insertMissing(rows, (chunk) =>
        tx.balanceRow.createMany({ data: chunk, skipDuplicates: true }),
      );
      const bureau = await tx.user.findUnique({ where: { loginName: "bureau" }, select: { id: true } });
      if (lateJoiner && bureau) {
        await tx.balanceBaseline.createMany({
          data: [
            {
              id: `seed-baseline-${lateJoiner.code}-2026`,
              institutionId: lateJoiner.id,
              year: 2026,
              totalBalance: new Prisma.Decimal("52000000.00"),
              inclusiveBalance: new Prisma.Decimal("21000000.00"),
              inclusiveBorrowers: 18,
              setById: bureau.id,
            },
          ],
          skipDuplicates: true,
        });
      }
      return { balanceReports, balanceRows };
    },
    { timeout: 120_000 },
  );
}

async function summarise(db: PrismaClient): Promise<SeedSummary["counts"]> {
  const toRecord = <K extends string>(rows: { key: K; count: number }[]) =>
    Object.fromEntries(rows.map((row) => [row.key, row.count]));
  const [institutions, products, enterprises, needs, users] = await Promise.all([
    db.institution.groupBy({ by: ["kind"], _count: { _all: true } }),
    db.product.groupBy({ by: ["kind"], _count: { _all: true } }),
    db.enterprise.groupBy({ by: ["entityType"], _count: { _all: true } }),
    db.financingNeed.groupBy({ by: ["status"], _count: { _all: true } }),
    db.user.groupBy({ by: ["role"], _count: { _all: true } }),
  ]);
  return {
    institutionsByKind: toRecord(institutions.map((row) => ({ key: row.kind, count: row._count._all }))),
    productsByKind: toRecord(products.map((row) => ({ key: row.kind, count: row._count._all }))),
    enterprisesByType: toRecord(enterprises.map((row) => ({ key: row.entityType, count: row._count._all }))),
    needsByStatus: toRecord(needs.map((row) => ({ key: row.status, count: row._count._all }))),
    usersByRole: toRecord(users.map((row) => ({ key: row.role, count: row._count._all }))),
  };
}

// ───────────────────────────── command line ─────────────────────────────

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const db = createDb(url);
  try {
    const summary = await seedDatabase(db);
    const total = Object.values(summary.inserted).reduce((sum, count) => sum + count, 0);
    console.log(
      `已写入演示数据 (seeded) ${url.replace(/\/\/[^@]*@/, "//")}: ${total} new rows in ${(summary.durationMs / 1000).toFixed(1)} s`,
    );
    console.log(`  inserted: ${JSON.stringify(summary.inserted)}`);
    for (const [name, counts] of Object.entries(summary.counts)) console.log(`  ${name}: ${JSON.stringify(counts)}`);
    console.log(formatDemoAccounts());
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error("seed failed:", error);
    process.exitCode = 1;
  });
}
