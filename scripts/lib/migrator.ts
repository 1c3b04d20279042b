/**
 * Applies prisma/migrations/<name>/migration.sql to a PostgreSQL database the way `prisma migrate deploy` would,
 * for machines where Prisma's schema engine cannot be downloaded (see STACK-NOTES.md).
 *
 * It keeps Prisma's own bookkeeping table, `_prisma_migrations`, with Prisma's columns and meaning, so a real
 * `prisma migrate status|deploy` elsewhere sees the same history:
 *   id                   random UUID per attempt
 *   checksum             sha256 (hex) of migration.sql
 *   started_at           when the attempt began;   finished_at  when it committed (null = not applied)
 *   applied_steps_count  1 once applied (Prisma counts the script as one step)
 *   logs                 the error of a failed attempt;  rolled_back_at  set when a failed attempt is known undone
 *
 * Differences from Prisma, on purpose:
 *   - each migration runs in one transaction together with its bookkeeping update, so a failure leaves nothing
 *     half-applied; the failed attempt is recorded with its error and rolled_back_at (Prisma would leave it "failed"
 *     and ask for `migrate resolve`), and the fixed file can simply be applied again;
 *   - a migration whose file changed after it was applied, or an applied migration missing from the directory,
 *     stops the run (Prisma's `deploy` only warns), because both mean the database and the code disagree.
 * Concurrency: the whole run holds the same advisory lock Prisma's engine takes (72707369), so two deploys — ours
 * or Prisma's — never interleave; the second one finds nothing left to do.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

// Not imported from schema-sql.ts: that pulls in a dev dependency, and db:migrate also runs in production.
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

/** The key Prisma's schema engine passes to pg_advisory_lock, so our runs and Prisma's exclude each other. */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** Prisma's DDL for its bookkeeping table (schema-engine, PostgreSQL flavour). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

/** A failure explained in one line: callers print the message, never a stack trace. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface ApplyOptions {
  /** Defaults to prisma/migrations of this repository. */
  migrationsDir?: string;
  /** Called after each migration commits, e.g. to print a line. */
  onApplied?: (name: string, milliseconds: number) => void;
  /** How long to wait for another process that is migrating the same database. Default 60 s. */
  lockTimeoutMs?: number;
}

export interface ApplyResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already applied before this call. */
  alreadyApplied: string[];
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Whether a script still matches the checksum recorded when it was applied. Like Prisma, a file whose only change
 * is its line endings (git autocrlf) still matches.
 */
export function matchesChecksum(sql: string, checksum: string): boolean {
  const lf = sql.replaceAll("\r\n", "\n");
  return [sql, lf, lf.replaceAll("\n", "\r\n")].some((variant) => sha256Hex(variant) === checksum);
}

/** The migration directories in the order Prisma applies them (sorted by name). */
export function readMigrationFiles(migrationsDir: string = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(migrationsDir)) throw new MigrationError(`migrations directory ${migrationsDir} does not exist`);
  const lockFile = join(migrationsDir, "migration_lock.toml");
  if (existsSync(lockFile)) {
    const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(readFileSync(lockFile, "utf8"))?.[1];
    if (provider !== "postgresql")
      throw new MigrationError(`${lockFile} says provider "${provider}", expected "postgresql"`);
  }
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const file = join(migrationsDir, name, "migration.sql");
      if (!existsSync(file)) throw new MigrationError(`migration ${name} has no migration.sql`);
      const sql = readFileSync(file, "utf8");
      return { name, sql, checksum: sha256Hex(sql) };
    });
}

// ───────────────────────────── databases ─────────────────────────────

/** `url` pointing at database `name` instead. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new MigrationError(`the connection string ${redactUrl(url)} names no database`);
  return name;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<unparseable connection string>";
  }
}

function quoteDatabaseName(name: string): string {
  // Names come from our own code and config, but they end up in DDL that takes no parameters: be strict.
  if (!/^[A-Za-z0-9_]{1,63}$/.test(name))
    throw new MigrationError(`refusing unusual database name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A connection dropped by the server (e.g. DROP DATABASE ... FORCE elsewhere) must not crash the process.
  client.on("error", () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates database `name` on the server of `adminUrl` (any database there we may connect to).
 * Returns false when it already existed and `ifNotExists` was set.
 */
