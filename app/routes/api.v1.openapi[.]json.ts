/**
 * GET /api/v1/openapi.json — the OpenAPI 3.1 document of the Open API, generated from the operations' zod schemas
 * (app/web/api/openapi.server.ts). Public: no token needed, so a bank's developers and tools can read it first.
 */
import { API_VERSION } from "~/web/api/endpoint.server.ts";
import { buildOpenApiDocument } from "~/web/api/openapi.server.ts";

/** Built once per process: the operations are fixed at start. Its server is "/", whatever origin serves it. */
let document: string | undefined;

export async function loader() {
  document ??= JSON.stringify(buildOpenApiDocument());
  return new Response(document, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "API-Version": API_VERSION,
      "Cache-Control": "no-cache",
    },
  });
}
