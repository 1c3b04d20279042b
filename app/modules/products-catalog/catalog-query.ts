/**
 * The product supermarket's query, read from the URL (a plain GET form, so it works without JavaScript and every
 * search can be bookmarked or shared). Unknown or malformed values are dropped rather than rejected: a search page
 * should always show something. No server-only imports.
 */
import { Collateral, EntityType, PolicyTool, ProductFlag, ProductKind } from "~/generated/prisma/enums.ts";
import { type Fen, parseMoneyInput } from "~/kernel/money.ts";

export const CATALOG_SORTS = ["relevance", "rate", "newest", "amount"] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

export const catalogSortLabel: Record<CatalogSort, string> = {
  relevance: "综合排序",
  rate: "利率/费率从低到高",
  newest: "最新上架",
  amount: "最高额度从高到低",
};

export interface CatalogQuery {
  q: string;
  kinds: ProductKind[];
  institutionIds: string[];
  collateral: Collateral[];
  entityType: EntityType | null;
  regionId: string | null;
  flags: ProductFlag[];
  policyTools: PolicyTool[];
  /** The amount the visitor needs, exact 分 (entered in 万元). */
  amountFen: Fen | null;
  amountText: string;
  termMonths: number | null;
  sort: CatalogSort;
  page: number;
}

export const PAGE_SIZE = 12;

function pick<T extends string>(values: readonly string[], allowed: Record<string, T>): T[] {
  const set = new Set(Object.values(allowed) as string[]);
  return [...new Set(values.filter((value) => set.has(value)))] as T[];
}

const ID = /^[A-Za-z0-9_-]{1,40}$/;

export function parseCatalogQuery(params: URLSearchParams): CatalogQuery {
  const amountText = (params.get("amount") ?? "").trim().slice(0, 20);
  const amount = amountText ? parseMoneyInput(amountText, "WAN") : null;
  const termText = (params.get("term") ?? "").trim();
  const term = /^\d{1,3}$/.test(termText) ? Number(termText) : null;
  const entityType = pick([params.get("entityType") ?? ""], EntityType)[0] ?? null;
  const region = params.get("region") ?? "";
  const sort = (CATALOG_SORTS as readonly string[]).includes(params.get("sort") ?? "")
    ? (params.get("sort") as CatalogSort)
    : "relevance";
  const page = Math.min(Math.max(Number.parseInt(params.get("page") ?? "1", 10) || 1, 1), 200);
  return {
    q: (params.get("q") ?? "").trim().slice(0, 100),
    kinds: pick(params.getAll("kind"), ProductKind),
    institutionIds: [...new Set(params.getAll("institution").filter((id) => ID.test(id)))].slice(0, 20),
    collateral: pick(params.getAll("collateral"), Collateral),
    entityType,
    regionId: ID.test(region) ? region : null,
    flags: pick(params.getAll("flag"), ProductFlag),
    policyTools: pick(params.getAll("tool"), PolicyTool),
    amountFen: amount && amount.ok && amount.fen > 0n ? amount.fen : null,
    amountText: amount && amount.ok ? amountText : "",
    termMonths: term !== null && term > 0 && term <= 360 ? term : null,
    sort,
    page,
  };
}

/** The URL of the same search with some parameters changed (for facet links and pagination). */
export function catalogHref(query: CatalogQuery, change: Partial<CatalogQuery>): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  for (const kind of next.kinds) params.append("kind", kind);
  for (const id of next.institutionIds) params.append("institution", id);
  for (const item of next.collateral) params.append("collateral", item);
  if (next.entityType) params.set("entityType", next.entityType);
  if (next.regionId) params.set("region", next.regionId);
  for (const flag of next.flags) params.append("flag", flag);
  for (const tool of next.policyTools) params.append("tool", tool);
  if (next.amountText) params.set("amount", next.amountText);
  if (next.termMonths) params.set("term", String(next.termMonths));
  if (next.sort !== "relevance") params.set("sort", next.sort);
  if (next.page > 1) params.set("page", String(next.page));
  const text = params.toString();
  return text ? `/products?${text}` : "/products";
}
