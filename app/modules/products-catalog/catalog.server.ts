/**
 * The public product supermarket (金融产品超市): published, valid products of all three kinds from the products
 * index, with full-text search in Chinese, facet counts, amount/term filters and sorting.
 *
 * The index is derived data (docs/decisions/004-meilisearch-as-a-derived-index.md): when Meilisearch is unreachable the
 * page still answers from Postgres with the same filters (plain substring search, no facet counts) and says so, instead
 * of failing.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Collateral, EntityType, PolicyTool, ProductFlag, ProductKind } from "~/generated/prisma/enums.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { dayToDateColumn, shanghaiDay, shanghaiDayNumber } from "~/kernel/time.ts";
import {
  collateralLabel,
  entityTypeLabel,
  productFlagLabel,
  productKindLabel,
  policyToolLabel,
} from "~/kernel/labels.ts";
import { fenToYuanString, formatMoneyRange, toFen } from "~/kernel/money.ts";
import { formatRate, formatRateRange, toRateUnits } from "~/kernel/rate.ts";
import { formatTermRange } from "~/kernel/time.ts";
import { loadRegionDirectory } from "~/modules/matching/regions.server.ts";
import { getMeili, type Meili } from "../../../search/client.ts";
import type { ProductDocument } from "~/modules/search-index/documents.server.ts";
import { and, eq, inList, num } from "../../../search/filter-syntax.ts";
import { productCardSelect } from "~/modules/products/product-select.ts";
import { PAGE_SIZE, type CatalogQuery } from "./catalog-query.ts";

/** The "applies to everything" marker the products index stores in list fields (see app/modules/search-index/documents.server.ts). */
const ANY = "ANY";

export interface CatalogHit {
  id: string;
  name: string;
  summary: string;
  kind: ProductKind;
  kindLabel: string;
  institutionName: string;
  institutionShortName: string;
  amountRangeText: string;
  termText: string;
  rateText: string | null;
  flagLabels: string[];
  collateralLabels: string[];
  policyToolLabel: string | null;
}

export type FacetCounts = Record<string, Record<string, number>>;

export interface CatalogResult {
  hits: CatalogHit[];
  total: number;
  page: number;
  pages: number;
  facets: FacetCounts;
  /** False when Meilisearch could not be reached and the Postgres fallback answered. */
  searchAvailable: boolean;
}

const FACETS = [
  "kind",
  "institutionId",
  "acceptedCollateral",
  "eligibleEntityTypes",
  "flags",
  "policyTool",
  "regionIds",
] as const;

const RETRIEVE: (keyof ProductDocument)[] = [
  "id",
  "name",
  "summary",
  "kind",
  "kindLabel",
  "institutionName",
  "institutionShortName",
  "amountRangeText",
  "minTermMonths",
  "maxTermMonths",
  "rateText",
  "flagLabels",
  "collateralLabels",
  "policyToolLabel",
];

const SORTS: Record<CatalogQuery["sort"], string[] | undefined> = {
  relevance: undefined,
  rate: ["minAnnualRate:asc", "feeRate:asc"],
  newest: ["publishedAtTs:desc"],
  amount: ["maxAmount:desc"],
};

/** The Meilisearch filter for a query: always published, valid today and from an active institution. */
export function catalogFilter(query: CatalogQuery, context: { today: number; regionChain: string[] }): string {
  const clauses = [
    eq("status", "PUBLISHED"),
    eq("institutionActive", true),
    `validFromDay <= ${num(context.today)}`,
    `validToDay >= ${num(context.today)}`,
  ];
  if (query.kinds.length > 0) clauses.push(inList("kind", query.kinds));
  if (query.institutionIds.length > 0) clauses.push(inList("institutionId", query.institutionIds));
  if (query.collateral.length > 0) clauses.push(inList("acceptedCollateral", query.collateral));
  if (query.entityType) clauses.push(inList("eligibleEntityTypes", [query.entityType, ANY]));
  if (query.regionId) clauses.push(inList("regionIds", [...context.regionChain, ANY]));
  if (query.flags.length > 0) clauses.push(inList("flags", query.flags));
  if (query.policyTools.length > 0) clauses.push(inList("policyTool", query.policyTools));
  if (query.amountFen !== null) {
    const yuan = num(fenToYuanString(query.amountFen));
    clauses.push(`minAmount <= ${yuan}`, `maxAmount >= ${yuan}`);
  }
  if (query.termMonths !== null)
    clauses.push(`minTermMonths <= ${num(query.termMonths)}`, `maxTermMonths >= ${num(query.termMonths)}`);
  return and(clauses);
}

