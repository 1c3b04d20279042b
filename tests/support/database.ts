/**
 * A private, freshly migrated PostgreSQL database for one test file.
 *
 *   const database = await createIsolatedDatabase("needs");
 *   afterAll(() => database.drop());
 *   await database.db.region.create({ … });
 *
 * The database lives on the server of DATABASE_URL (postgresql://postgres@127.0.0.1:5432/postgres when unset) and is
 * named <prefix><label>_<random>. Under `npm test` the prefix is the run's JY_TEST_DB_PREFIX (jy_test_<runId>_), so
 * the runner's clean-up removes anything a crashed test leaves behind; otherwise it is jy_test_.
 */
import { randomBytes } from "node:crypto";
import { createDb, type Db } from "~/infra/db.server.ts";
import { applyMigrations, createDatabase, dropDatabase, withDatabase } from "../../scripts/lib/migrator.ts";

export interface IsolatedDatabase {
  /** Connection string of the new database. */
  url: string;
  /** A Prisma client connected to it. */
  db: Db;
  /** Disconnects the client and drops the database (FORCE: other connections are cut). */
  drop(): Promise<void>;
}

const DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** A URL on the test server we may use to CREATE/DROP databases. */
export function testServerUrl(): string {
  return process.env.JY_TEST_ADMIN_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_SERVER_URL;
}

/** `jy_test_<label>_<random>` (with the run prefix when there is one), within Postgres' 63-character limit. */
export function isolatedDatabaseName(label: string): string {
  const prefix = process.env.JY_TEST_DB_PREFIX || "jy_test_";
  const safeLabel =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "") || "db";
  const suffix = `_${randomBytes(4).toString("hex")}`;
  return prefix + safeLabel.slice(0, 63 - prefix.length - suffix.length) + suffix;
}

/**
 * Creates the database and, unless `migrate: false` (tests of the migrator itself), applies prisma/migrations.
 * The Prisma client connects lazily, so a test that only needs `url` pays nothing for it.
 */
export async function createIsolatedDatabase(
  label: string,
  options: { migrate?: boolean } = {},
): Promise<IsolatedDatabase> {
  const serverUrl = testServerUrl();
  const name = isolatedDatabaseName(label);
  const url = withDatabase(serverUrl, name);
  await createDatabase(serverUrl, name);
  try {
    if (options.migrate !== false) await applyMigrations(url);
  } catch (error) {
    await dropDatabase(serverUrl, name).catch(() => {});
    throw error;
  }
  const db = createDb(url);
  return {
    url,
    db,
    async drop() {
      await db.$disconnect().catch(() => {});
      await dropDatabase(serverUrl, name);
    },
  };
}
