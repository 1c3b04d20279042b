import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and integration tests run under one vitest invocation (see scripts/run-tests.ts, which provides the
// isolated DATABASE_URL, REDIS_PREFIX and MEILI_INDEX_PREFIX for the run). Playwright runs separately.
export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    globals: true,
    include: [
      "tests/unit/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "app/**/*.test.ts",
      "search/**/*.test.ts",
      "workers/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
