/**
 * Test data builders for search and matching tests. Each test file builds its own world in its own database; nothing
 * here depends on the demo seed.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "~/infra/db.server.ts";
import type {
  Collateral,
  EntityType,
  InstitutionKind,
  InstitutionSubType,
  NeedFlag,
  NeedStatus,
  NeedVisibility,
  PolicyTool,
  ProductFlag,
  ProductKind,
  ProductStatus,
  PurposeCategory,
  RegionKind,
  SizeClass,
} from "~/generated/prisma/enums.ts";

export type RegionKey =
  | "city"
  | "rongcheng"
  | "jiedong"
  | "jiexi"
  | "huilai"
  | "puning"
  | "gaoxin"
  | "dananhai"
  | "konggang"
  | "huilaiPort"
  | "transferPark";

export type Regions = Record<RegionKey, string>;

const REGION_ROWS: [RegionKey, string, string, RegionKind, RegionKey | null][] = [
  ["city", "445200", "揭阳市", "CITY", null],
  ["rongcheng", "445202", "榕城区", "DISTRICT", "city"],
  ["jiedong", "445203", "揭东区", "DISTRICT", "city"],
  ["jiexi", "445222", "揭西县", "COUNTY", "city"],
  ["huilai", "445224", "惠来县", "COUNTY", "city"],
  ["puning", "445281", "普宁市", "COUNTY", "city"],
  ["gaoxin", "4452-GXQ", "揭阳高新技术产业开发区", "FUNCTIONAL_ZONE", "city"],
  ["dananhai", "4452-DNH", "大南海石化工业区", "FUNCTIONAL_ZONE", "city"],
  ["konggang", "4452-KG", "空港经济区", "FUNCTIONAL_ZONE", "city"],
  ["huilaiPort", "4452-HLGY", "惠来县临港产业园", "INDUSTRIAL_PARK", "huilai"],
  ["transferPark", "4452-ZYY", "揭阳产业转移工业园", "INDUSTRIAL_PARK", "jiedong"],
];

export async function createRegions(db: Db): Promise<Regions> {
  const ids = {} as Regions;
  for (const [key, code, name, kind, parent] of REGION_ROWS) {
    const region = await db.region.create({
      data: { code, name, kind, parentId: parent ? ids[parent] : null },
      select: { id: true },
    });
    ids[key] = region.id;
  }
  return ids;
}

function token(length = 6): string {
  return randomBytes(length).toString("hex").toUpperCase();
}

export interface InstitutionInput {
  name: string;
  shortName?: string;
  kind?: InstitutionKind;
  subType?: InstitutionSubType;
  isKeyPartner?: boolean;
  locatedIn?: string | null;
  serves?: string[];
  isActive?: boolean;
}

export async function createInstitution(db: Db, input: InstitutionInput): Promise<string> {
  const institution = await db.institution.create({
    data: {
      code: `INST-${token()}`,
      name: input.name,
      shortName: input.shortName ?? input.name,
      kind: input.kind ?? "BANK",
      subType: input.subType ?? "RURAL_COMMERCIAL_BANK",
      isKeyPartner: input.isKeyPartner ?? false,
      locatedInRegionId: input.locatedIn ?? null,
      isActive: input.isActive ?? true,
      regionsServed: { create: (input.serves ?? []).map((regionId) => ({ regionId })) },
    },
    select: { id: true },
  });
  return institution.id;
}

export interface ProductInput {
  institutionId: string;
  code?: string;
  kind?: ProductKind;
  name: string;
  summary?: string;
  description?: string;
  /** 元 as decimal strings. */
  minAmount: string;
  maxAmount: string;
  minTermMonths?: number;
  maxTermMonths?: number;
  minAnnualRate?: string | null;
  maxAnnualRate?: string | null;
  feeRate?: string | null;
  acceptedCollateral?: Collateral[];
  eligibleEntityTypes?: EntityType[];
  eligibleIndustrySections?: string[];
  minYearsInBusiness?: number;
  flags?: ProductFlag[];
  policyTool?: PolicyTool | null;
  status?: ProductStatus;
  validFrom?: Date | null;
  validTo?: Date | null;
  regions?: string[];
}

