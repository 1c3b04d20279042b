/**
 * Matching and leads-search benchmark (a command, not a timed test).
 *
 *   tsx bench/search-matching.ts                      100,000 needs, 5,000 products (about 3–5 minutes)
 *   tsx bench/search-matching.ts --needs 5000 --products 500 --sample 300     quick run
 *   options: --concurrency 12 (the matching worker's)  --batch 4 (needs per batch)  --keep (keep the database and indexes)
 *            --reuse <database> <indexPrefix> (measure a kept world again)  --no-refresh-lead  --seed <n>
 *   env: BENCH_PROFILE=1 (where a match spends its time), BENCH_MEILI_PID=<pid> (Meilisearch CPU per match)
 *
 * Creates its own database on the DATABASE_URL server (default postgresql://postgres@127.0.0.1:5432/postgres) and its
 * own index prefix on MEILI_URL (default the development server 127.0.0.1:7701), seeds synthetic Jieyang data, lets the
 * load settle (VACUUM ANALYZE, Meilisearch idle), then measures in a new process (as the matching worker would run)
 * and prints:
 *   - matchNeed latency p50/p95 over a sample of needs, one at a time;
 *   - needs matched per second with --concurrency workers, default options (as the matching worker runs matchNeed);
 *   - leads-search latency p50/p95 through searchLeads and for the same query sent straight to Meilisearch, and the
 *     ratio between them.
 * Everything is dropped at the end unless --keep.
 */
import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Collateral, EntityType, ProductFlag, PurposeCategory } from "~/generated/prisma/enums.ts";
import { createDb, type Db } from "~/infra/db.server.ts";
import { createMatchBatcher, matchNeed } from "~/modules/matching/match-need.server.ts";
import {
  LeadSearchSchema,
  type LeadSearchInput,
  buildLeadFilter,
  searchLeads,
} from "~/modules/search-index/lead-query.ts";
import { buildNeedDocuments, buildProductDocuments } from "~/modules/search-index/sync.server.ts";
import { applyMigrations, createDatabase, dropDatabase, withDatabase } from "../scripts/lib/migrator.ts";
import { DEFAULT_CONCURRENCY } from "../workers/runtime.ts";
import { createMeili, type Meili, waitOk } from "../search/client.ts";
import { ensureIndexes } from "../search/settings.ts";

// ───────────────────────────── options ─────────────────────────────

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
const NEEDS = option("needs", 100_000);
const PRODUCTS = option("products", 5_000);
const SAMPLE = option("sample", 1_000);
// The matching worker's concurrency (workers/runtime.ts), its matchNeed calls gathered into batches (createMatchBatcher).
const CONCURRENCY = option("concurrency", DEFAULT_CONCURRENCY.matching);
const LEAD_QUERIES = option("queries", 1_000);
const KEEP = process.argv.includes("--keep");
/** --no-refresh-lead: match as a batch job would (refreshLead: false, documents synced in bulk separately). */
const MATCH_OPTIONS = process.argv.includes("--no-refresh-lead") ? { refreshLead: false } : {};
function textOption(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
/** --reuse <database> <indexPrefix>: measure against a database and indexes kept by an earlier --keep run. */
const REUSE = textOption("reuse")
  ? { database: textOption("reuse")!, prefix: process.argv[process.argv.indexOf("--reuse") + 2]! }
  : undefined;

// ───────────────────────────── a seeded random source ─────────────────────────────

// --seed <n> picks other needs to match (a --reuse run with the default seed re-matches the needs of the last one).
let seed = option("seed", 20250615);
function random(): number {
  // mulberry32: reproducible runs
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const some = <T>(values: readonly T[], max: number): T[] => [
  ...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(values))),
];
const chance = (p: number) => random() < p;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]! };
}
const ms = (value: number) => `${value.toFixed(1)} ms`;

// ───────────────────────────── synthetic Jieyang data ─────────────────────────────

const COUNTIES: [string, string, "DISTRICT" | "COUNTY"][] = [
  ["445202", "榕城区", "DISTRICT"],
  ["445203", "揭东区", "DISTRICT"],
  ["445222", "揭西县", "COUNTY"],
  ["445224", "惠来县", "COUNTY"],
  ["445281", "普宁市", "COUNTY"],
];
const ZONES = [
  ["4452-GXQ", "揭阳高新技术产业开发区"],
  ["4452-DNH", "大南海石化工业区"],
  ["4452-KG", "空港经济区"],
];

