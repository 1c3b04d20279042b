/**
 * The one Meilisearch client of a process and the names of its indexes. Index names carry the environment's prefix
 * (MEILI_INDEX_PREFIX), so several environments and test runs can share one server.
 */
import { Meilisearch, type EnqueuedTaskPromise, type Task } from "meilisearch";
import { getEnv } from "~/env.server.ts";

export type IndexKind = "products" | "needs";

export interface Meili {
  client: Meilisearch;
  prefix: string;
  /** Live index uids. */
  indexes: Record<IndexKind, string>;
}

export interface MeiliConfig {
  url: string;
  apiKey?: string;
  indexPrefix: string;
  /** Per-request timeout in ms; a request never hangs a web request or a job forever. */
  timeoutMs?: number;
}

export function indexUid(prefix: string, kind: IndexKind): string {
  return `${prefix}${kind}`;
}

export function createMeili(config: MeiliConfig): Meili {
  const client = new Meilisearch({ host: config.url, apiKey: config.apiKey, timeout: config.timeoutMs ?? 10_000 });
  return {
    client,
    prefix: config.indexPrefix,
    indexes: { products: indexUid(config.indexPrefix, "products"), needs: indexUid(config.indexPrefix, "needs") },
  };
}

const globalForMeili = globalThis as unknown as { __jieyangMeili?: Meili };

export function getMeili(): Meili {
  if (!globalForMeili.__jieyangMeili) {
    const env = getEnv();
    globalForMeili.__jieyangMeili = createMeili({ url: env.MEILI_URL, apiKey: env.MEILI_MASTER_KEY, indexPrefix: env.MEILI_INDEX_PREFIX });
  }
  return globalForMeili.__jieyangMeili;
}

/**
 * Waits for an enqueued task and turns a failed task into an exception (waitTask resolves with status "failed"
 * instead of rejecting).
 */
export async function waitOk(enqueued: EnqueuedTaskPromise, timeoutMs = 120_000): Promise<Task> {
  const task = await enqueued.waitTask({ timeout: timeoutMs, interval: 25 });
  if (task.status !== "succeeded") {
    throw new Error(`Meilisearch task ${task.uid} (${task.type} on ${task.indexUid ?? "-"}) ${task.status}: ${task.error?.message ?? ""}`);
  }
  return task;
}