function toHit(document: Pick<ProductDocument, (typeof RETRIEVE)[number]>): CatalogHit {
  return {
    id: document.id,
    name: document.name,
    summary: document.summary,
    kind: document.kind as ProductKind,
    kindLabel: document.kindLabel,
    institutionName: document.institutionName,
    institutionShortName: document.institutionShortName,
    amountRangeText: document.amountRangeText,
    termText: formatTermRange(document.minTermMonths, document.maxTermMonths),
    rateText: document.rateText,
    flagLabels: document.flagLabels,
    collateralLabels: document.collateralLabels,
    policyToolLabel: document.policyToolLabel,
  };
}

export async function searchCatalog(
  db: DbOrTx,
  meili: Meili,
  query: CatalogQuery,
  now: Date = new Date(),
): Promise<CatalogResult> {
  const today = shanghaiDayNumber(now);
  const regionChain = query.regionId ? (await loadRegionDirectory(db)).chain(query.regionId) : [];
  try {
    const response = await meili.client.index<ProductDocument>(meili.indexes.products).search(query.q, {
      filter: catalogFilter(query, { today, regionChain }),
      locales: ["cmn"],
      facets: [...FACETS],
      sort: SORTS[query.sort],
      page: query.page,
      hitsPerPage: PAGE_SIZE,
      attributesToRetrieve: RETRIEVE,
    });
    return {
      hits: response.hits.map(toHit),
      total: response.totalHits ?? response.hits.length,
      page: response.page ?? query.page,
      pages: response.totalPages ?? 1,
      facets: (response.facetDistribution ?? {}) as FacetCounts,
      searchAvailable: true,
    };
  } catch (error) {
    console.warn(
      `product supermarket falls back to Postgres: ${error instanceof Error ? error.message : String(error)}`,
    );
    return searchCatalogInPostgres(db, query, { now, regionChain });
  }
}

/** The page's entry point: the process's Meilisearch client (search/client.ts is server-only code). */
export function searchCatalogWithDefaultIndex(db: DbOrTx, query: CatalogQuery): Promise<CatalogResult> {
  return searchCatalog(db, getMeili(), query);
}

// ───────────────────────────── fallback ─────────────────────────────

const fallbackSelect = {
  ...productCardSelect,
  institution: { select: { name: true, shortName: true } },
} satisfies Prisma.ProductSelect;

type FallbackRow = Prisma.ProductGetPayload<{ select: typeof fallbackSelect }>;

export function productRateText(
  row: Pick<FallbackRow, "kind" | "minAnnualRate" | "maxAnnualRate" | "feeRate">,
): string | null {
  if (row.kind === "LOAN") {
    return formatRateRange(
      row.minAnnualRate ? toRateUnits(row.minAnnualRate) : null,
      row.maxAnnualRate ? toRateUnits(row.maxAnnualRate) : null,
    );
  }
  if (!row.feeRate) return null;
  return `${row.kind === "GUARANTEE" ? "担保费率" : "保险费率"} ${formatRate(toRateUnits(row.feeRate))}`;
}

