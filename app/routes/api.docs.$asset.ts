/** GET /api/docs/{asset} — Swagger UI's script and style sheet from node_modules, and the page's initializer. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { referencePageAsset } from "~/web/api/reference-page.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const asset = await referencePageAsset(params.asset ?? "");
  if (!asset)
    return new Response("没有这个文件", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(asset.body), {
    headers: { "Content-Type": asset.type, "Cache-Control": "public, max-age=3600" },
  });
}
