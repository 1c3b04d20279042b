/**
 * The operator's commands run from a plain shell holding only the documented variables — DATABASE_URL, REDIS_URL,
 * MEILI_URL, MEILI_MASTER_KEY (plus the optional prefixes) — and no session secret, since they serve no sessions.
 * Each runs as a child process with exactly that environment, against the real Postgres and Meilisearch.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type IsolatedDatabase, createIsolatedDatabase } from "../../support/database.ts";
import { type TestMeili, createTestMeili, testMeiliConfig } from "../../support/meili.ts";
import {
  ALL_REGIONS,
  createEnterprise,
  createInstitution,
  createNeed,
  createProduct,
  createRegions,
  idOf,
  idsOf,
} from "../../support/world.ts";

const run = promisify(execFile);
let database: IsolatedDatabase;
let meili: TestMeili;
let needId: string;

beforeAll(async () => {
  database = await createIsolatedDatabase("operator_plain_shell");
  meili = createTestMeili("plain_shell");
  const regions = idsOf(await createRegions(database.db, ALL_REGIONS));
  const bank = await createInstitution(database.db, {
    name: "揭阳农商银行",
    locatedInRegionId: regions.rongcheng,
    serves: [regions.city],
  });
  await createProduct(database.db, { institutionId: bank.id, name: "普惠经营贷" });
  const enterprise = await createEnterprise(database.db, {
    name: "揭阳市测试五金制品有限公司",
    regionId: regions.rongcheng,
  });
  needId = await createNeed(database.db, { enterprise, regionId: regions.rongcheng }).then(idOf);
}, 60_000);

afterAll(async () => {
  await meili.cleanup();
  await database.drop();
});

/** Only what a shell needs to find node, plus the documented variables; nothing inherited from the test runner. */
function plainEnvironment(): NodeJS.ProcessEnv {
  const config = testMeiliConfig();
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    MEILI_URL: config.url,
    ...(config.apiKey ? { MEILI_MASTER_KEY: config.apiKey } : {}),
    MEILI_INDEX_PREFIX: meili.prefix,
  } as unknown as NodeJS.ProcessEnv; // the project types NODE_ENV as required; a plain shell has none
}

describe("operator commands from a plain shell", () => {
  it("npm run db:derive rebuilds indexes, matches, ledger and rollups without SESSION_SECRET", async () => {
    const env = plainEnvironment();
    expect(env.SESSION_SECRET).toBeUndefined();
    const { stdout } = await run("npm", ["run", "--silent", "db:derive"], { env, cwd: process.cwd() });
    expect(stdout).toContain("1 live needs matched");
    expect(stdout).toContain("bureau rollups refreshed");
    expect(await database.db.match.count({ where: { needId } })).toBeGreaterThan(0);
    const document = await meili.client.index(meili.indexes.needs).getDocument(needId);
    expect(document.id).toBe(needId);
  }, 120_000);

  it("the search CLI reconciles from the same environment", async () => {
    const { stdout } = await run("node_modules/.bin/tsx", ["scripts/search-index.ts", "reconcile"], {
      env: plainEnvironment(),
      cwd: process.cwd(),
    });
    expect(stdout).toContain('"missing":0');
  }, 120_000);
});
