/**
 * Reading matching facts from Postgres. One explicit select per aggregate, shared by matching and by the search
 * document mappers, so a document and the predicate always see the same data.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { type NeedFacts, type ProductFacts } from "./facts.ts";
import { dateColumnDayNumber } from "~/kernel/time.ts";
import { toFen } from "~/kernel/money.ts";
import { toRateUnits } from "~/kernel/rate.ts";
import { needTermsSelect } from "../needs/need-select.ts";
import { productTermsSelect } from "../products/product-select.ts";
import { type RegionDirectory, loadRegionDirectory } from "./regions.server.ts";

export const productRowSelect = {
  // The product's terms and eligibility as its own screens read them, plus what matching and the documents need.
  ...productTermsSelect,
  status: true,
  publishedAt: true,
  updatedAt: true,
  regions: { select: { regionId: true } },
  institution: {
    select: {
      id: true,
      name: true,
      shortName: true,
      kind: true,
      subType: true,
      isActive: true,
      isKeyPartner: true,
      locatedInRegionId: true,
      regionsServed: { select: { regionId: true } },
    },
  },
} satisfies Prisma.ProductSelect;

export type ProductRow = Prisma.ProductGetPayload<{ select: typeof productRowSelect }>;

export const needRowSelect = {
  // What the enterprise asked for (the need form's fields), plus where, when and for whom.
  ...needTermsSelect,
  enterpriseId: true,
  regionId: true,
  publishedAt: true,
  expiresAt: true,
  overdueSince: true,
  createdAt: true,
  updatedAt: true,
  directedInstitutions: { select: { institutionId: true } },
  enterprise: {
    select: {
      // name, idNumber, contacts and address are read only to mask and redact them; they never leave the mappers.
      name: true,
      idNumber: true,
      contactName: true,
      contactPhone: true,
      contactEmail: true,
      legalRepresentative: true,
      address: true,
      entityType: true,
      sizeClass: true,
      industrySection: true,
      industryDivision: true,
      parkId: true,
      foundedOn: true,
      declaresNoPriorLoan: true,
    },
  },
} satisfies Prisma.FinancingNeedSelect;

export type NeedRow = Prisma.FinancingNeedGetPayload<{ select: typeof needRowSelect }>;

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

export function toProductFacts(row: ProductRow): ProductFacts {
  const ownRegions = row.regions.map((region) => region.regionId);
  const servedRegions = row.institution.regionsServed.map((region) => region.regionId);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    status: row.status,
    validFromDay: dateColumnDayNumber(row.validFrom),
    validToDay: dateColumnDayNumber(row.validTo),
    institutionId: row.institution.id,
    institutionName: row.institution.name,
    institutionShortName: row.institution.shortName,
    institutionKind: row.institution.kind,
    institutionSubType: row.institution.subType,
    institutionActive: row.institution.isActive,
    institutionKeyPartner: row.institution.isKeyPartner,
    institutionLocatedRegionId: row.institution.locatedInRegionId,
    institutionServedRegionIds: servedRegions,
    minAmountFen: toFen(row.minAmount),
    maxAmountFen: toFen(row.maxAmount),
    minTermMonths: row.minTermMonths,
    maxTermMonths: row.maxTermMonths,
    minRate: row.minAnnualRate === null ? null : toRateUnits(row.minAnnualRate),
    maxRate: row.maxAnnualRate === null ? null : toRateUnits(row.maxAnnualRate),
    feeRate: row.feeRate === null ? null : toRateUnits(row.feeRate),
    acceptedCollateral: unique(row.acceptedCollateral),
    eligibleEntityTypes: unique(row.eligibleEntityTypes),
    eligibleIndustrySections: unique(row.eligibleIndustrySections),
    regionIds: unique(ownRegions.length > 0 ? ownRegions : servedRegions),
    minYearsInBusiness: row.minYearsInBusiness,
    flags: unique(row.flags),
    policyTool: row.policyTool,
  };
}

export function toNeedFacts(row: NeedRow, regions: RegionDirectory): NeedFacts {
  const enterprise = row.enterprise;
  return {
    id: row.id,
    enterpriseId: row.enterpriseId,
    status: row.status,
    visibility: row.visibility,
    directedInstitutionIds: row.directedInstitutions.map((item) => item.institutionId),
    entityType: enterprise.entityType,
    sizeClass: enterprise.sizeClass,
    industrySection: enterprise.industrySection,
    industryDivision: enterprise.industryDivision,
    regionId: row.regionId,
    regionName: regions.name(row.regionId),
    parkId: enterprise.parkId,
    regionChainIds: unique([...regions.chain(row.regionId), ...regions.chain(enterprise.parkId)]),
    foundedOnDay: dateColumnDayNumber(enterprise.foundedOn),
    declaresNoPriorLoan: enterprise.declaresNoPriorLoan,
    amountFen: toFen(row.amount),
    termMonths: row.termMonths,
    purposeCategory: row.purposeCategory,
    description: row.description,
    collateralOffered: unique(row.collateralOffered),
    maxRate: row.maxAnnualRate === null ? null : toRateUnits(row.maxAnnualRate),
    wantsLoan: row.wantsLoan,
    wantsGuarantee: row.wantsGuarantee,
    wantsInsurance: row.wantsInsurance,
    flags: unique(row.flags),
  };
}

/** Regions are cached; a region id the cache has not seen yet (created a moment ago) forces one reload. */
export async function regionDirectoryCovering(
  db: DbOrTx,
  regionIds: Iterable<string | null>,
): Promise<RegionDirectory> {
  const directory = await loadRegionDirectory(db);
  for (const id of regionIds) {
    if (id && !directory.get(id)) return loadRegionDirectory(db, { fresh: true });
  }
  return directory;
}

