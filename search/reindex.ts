/**
 * Rebuilding and reconciling the derived indexes from Postgres.
 *
 * - rebuildIndex builds a complete fresh index next to the live one and swaps the two atomically (swapIndexes), so
 *   searches never see a missing or half-filled index; the old contents are then dropped. Rows changed while the
 *   build ran are re-synced after the swap.
 * - reconcileIndex compares every document's content hash with what Postgres says it should be and repairs the
 *   differences: missing documents are added, stale ones replaced, extra ones deleted.
 */
import type { Db } from "~/infra/db.server.ts";
import { type IndexKind, type Meili, waitOk } from "./client.ts";
import { documentFingerprint } from "~/modules/search-index/documents.server.ts";
import { ensureIndex } from "./settings.ts";
import { buildNeedDocuments, buildProductDocuments, syncNeeds, syncProducts } from "~/modules/search-index/sync.server.ts";

export interface RebuildOptions {
  batchSize?: number;
  onProgress?: (message: string) => void;
}

export interface RebuildResult {
  kind: IndexKind;
  documents: number;
  caughtUp: number;
  tookMs: number;
}

const BUILD_MARKER = "__build_";

/** Ids of the rows an index should contain, in id order, a batch at a time. */
async function* indexableIds(db: Db, kind: IndexKind, batchSize: number): AsyncGenerator<string[]> {
  let after: string | undefined;
  for (;;) {
    const where = after ? { id: { gt: after } } : {};
    const rows =
      kind === "products"
        ? await db.product.findMany({ where, select: { id: true }, orderBy: { id: "asc" }, take: batchSize })
        : await db.financingNeed.findMany({ where: { ...where, status: { not: "DRAFT" } }, select: { id: true }, orderBy: { id: "asc" }, take: batchSize });
    if (rows.length === 0) return;
    yield rows.map((row) => row.id);
    after = rows[rows.length - 1]!.id;
  }
}

function buildDocuments(db: Db, kind: IndexKind, ids: string[]) {
  return kind === "products" ? buildProductDocuments(db, ids) : buildNeedDocuments(db, ids);
}

async function dropLeftoverBuilds(meili: Meili, live: string): Promise<void> {
  const { results } = await meili.client.getRawIndexes({ limit: 1000 });
  for (const index of results) {
    if (index.uid.startsWith(`${live}${BUILD_MARKER}`)) await waitOk(meili.client.deleteIndex(index.uid));
  }
}

export async function rebuildIndex(db: Db, meili: Meili, kind: IndexKind, options: RebuildOptions = {}): Promise<RebuildResult> {
  const started = Date.now();
  const startedAt = new Date(started - 1000); // clock skew between this process and Postgres
  const batchSize = options.batchSize ?? 1000;
  const live = meili.indexes[kind];
  const build = `${live}${BUILD_MARKER}${started.toString(36)}`;
  const log = options.onProgress ?? (() => {});

  await dropLeftoverBuilds(meili, live);
  await ensureIndex(meili, kind, build);
  const index = meili.client.index(build);
  let documents = 0;
  let pending: Promise<unknown>[] = [];
  for await (const ids of indexableIds(db, kind, batchSize)) {
    const batch = await buildDocuments(db, kind, ids);
    pending.push(waitOk(index.addDocuments(batch, { primaryKey: "id" }), 600_000));
    documents += batch.length;
    // Keep a bounded number of batches in flight: Postgres reads overlap with Meilisearch indexing.
    if (pending.length >= 8) {
      await Promise.all(pending);
      pending = [];
    }
    log(`${kind}: ${documents} documents queued`);
  }
  await Promise.all(pending);

  await ensureIndex(meili, kind); // the live index must exist for the swap
  await waitOk(meili.client.swapIndexes([{ indexes: [live, build], rename: false }]));
  await waitOk(meili.client.deleteIndex(build)); // now holds the previous contents
  log(`${kind}: swapped in ${documents} documents`);

  // Changes made while we were building went to the old index through the normal sync: replay them.
  const changed =
    kind === "products"
      ? await db.product.findMany({ where: { updatedAt: { gte: startedAt } }, select: { id: true } })
      : await db.financingNeed.findMany({ where: { updatedAt: { gte: startedAt } }, select: { id: true } });
  const changedIds = changed.map((row) => row.id);
  if (changedIds.length > 0) {
    if (kind === "products") await syncProducts(db, meili, changedIds);
    else await syncNeeds(db, meili, changedIds);
  }
  return { kind, documents, caughtUp: changedIds.length, tookMs: Date.now() - started };
}

export interface ReconcileResult {
  kind: IndexKind;
  checked: number;
  missing: number;
  stale: number;
  extra: number;
  tookMs: number;
}

/** id → fingerprint (content hash and matched institutions) of every document in the live index. */
async function indexedFingerprints(meili: Meili, uid: string): Promise<Map<string, string>> {
  const fingerprints = new Map<string, string>();
  const page = 10_000;
  for (let offset = 0; ; offset += page) {
    const { results } = await meili.client.index(uid).getDocuments<{ id: string; contentHash?: string; matchedInstitutionIds?: string[] }>({
      fields: ["id", "contentHash", "matchedInstitutionIds"],
      limit: page,
      offset,
    });
    for (const document of results) fingerprints.set(String(document.id), documentFingerprint(document));
    if (results.length < page) return fingerprints;
  }
}

export async function reconcileIndex(db: Db, meili: Meili, kind: IndexKind, options: RebuildOptions = {}): Promise<ReconcileResult> {
  const started = Date.now();
  const uid = meili.indexes[kind];
  await ensureIndex(meili, kind);
  const indexed = await indexedFingerprints(meili, uid);
  const index = meili.client.index(uid);
  let checked = 0;
  let missing = 0;
  let stale = 0;
  const tasks: Promise<unknown>[] = [];
  for await (const ids of indexableIds(db, kind, options.batchSize ?? 1000)) {
    const expected = await buildDocuments(db, kind, ids);
    const repairs: (typeof expected)[number][] = [];
    for (const document of expected) {
      const fingerprint = indexed.get(document.id);
      indexed.delete(document.id);
      if (fingerprint === undefined) missing += 1;
      else if (fingerprint !== documentFingerprint(document)) stale += 1;
      else continue;
      repairs.push(document);
    }
    checked += expected.length;
    if (repairs.length > 0) tasks.push(waitOk(index.addDocuments(repairs as unknown as Record<string, unknown>[], { primaryKey: "id" })));
  }
  // What is left in `indexed` has no row (or is a draft) in Postgres.
  const extra = [...indexed.keys()];
  if (extra.length > 0) tasks.push(waitOk(index.deleteDocuments(extra)));
  await Promise.all(tasks);
  options.onProgress?.(`${kind}: checked ${checked}, missing ${missing}, stale ${stale}, extra ${extra.length}`);
  return { kind, checked, missing, stale, extra: extra.length, tookMs: Date.now() - started };
}
