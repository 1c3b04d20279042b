/**
 * Writing a match: the rows replace the need's earlier ones in one statement (matching.store_need_matches), and the
 * need's leads document learns its matched institutions (a partial update, batched once a second).
 */
import type { Db } from "~/infra/db.server.ts";
import { type Meili } from "../../../search/client.ts";
import type { StoredMatch } from "./rank-matches.ts";

/** The stored shape of a match row, as one element of the JSON array the store statements read. */
export function toStoredRow(match: StoredMatch) {
  return {
    productId: match.productId,
    bundleProductId: match.bundleProductId,
    kind: match.kind,
    score: match.score.toFixed(2),
    rank: match.rank,
    components: match.components,
    reasons: match.reasons,
    failedConditions: match.failedConditions,
  };
}

/**
 * Replaces each need's match rows in one round trip for the whole batch: matching.store_need_matches (migration
 * 20261127000000) takes the need's advisory lock (serialising re-matches of the same need), deletes the stored rows
 * only if they differ from the new ones and inserts the new rows only if none are left — so an unchanged result is
 * not rewritten at all. The needs are stored in the order of their lock keys, so two batches take their locks in the
 * same order (no deadlock, even when two needs' keys collide); one statement is one transaction, so a batch is
 * stored whole or not at all.
 */
export async function storeMatches(
  db: Db,
  entries: { needId: string; rows: ReturnType<typeof toStoredRow>[] }[],
  computedAt: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await db.$queryRaw`
    SELECT matching.store_need_matches(s."needId", s.rows, ${computedAt}::timestamp(3))
    FROM (SELECT x."needId", x.rows FROM jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) AS x("needId" text, rows jsonb)
          ORDER BY hashtext('match-need:' || x."needId"), x."needId") AS s`;
}

// ───────────────────────────── lead refresh, batched ─────────────────────────────

/** How long refreshed leads documents wait for company (≤ 1 s stale "matched to us"); one Meilisearch task then carries them all. */
const LEAD_REFRESH_DELAY_MS = 1000;
const LEAD_REFRESH_MAX_BATCH = 500;
/**
 * The one field matching changes in a leads document (a partial update; the rest is synced with the need). The
 * leads document (NeedDocument, app/modules/search-index) extends this shape, so the two cannot drift apart.
 */
export interface LeadMatches {
  id: string;
  matchedInstitutionIds: string[];
}
const leadRefreshes = new WeakMap<Meili, { documents: Map<string, LeadMatches>; timer: NodeJS.Timeout | null }>();

/**
 * Queues a need's matched institutions for its leads document. Updates queued within LEAD_REFRESH_DELAY_MS go to
 * Meilisearch in one updateDocuments call (one task) instead of one task per match — each task costs Meilisearch a
 * write and an indexing batch on the cores matching also needs — and as partial documents, which Meilisearch merges
 * with about half the indexing work of whole ones (measured on the 100,000-needs index: 0.5–1.0 vs 1.1–1.6 ms per
 * document). The content hash leaves this field out, and reconcile compares it on its own
 * (app/modules/search-index/documents.server.ts).
 * A later update for the same need replaces an earlier queued one.
 */
export function queueLeadRefresh(meili: Meili, document: LeadMatches): void {
  let queue = leadRefreshes.get(meili);
  if (!queue) {
    queue = { documents: new Map(), timer: null };
    leadRefreshes.set(meili, queue);
  }
  queue.documents.set(document.id, document);
  if (queue.documents.size >= LEAD_REFRESH_MAX_BATCH) void flushLeadRefreshes(meili);
  else queue.timer ??= setTimeout(() => void flushLeadRefreshes(meili), LEAD_REFRESH_DELAY_MS);
}

/** Sends the queued leads documents now (e.g. before a worker exits). Never throws; reconcile repairs a lost update. */
export async function flushLeadRefreshes(meili: Meili): Promise<void> {
  const queue = leadRefreshes.get(meili);
  if (!queue) return;
  if (queue.timer) clearTimeout(queue.timer);
  queue.timer = null;
  const documents = [...queue.documents.values()];
  queue.documents.clear();
  if (documents.length === 0) return;
  await meili.client
    .index(meili.indexes.needs)
    .updateDocuments(documents, { primaryKey: "id" })
    .then(
      () => undefined,
      () => undefined,
    );
}
