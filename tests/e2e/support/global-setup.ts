import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Runs once after the web server is up (Playwright starts `webServer` before global setup):
 *  - seeds the e2e database with the demo data (`npm run db:seed`, the same seed the demo uses), and
 *  - starts the BullMQ worker, so flows that depend on jobs (notifications, matching) behave as in production.
 * Returns the teardown that stops the worker.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const databaseUrl = process.env.DATABASE_URL;
  const database = databaseUrl ? new URL(databaseUrl).pathname.slice(1) : "";
  // The seed writes demo accounts: only into a test run's database unless explicitly allowed.
  if (database.startsWith("jy_test_") || process.env.E2E_ALLOW_SEED === "1") {
    const seed = spawnSync("npm", ["run", "--silent", "db:seed"], { stdio: "inherit", env: process.env });
    if (seed.status !== 0) throw new Error(`npm run db:seed failed (exit ${seed.status}) for database ${database}`);
    // Indexes, matches, ledger and rollups for the seeded rows, as the demo has them.
    const derive = spawnSync("npm", ["run", "--silent", "db:derive"], { stdio: "inherit", env: process.env });
    if (derive.status !== 0)
      throw new Error(`npm run db:derive failed (exit ${derive.status}) for database ${database}`);
  } else {
    console.warn(
      `[e2e] not seeding database "${database || "(DATABASE_URL unset)"}": run through npm test, or set E2E_ALLOW_SEED=1`,
    );
  }

  if (!existsSync("workers/main.ts") || process.env.E2E_WORKER === "0") return async () => {};
  // Own process group, so the teardown stops npm, tsx and the worker together.
  const worker = spawn("npm", ["run", "--silent", "worker"], { stdio: "inherit", env: process.env, detached: true });
  return async () => {
    if (worker.exitCode !== null || !worker.pid) return;
    const exited = new Promise((done) => worker.once("exit", done));
    try {
      process.kill(-worker.pid, "SIGTERM");
    } catch {
      return;
    }
    // Graceful shutdown finishes the current job; do not wait forever for it.
    await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
    try {
      process.kill(-worker.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
}
