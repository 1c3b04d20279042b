/**
 * The web process's Meilisearch key (search/keys.ts) against a real Meilisearch: it can do what serving requests
 * needs on its own indexes — search, read settings and tasks, update a lead's matched institutions — and nothing
 * else: no index deletion, no settings change, no keys, no other environment's indexes.
 */
import { createMeili } from "../../../search/client.ts";
import { WEB_KEY_ACTIONS, ensureWebKey, webKeyUid } from "../../../search/keys.ts";
import { ensureIndexes } from "../../../search/settings.ts";
import { type TestMeili, createTestMeili, testMeiliConfig } from "../../support/meili.ts";

let master: TestMeili;
let other: TestMeili;

beforeAll(async () => {
  master = createTestMeili("webkey");
  other = createTestMeili("webkey_other");
  await ensureIndexes(master);
  await ensureIndexes(other);
  await master.client
    .index(master.indexes.needs)
    .addDocuments([{ id: "need-1", status: "OPEN", visibility: "OPEN" }])
    .waitTask({ timeout: 60_000 }); // a busy shared test server can take longer than the 5 s default
});

afterAll(async () => {
  await master.client.deleteKey(webKeyUid(master.prefix)).catch(() => {});
  await master?.cleanup();
  await other?.cleanup();
});

/** The Meilisearch error code of a refused call. */
async function refused(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    for (
      let current = error as { code?: unknown; cause?: unknown } | undefined;
      current;
      current = current.cause as typeof current
    ) {
      if (typeof current.code === "string" && /^[a-z_]+$/.test(current.code)) return current.code;
    }
    return "failed without a code";
  }
}

it("is created once per index prefix and found again", async () => {
  const first = await ensureWebKey(master);
  expect(await ensureWebKey(master)).toBe(first);
  const stored = await master.client.getKey(webKeyUid(master.prefix));
  expect(stored.actions.sort()).toEqual([...WEB_KEY_ACTIONS].sort());
  expect(stored.indexes).toEqual([`${master.prefix}*`]);
  expect(stored.expiresAt).toBeNull();
});

it("searches, reads settings and tasks and updates lead documents on its own indexes — and nothing more", async () => {
  const web = createMeili({
    url: testMeiliConfig().url,
    apiKey: await ensureWebKey(master),
    indexPrefix: master.prefix,
  });
  const needs = web.client.index(web.indexes.needs);

  expect((await needs.search(null, { filter: 'status = "OPEN"' })).hits.map((hit) => hit.id)).toEqual(["need-1"]);
  expect((await needs.getSettings()).filterableAttributes).toContain("matchedInstitutionIds");
  expect(
    (await web.client.tasks.getTasks({ indexUids: [web.indexes.products], limit: 1 })).results.length,
  ).toBeGreaterThan(0);
  const update = await needs
    .updateDocuments([{ id: "need-1", matchedInstitutionIds: ["inst-a"] }])
    .waitTask({ timeout: 60_000 });
  expect(update.status).toBe("succeeded");

  expect(await refused(needs.updateSettings({ filterableAttributes: ["status"] }))).toBe("invalid_api_key");
  expect(await refused(web.client.deleteIndex(web.indexes.products))).toBe("invalid_api_key");
  expect(await refused(web.client.createIndex(`${web.prefix}extra`))).toBe("invalid_api_key");
  expect(await refused(web.client.getKeys())).toBe("invalid_api_key");
  expect(await refused(web.client.index(other.indexes.needs).search(null))).toBe("invalid_api_key");
  // Nothing it was refused happened.
  expect((await master.client.index(master.indexes.needs).getSettings()).filterableAttributes).toContain(
    "matchedInstitutionIds",
  );
  expect((await master.client.getIndexes({ limit: 1000 })).results.map((index) => index.uid)).toContain(
    master.indexes.products,
  );
});
