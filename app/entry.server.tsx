import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "~/components/nonce.tsx";

// server/index.js applies this to the build, so every route's DomainErrors answer as responses.
export { withDomainErrors } from "~/web/domain-errors.server.ts";
// server/index.js answers a cross-origin post with this 403 before Remix's own check turns it into an empty 500.
export { crossOriginRefusal } from "~/web/origin.server.ts";
// server/index.js sets these on every response, with the nonce it hands to this render through the load context.
export { mustNotBeStored, securityHeaders } from "~/web/security-headers.server.ts";
// The server checks at start what only the web process needs (the cookie secret), instead of on the first request.
export { sessionSecret as requireWebEnvironment } from "~/infra/env.server.ts";

/**
 * Renders the whole document to a string before sending it. Pages are small, many users are on WeChat's browser,
 * and a complete HTML response keeps every page usable without client JavaScript.
 *
 * Why not renderToPipeableStream: React 18.3's streaming renderer can split a multi-byte UTF-8 character at its
 * 2 KB chunk boundaries and emit NUL bytes inside Chinese text (facebook/react#24985); it was reproduced here on a
 * product description. Nothing on the platform streams deferred data, so a string render loses nothing.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const markup = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${markup}`, { headers: responseHeaders, status: responseStatusCode });
}

/** Logs unexpected server errors without request bodies (they may hold passwords or contact data). */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`[server error] ${request.method} ${new URL(request.url).pathname} ${message}`);
};
