/**
 * Remix v2 classic compiler. Server code is bundled as ESM; Tailwind is compiled by Remix's built-in support
 * (tailwind.config.js) so no separate CSS build step is needed.
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*", "**/*.server.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
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
