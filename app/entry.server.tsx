import { PassThrough } from "node:stream";
import type { EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { applySecurityHeaders } from "~/modules/http/security-headers.server.ts";

const ABORT_DELAY_MS = 5_000;

/**
 * Renders the whole document before sending it (onAllReady): pages are small, many users are on WeChat's browser,
 * and a complete HTML response keeps every page usable without client JavaScript.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  return new Promise<Response>((resolve, reject) => {
    let didError = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} />,
      {
        onAllReady() {
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          applySecurityHeaders(responseHeaders);
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: didError ? 500 : responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          didError = true;
          console.error("render error", error instanceof Error ? error.message : error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS);
  });
}

/** Logs unexpected server errors without request bodies (they may hold passwords or contact data). */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`[server error] ${request.method} ${new URL(request.url).pathname} ${message}`);
};
