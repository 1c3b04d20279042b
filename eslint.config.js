// Lint for the whole tree: typescript-eslint's recommended rules, React hooks, and the layer boundaries that keep
// imports pointing one way (kernel ← infra ← modules ← web ← components/routes; workers and scripts beside routes).
// docs/architecture.md explains the layers; a new import that points up, or a new cycle between layers, fails here.
import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Layers from the bottom up; each may import the ones listed in `mayImport`. */
const layers = [
  { type: "generated", pattern: "app/generated", mayImport: ["generated"] },
  { type: "kernel", pattern: "app/kernel", mayImport: ["kernel", "generated"] },
  { type: "infra", pattern: ["app/infra", "search"], mayImport: ["infra", "kernel", "generated"] },
  { type: "modules", pattern: "app/modules", mayImport: ["modules", "infra", "kernel", "generated"] },
  { type: "web", pattern: "app/web", mayImport: ["web", "modules", "infra", "kernel", "generated"] },
  { type: "components", pattern: "app/components", mayImport: ["components", "modules", "kernel", "generated"] },
  {
    type: "routes",
    // `app` itself holds only the Remix entry files (root.tsx, entry.*.tsx); it is listed last, so it classifies
    // just those files and not the folders above.
    pattern: ["app/routes", "app"],
    mayImport: ["routes", "components", "web", "modules", "infra", "kernel", "generated"],
  },
  { type: "workers", pattern: "workers", mayImport: ["workers", "modules", "infra", "kernel", "generated"] },
  {
    // Command-line entry points: they start things and may use any layer below the web.
    type: "entrypoints",
    pattern: ["scripts", "bench", "prisma", "server"],
    mayImport: ["entrypoints", "workers", "modules", "infra", "kernel", "generated"],
  },
];

const elements = layers.flatMap(({ type, pattern }) =>
  (Array.isArray(pattern) ? pattern : [pattern]).map((p) => ({
    type,
    // Whole paths from the repository root, so `prisma` does not also match `app/generated/prisma`.
    pattern: p === "app" ? p : `${p}/**`,
    partialMatch: false,
  })),
);
// The first descriptor that matches wins: the bare `app` folder goes last.
elements.sort((a, b) => Number(a.pattern === "app") - Number(b.pattern === "app"));

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "public/build/",
      ".cache/",
      ".data/",
      "app/generated/",
      "test-results/",
      "playwright-report/",
      "tests/e2e/.artifacts/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    files: ["app/**/*.tsx", "app/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    files: [
      "app/**/*.{ts,tsx}",
      "workers/**/*.ts",
      "search/**/*.ts",
      "scripts/**/*.ts",
      "bench/**/*.ts",
      "prisma/**/*.ts",
    ],
    plugins: { boundaries },
    settings: {
      "boundaries/elements": elements,
      "boundaries/include": [
        "app/**/*",
        "workers/**/*",
        "search/**/*",
        "scripts/**/*",
        "bench/**/*",
        "prisma/**/*",
        "server/**/*",
      ],
      "import/resolver": { typescript: { alwaysTryTypes: true, project: "./tsconfig.json" } },
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          message: "{{from.type}} must not import {{to.type}} (see docs/architecture.md, Layers)",
          policies: layers.map(({ type, mayImport }) => ({
            from: { element: { type } },
            allow: { to: { element: { types: { anyOf: mayImport } } } },
          })),
        },
      ],
    },
  },
  {
    // The domain stays independent of the web framework: Remix lives in app/web and the routes.
    files: ["app/kernel/**", "app/infra/**", "app/modules/**", "search/**", "workers/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@remix-run/*"],
              message: "Remix belongs in app/web and app/routes, not in the domain or the workers.",
            },
          ],
        },
      ],
    },
  },
  {
    // The example bank adapter shows an integration that needs nothing but the published API: no platform code.
    files: ["examples/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/*", "**/app/**", "**/search/**", "**/workers/**", "**/scripts/**", "@prisma/*"],
              message: "The example adapter uses only the Open API over HTTP (docs/api.md), never the platform's code.",
            },
          ],
        },
      ],
    },
  },
);
