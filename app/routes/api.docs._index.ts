/** GET /api/docs — the Open API's reference page (Swagger UI, served offline from our own origin). */
import { API_VERSION } from "~/web/api/endpoint.server.ts";
import { referencePageHtml } from "~/web/api/reference-page.server.ts";

export async function loader() {
  return new Response(referencePageHtml(), {
    headers: { "Content-Type": "text/html; charset=utf-8", "API-Version": API_VERSION, "Cache-Control": "no-cache" },
  });
}
