/**
 * Applying one change to an index: upsert some documents, delete others, and (by default) wait until Meilisearch has
 * applied both. Which documents a change produces is the domain's business (the search-index module's sync.server.ts).
 */
import { type Meili, waitOk } from "./client.ts";

export interface SyncOptions {
  /** Wait until Meilisearch has applied the change (default). A job wants to fail — and retry — if it did not. */
  wait?: boolean;
}

export interface SyncResult {
  upserted: number;
  deleted: number;
}

export async function applyDocuments<T extends { id: string }>(
  meili: Meili,
  uid: string,
  documents: T[],
  deletedIds: string[],
  options: SyncOptions,
): Promise<SyncResult> {
  const index = meili.client.index<T>(uid);
  const tasks = [];
  if (documents.length > 0) tasks.push(index.addDocuments(documents, { primaryKey: "id" }));
  if (deletedIds.length > 0) tasks.push(index.deleteDocuments(deletedIds));
  if (options.wait !== false) {
    for (const task of tasks) await waitOk(task);
  } else {
    await Promise.all(tasks);
  }
  return { upserted: documents.length, deleted: deletedIds.length };
}
