/**
 * Rebuild-and-swap under load, and reconcile repairs, against real Postgres and Meilisearch.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type IsolatedDatabase, createIsolatedDatabase } from "../../support/database.ts";
import { type TestMeili, createTestMeili, testMeiliConfig } from "../../support/meili.ts";
import { waitOk } from "../../../search/client.ts";
import { searchLeads } from "~/modules/search-index/lead-query.ts";
import { rebuildIndex, reconcileIndex } from "~/modules/search-index/reindex.server.ts";
import { ensureIndexes, INDEX_SETTINGS } from "../../../search/settings.ts";
import { syncNeeds, syncProducts } from "~/modules/search-index/sync.server.ts";
import {
  type RegionIds,
  ALL_REGIONS,
  createEnterprise,
  createInstitution,
  createNeed,
  createProduct,
  createRegions,
  idsOf,
  idOf,
} from "../../support/world.ts";

let database: IsolatedDatabase;
let meili: TestMeili;
let regions: RegionIds;
let bankId: string;
const needIds: string[] = [];
const productIds: string[] = [];

beforeAll(async () => {
  database = await createIsolatedDatabase("search_reindex");
  meili = createTestMeili("reindex");
  regions = idsOf(await createRegions(database.db, ALL_REGIONS));
  bankId = await createInstitution(database.db, {
    name: "揭阳农商银行",
    locatedInRegionId: regions.rongcheng,
    serves: [regions.city],
  }).then(idOf);
  const counties = [regions.rongcheng, regions.jiedong, regions.jiexi, regions.huilai, regions.puning];
  for (let i = 0; i < 40; i += 1) {
    const enterprise = await createEnterprise(database.db, {
      name: `揭阳市测试${i}塑料制品有限公司`,
      entityType: i % 2 ? "SMALL_MICRO" : "FAMILY_FARM",
      industrySection: i % 2 ? "C" : "A",
      regionId: counties[i % counties.length]!,
    });
    for (let j = 0; j < 5; j += 1) {
      needIds.push(
        await createNeed(database.db, {
          enterprise,
          regionId: counties[i % counties.length]!,
          amount: String(100_000 * (j + 1)),
          termMonths: 12,
          purposeCategory: j % 2 ? "WORKING_CAPITAL" : "SPRING_FARMING",
          description: "经营周转",
        }).then(idOf),
      );
    }
  }
  for (let i = 0; i < 30; i += 1) {
    productIds.push(
      await createProduct(database.db, {
        institutionId: bankId,
        name: `测试贷款${i}`,
        minAmount: "10000",
        maxAmount: "5000000",
        regions: [regions.city],
      }).then(idOf),
    );
  }
  await ensureIndexes(meili);
  await syncNeeds(database.db, meili, needIds);
  await syncProducts(database.db, meili, productIds);
}, 300_000);

afterAll(async () => {
  await meili?.cleanup();
  await database?.drop();
});

async function indexUids(): Promise<string[]> {
  const { results } = await meili.client.getRawIndexes({ limit: 1000 });
  return results.map((index) => index.uid).filter((uid) => uid.startsWith(meili.prefix));
}

describe("rebuild", () => {
  it("swaps a fresh index in while searches keep succeeding", async () => {
    let searches = 0;
    let failures = 0;
    let emptyResults = 0;
    let running = true;
    const searching = (async () => {
      while (running) {
        try {
          const result = await searchLeads(meili, { institutionId: bankId, hitsPerPage: 5 });
          searches += 1;
          if (result.totalHits !== needIds.length) emptyResults += 1;
        } catch {
          failures += 1;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const result = await rebuildIndex(database.db, meili, "needs", { batchSize: 50 });
    // Keep searching a little after the swap too.
    await new Promise((resolve) => setTimeout(resolve, 200));
    running = false;
    await searching;

    expect(result.documents).toBe(needIds.length);
    expect(searches).toBeGreaterThan(10);
    expect(failures).toBe(0);
    expect(emptyResults).toBe(0);
    expect(await indexUids()).toEqual(expect.not.arrayContaining([expect.stringContaining("__build_")]));
    const settings = await meili.client.index(meili.indexes.needs).getSettings();
    expect(settings.sortableAttributes?.sort()).toEqual([...INDEX_SETTINGS.needs.sortableAttributes!].sort());
    expect((await meili.client.index(meili.indexes.needs).getStats()).numberOfDocuments).toBe(needIds.length);
  });

  it("rebuilds products too and re-syncs what changed during the build", async () => {
    await database.db.product.update({ where: { id: productIds[0]! }, data: { name: "改名后的测试贷款" } });
    const result = await rebuildIndex(database.db, meili, "products");
    expect(result.documents).toBe(productIds.length);
    expect(result.caughtUp).toBeGreaterThanOrEqual(1);
    expect((await meili.client.index(meili.indexes.products).getDocument(productIds[0]!)).name).toBe(
      "改名后的测试贷款",
    );
  });

  it("drops a build index a crashed rebuild left behind", async () => {
    const leftover = `${meili.indexes.products}__build_crashed`;
    await waitOk(meili.client.createIndex(leftover, { primaryKey: "id" }));
    await rebuildIndex(database.db, meili, "products");
    expect(await indexUids()).not.toContain(leftover);
  });
});

describe("reconcile", () => {
  it("repairs missing, stale and extra documents, then finds nothing to do", async () => {
    const needs = meili.client.index(meili.indexes.needs);
    const products = meili.client.index(meili.indexes.products);
    expect(await reconcileIndex(database.db, meili, "needs")).toMatchObject({
      checked: needIds.length,
      missing: 0,
      stale: 0,
      extra: 0,
    });

    // Missing: a document lost from the index.
    await waitOk(needs.deleteDocument(needIds[0]!));
    // Stale: Postgres changed without a sync (amount and, through the enterprise, the masked name).
    await database.db.financingNeed.update({ where: { id: needIds[1]! }, data: { amount: "654321.00" } });
    const { enterpriseId } = await database.db.financingNeed.findUniqueOrThrow({
      where: { id: needIds[2]! },
      select: { enterpriseId: true },
    });
    await database.db.enterprise.update({
      where: { id: enterpriseId },
      data: { name: "揭阳市测试改名五金制品有限公司" },
    });
    // Stale: matched institutions the need has no matches with (the field matchNeed updates on its own, outside the hash).
    await waitOk(needs.updateDocuments([{ id: needIds[5]!, matchedInstitutionIds: ["no-such-institution"] }]));
    // Extra: a document whose need no longer belongs in the index (back to draft), and one with no row at all.
    await database.db.financingNeed.update({ where: { id: needIds[7]! }, data: { status: "DRAFT" } });
    await waitOk(needs.addDocuments([{ id: "ghost-need", status: "OPEN", visibility: "OPEN" }]));

    const repaired = await reconcileIndex(database.db, meili, "needs");
    // Needs 0–4 belong to the renamed enterprise: 0 is missing, 1–4 are stale; so is 5.
    expect(repaired).toMatchObject({ checked: needIds.length - 1, missing: 1, stale: 5, extra: 2 });
    expect((await needs.getDocument(needIds[0]!)).id).toBe(needIds[0]);
    expect((await needs.getDocument(needIds[1]!)).amountExact).toBe("654321");
    expect((await needs.getDocument(needIds[2]!)).maskedName).toBe("揭阳某五金制品有限公司");
    expect((await needs.getDocument(needIds[5]!)).matchedInstitutionIds).toEqual([]);
    await expect(needs.getDocument(needIds[7]!)).rejects.toThrow();
    await expect(needs.getDocument("ghost-need")).rejects.toThrow();
    expect(await reconcileIndex(database.db, meili, "needs")).toMatchObject({ missing: 0, stale: 0, extra: 0 });

    // Products: a stale document after a direct SQL change.
    await database.db.$executeRaw`UPDATE "Product" SET "maxAmount" = 7654321 WHERE "id" = ${productIds[3]!}`;
    expect(await reconcileIndex(database.db, meili, "products")).toMatchObject({ stale: 1, missing: 0, extra: 0 });
    expect((await products.getDocument(productIds[3]!)).maxAmountExact).toBe("7654321");
  });
});

describe("cli", () => {
  it("rebuilds and reconciles from the command line", async () => {
    const config = testMeiliConfig();
    const env = {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: database.url,
      SESSION_SECRET: "x".repeat(32),
      MEILI_URL: config.url,
      MEILI_INDEX_PREFIX: meili.prefix,
      ...(config.apiKey ? { MEILI_MASTER_KEY: config.apiKey } : {}),
    } as NodeJS.ProcessEnv;
    const run = (...args: string[]) =>
      promisify(execFile)("npx", ["tsx", "scripts/search-index.ts", ...args], { env, cwd: process.cwd() });
    const rebuilt = await run("rebuild", "needs");
    expect(rebuilt.stdout).toContain(`rebuilt ${meili.indexes.needs}: ${needIds.length - 1} documents`);
    const reconciled = await run("reconcile");
    expect(reconciled.stdout).toContain('"missing":0');
    await expect(run("explode")).rejects.toMatchObject({ code: 2 });
  });
});
