/**
 * The web process's Meilisearch key: what answering requests needs, nothing more. The master key (kept by the worker
 * and the scripts) can create, delete and swap indexes, change settings and mint keys; the web app only searches,
 * reads settings (ensureIndexesOnce, to see whether they drifted), reads tasks (the keyword cache's index stamp) and
 * adds documents (publish-time matching updates a lead's matched institutions) — and only on its own indexes.
 *
 * The key's uid is derived from the index prefix, so asking again returns the same key instead of minting another.
 */
import { createHash } from "node:crypto";
import { type Meili, meiliErrorCode } from "./client.ts";

/** Actions the web process performs (search/README, "Keys"). */
export const WEB_KEY_ACTIONS = [
  "search",
  "documents.add",
  "documents.get",
  "indexes.get",
  "settings.get",
  "tasks.get",
] as const;

/** A UUID v4-shaped uid from the prefix (Meilisearch wants one; a fixed one makes the key idempotent). */
export function webKeyUid(prefix: string): string {
  const hex = createHash("sha256").update(`jieyang-web-key:${prefix}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The web key for `meili`'s index prefix, created on first use. `meili` must hold the master key (keys.* rights).
 * Returns the key's secret value, to hand to the web process as MEILI_API_KEY.
 */
export async function ensureWebKey(meili: Meili): Promise<string> {
  const uid = webKeyUid(meili.prefix);
  try {
    return (await meili.client.getKey(uid)).key;
  } catch (error) {
    if (meiliErrorCode(error) !== "api_key_not_found") throw error;
  }
  const created = await meili.client.createKey({
    uid,
    name: `${meili.prefix}web`,
    description: "揭阳银企融资对接平台 web：检索、读取设置与任务、更新线索文档",
    actions: [...WEB_KEY_ACTIONS],
    indexes: [`${meili.prefix}*`],
    expiresAt: null,
  });
  return created.key;
}
