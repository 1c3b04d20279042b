/**
 * Cross-origin form posts. A browser names the page a post comes from in the Origin header; a post from another
 * site, or from an opaque origin ("null": a sandboxed frame, a data: URL, a file on disk), is refused with a 403
 * and a Chinese explanation. The CSRF token check (./csrf.server.ts) uses the same test.
 *
 * Remix runs its own check before any action and answers a mismatch with an empty HTTP 500, so the server
 * (server/index.js) calls crossOriginRefusal before handing the request to Remix.
 */
import { domainError } from "~/kernel/errors.ts";

export const CROSS_ORIGIN_MESSAGE =
  "该请求来自其他网站或无法识别的来源，已被拒绝。请直接打开本平台的页面填写并提交；如果您是从其他网站、邮件或应用跳转过来的，请关闭该页面后重新打开平台网址。";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** True when the request names an origin other than this site (a missing Origin is left to the token check). */
export function isCrossOrigin(headers: Headers): boolean {
  const origin = headers.get("Origin");
  if (origin === null) return false;
  if (origin === "null") return true;
  const host = headers.get("X-Forwarded-Host")?.split(",")[0]?.trim() || headers.get("Host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export const crossOriginError = () => domainError(403, "CROSS_ORIGIN", CROSS_ORIGIN_MESSAGE);

function page(message: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>请求被拒绝 · 揭阳银企融资对接平台</title></head><body style="font-family:sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#0f172a"><p style="color:#64748b;font-size:.875rem">错误代码 403</p><h1 style="font-size:1.25rem">请求被拒绝</h1><p>${message}</p><p><a href="/">返回首页</a></p></body></html>`;
}

/**
 * The 403 for a cross-origin post, or null when the request may proceed. JSON for Remix data requests (`?_data`)
 * and API clients, a small Chinese page for a browser's form post.
 */
export function crossOriginRefusal(request: { method: string; url: string; headers: Headers }): Response | null {
  if (!UNSAFE_METHODS.has(request.method.toUpperCase()) || !isCrossOrigin(request.headers)) return null;
  let dataRequest = false;
  try {
    dataRequest = new URL(request.url).searchParams.has("_data");
  } catch {
    // An unparsable URL is no data request; the page answer is right.
  }
  const wantsJson = dataRequest || (request.headers.get("Accept") ?? "").includes("json");
  const { body } = crossOriginError();
  return wantsJson
    ? Response.json(body, { status: 403 })
    : new Response(page(body.message), { status: 403, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