export async function loadNeedRow(db: DbOrTx, needId: string): Promise<NeedRow | null> {
  return db.financingNeed.findUnique({ where: { id: needId }, select: needRowSelect });
}

/**
 * Needs by id (unknown ids are left out): their rows, their facts in the same order, and the region directory that
 * names their regions — one query for the lot.
 */
export async function loadNeeds(
  db: DbOrTx,
  needIds: readonly string[],
): Promise<{ rows: NeedRow[]; facts: NeedFacts[]; regions: RegionDirectory }> {
  const rows =
    needIds.length === 0
      ? []
      : await db.financingNeed.findMany({ where: { id: { in: [...new Set(needIds)] } }, select: needRowSelect });
  const regions = await regionDirectoryCovering(
    db,
    rows.flatMap((row) => [row.regionId, row.enterprise.parkId]),
  );
  return { rows, facts: rows.map((row) => toNeedFacts(row, regions)), regions };
}

export async function loadNeedFactsMany(db: DbOrTx, needIds: readonly string[]): Promise<Map<string, NeedFacts>> {
  const { facts } = await loadNeeds(db, needIds);
  return new Map(facts.map((need) => [need.id, need]));
}

/**
 * Product facts are read on every match (hundreds of candidates) but change rarely, so they are cached per database
 * handle for a short time. Matching therefore re-checks candidates against Postgres as of at most
 * PRODUCT_FACTS_MAX_AGE_MS ago; callers that must see a change at once (reverse matching right after a product is
 * published) pass maxAgeMs: 0.
 */
export const PRODUCT_FACTS_MAX_AGE_MS = 30_000;
const productFactsCache = new WeakMap<object, Map<string, { at: number; facts: ProductFacts | null }>>();

export async function loadProductFacts(
  db: DbOrTx,
  productIds: readonly string[],
  options: { maxAgeMs?: number } = {},
): Promise<Map<string, ProductFacts>> {
  const maxAge = options.maxAgeMs ?? PRODUCT_FACTS_MAX_AGE_MS;
  const now = Date.now();
  const cache = productFactsCache.get(db) ?? new Map<string, { at: number; facts: ProductFacts | null }>();
  productFactsCache.set(db, cache);
  const result = new Map<string, ProductFacts>();
  const missing: string[] = [];
  for (const id of new Set(productIds)) {
    const hit = cache.get(id);
    if (hit && now - hit.at < maxAge) {
      if (hit.facts) result.set(id, hit.facts);
    } else {
      missing.push(id);
    }
  }
  if (missing.length > 0) {
    const rows = await db.product.findMany({ where: { id: { in: missing } }, select: productRowSelect });
    const found = new Map(rows.map((row) => [row.id, toProductFacts(row)]));
    for (const id of missing) {
      const facts = found.get(id) ?? null;
      cache.set(id, { at: now, facts });
      if (facts) result.set(id, facts);
    }
  }
  return result;
}

/** Drops cached product facts (all, or some ids) — after a product change made by this process. */
export function forgetProductFacts(db: DbOrTx, productIds?: readonly string[]): void {
  if (!productIds) productFactsCache.delete(db);
  else for (const id of productIds) productFactsCache.get(db)?.delete(id);
}
