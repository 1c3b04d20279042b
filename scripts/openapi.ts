/**
 * Prints the Open API's OpenAPI 3.1 document (JSON) to stdout — the same document GET /api/v1/openapi.json serves.
 *
 *   npm run openapi > openapi.json
 *   npm run openapi -- --server https://rzdj.example.gov.cn     (the `servers` entry; default "/")
 */
// The document is generated from the web layer's operation declarations (app/web/api/operations), which no lower
// layer can see; this command only prints it, so it is the one entry point allowed to reach into the web layer.
// eslint-disable-next-line boundaries/dependencies -- see above
import { buildOpenApiDocument } from "~/web/api/openapi.server.ts";

const serverIndex = process.argv.indexOf("--server");
const serverUrl = serverIndex >= 0 ? process.argv[serverIndex + 1] : undefined;
process.stdout.write(`${JSON.stringify(buildOpenApiDocument({ serverUrl }), null, 2)}\n`);