export async function createDatabase(
  adminUrl: string,
  name: string,
  options: { ifNotExists?: boolean } = {},
): Promise<boolean> {
  const quoted = quoteDatabaseName(name);
  return withClient(adminUrl, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoted}`);
      return true;
    } catch (error) {
      // 42P04 duplicate_database: someone (maybe a concurrent run) created it first.
      if (options.ifNotExists && (error as { code?: string }).code === "42P04") return false;
      throw error;
    }
  });
}

/** Drops database `name`, disconnecting whoever still uses it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const quoted = quoteDatabaseName(name);
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`));
}

// ───────────────────────────── applying ─────────────────────────────

async function acquireLock(client: pg.Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Poll the non-blocking variant so a stuck peer produces a clear error instead of a silent hang.
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      PRISMA_ADVISORY_LOCK_KEY,
    ]);
    if (rows[0]?.locked) return;
    if (Date.now() > deadline) {
      throw new MigrationError(
        `another process has been migrating this database for over ${Math.round(timeoutMs / 1000)} s (advisory lock ${PRISMA_ADVISORY_LOCK_KEY})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** "line 12: syntax error at or near …" from a Postgres error raised while running `sql`. */
function describeSqlError(error: unknown, sql: string): string {
  const pgError = error as { message?: string; position?: string };
  const message = pgError.message ?? String(error);
  const position = Number(pgError.position);
  if (!Number.isFinite(position) || position <= 0) return message;
  const line = sql.slice(0, position - 1).split("\n").length;
  return `line ${line}: ${message}`;
}

/** Refuses to go on when the recorded history and the migrations directory disagree. */
function checkHistory(rows: MigrationRow[], files: MigrationFile[]): void {
  const filesByName = new Map(files.map((file) => [file.name, file]));
  for (const row of rows) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new MigrationError(
        `migration ${row.migration_name} started at ${row.started_at.toISOString()} but never finished; repair the database by hand, ` +
          `then mark the attempt rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = '${row.id}')`,
      );
    }
    const file = filesByName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(
        `migration ${row.migration_name} is applied to the database but missing from the migrations directory (is this checkout older than the database?)`,
      );
    }
    if (!matchesChecksum(file.sql, row.checksum)) {
      throw new MigrationError(
        `migration ${row.migration_name} was modified after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ` +
          `${file.checksum.slice(0, 12)}… on disk); restore the file and put the change in a new migration`,
      );
    }
  }
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  // Recorded before the attempt (as Prisma does), outside the transaction, so a failure stays on record.
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
    [id, file.checksum, file.name],
  );
  try {
    await client.query("BEGIN");
    await client.query(file.sql);
    // clock_timestamp(): now() would be the transaction start, i.e. before the script ran.
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    const reason = describeSqlError(error, file.sql);
    await client.query("ROLLBACK").catch(() => {});
    // The transaction undid the script, so the attempt is truthfully rolled back and the fixed file can run again.
    await client
      .query(`UPDATE "_prisma_migrations" SET logs = $2, rolled_back_at = now() WHERE id = $1`, [id, reason])
      .catch(() => {});
    throw new MigrationError(`migration ${file.name} failed and was rolled back: ${reason}`);
  }
}

/** Applies every pending migration in order; safe to run again and from several processes at once. */
export async function applyMigrations(databaseUrl: string, options: ApplyOptions = {}): Promise<ApplyResult> {
  const files = readMigrationFiles(options.migrationsDir);
  return withClient(databaseUrl, async (client) => {
    await acquireLock(client, options.lockTimeoutMs ?? 60_000);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<MigrationRow>(
        `SELECT id, checksum, migration_name, started_at, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
      );
      checkHistory(rows, files);
      const appliedNames = new Set(
        rows.filter((row) => row.finished_at && !row.rolled_back_at).map((row) => row.migration_name),
      );
      const result: ApplyResult = {
        applied: [],
        alreadyApplied: files.filter((f) => appliedNames.has(f.name)).map((f) => f.name),
      };
      for (const file of files.filter((f) => !appliedNames.has(f.name))) {
        const started = Date.now();
        await applyOne(client, file);
        result.applied.push(file.name);
        options.onApplied?.(file.name, Date.now() - started);
      }
      return result;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => {});
    }
  });
}
