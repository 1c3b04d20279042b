/**
 * The security headers of every response the server sends — HTML pages, `?_data` JSON, redirects, static files,
 * CSV/XLSX exports, resource routes and error answers alike. server/index.js sets them at the last moment before
 * the status line goes out, so no route, Remix default or static handler can drop or duplicate them.
 *
 * - CSP: scripts only from this site or carrying the request's nonce (Remix's inline hydration scripts get it via
 *   <Scripts nonce>); no 'unsafe-inline' for scripts. Styles keep 'unsafe-inline' for the chart SVGs' style
 *   attributes, which cannot run code.
 * - HSTS only when the request arrived over TLS in production (behind a proxy: X-Forwarded-Proto with
 *   TRUST_PROXY=true), so a plain-HTTP demo never pins browsers to HTTPS.
 * - Cache-Control: no-store on every response to a signed-in browser and on every response that sets a cookie:
 *   such responses may carry contact data (engagement pages, reveals, exports) and must never sit in a shared or
 *   disk cache. Fingerprinted static assets keep their long caching.
 */
const SESSION_COOKIE = /(?:^|;\s*)jy_session=/;

export type SecurityHeaderOptions = { nonce: string; https: boolean; production: boolean };

export function contentSecurityPolicy(nonce: string, production: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    production ? "connect-src 'self'" : "connect-src 'self' ws://localhost:* ws://127.0.0.1:*",
    "object-src 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
  ].join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(options.nonce, options.production),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (options.https && options.production) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/** True when the response must not be stored: the browser is signed in, or the response sets a cookie. */
export function mustNotBeStored(requestCookie: string | undefined, responseSetsCookie: boolean): boolean {
  return responseSetsCookie || SESSION_COOKIE.test(requestCookie ?? "");
}
