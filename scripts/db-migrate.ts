/**
 * `npm run db:migrate` — creates the database named by DATABASE_URL if needed and applies pending migrations from
 * prisma/migrations (our stand-in for `prisma migrate deploy`, whose engine cannot be downloaded here; see
 * scripts/lib/migrator.ts). Prints one line per migration applied; on failure one line and exit code 1.
 */
import {
  applyMigrations,
  createDatabase,
  databaseName,
  MigrationError,
  redactUrl,
  withDatabase,
} from "./lib/migrator.ts";

const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/jieyang_dev";

/** Creates the target database when connecting to it fails with "database does not exist". */
async function ensureDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  const pg = (await import("pg")).default;
  const probe = new pg.Client({ connectionString: url });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return;
  } catch (error) {
    // 3D000 invalid_catalog_name: the server answers but the database is not there yet.
    if ((error as { code?: string }).code !== "3D000") throw error;
  } finally {
    await probe.end().catch(() => {});
  }
  if (await createDatabase(withDatabase(url, "postgres"), name, { ifNotExists: true }))
    console.log(`created database ${name}`);
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  await ensureDatabase(url);
  const result = await applyMigrations(url, {
    onApplied: (name, ms) => console.log(`applied ${name} (${ms} ms)`),
  });
  if (result.applied.length === 0) {
    console.log(`${databaseName(url)} is up to date (${result.alreadyApplied.length} migration(s) applied earlier)`);
  }
}

/** A readable line even for errors without a message (Node's AggregateError when every address refuses). */
function describe(error: unknown): string {
  const { message, code, errors } = error as { message?: string; code?: string; errors?: unknown[] };
  if (message) return message;
  if (errors?.[0]) return describe(errors[0]);
  return code ?? String(error);
}

main().catch((error: unknown) => {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const message = error instanceof MigrationError ? error.message : `${redactUrl(url)}: ${describe(error)}`;
  console.error(`db:migrate failed: ${message.split("\n")[0]}`);
  process.exit(1);
});
