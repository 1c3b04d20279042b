/**
 * Keeping the indexes in step with Postgres, one change at a time. Each function takes ids, reads the current rows
 * and upserts or deletes the documents — so it is idempotent and safe to call from a retried job, and a job payload
 * never needs more than ids. A row that is gone (or no longer indexable, like a need back in DRAFT) is deleted.
 */
import { Prisma } from "~/generated/prisma/client.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import {
  forgetProductFacts,
  needRowSelect,
  productRowSelect,
  regionDirectoryCovering,
} from "~/modules/matching/facts.server.ts";
import type { Meili } from "../../../search/client.ts";
import { applyDocuments, type SyncOptions, type SyncResult } from "../../../search/writes.ts";
import {
  type NeedDocument,
  type ProductDocument,
  needIsIndexable,
  toNeedDocument,
  toProductDocument,
} from "./documents.server.ts";

// ───────────────────────────── products ─────────────────────────────

export async function buildProductDocuments(db: DbOrTx, ids: readonly string[]): Promise<ProductDocument[]> {
  if (ids.length === 0) return [];
  const rows = await db.product.findMany({ where: { id: { in: [...ids] } }, select: productRowSelect });
  const regions = await regionDirectoryCovering(
    db,
    rows.flatMap((row) => row.regions.map((region) => region.regionId)),
  );
  return rows.map((row) => toProductDocument(row, regions));
}

export async function syncProducts(
  db: DbOrTx,
  meili: Meili,
  ids: readonly string[],
  options: SyncOptions = {},
): Promise<SyncResult> {
  forgetProductFacts(db, ids);
  const documents = await buildProductDocuments(db, ids);
  const present = new Set(documents.map((document) => document.id));
  return applyDocuments(
    meili,
    meili.indexes.products,
    documents,
    ids.filter((id) => !present.has(id)),
    options,
  );
}

export function syncProduct(
  db: DbOrTx,
  meili: Meili,
  productId: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  return syncProducts(db, meili, [productId], options);
}

/** An institution's name, activity or regions changed: its products' documents carry them. */
export async function syncProductsOfInstitution(
  db: DbOrTx,
  meili: Meili,
  institutionId: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const products = await db.product.findMany({ where: { institutionId }, select: { id: true } });
  return syncProducts(
    db,
    meili,
    products.map((product) => product.id),
    options,
  );
}

// ───────────────────────────── needs ─────────────────────────────

/** Institutions whose products matched each need (directly or as the loan or supporter of a bundle). */
export async function loadMatchedInstitutions(db: DbOrTx, needIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (needIds.length === 0) return result;
  const rows = await db.$queryRaw<{ needId: string; institutionId: string }[]>`
    SELECT DISTINCT m."needId", p."institutionId"
    FROM "Match" m
    JOIN "Product" p ON p."id" = m."productId" OR p."id" = m."bundleProductId"
    WHERE m."needId" IN (${Prisma.join([...needIds])}) AND m."kind" IN ('DIRECT', 'BUNDLE')`;
  for (const row of rows) {
    const list = result.get(row.needId) ?? [];
    list.push(row.institutionId);
    result.set(row.needId, list);
  }
  return result;
}

/** Documents for the indexable needs among `ids` (drafts and missing needs are left out). */
export async function buildNeedDocuments(db: DbOrTx, ids: readonly string[]): Promise<NeedDocument[]> {
  if (ids.length === 0) return [];
  const rows = (await db.financingNeed.findMany({ where: { id: { in: [...ids] } }, select: needRowSelect })).filter(
    needIsIndexable,
  );
  const regions = await regionDirectoryCovering(
    db,
    rows.flatMap((row) => [row.regionId, row.enterprise.parkId]),
  );
  const matched = await loadMatchedInstitutions(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toNeedDocument(row, regions, matched.get(row.id) ?? []));
}

export async function syncNeeds(
  db: DbOrTx,
  meili: Meili,
  ids: readonly string[],
  options: SyncOptions = {},
): Promise<SyncResult> {
  const documents = await buildNeedDocuments(db, ids);
  const present = new Set(documents.map((document) => document.id));
  return applyDocuments(
    meili,
    meili.indexes.needs,
    documents,
    ids.filter((id) => !present.has(id)),
    options,
  );
}

export function syncNeed(db: DbOrTx, meili: Meili, needId: string, options: SyncOptions = {}): Promise<SyncResult> {
  return syncNeeds(db, meili, [needId], options);
}

/** The enterprise changed (name, type, region, founding date): every need document derived from it. */
export async function syncNeedsOfEnterprise(
  db: DbOrTx,
  meili: Meili,
  enterpriseId: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const needs = await db.financingNeed.findMany({ where: { enterpriseId }, select: { id: true } });
  return syncNeeds(
    db,
    meili,
    needs.map((need) => need.id),
    options,
  );
}