interface Template {
  name: string;
  description: string;
  kind: "LOAN" | "GUARANTEE" | "INSURANCE";
  wan: [number, number];
  term: [number, number];
  rate?: [string, string];
  fee?: string;
  collateral: Collateral[];
  entityTypes: EntityType[];
  sections?: string[];
  flags: ProductFlag[];
  minYears?: number;
}
const FARMS: EntityType[] = ["FARM_HOUSEHOLD", "FAMILY_FARM", "COOPERATIVE"];
const FIRMS: EntityType[] = ["SMALL_MICRO", "INDIVIDUAL_BUSINESS"];
const TEMPLATES: Template[] = [
  {
    name: "渔船贷",
    description: "渔船更新改造、渔具购置，以渔船抵押",
    kind: "LOAN",
    wan: [10, 300],
    term: [6, 60],
    rate: ["3.85", "4.90"],
    collateral: ["FISHING_BOAT", "SEA_AREA_USE_RIGHT"],
    entityTypes: [...FARMS, "AGRI_ENTERPRISE"],
    flags: ["MARINE", "AGRI"],
  },
  {
    name: "海水养殖贷",
    description: "海水养殖苗种饲料周转",
    kind: "LOAN",
    wan: [5, 200],
    term: [6, 36],
    rate: ["4.10", "5.00"],
    collateral: ["SEA_AREA_USE_RIGHT", "PERSONAL_GUARANTEE"],
    entityTypes: FARMS,
    flags: ["MARINE", "AGRI"],
  },
  {
    name: "惠农e贷",
    description: "农户家庭农场春耕备耕、农资采购信用贷款",
    kind: "LOAN",
    wan: [1, 50],
    term: [3, 36],
    rate: ["4.20", "5.50"],
    collateral: ["CREDIT"],
    entityTypes: FARMS,
    flags: ["AGRI", "INCLUSIVE", "FIRST_LOAN_FRIENDLY"],
  },
  {
    name: "春耕贷",
    description: "春耕备耕，采购化肥种子农机",
    kind: "LOAN",
    wan: [1, 30],
    term: [3, 12],
    rate: ["3.95", "4.80"],
    collateral: ["CREDIT", "PERSONAL_GUARANTEE"],
    entityTypes: FARMS,
    flags: ["AGRI"],
  },
  {
    name: "林权抵押贷",
    description: "林权抵押，林下经济油茶种植",
    kind: "LOAN",
    wan: [5, 500],
    term: [12, 60],
    rate: ["4.30", "5.20"],
    collateral: ["FOREST_RIGHT"],
    entityTypes: [...FARMS, "AGRI_ENTERPRISE"],
    flags: ["AGRI", "GREEN"],
  },
  {
    name: "小微易贷",
    description: "小微企业经营周转信用贷款",
    kind: "LOAN",
    wan: [5, 300],
    term: [6, 36],
    rate: ["3.90", "5.20"],
    collateral: ["CREDIT"],
    entityTypes: FIRMS,
    flags: ["INCLUSIVE", "FIRST_LOAN_FRIENDLY"],
    minYears: 1,
  },
  {
    name: "云税贷",
    description: "纳税信用流动资金贷款",
    kind: "LOAN",
    wan: [10, 300],
    term: [1, 12],
    rate: ["3.85", "4.35"],
    collateral: ["CREDIT"],
    entityTypes: ["SMALL_MICRO"],
    flags: ["INCLUSIVE"],
    minYears: 2,
  },
  {
    name: "经营快贷",
    description: "房产抵押经营周转",
    kind: "LOAN",
    wan: [10, 1000],
    term: [12, 60],
    rate: ["3.70", "4.60"],
    collateral: ["REAL_ESTATE"],
    entityTypes: [...FIRMS, "TRANSFERRED_FIRM", "OTHER"],
    flags: ["INCLUSIVE"],
  },
  {
    name: "商贸通",
    description: "商户进货周转，存货仓单质押",
    kind: "LOAN",
    wan: [5, 200],
    term: [3, 24],
    rate: ["4.50", "6.00"],
    collateral: ["INVENTORY", "REAL_ESTATE", "PERSONAL_GUARANTEE"],
    entityTypes: FIRMS,
    flags: ["INCLUSIVE"],
  },
  {
    name: "存单质押贷",
    description: "存单质押快速融资",
    kind: "LOAN",
    wan: [1, 1000],
    term: [1, 12],
    rate: ["3.00", "3.50"],
    collateral: ["DEPOSIT_RECEIPT"],
    entityTypes: [],
    flags: [],
  },
  {
    name: "外贸订单贷",
    description: "外贸订单、出口信保保单融资",
    kind: "LOAN",
    wan: [20, 1000],
    term: [3, 12],
    rate: ["3.60", "4.50"],
    collateral: ["RECEIVABLES", "POLICY"],
    entityTypes: ["SMALL_MICRO", "TRANSFERRED_FIRM", "OTHER"],
    flags: [],
  },
  {
    name: "产业转移项目贷",
    description: "产业转移园区厂房建设设备购置",
    kind: "LOAN",
    wan: [1000, 50000],
    term: [36, 180],
    rate: ["3.20", "4.00"],
    collateral: ["REAL_ESTATE", "LAND_USE_RIGHT", "EQUIPMENT"],
    entityTypes: ["TRANSFERRED_FIRM"],
    flags: ["TRANSFER"],
  },
  {
    name: "设备更新贷",
    description: "制造业购置机器设备、技术改造",
    kind: "LOAN",
    wan: [100, 5000],
    term: [12, 84],
    rate: ["3.30", "3.90"],
    collateral: ["EQUIPMENT", "REAL_ESTATE"],
    entityTypes: ["TRANSFERRED_FIRM", "SMALL_MICRO", "OTHER"],
    sections: ["C"],
    flags: ["TRANSFER", "TECH"],
  },
  {
    name: "绿色节能贷",
    description: "节能改造、光伏、清洁能源",
    kind: "LOAN",
    wan: [50, 3000],
    term: [12, 60],
    rate: ["3.50", "4.30"],
    collateral: ["EQUIPMENT", "CARBON_RIGHT", "REAL_ESTATE"],
    entityTypes: [],
    flags: ["GREEN"],
  },
  {
    name: "科创贷",
    description: "科技型企业研发，知识产权质押",
    kind: "LOAN",
    wan: [50, 2000],
    term: [12, 36],
    rate: ["3.60", "4.50"],
    collateral: ["IP_PLEDGE", "RECEIVABLES"],
    entityTypes: ["SMALL_MICRO", "OTHER", "TRANSFERRED_FIRM"],
    sections: ["C", "I", "M"],
    flags: ["TECH"],
    minYears: 1,
  },
  {
    name: "政银担贷",
    description: "政府性融资担保增信贷款",
    kind: "LOAN",
    wan: [10, 500],
    term: [6, 36],
    rate: ["4.00", "5.00"],
    collateral: ["GUARANTEE_COMPANY"],
    entityTypes: [...FIRMS, "FAMILY_FARM", "COOPERATIVE", "AGRI_ENTERPRISE"],
    flags: ["INCLUSIVE"],
  },
  {
    name: "政银保贷",
    description: "小额贷款保证保险增信",
    kind: "LOAN",
    wan: [5, 100],
    term: [6, 24],
    rate: ["4.30", "5.30"],
    collateral: ["POLICY"],
    entityTypes: [...FARMS, ...FIRMS],
    flags: ["AGRI", "INCLUSIVE"],
  },
  {
    name: "惠企担",
    description: "政府性融资担保，小微企业贷款担保",
    kind: "GUARANTEE",
    wan: [10, 1000],
    term: [6, 36],
    fee: "1.00",
    collateral: ["CREDIT", "PERSONAL_GUARANTEE"],
    entityTypes: [...FIRMS, "TRANSFERRED_FIRM", "OTHER"],
    flags: ["INCLUSIVE"],
  },
  {
    name: "农担贷",
    description: "农业信贷担保",
    kind: "GUARANTEE",
    wan: [10, 300],
    term: [6, 36],
    fee: "0.80",
    collateral: ["CREDIT"],
    entityTypes: [...FARMS, "AGRI_ENTERPRISE"],
    flags: ["AGRI"],
  },
  {
    name: "小额贷款保证保险",
    description: "政银保贷款保证保险",
    kind: "INSURANCE",
    wan: [5, 100],
    term: [6, 24],
    fee: "1.50",
    collateral: ["CREDIT"],
    entityTypes: [...FARMS, ...FIRMS],
    flags: ["AGRI", "INCLUSIVE"],
  },
  {
    name: "渔船保险",
    description: "渔船全损险渔民意外险",
    kind: "INSURANCE",
    wan: [1, 500],
    term: [12, 12],
    fee: "1.20",
    collateral: ["CREDIT"],
    entityTypes: [...FARMS, "AGRI_ENTERPRISE"],
    flags: ["MARINE"],
  },
];

