import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against the built app (`npm run build` first; `npm test` does it and provides an isolated
 * database, Redis prefix and index prefix through the environment — see scripts/run-tests.ts).
 *
 * No browser is ever downloaded: Debian's Chromium is launched directly (`apt-get install chromium fonts-noto-cjk`).
 * Projects: "desktop" runs every spec; "phone" (375×812) runs the tests tagged `@phone` — tag the enterprise-facing
 * pages' tests with `{ tag: "@phone" }`.
 */
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(chromium)) {
  throw new Error(`Chromium not found at ${chromium}: apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH`);
}

const port = Number(process.env.E2E_PORT || 3101);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "tests/e2e/.artifacts",
  // Files run in parallel; the tests inside one file run in order, so a file can walk through one flow on shared
  // seeded data. Two workers keep a 2-core CI machine busy without starving the web server.
  fullyParallel: false,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.JY_E2E_JSON || "tests/e2e/.artifacts/results.json" }]],
  globalSetup: "./tests/e2e/support/global-setup.ts",
  use: {
    baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. The rest keep it offline and quiet.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
    {
      name: "phone",
      grep: /@phone/,
      use: { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    },
  ],
  webServer: {
    command: "npm start",
    cwd: ".",
    // server/index.js answers /healthz without touching the database, so a schema problem shows up as a failing
    // test with a screenshot instead of a two-minute start-up timeout.
    url: `${baseURL}/healthz`,
    // Never attach to whatever happens to listen there: it would run against another database.
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", COOKIE_SECURE: "false" },
  },
});
