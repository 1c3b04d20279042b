/**
 * `npm test`: every test (vitest unit + integration, then Playwright against the built app) in an isolated run.
 *
 *   npm test                 everything: lint, typecheck, vitest, Playwright
 *   npm test -- --no-e2e     lint, typecheck and vitest (skips the build and Playwright)
 *   npm test -- --e2e-only   build + Playwright only
 *   npm test -- --no-static  skips lint and typecheck
 *   tests/e2e/… arguments    passed to Playwright as spec filters, e.g. `npm test -- tests/e2e/sign-in.spec.ts`
 *                            (with only such filters, vitest is skipped)
 *   other arguments          passed to vitest as filters, e.g. `npm test -- --no-e2e tests/unit/env.test.ts`
 *                            (a filtered run skips lint and typecheck: it is for a quick look at a few tests)
 *
 * Lint (`npm run lint`) and typecheck (`npm run typecheck`) count as one test each in the closing line.
 * The last line is always `N passed, M failed` (vitest + Playwright tests; a setup step that fails counts as one
 * failure so a broken run can never read as green). Clean-up of the run's databases, Redis keys and Meilisearch
 * indexes happens even when a step fails or the run is interrupted.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  createDatabaseIfMissing,
  DATA_DIR,
  ensureServices,
  freePort,
  log,
  REPO_ROOT,
  runMain,
  ServiceError,
  stopProcess,
} from "./lib/services.ts";
import { cleanupRun, newRunId, runEnv, runNames } from "./lib/test-env.ts";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

let current: ChildProcess | undefined;
let interrupted = false;

function run(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((done) => {
    const started = Date.now();
    log(`$ ${command} ${args.join(" ")}`);
    current = spawn(command, args, { cwd: REPO_ROOT, stdio: "inherit", env: { ...process.env, ...env } });
    current.once("error", (error) => {
      console.error(`[stack] could not run ${command}: ${error.message}`);
      done(127);
    });
    current.once("exit", (code, signal) => {
      current = undefined;
      log(
        `${command} ${args
          .filter((a) => !a.startsWith("--"))
          .slice(0, 3)
          .join(" ")} finished in ${((Date.now() - started) / 1000).toFixed(1)}s (exit ${code ?? signal})`,
      );
      done(code ?? 1);
    });
  });
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

runMain(async () => {
  const started = Date.now();
  const argv = process.argv.slice(2);
  const filters = argv.filter((arg) => !["--e2e-only", "--no-e2e", "--no-static"].includes(arg));
  const e2eFilters = filters.filter((arg) => arg.replace(/^\.\//, "").startsWith("tests/e2e/"));
  const vitestFilters = filters.filter((arg) => !e2eFilters.includes(arg));
  const withVitest = !argv.includes("--e2e-only") && !(e2eFilters.length > 0 && vitestFilters.length === 0);
  const withE2e = !argv.includes("--no-e2e");
  const withStatic = withVitest && filters.length === 0 && !argv.includes("--no-static");
  if (withE2e && !existsSync(CHROMIUM)) {
    throw new ServiceError(
      `Chromium not found at ${CHROMIUM}: apt-get install chromium fonts-noto-cjk (or set CHROMIUM_PATH), or run npm test -- --no-e2e`,
    );
  }

  const services = await ensureServices("test");
  const names = runNames(newRunId());
  const sessionSecret = randomBytes(32).toString("hex");
  const resultsDir = join(DATA_DIR, "test-results", names.id);
  mkdirSync(resultsDir, { recursive: true });
  log(
    `test run ${names.id}: database ${names.database}, Redis prefix ${names.redisPrefix}, index prefix ${names.meiliIndexPrefix}`,
  );

  // Ctrl-C reaches the children through the terminal's process group; SIGTERM (CI timeout) we forward ourselves.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      interrupted = true;
      current?.kill("SIGTERM");
    });
  }

  let passed = 0;
  let failed = 0;
  const setupFailure = (what: string) => {
    console.error(`[stack] ${what} failed — counted as 1 failure`);
    failed += 1;
  };

  try {
    // Static checks first: they need no services and fail fast on a broken tree.
    if (withStatic) {
      for (const script of ["lint", "typecheck"]) {
        if (interrupted) break;
        if ((await run("npm", ["run", "--silent", script], {})) === 0) passed += 1;
        else {
          console.error(`[stack] npm run ${script} failed — counted as 1 failure`);
          failed += 1;
        }
      }
    }

    if (withVitest && !interrupted) {
      const env = { ...runEnv(services, names, "vitest", sessionSecret), NODE_ENV: "test" };
      await createDatabaseIfMissing(services.postgresAdminUrl, names.database);
      if ((await run("npm", ["run", "--silent", "db:migrate"], env)) !== 0)
        setupFailure("npm run db:migrate (vitest database)");
      else {
        const report = join(resultsDir, "vitest.json");
        const code = await run(
          "npx",
          ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...vitestFilters],
          env,
        );
        const json = readJson<{ numPassedTests: number; numFailedTests: number; numTotalTests: number }>(report);
        if (json) {
          passed += json.numPassedTests;
          failed += json.numFailedTests;
          // A failing suite (import error, hook failure) has no failed test but a non-zero exit.
          if (code !== 0 && json.numFailedTests === 0) setupFailure("vitest (a suite failed outside any test)");
        } else if (code !== 0) setupFailure("vitest (no JSON report)");
      }
    }

    if (withE2e && !interrupted) {
      const env = { ...runEnv(services, names, "e2e", sessionSecret), E2E_PORT: String(await freePort(3101)) };
      const report = join(resultsDir, "playwright.json");
      if ((await run("npm", ["run", "--silent", "build"], {})) !== 0) setupFailure("npm run build");
      else {
        await createDatabaseIfMissing(services.postgresAdminUrl, names.e2eDatabase);
        if ((await run("npm", ["run", "--silent", "db:migrate"], env)) !== 0)
          setupFailure("npm run db:migrate (e2e database)");
        else {
          const code = await run("npx", ["playwright", "test", ...e2eFilters], { ...env, JY_E2E_JSON: report });
          const json = readJson<{ stats: { expected: number; unexpected: number; flaky: number }; errors?: unknown[] }>(
            report,
          );
          if (json) {
            passed += json.stats.expected + json.stats.flaky;
            failed += json.stats.unexpected;
            if (code !== 0 && json.stats.unexpected === 0)
              setupFailure("Playwright (global setup, web server or configuration)");
          } else if (code !== 0) setupFailure("Playwright (no JSON report)");
        }
      }
    }
    if (interrupted) setupFailure("the run (interrupted)");
  } finally {
    const problems = await cleanupRun(services, names);
    for (const problem of problems) console.error(`[stack] clean-up: ${problem}`);
    // CI must not leave a daemon behind; locally the Meilisearch test server is kept for the next run.
    if (process.env.CI) stopProcess(services.startedMeiliPid);
    rmSync(resultsDir, { recursive: true, force: true });
  }

  log(`finished in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || (passed === 0 && failed === 0) ? 1 : 0;
});
