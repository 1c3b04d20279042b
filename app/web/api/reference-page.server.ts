/**
 * The readable API reference at /api/docs: Swagger UI from the swagger-ui-dist package, served by this server from
 * node_modules (no CDN, no external fonts), reading /api/v1/openapi.json. Resolving the package at run time works the
 * same under `remix dev`, `npm start` after `npm run build` and in the tests' own builds; nothing is copied into
 * public/, so there is no build step to forget and no stale copy after an upgrade.
 *
 * It fits the app's CSP unchanged: the page has no inline script (the initializer is a file of its own, from this
 * origin), Swagger UI's inline styles are allowed by `style-src 'unsafe-inline'`, its icons are data: URIs, and it
 * only fetches this origin. The online validator badge is switched off (it would call validator.swagger.io).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { OPENAPI_TITLE } from "./openapi.server.ts";

export const REFERENCE_PAGE_PATH = "/api/docs";
const DOCUMENT_PATH = "/api/v1/openapi.json";

const INITIALIZER = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(DOCUMENT_PATH)},
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
    persistAuthorization: false,
  });
});
`;

/** The files the page loads, by the name it uses; nothing else in the package is served. */
const PACKAGE_ASSETS: Record<string, { file: string; type: string }> = {
  "swagger-ui.css": { file: "swagger-ui.css", type: "text/css; charset=utf-8" },
  "swagger-ui-bundle.js": { file: "swagger-ui-bundle.js", type: "text/javascript; charset=utf-8" },
};

function packageDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}

const cache = new Map<string, Promise<Buffer>>();

/** One of the page's assets, or null for any other name. Read once per process; the package never changes under it. */
export async function referencePageAsset(name: string): Promise<{ body: Buffer; type: string } | null> {
  if (name === "init.js") return { body: Buffer.from(INITIALIZER, "utf8"), type: "text/javascript; charset=utf-8" };
  const asset = Object.hasOwn(PACKAGE_ASSETS, name) ? PACKAGE_ASSETS[name] : undefined;
  if (!asset) return null;
  let body = cache.get(asset.file);
  if (!body) {
    body = readFile(join(packageDirectory(), asset.file));
    body.catch(() => cache.delete(asset.file));
    cache.set(asset.file, body);
  }
  return { body: await body, type: asset.type };
}

export function referencePageHtml(): string {
  const asset = (name: string) => `${REFERENCE_PAGE_PATH}/${name}`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${OPENAPI_TITLE} · 接口参考</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset("swagger-ui.css")}">
</head>
<body>
<noscript><p>本页需要 JavaScript 才能显示接口参考。也可直接下载 <a href="${DOCUMENT_PATH}">OpenAPI 3.1 文档（JSON）</a>。</p></noscript>
<div id="swagger-ui"></div>
<script src="${asset("swagger-ui-bundle.js")}"></script>
<script src="${asset("init.js")}"></script>
</body>
</html>
`;
}
