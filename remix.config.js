// Tests that boot the real server build into a directory of their own (tests/support/web-server.ts), so two test
// files, or a test and `npm run build`, never overwrite each other's output.
const buildDir = process.env.JY_BUILD_DIR;

/**
 * Remix v2 classic compiler. Server code is bundled as ESM; Tailwind is compiled by Remix's built-in support
 * (tailwind.config.js) so no separate CSS build step is needed.
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*", "**/*.server.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverBuildPath: buildDir ? `${buildDir}/index.js` : "build/index.js",
  assetsBuildDirectory: buildDir ? `${buildDir}/public/build` : "public/build",
  tailwind: true,
  postcss: false,
  // The Prisma client runtime, pg and the native argon2 binding must stay external (loaded from node_modules).
  serverDependenciesToBundle: [],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
