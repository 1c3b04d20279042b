/**
 * A Meilisearch handle with an index prefix of its own for one test file.
 *
 *   const search = createTestMeili("leads");
 *   afterAll(() => search.cleanup());
 *
 * The server and key come from MEILI_URL / MEILI_MASTER_KEY (the test runner provides them); the fallbacks are the
 * development server of search/README (127.0.0.1:7701). The prefix is `<MEILI_INDEX_PREFIX><label>_<random>_`, so
 * files running in parallel never see each other's indexes and the runner can remove leftovers by the run prefix.
 */
import { randomBytes } from "node:crypto";
import { createMeili, type Meili } from "../../search/client.ts";

export const DEV_MEILI_URL = "http://127.0.0.1:7701";
export const DEV_MEILI_KEY = "devmasterkey-0123456789";

export interface TestMeili extends Meili {
  /** Deletes every index whose uid starts with this handle's prefix. */
  cleanup(): Promise<void>;
}

export function testMeiliConfig() {
  return {
    url: process.env.MEILI_URL || DEV_MEILI_URL,
    apiKey: process.env.MEILI_URL
      ? process.env.MEILI_MASTER_KEY || undefined
      : process.env.MEILI_MASTER_KEY || DEV_MEILI_KEY,
  };
}

export function createTestMeili(label: string): TestMeili {
  const base = process.env.MEILI_INDEX_PREFIX || "jytest_";
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, "_");
  const prefix = `${base}${safeLabel}_${randomBytes(3).toString("hex")}_`;
  const meili = createMeili({ ...testMeiliConfig(), indexPrefix: prefix });
  return {
    ...meili,
    async cleanup() {
      await deleteIndexesWithPrefix(meili, prefix);
    },
  };
}

export async function deleteIndexesWithPrefix(meili: Meili, prefix: string): Promise<void> {
  const { results } = await meili.client.getRawIndexes({ limit: 1000 });
  const doomed = results.filter((index) => index.uid.startsWith(prefix));
  await Promise.all(doomed.map((index) => meili.client.deleteIndex(index.uid).waitTask({ timeout: 60_000 })));
}
