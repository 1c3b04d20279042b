/**
 * Test data for the background-job tests. Each file builds its own small Jieyang in its own database: regions,
 * an enterprise with its user, institutions with officers, products and needs. Nothing depends on the demo seed.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "~/infra/db.server.ts";
import type {
  Collateral,
  EntityType,
  InstitutionKind,
  InstitutionSubType,
  NeedFlag,
  NeedVisibility,
  ProductFlag,
  ProductKind,
  PurposeCategory,
  SizeClass,
} from "~/generated/prisma/enums.ts";
import { officialCalendarRows } from "../../../unit/deadlines/official-calendar.ts";

const token = (bytes = 4) => randomBytes(bytes).toString("hex").toUpperCase();

export interface Regions {
  city: string;
  rongcheng: string;
  huilai: string;
}

export async function createRegions(db: Db): Promise<Regions> {
  const city = await db.region.create({ data: { code: "445200", name: "揭阳市", kind: "CITY" } });
  const rongcheng = await db.region.create({
    data: { code: "445202", name: "榕城区", kind: "DISTRICT", parentId: city.id },
  });
  const huilai = await db.region.create({
    data: { code: "445224", name: "惠来县", kind: "COUNTY", parentId: city.id },
  });
  return { city: city.id, rongcheng: rongcheng.id, huilai: huilai.id };
}

/** The State Council's 2025–2026 holidays and 调休 days as CalendarDay rows. */
export async function insertOfficialCalendar(db: Db): Promise<void> {
  await db.calendarDay.createMany({
    data: officialCalendarRows().map((row) => ({
      date: new Date(`${row.date}T00:00:00Z`),
      kind: row.kind,
      name: row.name,
    })),
    skipDuplicates: true,
  });
}

export interface EnterpriseInput {
  name?: string;
  entityType?: EntityType;
  sizeClass?: SizeClass;
  industrySection?: string;
  regionId: string;
  foundedOn?: Date;
}

export async function createEnterprise(db: Db, input: EnterpriseInput) {
  const enterprise = await db.enterprise.create({
    data: {
      name: input.name ?? `揭阳市榕城区恒${token(2)}塑料制品有限公司`,
      idNumber: `91445200MA${token(4)}`,
      entityType: input.entityType ?? "SMALL_MICRO",
      sizeClass: input.sizeClass ?? "SMALL",
      industrySection: input.industrySection ?? "C",
      industryDivision: "29",
      regionId: input.regionId,
      foundedOn: input.foundedOn ?? new Date("2015-03-01T00:00:00Z"),
      contactName: "张三",
      contactPhone: `138${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
      contactEmail: "owner@example.com",
    },
  });
  const user = await db.user.create({
    data: {
      loginName: `ent-${token()}`,
      passwordHash: "not-used",
      displayName: "企业用户",
      role: "ENTERPRISE",
      enterpriseId: enterprise.id,
      email: `owner-${token(2)}@example.com`,
      phone: enterprise.contactPhone,
    },
  });
  return { enterprise, user };
}

export interface InstitutionInput {
  name: string;
  shortName?: string;
  kind?: InstitutionKind;
  subType?: InstitutionSubType;
  serves?: string[];
}

export async function createInstitution(db: Db, input: InstitutionInput) {
  return db.institution.create({
    data: {
      code: `INST-${token()}`,
      name: input.name,
      shortName: input.shortName ?? input.name,
      kind: input.kind ?? "BANK",
      subType: input.subType ?? (input.kind === "GUARANTOR" ? "GOVERNMENT_GUARANTOR" : "RURAL_COMMERCIAL_BANK"),
      regionsServed: input.serves ? { create: input.serves.map((regionId) => ({ regionId })) } : undefined,
    },
  });
}

export async function createStaff(
  db: Db,
  institutionId: string,
  input: {
    role?: "OFFICER" | "INSTITUTION_ADMIN";
    preferredRegionIds?: string[];
    preferredIndustrySections?: string[];
    email?: string | null;
  } = {},
) {
  return db.user.create({
    data: {
      loginName: `staff-${token()}`,
      passwordHash: "not-used",
      displayName: "客户经理",
      role: input.role ?? "OFFICER",
      institutionId,
      email: input.email === undefined ? `officer-${token(2)}@bank.example` : input.email,
      phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
      preferredRegionIds: input.preferredRegionIds ?? [],
      preferredIndustrySections: input.preferredIndustrySections ?? [],
    },
  });
}

export async function createBureauUser(db: Db) {
  return db.user.create({
    data: { loginName: `bureau-${token()}`, passwordHash: "not-used", displayName: "市金融工作局", role: "BUREAU" },
  });
}

export interface ProductInput {
  institutionId: string;
  name: string;
  kind?: ProductKind;
  minAmount?: string;
  maxAmount?: string;
  collateral?: Collateral[];
  regions: string[];
  flags?: ProductFlag[];
  description?: string;
}

export async function createPublishedProduct(db: Db, input: ProductInput) {
  return db.product.create({
    data: {
      code: `P-${token()}`,
      institutionId: input.institutionId,
      kind: input.kind ?? "LOAN",
      name: input.name,
      summary: `${input.name}，支持小微企业流动资金周转`,
      description: input.description ?? "面向揭阳小微企业的流动资金贷款，信用免抵押，随借随还，支持生产经营周转。",
      minAmount: input.minAmount ?? "100000",
      maxAmount: input.maxAmount ?? "5000000",
      minTermMonths: 1,
      maxTermMonths: 36,
      minAnnualRate: "3.4500",
      maxAnnualRate: "5.5000",
      acceptedCollateral: input.collateral ?? ["CREDIT"],
      eligibleEntityTypes: [
        "SMALL_MICRO",
        "INDIVIDUAL_BUSINESS",
        "TRANSFERRED_FIRM",
        "AGRI_ENTERPRISE",
        "FAMILY_FARM",
        "COOPERATIVE",
        "OTHER",
      ],
      flags: input.flags ?? ["INCLUSIVE"],
      status: "PUBLISHED",
      publishedAt: new Date("2025-01-01T00:00:00Z"),
      regions: { create: input.regions.map((regionId) => ({ regionId })) },
    },
  });
}

export interface NeedInput {
  enterpriseId: string;
  createdById: string;
  regionId: string;
  amount?: string;
  termMonths?: number;
  purposeCategory?: PurposeCategory;
  description?: string;
  visibility?: NeedVisibility;
  allowWidening?: boolean;
  flags?: NeedFlag[];
  directedInstitutionIds?: string[];
}

export async function createDraftNeed(db: Db, input: NeedInput) {
  return db.financingNeed.create({
    data: {
      enterpriseId: input.enterpriseId,
      createdById: input.createdById,
      regionId: input.regionId,
      amount: input.amount ?? "800000",
      termMonths: input.termMonths ?? 12,
      purposeCategory: input.purposeCategory ?? "WORKING_CAPITAL",
      description: input.description ?? "采购原材料，补充流动资金周转",
      collateralOffered: ["CREDIT"],
      visibility: input.visibility ?? "OPEN",
      allowWidening: input.allowWidening ?? true,
      flags: input.flags ?? [],
      directedInstitutions: input.directedInstitutionIds
        ? { create: input.directedInstitutionIds.map((institutionId) => ({ institutionId })) }
        : undefined,
    },
  });
}

/** Polls until `check` returns a truthy value (or throws after the timeout with the last value). */
export async function waitFor<T>(
  check: () => Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  throw new Error(
    `timed out waiting for ${options.what ?? "condition"} (last: ${JSON.stringify(last)}${lastError ? `, error: ${(lastError as Error).message}` : ""})`,
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