const PURPOSES: [PurposeCategory, string][] = [
  ["WORKING_CAPITAL", "原材料采购和经营周转"],
  ["EQUIPMENT_PURCHASE", "购置生产设备"],
  ["TECH_RETROFIT", "生产线技术改造"],
  ["PLANT_CONSTRUCTION", "新建厂房和仓储"],
  ["SPRING_FARMING", "采购化肥种子春耕"],
  ["FISHING_BOAT_RENEWAL", "更换渔船发动机"],
  ["MARINE_AQUACULTURE", "鲍鱼对虾苗种饲料"],
  ["GREEN_RETROFIT", "屋顶光伏节能改造"],
  ["RESEARCH_AND_DEVELOPMENT", "软件研发投入"],
  ["EXPORT_ORDER", "外贸订单备货"],
];
const ENTITY_TYPES: EntityType[] = [
  "SMALL_MICRO",
  "SMALL_MICRO",
  "INDIVIDUAL_BUSINESS",
  "FARM_HOUSEHOLD",
  "FAMILY_FARM",
  "COOPERATIVE",
  "AGRI_ENTERPRISE",
  "TRANSFERRED_FIRM",
  "OTHER",
];
const OFFERS: Collateral[] = [
  "REAL_ESTATE",
  "EQUIPMENT",
  "FISHING_BOAT",
  "SEA_AREA_USE_RIGHT",
  "RECEIVABLES",
  "INVENTORY",
  "PERSONAL_GUARANTEE",
  "LAND_USE_RIGHT",
  "POLICY",
];

