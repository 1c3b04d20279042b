/**
 * Rebuilding and reconciling a derived index from its source of truth, whatever the documents are.
 *
 * - rebuildIndexFrom builds a complete fresh index next to the live one and swaps the two atomically (swapIndexes),
 *   so searches never see a missing or half-filled index; the old contents are then dropped. Rows changed while the
 *   build ran are re-synced after the swap.
 * - reconcileIndexWith compares every document's fingerprint with what the source says it should be and repairs the
 *   differences: missing documents are added, stale ones replaced, extra ones deleted.
 *
 * The source (which rows, which documents, how a change is synced) is domain knowledge and is passed in; the
 * search-index module's reindex.server.ts gives the products and needs sources.
 */
import { type IndexKind, type Meili, waitOk } from "./client.ts";
import { ensureIndex } from "./settings.ts";

/** Where an index's documents come from. */
export interface DocumentSource<D extends { id: string }> {
  kind: IndexKind;
  /** Ids of the rows the index should contain, in id order, a batch at a time. */
  ids(batchSize: number): AsyncIterable<string[]>;
  /** The documents of these ids (rows that are gone or not indexable are left out). */
  documents(ids: string[]): Promise<D[]>;
  /** Ids of the rows changed at or after `since`. */
  changedSince(since: Date): Promise<string[]>;
  /** Brings the live index in step for these ids, the way a change is synced normally. */
  sync(ids: string[]): Promise<unknown>;
  /** The fields reconcile reads of every indexed document, to fingerprint it. */
  fingerprintFields: readonly string[];
  /** What reconcile compares between an indexed document (only fingerprintFields) and the expected one. */
  fingerprint(document: Partial<D>): string;
}

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

async function dropLeftoverBuilds(meili: Meili, live: string): Promise<void> {
  const { results } = await meili.client.getRawIndexes({ limit: 1000 });
  for (const index of results) {
    if (index.uid.startsWith(`${live}${BUILD_MARKER}`)) await waitOk(meili.client.deleteIndex(index.uid));
  }
}

export async function rebuildIndexFrom<D extends { id: string }>(
  meili: Meili,
  source: DocumentSource<D>,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const kind = source.kind;
  const started = Date.now();
  const startedAt = new Date(started - 1000); // clock skew between this process and Postgres
  const batchSize = options.batchSize ?? 1000;
  const live = meili.indexes[kind];
  const build = `${live}${BUILD_MARKER}${started.toString(36)}`;
  const log = options.onProgress ?? (() => {});

  await dropLeftoverBuilds(meili, live);
  await ensureIndex(meili, kind, build);
  const index = meili.client.index<D>(build);
  let documents = 0;
  let pending: Promise<unknown>[] = [];
  for await (const ids of source.ids(batchSize)) {
    const batch = await source.documents(ids);
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
  const changedIds = await source.changedSince(startedAt);
  if (changedIds.length > 0) await source.sync(changedIds);
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

/** id → fingerprint of every document in the live index. */
async function indexedFingerprints<D extends { id: string }>(
  meili: Meili,
  uid: string,
  source: DocumentSource<D>,
): Promise<Map<string, string>> {
  const fingerprints = new Map<string, string>();
  const page = 10_000;
  for (let offset = 0; ; offset += page) {
    const { results } = await meili.client.index<D>(uid).getDocuments<Partial<D> & { id: string }>({
      fields: ["id", ...source.fingerprintFields] as Extract<keyof D, string>[],
      limit: page,
      offset,
    });
    for (const document of results) fingerprints.set(String(document.id), source.fingerprint(document));
    if (results.length < page) return fingerprints;
  }
}

export async function reconcileIndexWith<D extends { id: string }>(
  meili: Meili,
  source: DocumentSource<D>,
  options: RebuildOptions = {},
): Promise<ReconcileResult> {
  const kind = source.kind;
  const started = Date.now();
  const uid = meili.indexes[kind];
  await ensureIndex(meili, kind);
  const indexed = await indexedFingerprints(meili, uid, source);
  const index = meili.client.index<D>(uid);
  let checked = 0;
  let missing = 0;
  let stale = 0;
  const tasks: Promise<unknown>[] = [];
  for await (const ids of source.ids(options.batchSize ?? 1000)) {
    const expected = await source.documents(ids);
    const repairs: D[] = [];
    for (const document of expected) {
      const fingerprint = indexed.get(document.id);
      indexed.delete(document.id);
      if (fingerprint === undefined) missing += 1;
      else if (fingerprint !== source.fingerprint(document)) stale += 1;
      else continue;
      repairs.push(document);
    }
    checked += expected.length;
    if (repairs.length > 0) tasks.push(waitOk(index.addDocuments(repairs, { primaryKey: "id" })));
  }
  // What is left in `indexed` has no row (or is not indexable) in the source.
  const extra = [...indexed.keys()];
  if (extra.length > 0) tasks.push(waitOk(index.deleteDocuments(extra)));
  await Promise.all(tasks);
  options.onProgress?.(`${kind}: checked ${checked}, missing ${missing}, stale ${stale}, extra ${extra.length}`);
  return { kind, checked, missing, stale, extra: extra.length, tookMs: Date.now() - started };
}