export async function createProduct(db: Db, input: ProductInput): Promise<string> {
  const product = await db.product.create({
    data: {
      code: input.code ?? `P-${token()}`,
      institutionId: input.institutionId,
      kind: input.kind ?? "LOAN",
      name: input.name,
      summary: input.summary ?? input.name,
      description: input.description ?? input.summary ?? input.name,
      minAmount: input.minAmount,
      maxAmount: input.maxAmount,
      minTermMonths: input.minTermMonths ?? 1,
      maxTermMonths: input.maxTermMonths ?? 36,
      minAnnualRate: input.minAnnualRate ?? null,
      maxAnnualRate: input.maxAnnualRate ?? null,
      feeRate: input.feeRate ?? null,
      acceptedCollateral: input.acceptedCollateral ?? ["CREDIT"],
      eligibleEntityTypes: input.eligibleEntityTypes ?? [],
      eligibleIndustrySections: input.eligibleIndustrySections ?? [],
      minYearsInBusiness: input.minYearsInBusiness ?? 0,
      flags: input.flags ?? [],
      policyTool: input.policyTool ?? null,
      status: input.status ?? "PUBLISHED",
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
      publishedAt: (input.status ?? "PUBLISHED") === "PUBLISHED" ? new Date() : null,
      regions: { create: (input.regions ?? []).map((regionId) => ({ regionId })) },
    },
    select: { id: true },
  });
  return product.id;
}

export interface EnterpriseInput {
  name: string;
  entityType: EntityType;
  sizeClass?: SizeClass;
  industrySection: string;
  industryDivision?: string | null;
  regionId: string;
  parkId?: string | null;
  foundedOn?: Date | null;
  declaresNoPriorLoan?: boolean;
  idNumber?: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string | null;
  legalRepresentative?: string | null;
  address?: string | null;
  originCity?: string | null;
}

export async function createEnterprise(
  db: Db,
  input: EnterpriseInput,
): Promise<{ enterpriseId: string; userId: string }> {
  const enterprise = await db.enterprise.create({
    data: {
      name: input.name,
      idType: input.entityType === "FARM_HOUSEHOLD" ? "FARMER_ID" : "USCC",
      idNumber: input.idNumber ?? `9144520${token(5)}X`.slice(0, 18),
      entityType: input.entityType,
      sizeClass: input.sizeClass ?? "MICRO",
      industrySection: input.industrySection,
      industryDivision: input.industryDivision ?? null,
      regionId: input.regionId,
      parkId: input.parkId ?? null,
      foundedOn: input.foundedOn === undefined ? new Date("2015-03-01") : input.foundedOn,
      declaresNoPriorLoan: input.declaresNoPriorLoan ?? false,
      contactName: input.contactName ?? "联系人",
      contactPhone: input.contactPhone ?? `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
      contactEmail: input.contactEmail ?? null,
      legalRepresentative: input.legalRepresentative ?? null,
      address: input.address ?? null,
      originCity: input.originCity ?? null,
    },
    select: { id: true },
  });
  const user = await db.user.create({
    data: {
      loginName: `u-${token()}`,
      passwordHash: "x",
      displayName: input.contactName ?? "联系人",
      role: "ENTERPRISE",
      enterpriseId: enterprise.id,
    },
    select: { id: true },
  });
  return { enterpriseId: enterprise.id, userId: user.id };
}

export interface NeedInput {
  enterprise: { enterpriseId: string; userId: string };
  regionId: string;
  amount: string;
  termMonths: number;
  purposeCategory: PurposeCategory;
  description?: string;
  shareDescription?: boolean;
  collateralOffered?: Collateral[];
  maxAnnualRate?: string | null;
  wantsLoan?: boolean;
  wantsGuarantee?: boolean;
  wantsInsurance?: boolean;
  flags?: NeedFlag[];
  visibility?: NeedVisibility;
  directedTo?: string[];
  status?: NeedStatus;
  publishedAt?: Date | null;
  expiresAt?: Date | null;
}

export async function createNeed(db: Db, input: NeedInput): Promise<string> {
  const status = input.status ?? "OPEN";
  const need = await db.financingNeed.create({
    data: {
      enterpriseId: input.enterprise.enterpriseId,
      createdById: input.enterprise.userId,
      regionId: input.regionId,
      amount: input.amount,
      termMonths: input.termMonths,
      purposeCategory: input.purposeCategory,
      description: input.description ?? "",
      shareDescription: input.shareDescription ?? false,
      collateralOffered: input.collateralOffered ?? [],
      maxAnnualRate: input.maxAnnualRate ?? null,
      wantsLoan: input.wantsLoan ?? true,
      wantsGuarantee: input.wantsGuarantee ?? false,
      wantsInsurance: input.wantsInsurance ?? false,
      flags: input.flags ?? [],
      visibility: input.visibility ?? "OPEN",
      status,
      publishedAt: input.publishedAt === undefined ? (status === "DRAFT" ? null : new Date()) : input.publishedAt,
      expiresAt: input.expiresAt === undefined ? new Date(Date.now() + 90 * 86_400_000) : input.expiresAt,
      directedInstitutions: { create: (input.directedTo ?? []).map((institutionId) => ({ institutionId })) },
    },
    select: { id: true },
  });
  return need.id;
}