async function seed_(
  db: Db,
): Promise<{ institutionIds: string[]; needIds: string[]; productIds: string[]; regionIds: string[] }> {
  const city = await db.region.create({ data: { code: "445200", name: "揭阳市", kind: "CITY" } });
  const counties = [];
  for (const [code, name, kind] of COUNTIES)
    counties.push(await db.region.create({ data: { code, name, kind, parentId: city.id } }));
  const zones = [];
  for (const [code, name] of ZONES)
    zones.push(
      await db.region.create({ data: { code: code!, name: name!, kind: "FUNCTIONAL_ZONE", parentId: city.id } }),
    );
  const places = [city, ...counties];

  const institutionIds: string[] = [];
  for (let i = 0; i < 60; i += 1) {
    const kind = i < 44 ? "BANK" : i < 52 ? "GUARANTOR" : "INSURER";
    const located = pick(counties);
    const institution = await db.institution.create({
      data: {
        code: `BENCH-${i}`,
        name: `${located.name}某${kind === "BANK" ? "银行" : kind === "GUARANTOR" ? "融资担保公司" : "财产保险公司"}${i}`,
        shortName: `机构${i}`,
        kind,
        subType:
          kind === "BANK"
            ? "RURAL_COMMERCIAL_BANK"
            : kind === "GUARANTOR"
              ? "GOVERNMENT_GUARANTOR"
              : "PROPERTY_INSURER",
        locatedInRegionId: located.id,
        regionsServed: { create: [{ regionId: chance(0.6) ? city.id : located.id }] },
      },
    });
    institutionIds.push(institution.id);
  }

  const productIds: string[] = [];
  const products: Prisma.ProductCreateManyInput[] = [];
  const productRegions: Prisma.ProductRegionCreateManyInput[] = [];
  for (let i = 0; i < PRODUCTS; i += 1) {
    const template = pick(TEMPLATES);
    const institutions = institutionIds.slice(
      template.kind === "LOAN" ? 0 : template.kind === "GUARANTEE" ? 44 : 52,
      template.kind === "LOAN" ? 44 : template.kind === "GUARANTEE" ? 52 : 60,
    );
    const scale = pick([0.5, 1, 1, 2]);
    const id = randomUUID();
    productIds.push(id);
    products.push({
      id,
      code: `P-${i}`,
      institutionId: pick(institutions),
      kind: template.kind,
      name: `${template.name}${i % 7 ? "" : "（升级版）"}`,
      summary: template.description,
      description: `${template.description}。适用于揭阳地区。`,
      minAmount: String(Math.max(1, Math.round(template.wan[0] * scale)) * 10_000),
      maxAmount: String(Math.round(template.wan[1] * scale) * 10_000),
      minTermMonths: template.term[0],
      maxTermMonths: template.term[1],
      minAnnualRate: template.rate?.[0] ?? null,
      maxAnnualRate: template.rate?.[1] ?? null,
      feeRate: template.fee ?? null,
      acceptedCollateral: template.collateral,
      eligibleEntityTypes: template.entityTypes,
      eligibleIndustrySections: template.sections ?? [],
      minYearsInBusiness: template.minYears ?? 0,
      flags: template.flags,
      status: chance(0.92) ? "PUBLISHED" : "RETIRED",
      publishedAt: new Date(),
    });
    for (const region of some(places, 2)) productRegions.push({ productId: id, regionId: region.id });
  }
  for (let i = 0; i < products.length; i += 2000) await db.product.createMany({ data: products.slice(i, i + 2000) });
  await db.productRegion.createMany({ data: productRegions, skipDuplicates: true });

  const needIds: string[] = [];
  const enterprisesCount = Math.ceil(NEEDS / 4);
  for (let start = 0; start < enterprisesCount; start += 2500) {
    const enterprises: Prisma.EnterpriseCreateManyInput[] = [];
    const users: Prisma.UserCreateManyInput[] = [];
    const needs: Prisma.FinancingNeedCreateManyInput[] = [];
    const directed: Prisma.NeedDirectedInstitutionCreateManyInput[] = [];
    for (let e = start; e < Math.min(enterprisesCount, start + 2500); e += 1) {
      const entityType = pick(ENTITY_TYPES);
      const county = pick(counties);
      const enterpriseId = randomUUID();
      const userId = randomUUID();
      enterprises.push({
        id: enterpriseId,
        name: `揭阳市测试${e}有限公司`,
        idNumber: `BENCH${String(e).padStart(13, "0")}`,
        entityType,
        sizeClass: pick(["SMALL", "MICRO", "MEDIUM"]),
        industrySection:
          FARMS.includes(entityType) || entityType === "AGRI_ENTERPRISE" ? "A" : pick(["C", "C", "F", "I", "G"]),
        regionId: county.id,
        parkId: chance(0.15) ? pick(zones).id : null,
        foundedOn: new Date(
          Date.UTC(2000 + Math.floor(random() * 25), Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
        ),
        declaresNoPriorLoan: chance(0.3),
        contactName: "联系人",
        contactPhone: "13800000000",
      });
      users.push({
        id: userId,
        loginName: `bench-${e}`,
        passwordHash: "x",
        displayName: "联系人",
        role: "ENTERPRISE",
        enterpriseId,
      });
      for (let n = 0; n < 4 && needIds.length < NEEDS; n += 1) {
        const [purpose, text] = pick(PURPOSES);
        const id = randomUUID();
        const isDirected = chance(0.1);
        needIds.push(id);
        needs.push({
          id,
          enterpriseId,
          createdById: userId,
          regionId: county.id,
          amount: String(Math.max(1, Math.round(Math.exp(random() * Math.log(5000)))) * 10_000),
          termMonths: pick([3, 6, 12, 12, 24, 36, 60]),
          purposeCategory: purpose,
          description: text,
          shareDescription: chance(0.5),
          collateralOffered: chance(0.4) ? [] : some(OFFERS, 2),
          maxAnnualRate: chance(0.5) ? pick(["3.80", "4.50", "5.00", "6.00"]) : null,
          wantsLoan: true,
          wantsGuarantee: chance(0.2),
          wantsInsurance: chance(0.1),
          visibility: isDirected ? "DIRECTED" : "OPEN",
          status: chance(0.9) ? "OPEN" : "IN_PROGRESS",
          publishedAt: new Date(Date.now() - Math.floor(random() * 80) * 86_400_000),
          expiresAt: new Date(Date.now() + 30 * 86_400_000),
        });
        if (isDirected)
          for (const institutionId of some(institutionIds.slice(0, 44), 3))
            directed.push({ needId: id, institutionId });
      }
    }
    await db.enterprise.createMany({ data: enterprises });
    await db.user.createMany({ data: users });
    await db.financingNeed.createMany({ data: needs });
    await db.needDirectedInstitution.createMany({ data: directed, skipDuplicates: true });
  }
  return { institutionIds, needIds, productIds, regionIds: places.map((place) => place.id) };
}

async function loadWorld(
  db: Db,
): Promise<{ institutionIds: string[]; needIds: string[]; productIds: string[]; regionIds: string[] }> {
  const ids = async (rows: Promise<{ id: string }[]>) => (await rows).map((row) => row.id);
  return {
    institutionIds: await ids(db.institution.findMany({ select: { id: true }, orderBy: { code: "asc" } })),
    needIds: await ids(db.financingNeed.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } })),
    productIds: await ids(db.product.findMany({ select: { id: true } })),
    regionIds: await ids(db.region.findMany({ where: { kind: { not: "FUNCTIONAL_ZONE" } }, select: { id: true } })),
  };
}