async function searchCatalogInPostgres(
  db: DbOrTx,
  query: CatalogQuery,
  context: { now: Date; regionChain: string[] },
): Promise<CatalogResult> {
  const todayDate = dayToDateColumn(shanghaiDay(context.now));
  const and: Prisma.ProductWhereInput[] = [
    { status: "PUBLISHED", institution: { isActive: true } },
    { OR: [{ validFrom: null }, { validFrom: { lte: todayDate } }] },
    { OR: [{ validTo: null }, { validTo: { gte: todayDate } }] },
  ];
  if (query.q) {
    and.push({
      OR: [
        { name: { contains: query.q } },
        { summary: { contains: query.q } },
        { description: { contains: query.q } },
        { institution: { name: { contains: query.q } } },
      ],
    });
  }
  if (query.kinds.length > 0) and.push({ kind: { in: query.kinds } });
  if (query.institutionIds.length > 0) and.push({ institutionId: { in: query.institutionIds } });
  if (query.collateral.length > 0) and.push({ acceptedCollateral: { hasSome: query.collateral } });
  if (query.entityType)
    and.push({ OR: [{ eligibleEntityTypes: { isEmpty: true } }, { eligibleEntityTypes: { has: query.entityType } }] });
  if (query.regionId) {
    and.push({
      OR: [
        { regions: { some: { regionId: { in: context.regionChain } } } },
        { regions: { none: {} }, institution: { regionsServed: { some: { regionId: { in: context.regionChain } } } } },
        { regions: { none: {} }, institution: { regionsServed: { none: {} } } },
      ],
    });
  }
  if (query.flags.length > 0) and.push({ flags: { hasSome: query.flags } });
  if (query.policyTools.length > 0) and.push({ policyTool: { in: query.policyTools } });
  if (query.amountFen !== null) {
    const yuan = fenToYuanString(query.amountFen);
    and.push({ minAmount: { lte: yuan }, maxAmount: { gte: yuan } });
  }
  if (query.termMonths !== null)
    and.push({ minTermMonths: { lte: query.termMonths }, maxTermMonths: { gte: query.termMonths } });

  const orderBy: Prisma.ProductOrderByWithRelationInput[] =
    query.sort === "rate"
      ? [{ minAnnualRate: { sort: "asc", nulls: "last" } }, { feeRate: { sort: "asc", nulls: "last" } }]
      : query.sort === "amount"
        ? [{ maxAmount: "desc" }]
        : [{ publishedAt: { sort: "desc", nulls: "last" } }];
  const where = { AND: and };
  const [total, rows] = await Promise.all([
    db.product.count({ where }),
    db.product.findMany({
      where,
      orderBy: [...orderBy, { id: "asc" }],
      skip: (query.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: fallbackSelect,
    }),
  ]);
  return {
    hits: rows.map((row) => ({
      id: row.id,
      name: row.name,
      summary: row.summary,
      kind: row.kind,
      kindLabel: productKindLabel[row.kind],
      institutionName: row.institution.name,
      institutionShortName: row.institution.shortName,
      amountRangeText: formatMoneyRange(toFen(row.minAmount), toFen(row.maxAmount)),
      termText: formatTermRange(row.minTermMonths, row.maxTermMonths),
      rateText: productRateText(row),
      flagLabels: row.flags.map((flag) => productFlagLabel[flag]),
      collateralLabels: row.acceptedCollateral.map((item) => collateralLabel[item]),
      policyToolLabel: row.policyTool ? policyToolLabel[row.policyTool] : null,
    })),
    total,
    page: query.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    facets: {},
    searchAvailable: false,
  };
}

// ───────────────────────────── facet options ─────────────────────────────

/** Every value a facet can take, with its Chinese label, so the filter form lists them even at zero hits. */
export async function loadCatalogOptions(db: DbOrTx) {
  const [institutions, regions] = await Promise.all([
    db.institution.findMany({
      where: { isActive: true, products: { some: { status: "PUBLISHED" } } },
      orderBy: [{ kind: "asc" }, { name: "asc" }],
      select: { id: true, shortName: true, kind: true },
    }),
    db.region.findMany({
      where: { kind: { in: ["DISTRICT", "COUNTY", "FUNCTIONAL_ZONE", "INDUSTRIAL_PARK"] } },
      orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
      select: { id: true, name: true },
    }),
  ]);
  const entries = <K extends string>(labels: Record<K, string>) =>
    (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
  return {
    kinds: entries<ProductKind>(productKindLabel),
    institutions: institutions.map((institution) => ({
      value: institution.id,
      label: institution.shortName,
      kind: institution.kind,
    })),
    collateral: entries<Collateral>(collateralLabel),
    entityTypes: entries<EntityType>(entityTypeLabel),
    regions: regions.map((region) => ({ value: region.id, label: region.name })),
    flags: entries<ProductFlag>(productFlagLabel),
    policyTools: entries<PolicyTool>(policyToolLabel),
  };
}

export type CatalogOptions = Awaited<ReturnType<typeof loadCatalogOptions>>;
