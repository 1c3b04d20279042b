/**
 * Provincial-scale data for the bureau dashboard benchmark, written with set-based SQL (generate_series), never row
 * by row: 12 cities × 8 counties, 200 institution branches, 1,000 products, 200,000 enterprises, 500,000 published
 * needs (≈ 1,100,000 matches, ≈ 375,000 engagements, ≈ 290,000 outcomes) and exactly 1,000,000 ledger entries
 * (including reversals) spread over 2025-01-01 … 2026-11-20.
 *
 * Values are derived from hashint4(row number) so every run produces the same data.
 */
import type pg from "pg";
import { buildCalendarDays } from "../../prisma/seed/calendar.ts";

export const SCALE = {
  cities: 12,
  countiesPerCity: 8,
  institutions: 200,
  productsPerInstitution: 5,
  enterprises: 200_000,
  needs: 500_000,
  ledgerEntries: 1_000_000,
  firstDay: "2025-01-01",
  days: 690,
} as const;

/** Pseudo-random 0 … n-1 from a row number and a salt (deterministic). */
const pick = (expr: string, salt: number, n: number) => `mod(abs(hashint4((${expr})::int + ${salt})), ${n})`;

export interface SeedStep {
  name: string;
  sql: string;
}

export function seedSteps(): SeedStep[] {
  const s = SCALE;
  const calendar = buildCalendarDays()
    .map((day) => `('${day.date}'::date, '${day.kind}'::"CalendarDayKind", '${day.name.replaceAll("'", "''")}')`)
    .join(",\n");
  const counties = s.cities * s.countiesPerCity;
  const products = s.institutions * s.productsPerInstitution;
  // Region of enterprise k: county 1 … counties (ids "r-c<city>-<n>").
  const countyOf = (k: string) => `'r-' || (${pick(k, 11, counties)} + 1)`;
  const entityTypes = `(ARRAY['SMALL_MICRO','SMALL_MICRO','SMALL_MICRO','INDIVIDUAL_BUSINESS','INDIVIDUAL_BUSINESS','FARM_HOUSEHOLD','FAMILY_FARM','COOPERATIVE','AGRI_ENTERPRISE','TRANSFERRED_FIRM','OTHER'])`;
  return [
    {
      name: "calendar",
      sql: `INSERT INTO "CalendarDay" ("date", kind, name) VALUES ${calendar} ON CONFLICT DO NOTHING`,
    },
    {
      name: "regions",
      sql: `
        INSERT INTO "Region" (id, code, name, kind, "parentId", "sortOrder", "updatedAt")
        SELECT 'r-city-' || c, 'C' || lpad(c::text, 2, '0'), '城市' || c, 'CITY', NULL, c, now()
        FROM generate_series(1, ${s.cities}) c;
        INSERT INTO "Region" (id, code, name, kind, "parentId", "sortOrder", "updatedAt")
        SELECT 'r-' || k, 'C' || lpad((((k - 1) / ${s.countiesPerCity}) + 1)::text, 2, '0') || '-' || k, '区县' || k,
               'COUNTY', 'r-city-' || (((k - 1) / ${s.countiesPerCity}) + 1), k, now()
        FROM generate_series(1, ${counties}) k;`,
    },
    {
      name: "institutions, products, users",
      sql: `
        INSERT INTO "Institution" (id, code, name, "shortName", kind, "subType", "parentId", "isKeyPartner", "updatedAt")
        SELECT 'i-' || k, 'INST' || k, '金融机构' || k, '机构' || k,
               CASE WHEN k % 10 = 9 THEN 'GUARANTOR' WHEN k % 10 = 8 THEN 'INSURER' ELSE 'BANK' END::"InstitutionKind",
               CASE WHEN k % 10 = 9 THEN 'GOVERNMENT_GUARANTOR' WHEN k % 10 = 8 THEN 'PROPERTY_INSURER' ELSE 'RURAL_COMMERCIAL_BANK' END::"InstitutionSubType",
               NULL, k <= 28, now()
        FROM generate_series(1, ${s.institutions}) k;
        INSERT INTO "Product" (id, code, "institutionId", kind, name, summary, description, "minAmount", "maxAmount",
                               "minTermMonths", "maxTermMonths", "acceptedCollateral", "eligibleEntityTypes", "policyTool",
                               status, "updatedAt")
        SELECT 'p-' || k, 'PROD' || k, 'i-' || (((k - 1) / ${s.productsPerInstitution}) + 1),
               CASE WHEN k % 7 = 5 THEN 'GUARANTEE' WHEN k % 7 = 6 THEN 'INSURANCE' ELSE 'LOAN' END::"ProductKind",
               '产品' || k, '', '', 10000, 5000000, 1, 36, '{CREDIT}', '{SMALL_MICRO}',
               (ARRAY['AGRI_SMALL_RELENDING','INCLUSIVE_SMALL_MICRO_TOOL','CARBON_REDUCTION_TOOL',NULL,NULL])[1 + k % 5]::"PolicyTool",
               'PUBLISHED', now()
        FROM generate_series(1, ${products}) k;
        INSERT INTO "User" (id, "loginName", "passwordHash", "displayName", role, "updatedAt")
        VALUES ('u-bench', 'bench', 'x', '基准测试', 'OFFICER', now());`,
    },
    {
      name: "enterprises",
      sql: `
        INSERT INTO "Enterprise" (id, name, "idType", "idNumber", "entityType", "sizeClass", "industrySection", "regionId",
                                  "contactName", "contactPhone", "updatedAt")
        SELECT 'e-' || k, '企业' || k, 'USCC', 'ID' || k,
               ${entityTypes}[1 + ${pick("k", 3, 11)}]::"EntityType", 'SMALL', 'C', ${countyOf("k")},
               '联系人', '13800000000', now()
        FROM generate_series(1, ${s.enterprises}) k;`,
    },
    {
      name: "needs",
      sql: `
        INSERT INTO "FinancingNeed" (id, "enterpriseId", "createdById", "regionId", amount, "termMonths", "purposeCategory",
                                     description, status, "publishedAt", "firstResponseDueAt", "firstRespondedAt",
                                     "overdueSince", "updatedAt")
        SELECT 'n-' || k, 'e-' || e, 'u-bench', ${countyOf("e")},
               (10000 + ${pick("k", 5, 4990)} * 1000 + ${pick("k", 6, 100)})::numeric(18,2), 12, 'WORKING_CAPITAL', '',
               (ARRAY['OPEN','IN_PROGRESS','SUCCEEDED','SUCCEEDED','CLOSED_UNMET','EXPIRED'])[1 + ${pick("k", 7, 6)}]::"NeedStatus",
               published, published + interval '3 days',
               CASE WHEN ${pick("k", 8, 100)} < 85 THEN published + (${pick("k", 9, 6000)} || ' minutes')::interval END,
               CASE WHEN ${pick("k", 8, 100)} >= 95 THEN published + interval '3 days' END,
               now()
        FROM (
          SELECT k, ((k - 1) % ${s.enterprises}) + 1 AS e,
                 timestamp '${s.firstDay} 01:00' + ((k::bigint * ${s.days} * 86400 / ${s.needs}) || ' seconds')::interval AS published
          FROM generate_series(1, ${s.needs}) k
        ) g;`,
    },
    {
      name: "matches",
      sql: `
        INSERT INTO "Match" (id, "needId", "productId", kind, score, rank, components, reasons)
        SELECT 'm-' || k || '-' || r, 'n-' || k, 'p-' || (1 + ${pick("k * 3 + r", 12, products)}),
               CASE WHEN r = 3 THEN 'NEAR_MISS' ELSE 'DIRECT' END::"MatchKind", 80 - r, r, '{}', '{}'
        FROM generate_series(1, ${s.needs}) k, generate_series(1, 3) r
        WHERE ${pick("k", 13, 4)} <> 0
        ON CONFLICT DO NOTHING;`,
    },
    {
      name: "engagements",
      sql: `
        INSERT INTO "Engagement" (id, "needId", "institutionId", "initiatedBy", status, "requestedAt", "acceptedAt",
                                  "decisionDueAt", "decidedAt", "updatedAt")
        SELECT 'g-' || k, 'n-' || k, p."institutionId",
               CASE WHEN k % 2 = 0 THEN 'INSTITUTION' ELSE 'ENTERPRISE' END::"EngagementInitiator",
               (ARRAY['DISBURSED','DISBURSED','DISBURSED','DISBURSED','DISBURSED','APPROVED','DECLINED','UNDER_REVIEW','WITHDRAWN'])[1 + ${pick("k", 14, 9)}]::"EngagementStatus",
               n."publishedAt" + interval '2 hours', n."publishedAt" + interval '20 hours',
               n."publishedAt" + interval '21 days', n."publishedAt" + (${pick("k", 15, 30)} || ' days')::interval, now()
        FROM generate_series(1, ${s.needs}) k
        JOIN "FinancingNeed" n ON n.id = 'n-' || k
        JOIN "Product" p ON p.id = 'p-' || (1 + ${pick("k * 3 + 1", 12, products)})
        WHERE ${pick("k", 13, 4)} <> 0;`,
    },
    {
      name: "outcomes",
      sql: `
        INSERT INTO "Outcome" (id, "engagementId", kind, "approvedAmount", "disbursedAmount", "decidedOn", "policyTool",
                               "firstLoanConfirmed", "recordedById", "declineReason")
        SELECT 'o-' || g.id, g.id,
               CASE g.status WHEN 'DISBURSED' THEN 'DISBURSED' WHEN 'APPROVED' THEN 'APPROVED' ELSE 'DECLINED' END::"OutcomeKind",
               CASE WHEN g.status IN ('DISBURSED', 'APPROVED') THEN n.amount END,
               CASE WHEN g.status = 'DISBURSED' THEN n.amount END,
               (g."decidedAt" + interval '8 hours')::date, NULL, false, 'u-bench',
               CASE WHEN g.status = 'DECLINED' THEN 'BUSINESS_RISK'::"DeclineReason" END
        FROM "Engagement" g JOIN "FinancingNeed" n ON n.id = g."needId"
        WHERE g.status IN ('DISBURSED', 'APPROVED', 'DECLINED');`,
    },
    {
      name: "ledger entries",
      // Five entries per disbursed outcome (disbursed amount, a category amount, a borrower count, either a first-loan
      // borrower or a reversal of the disbursed amount, a green/marine amount), numbered until exactly 1,000,000 rows.
      sql: `
        WITH d AS (
          SELECT row_number() OVER (ORDER BY o.id) AS rn, o.id AS outcome_id, o."disbursedAmount" AS amount,
                 o."decidedOn" AS occurred_on, g."institutionId", n."enterpriseId", n."regionId", e."entityType",
                 p.kind AS product_kind, p."policyTool"
          FROM "Outcome" o
          JOIN "Engagement" g ON g.id = o."engagementId"
          JOIN "FinancingNeed" n ON n.id = g."needId"
          JOIN "Enterprise" e ON e.id = n."enterpriseId"
          JOIN "Product" p ON p."institutionId" = g."institutionId" AND p.id = 'p-' || ((substring(g."institutionId" from 3)::int - 1) * ${s.productsPerInstitution} + 1)
          WHERE o.kind = 'DISBURSED'
        ),
        slots AS (
          SELECT d.*, slot FROM d, generate_series(0, 4) slot
          WHERE (d.rn - 1) * 5 + slot < ${s.ledgerEntries}
        )
        INSERT INTO "LedgerEntry" (id, "entryKey", "outcomeId", metric, amount, "borrowerCount", "enterpriseId", "institutionId",
                                   "regionId", "entityType", "productKind", "policyTool", "occurredOn", "reversesId")
        SELECT 'l-' || outcome_id || '-' || slot,
               'outcome:' || outcome_id || ':' || slot,
               outcome_id,
               (CASE slot
                  WHEN 0 THEN 'DISBURSED_AMOUNT'
                  WHEN 1 THEN CASE
                    WHEN "entityType" IN ('SMALL_MICRO', 'INDIVIDUAL_BUSINESS') THEN 'INCLUSIVE_SMALL_MICRO_AMOUNT'
                    WHEN "entityType" IN ('FARM_HOUSEHOLD', 'FAMILY_FARM', 'COOPERATIVE', 'AGRI_ENTERPRISE') THEN 'AGRI_AMOUNT'
                    WHEN "entityType" = 'TRANSFERRED_FIRM' THEN 'TRANSFER_FIRM_AMOUNT'
                    WHEN rn % 2 = 0 THEN 'GREEN_AMOUNT' ELSE 'MARINE_AMOUNT' END
                  WHEN 2 THEN 'INCLUSIVE_SMALL_MICRO_BORROWER'
                  WHEN 3 THEN CASE WHEN rn % 25 = 0 THEN 'DISBURSED_AMOUNT' ELSE 'FIRST_LOAN_BORROWER' END
                  ELSE CASE WHEN rn % 2 = 0 THEN 'GREEN_AMOUNT' ELSE 'MARINE_AMOUNT' END
                END)::"LedgerMetric",
               CASE WHEN slot = 2 OR (slot = 3 AND rn % 25 <> 0) THEN 0 WHEN slot = 3 THEN -amount ELSE amount END,
               CASE WHEN slot = 2 OR (slot = 3 AND rn % 25 <> 0) THEN 1 ELSE 0 END,
               "enterpriseId", "institutionId", "regionId", "entityType", product_kind, "policyTool",
               occurred_on,
               CASE WHEN slot = 3 AND rn % 25 = 0 THEN 'l-' || outcome_id || '-0' END
        FROM slots;`,
    },
  ];
}

export async function seed(client: pg.Client, log: (line: string) => void): Promise<void> {
  await client.query("SET synchronous_commit = off");
  for (const step of seedSteps()) {
    const started = performance.now();
    await client.query(step.sql);
    log(`  seeded ${step.name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const started = performance.now();
  await client.query("VACUUM ANALYZE");
  log(`  VACUUM ANALYZE in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