/** Waits until Meilisearch has no enqueued or processing task (indexing competes with what is measured). */
async function waitForIdleMeili(meili: Meili): Promise<void> {
  for (;;) {
    const busy = await meili.client.tasks.getTasks({ statuses: ["enqueued", "processing"], limit: 1 });
    if ((busy.total ?? busy.results.length) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function indexAll(db: Db, meili: Meili, productIds: string[], needIds: string[]) {
  const products = meili.client.index(meili.indexes.products);
  for (let i = 0; i < productIds.length; i += 1000) {
    await waitOk(
      products.addDocuments(await buildProductDocuments(db, productIds.slice(i, i + 1000)), { primaryKey: "id" }),
      600_000,
    );
  }
  const needs = meili.client.index(meili.indexes.needs);
  const tasks = [];
  for (let i = 0; i < needIds.length; i += 2000) {
    tasks.push(needs.addDocuments(await buildNeedDocuments(db, needIds.slice(i, i + 2000)), { primaryKey: "id" }));
  }
  for (const task of tasks) await waitOk(task, 1_800_000);
}

function leadQueries(institutionIds: string[], regionIds: string[]): LeadSearchInput[] {
  const texts = ["", "", "", "渔船", "周转", "春耕", "设备", "厂房", "光伏", "订单", "养殖 饲料"];
  return Array.from({ length: LEAD_QUERIES }, () => ({
    institutionId: pick(institutionIds),
    text: pick(texts),
    filters: {
      ...(chance(0.3) ? { regionIds: [pick(regionIds)] } : {}),
      ...(chance(0.3) ? { entityTypes: some(ENTITY_TYPES, 2) } : {}),
      ...(chance(0.3) ? { amountMin: 100_000, amountMax: pick([1_000_000, 5_000_000, 50_000_000]) } : {}),
      ...(chance(0.2) ? { purposeCategories: [pick(PURPOSES)[0]] } : {}),
      ...(chance(0.1) ? { firstLoanOnly: true } : {}),
    },
    sort: pick(["newest", "amountDesc", "expiringSoon", "relevance"] as const),
    page: pick([1, 1, 1, 2, 3]),
  }));
}

/** CPU time of the Meilisearch process so far (BENCH_MEILI_PID=<pid>, Linux), else null. */
/** CPU time (ms) used so far by one process: utime + stime, fields 14 and 15 of /proc/<pid>/stat, in 100 Hz ticks. */
function processCpuMs(pid: string | number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // exited meanwhile
  }
}

function meiliCpuMs(): number | null {
  const pid = process.env.BENCH_MEILI_PID;
  return pid ? processCpuMs(pid) : null;
}

/** CPU time (ms) of every local Postgres process (server and backends) — 0 when the server is remote. */
function postgresCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres") total += processCpuMs(pid);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** Busy and total jiffies of the whole machine (/proc/stat), for its utilisation during a phase. */
function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const numbers = values.map(Number);
  const idle = numbers[3]! + (numbers[4] ?? 0);
  const total = numbers.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/** Where a match spends its time (BENCH_PROFILE=1). */
async function profile(db: Db, meili: Meili, needIds: string[]) {
  const { loadNeedRow, loadProductFacts, regionDirectoryCovering, toNeedFacts } =
    await import("~/modules/matching/facts.server.ts");
  const { findCandidates } = await import("~/modules/matching/candidates.server.ts");
  const { loadResponsiveness } = await import("~/modules/matching/responsiveness.server.ts");
  const { shanghaiDayNumber: shanghaiDay } = await import("~/kernel/time.ts");
  const phases: Record<string, number[]> = {
    need: [],
    search: [],
    products: [],
    responsiveness: [],
    "whole matchNeed": [],
    candidates: [],
  };
  const time = async <T>(phase: string, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const value = await run();
    phases[phase]!.push(performance.now() - start);
    return value;
  };
  for (const id of needIds) {
    const row = (await time("need", () => loadNeedRow(db, id)))!;
    const need = toNeedFacts(row, await regionDirectoryCovering(db, [row.regionId]));
    const candidates = await time("search", () => findCandidates(meili, need, { today: shanghaiDay(new Date()) }));
    const ids = [...new Set([...candidates.eligibleIds, ...candidates.nearMissIds])];
    phases.candidates!.push(ids.length);
    const products = await time("products", () => loadProductFacts(db, ids));
    await time("responsiveness", () =>
      loadResponsiveness(
        db,
        [...products.values()].map((p) => p.institutionId),
      ),
    );
    await time("whole matchNeed", () => matchNeed(db, meili, id));
  }
  for (const [phase, values] of Object.entries(phases)) {
    const s = summary(values);
    console.log(`  ${phase}: p50 ${s.p50.toFixed(1)}, p95 ${s.p95.toFixed(1)}, max ${s.max.toFixed(1)}`);
  }
}

async function main() {
  const serverUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = REUSE?.database ?? `jy_bench_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(serverUrl, name);
  const meili = createMeili({
    url: process.env.MEILI_URL || "http://127.0.0.1:7701",
    apiKey: process.env.MEILI_URL
      ? process.env.MEILI_MASTER_KEY
      : process.env.MEILI_MASTER_KEY || "devmasterkey-0123456789",
    indexPrefix: REUSE?.prefix ?? `${process.env.MEILI_INDEX_PREFIX ?? ""}bench_${randomBytes(3).toString("hex")}_`,
  });
  console.log(`benchmark: ${NEEDS} needs, ${PRODUCTS} products; database ${name}; index prefix ${meili.prefix}`);
  if (!REUSE) {
    await createDatabase(serverUrl, name);
    await applyMigrations(url);
  }
  const db = createDb(url);
  try {
    let t = performance.now();
    const world = REUSE ? await loadWorld(db) : await seed_(db);
    console.log(`${REUSE ? "reused" : "seeded"} Postgres in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    if (!REUSE) {
      await ensureIndexes(meili);
      await indexAll(db, meili, world.productIds, world.needIds);
    }
    const stats = await meili.client.getStats();
    const sizeOf = (uid: string) =>
      `${(stats.indexes[uid]!.rawDocumentDbSize / 1e6).toFixed(1)} MB documents, ${stats.indexes[uid]!.numberOfDocuments} docs`;
    console.log(
      `indexed in ${((performance.now() - t) / 1000).toFixed(1)} s — products: ${sizeOf(meili.indexes.products)}; needs: ${sizeOf(meili.indexes.needs)}; Meilisearch database ${(stats.databaseSize / 1e6).toFixed(0)} MB`,
    );
    if (!REUSE) {
      // Measure the world the way the matching worker meets it: after the bulk load has settled (VACUUM ANALYZE, as
      // autovacuum would have done; Meilisearch idle) and in a process of its own — not in this one, whose heap and
      // helper threads are still busy with 100,000 seeded rows (measured: +60 % Node CPU per match when measured here).
      t = performance.now();
      await db.$executeRawUnsafe("VACUUM ANALYZE");
      await waitForIdleMeili(meili);
      console.log(`settled in ${((performance.now() - t) / 1000).toFixed(1)} s; measuring in a new process`);
      const args = process.argv.slice(2).filter((arg) => arg !== "--keep");
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, process.argv[1]!, ...args, "--reuse", name, meili.prefix],
        { stdio: "inherit" },
      );
      if (child.status !== 0) throw new Error(`measuring process failed (exit ${child.status ?? child.signal})`);
      return;
    }

    if (process.env.BENCH_PROFILE) await profile(db, meili, world.needIds.slice(0, 200));
    // Warm-up (connections, caches), then latency one at a time.
    const sample = Array.from({ length: Math.min(SAMPLE, world.needIds.length) }, () => pick(world.needIds));
    for (const id of sample.slice(0, 20)) await matchNeed(db, meili, id);
    const latencies: number[] = [];
    let stored = 0;
    for (const id of sample) {
      const start = performance.now();
      const result = await matchNeed(db, meili, id, MATCH_OPTIONS);
      latencies.push(performance.now() - start);
      stored += (result?.direct.length ?? 0) + (result?.bundles.length ?? 0) + (result?.nearMisses.length ?? 0);
    }
    const match = summary(latencies);
    console.log(
      `matchNeed latency (${sample.length} needs, sequential): p50 ${ms(match.p50)}, p95 ${ms(match.p95)}, max ${ms(match.max)}; ${(stored / sample.length).toFixed(1)} matches stored per need`,
    );

    // Throughput with concurrent workers.
    const queue = Array.from({ length: Math.min(SAMPLE * 2, world.needIds.length) }, () => pick(world.needIds));
    const total = queue.length;
    t = performance.now();
    const cpu = process.cpuUsage();
    const meiliCpu = meiliCpuMs();
    const postgresCpu = postgresCpuMs();
    const ticks = machineTicks();
    // Like the matching worker: CONCURRENCY jobs at a time, their matchNeed calls gathered into shared batches.
    const batcher = createMatchBatcher(db, meili, {
      match: MATCH_OPTIONS,
      ...(process.argv.includes("--batch") ? { maxBatch: option("batch", 8) } : {}),
    });
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let id = queue.pop(); id; id = queue.pop()) await batcher.match(id);
      }),
    );
    const perSecond = total / ((performance.now() - t) / 1000);
    const used = process.cpuUsage(cpu);
    const ticksAfter = machineTicks();
    const postgresPerNeed = (postgresCpuMs() - postgresCpu) / total;
    const busy = (ticksAfter.busy - ticks.busy) / Math.max(1, ticksAfter.total - ticks.total);
    console.log(
      `matchNeed throughput (concurrency ${CONCURRENCY}, ${MATCH_OPTIONS.refreshLead === false ? "refreshLead off" : "default options as the matching worker runs it"}): ${perSecond.toFixed(0)} needs/s; ` +
        `Node CPU ${((used.user + used.system) / 1000 / total).toFixed(1)} ms per need` +
        (meiliCpu === null ? "" : `; Meilisearch CPU ${((meiliCpuMs()! - meiliCpu) / total).toFixed(1)} ms per need`) +
        `; Postgres CPU ${postgresPerNeed.toFixed(1)} ms per need; machine ${(busy * 100).toFixed(0)} % busy on ${cpus().length} cores`,
    );

    // Leads search: the project's function vs the same query straight to Meilisearch.
    const queries = leadQueries(world.institutionIds, world.regionIds);
    const index = meili.client.index(meili.indexes.needs);
    const raw = (input: LeadSearchInput) => {
      const params = LeadSearchSchema.parse(input);
      return index.search(params.text || null, {
        filter: buildLeadFilter(params),
        facets: params.facets,
        sort:
          params.sort === "relevance"
            ? undefined
            : params.sort === "newest"
              ? ["publishedAtTs:desc"]
              : params.sort === "amountDesc"
                ? ["amount:desc"]
                : ["expiresAtTs:asc"],
        page: params.page,
        hitsPerPage: params.hitsPerPage,
        locales: ["cmn"],
      });
    };
    for (const query of queries.slice(0, 20)) {
      await searchLeads(meili, query);
      await raw(query);
    }
    const viaProject: number[] = [];
    const direct: number[] = [];
    for (const [position, query] of queries.entries()) {
      // Alternate the order so neither side always benefits from a warm cache.
      const runs =
        position % 2
          ? [
              ["project", () => searchLeads(meili, query)],
              ["raw", () => raw(query)],
            ]
          : [
              ["raw", () => raw(query)],
              ["project", () => searchLeads(meili, query)],
            ];
      for (const [kind, run] of runs as [string, () => Promise<unknown>][]) {
        const start = performance.now();
        await run();
        (kind === "project" ? viaProject : direct).push(performance.now() - start);
      }
    }
    const leads = summary(viaProject);
    const rawLeads = summary(direct);
    console.log(`leads search via searchLeads (${queries.length} queries): p50 ${ms(leads.p50)}, p95 ${ms(leads.p95)}`);
    console.log(`same queries straight to Meilisearch:           p50 ${ms(rawLeads.p50)}, p95 ${ms(rawLeads.p95)}`);
    console.log(
      `overhead ratio: p50 ${(leads.p50 / rawLeads.p50).toFixed(2)}×, p95 ${(leads.p95 / rawLeads.p95).toFixed(2)}×`,
    );
    console.log(
      JSON.stringify({
        needs: NEEDS,
        products: PRODUCTS,
        matchP50: match.p50,
        matchP95: match.p95,
        needsPerSecond: perSecond,
        leadsP50: leads.p50,
        leadsP95: leads.p95,
        rawP50: rawLeads.p50,
        rawP95: rawLeads.p95,
      }),
    );
  } finally {
    await db.$disconnect();
    if (!KEEP && !REUSE) {
      await dropDatabase(serverUrl, name);
      for (const uid of Object.values(meili.indexes)) await meili.client.deleteIndexIfExists(uid);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
