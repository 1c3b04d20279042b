/**
 * scripts/lib/migrator.ts: applies prisma/migrations like `prisma migrate deploy` and keeps Prisma's
 * `_prisma_migrations` bookkeeping, so the history stays readable by a real Prisma engine elsewhere.
 */
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { applyMigrations, MIGRATIONS_DIR, readMigrationFiles, sha256Hex } from "../../scripts/lib/migrator.ts";
import { createIsolatedDatabase, type IsolatedDatabase } from "../support/database.ts";

const created: IsolatedDatabase[] = [];
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(created.map((database) => database.drop()));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

async function emptyDatabase(label: string): Promise<IsolatedDatabase> {
  const database = await createIsolatedDatabase(label, { migrate: false });
  created.push(database);
  return database;
}

/** A private copy of prisma/migrations that a test may change. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), "jy-migrations-"));
  tempDirs.push(dir);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const selectRows = 'SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name';
const migrationNames = readMigrationFiles().map((file) => file.name);

test("applies every migration to an empty database, and a second run does nothing", async () => {
  const { url } = await emptyDatabase("migrate_fresh");
  const applied: string[] = [];
  const first = await applyMigrations(url, { onApplied: (name) => applied.push(name) });
  expect(first).toEqual({ applied: migrationNames, alreadyApplied: [] });
  expect(applied).toEqual(migrationNames);

  const second = await applyMigrations(url);
  expect(second).toEqual({ applied: [], alreadyApplied: migrationNames });
  expect(await query(url, selectRows)).toHaveLength(migrationNames.length);
});

test("keeps _prisma_migrations exactly as Prisma does", async () => {
  const { url } = await emptyDatabase("migrate_bookkeeping");
  const before = new Date();
  await applyMigrations(url);

  // Prisma's own DDL for the table (schema-engine, PostgreSQL): same columns, types, nullability.
  const columns = await query<{
    column_name: string;
    data_type: string;
    is_nullable: string;
    character_maximum_length: number | null;
  }>(
    url,
    `SELECT column_name, data_type, is_nullable, character_maximum_length FROM information_schema.columns
      WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
  );
  expect(columns).toEqual([
    { column_name: "id", data_type: "character varying", is_nullable: "NO", character_maximum_length: 36 },
    { column_name: "checksum", data_type: "character varying", is_nullable: "NO", character_maximum_length: 64 },
    {
      column_name: "finished_at",
      data_type: "timestamp with time zone",
      is_nullable: "YES",
      character_maximum_length: null,
    },
    { column_name: "migration_name", data_type: "character varying", is_nullable: "NO", character_maximum_length: 255 },
    { column_name: "logs", data_type: "text", is_nullable: "YES", character_maximum_length: null },
    {
      column_name: "rolled_back_at",
      data_type: "timestamp with time zone",
      is_nullable: "YES",
      character_maximum_length: null,
    },
    {
      column_name: "started_at",
      data_type: "timestamp with time zone",
      is_nullable: "NO",
      character_maximum_length: null,
    },
    { column_name: "applied_steps_count", data_type: "integer", is_nullable: "NO", character_maximum_length: null },
  ]);

  const rows = await query<MigrationRow>(url, selectRows);
  const files = readMigrationFiles();
  expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
  rows.forEach((row, i) => {
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.checksum).toBe(sha256Hex(files[i]!.sql));
    expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(row.logs).toBeNull();
    expect(row.rolled_back_at).toBeNull();
    expect(row.applied_steps_count).toBe(1);
    expect(row.started_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
  });
});

test("refuses to go on when an applied migration's file was changed", async () => {
  const dir = copyOfMigrations();
  const { url } = await emptyDatabase("migrate_tampered");
  await applyMigrations(url, { migrationsDir: dir });

  const [first] = readMigrationFiles(dir);
  appendFileSync(join(dir, first!.name, "migration.sql"), '\nCREATE TABLE "Sneaky" ("id" INTEGER);\n');
  await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(
    new RegExp(
      `^migration ${first!.name} was modified after it was applied \\(checksum [0-9a-f]{12}… in the database, [0-9a-f]{12}… on disk\\)`,
    ),
  );
  expect(await query(url, `SELECT to_regclass('"Sneaky"') AS t`)).toEqual([{ t: null }]);
});

test("a checksum changed in the database is refused just the same", async () => {
  const { url } = await emptyDatabase("migrate_checksum");
  await applyMigrations(url);
  await query(url, `UPDATE "_prisma_migrations" SET checksum = $1`, ["0".repeat(64)]);
  await expect(applyMigrations(url)).rejects.toThrow(/was modified after it was applied/);
});

test("a file that only changed its line endings (git autocrlf) still matches its checksum", async () => {
  const dir = copyOfMigrations();
  const { url } = await emptyDatabase("migrate_crlf");
  await applyMigrations(url, { migrationsDir: dir });
  const [first] = readMigrationFiles(dir);
  writeFileSync(join(dir, first!.name, "migration.sql"), first!.sql.replaceAll("\n", "\r\n"));
  await expect(applyMigrations(url, { migrationsDir: dir })).resolves.toEqual({
    applied: [],
    alreadyApplied: readMigrationFiles(dir).map((migration) => migration.name),
  });
});

test("a failing migration is rolled back completely and recorded; the fixed file then applies", async () => {
  const dir = copyOfMigrations();
  const { url } = await emptyDatabase("migrate_failure");
  const name = "29991231000000_broken";
  mkdirSync(join(dir, name));
  writeFileSync(
    join(dir, name, "migration.sql"),
    '-- a good statement, then a bad one\nCREATE TABLE "Half" ("id" INTEGER);\nSELECT * FROM "Missing";\n',
  );

  await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(
    `migration ${name} failed and was rolled back: line 3: relation "Missing" does not exist`,
  );
  // The earlier migrations committed; nothing of the broken one survived.
  expect(await query(url, `SELECT to_regclass('"Half"') AS t, to_regclass('"Region"') IS NOT NULL AS region`)).toEqual([
    { t: null, region: true },
  ]);
  const failed = (
    await query<MigrationRow>(url, `${selectRows.replace("ORDER BY", "WHERE migration_name = $1 ORDER BY")}`, [name])
  )[0]!;
  expect(failed).toMatchObject({
    finished_at: null,
    applied_steps_count: 0,
    logs: 'line 3: relation "Missing" does not exist',
  });
  expect(failed.rolled_back_at).toBeInstanceOf(Date);

  writeFileSync(join(dir, name, "migration.sql"), 'CREATE TABLE "Half" ("id" INTEGER);\n');
  await expect(applyMigrations(url, { migrationsDir: dir })).resolves.toMatchObject({ applied: [name] });
  // Like Prisma: the rolled-back attempt stays in the history next to the successful one.
  const attempts = await query<MigrationRow>(
    url,
    `${selectRows.replace("ORDER BY", "WHERE migration_name = $1 ORDER BY")}`,
    [name],
  );
  expect(attempts.map((row) => [row.rolled_back_at !== null, row.finished_at !== null])).toEqual([
    [true, false],
    [false, true],
  ]);
});

test("refuses a history with an unfinished attempt or a migration unknown to this checkout", async () => {
  const { url } = await emptyDatabase("migrate_history");
  await applyMigrations(url);
  await query(url, `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)`, [
    "00000000-0000-4000-8000-000000000000",
    "0".repeat(64),
    "29990101000000_crashed",
  ]);
  await expect(applyMigrations(url)).rejects.toThrow(
    /^migration 29990101000000_crashed started at .* but never finished/,
  );

  await query(
    url,
    `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE migration_name = $1`,
    ["29990101000000_crashed"],
  );
  await expect(applyMigrations(url)).rejects.toThrow(
    "migration 29990101000000_crashed is applied to the database but missing from the migrations directory",
  );
});

test("two processes migrating the same database at once apply each migration once", async () => {
  const { url } = await emptyDatabase("migrate_concurrent");
  const results = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
  expect(results.flatMap((result) => result.applied).sort()).toEqual(migrationNames);
  const rows = await query<MigrationRow>(url, selectRows);
  expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
});

test("createIsolatedDatabase gives a migrated database the Prisma client can use", async () => {
  const database = await createIsolatedDatabase("migrate_client");
  created.push(database);
  const city = await database.db.region.create({ data: { code: "4452", name: "揭阳市", kind: "CITY" } });
  await database.db.target.create({
    data: { year: 2026, metric: "FIRST_LOAN_BORROWER", regionId: city.id, value: "1200" },
  });
  // The Target unique index is NULLS NOT DISTINCT: a second city-wide target (institutionId null) is a duplicate.
  await expect(
    database.db.target.create({
      data: { year: 2026, metric: "FIRST_LOAN_BORROWER", regionId: city.id, value: "1300" },
    }),
  ).rejects.toMatchObject({ code: "P2002" });
  const event = await database.db.outboxEvent.create({
    data: { type: "test", aggregateType: "Region", aggregateId: city.id, payload: {} },
  });
  expect(typeof event.sequence).toBe("bigint");
});
