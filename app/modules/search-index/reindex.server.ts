/**
 * Rebuilding and reconciling the products and needs indexes from Postgres (the admin's `tsx scripts/search-index.ts`, the
 * nightly reconcile job). The mechanics — fresh index, atomic swap, replay, fingerprint comparison — are
 * search/reindex.ts; this file says which rows belong in each index and how their documents are made.
 */
import type { Db } from "~/infra/db.server.ts";
import type { IndexKind, Meili } from "../../../search/client.ts";
import {
  type DocumentSource,
  type RebuildOptions,
  type RebuildResult,
  type ReconcileResult,
  rebuildIndexFrom,
  reconcileIndexWith,
} from "../../../search/reindex.ts";
import { type NeedDocument, type ProductDocument, documentFingerprint } from "./documents.server.ts";
import { buildNeedDocuments, buildProductDocuments, syncNeeds, syncProducts } from "./sync.server.ts";

/** Reconcile compares the content hash and, on its own, a need's matched institutions (see documentFingerprint). */
const FINGERPRINT_FIELDS = ["contentHash", "matchedInstitutionIds"] as const;

/** Ids in id order, a batch at a time, from a query that pages by `id > after`. */
async function* pagedIds(page: (after: string | undefined) => Promise<{ id: string }[]>): AsyncGenerator<string[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    yield rows.map((row) => row.id);
    after = rows[rows.length - 1]!.id;
  }
}

function idsAfter(after: string | undefined) {
  return after ? { id: { gt: after } } : {};
}

export function productSource(db: Db, meili: Meili): DocumentSource<ProductDocument> {
  return {
    kind: "products",
    ids: (batchSize) =>
      pagedIds((after) =>
        db.product.findMany({ where: idsAfter(after), select: { id: true }, orderBy: { id: "asc" }, take: batchSize }),
      ),
    documents: (ids) => buildProductDocuments(db, ids),
    changedSince: async (since) =>
      (await db.product.findMany({ where: { updatedAt: { gte: since } }, select: { id: true } })).map((row) => row.id),
    sync: (ids) => syncProducts(db, meili, ids),
    fingerprintFields: FINGERPRINT_FIELDS,
    fingerprint: documentFingerprint,
  };
}

export function needSource(db: Db, meili: Meili): DocumentSource<NeedDocument> {
  return {
    kind: "needs",
    // Drafts are private (needIsIndexable): they are never in the index.
    ids: (batchSize) =>
      pagedIds((after) =>
        db.financingNeed.findMany({
          where: { ...idsAfter(after), status: { not: "DRAFT" } },
          select: { id: true },
          orderBy: { id: "asc" },
          take: batchSize,
        }),
      ),
    documents: (ids) => buildNeedDocuments(db, ids),
    changedSince: async (since) =>
      (await db.financingNeed.findMany({ where: { updatedAt: { gte: since } }, select: { id: true } })).map(
        (row) => row.id,
      ),
    sync: (ids) => syncNeeds(db, meili, ids),
    fingerprintFields: FINGERPRINT_FIELDS,
    fingerprint: documentFingerprint,
  };
}

export function rebuildIndex(
  db: Db,
  meili: Meili,
  kind: IndexKind,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  return kind === "products"
    ? rebuildIndexFrom(meili, productSource(db, meili), options)
    : rebuildIndexFrom(meili, needSource(db, meili), options);
}

export function reconcileIndex(
  db: Db,
  meili: Meili,
  kind: IndexKind,
  options: RebuildOptions = {},
): Promise<ReconcileResult> {
  return kind === "products"
    ? reconcileIndexWith(meili, productSource(db, meili), options)
    : reconcileIndexWith(meili, needSource(db, meili), options);
}
