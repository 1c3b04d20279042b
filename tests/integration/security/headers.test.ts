/**
 * The real production server (server/index.js with the Remix build), over HTTP: what only the whole stack shows.
 * - Security headers on every kind of response: HTML pages, `?_data` JSON, redirects, static files, CSV and XLSX
 *   exports, resource routes, and error answers (400, 403, 404, 413) — CSP with a fresh nonce per request and no
 *   'unsafe-inline' scripts, frame-ancestors 'none', nosniff, Referrer-Policy; HSTS only over TLS; no-store on
 *   every response to a signed-in browser or that sets a cookie.
 * - A form post from another site or an opaque ("null") origin answers 403 with a Chinese message — a page for a
 *   browser's post, JSON for a data request — instead of Remix's empty 500, and changes nothing.
 */
import http from "node:http";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { startWebServer, type WebServer } from "../../support/web-server.ts";
import { createBureauUser, createRegions, PASSWORD } from "../../support/world.ts";

const environment = await setUpAppEnvironment("web_headers");
const db = environment.db;
let server: WebServer;

beforeAll(async () => {
  await createRegions(db);
  await createBureauUser(db, { loginName: "bureau.headers" });
  // Behind a trusted proxy, so X-Forwarded-Proto tells the server whether the browser used TLS.
  server = await startWebServer({ TRUST_PROXY: "true" });
});

afterAll(async () => {
  await server?.stop();
  await environment.tearDown();
});

/** A browser session on the real server: cookies and the page's CSRF token. */
async function browser() {
  const page = await fetch(`${server.url}/login`);
  const cookie = page.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  return { cookie, token };
}

describe("cross-origin form posts", () => {
  it.each([
    ["another site", "https://evil.example", ""],
    ["an opaque origin", "null", ""],
    ["another site, as a data request", "https://evil.example", "?_data=routes%2Flogin"],
    ["an opaque origin, as a data request", "null", "?_data=routes%2Flogin"],
    ["a malformed origin", "http://[::1", ""],
  ])("refuses a sign-in post from %s with 403 and a Chinese message", async (_label, origin, query) => {
    const { cookie, token } = await browser();
    const audits = await db.auditLog.count();
    const response = await fetch(`${server.url}/login${query}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: origin, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: token, loginName: "bureau.headers", password: PASSWORD }),
    });
    expect(response.status).toBe(403);
    const body = await response.text();
    expect(body).toContain("来自其他网站或无法识别的来源");
    if (query) expect(JSON.parse(body)).toMatchObject({ code: "CROSS_ORIGIN" });
    else expect(response.headers.get("Content-Type")).toMatch(/text\/html/);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(await db.auditLog.count()).toBe(audits);
  });

  it("still signs in a same-origin post", async () => {
    const { cookie, token } = await browser();
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: token, loginName: "bureau.headers", password: PASSWORD }),
    });
    expect(response.status).toBe(302);
  });
});

/** A signed-in bureau browser's cookie header on the real server. */
async function signedInCookie(): Promise<string> {
  const { cookie, token } = await browser();
  const response = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: token, loginName: "bureau.headers", password: PASSWORD }),
  });
  expect(response.status).toBe(302);
  const session = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .find((pair) => pair!.startsWith("jy_session="));
  return `${cookie}; ${session}`;
}

/** A POST with exactly the headers given, answered as a Response (the body is never sent). */
function rawPost(path: string, headers: Record<string, string>): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${server.url}${path}`, { method: "POST", headers }, (incoming) => {
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(incoming.headers))
        if (typeof value === "string") responseHeaders.set(name, value);
      incoming.resume();
      resolve(new Response(null, { status: incoming.statusCode ?? 0, headers: responseHeaders }));
    });
    request.on("error", reject);
    request.flushHeaders();
  });
}

function expectSecurityHeaders(response: Response, what: string) {
  const csp = response.headers.get("Content-Security-Policy") ?? "";
  const scriptSrc = csp.split(";").find((part) => part.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc, `${what}: script-src`).toMatch(/^\s*script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'$/);
  expect(scriptSrc, what).not.toContain("unsafe-inline");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("object-src 'none'");
  expect(response.headers.get("X-Content-Type-Options"), what).toBe("nosniff");
  expect(response.headers.get("Referrer-Policy"), what).toBe("strict-origin-when-cross-origin");
  expect(response.headers.get("X-Frame-Options"), what).toBe("DENY");
  // One policy only: a second, stricter or looser CSP header would be enforced as well.
  expect(csp.split("default-src").length - 1, what).toBe(1);
}

describe("security headers on every kind of response", () => {
  it("sets them on an HTML page, with a fresh nonce that the page's inline scripts carry", async () => {
    const first = await fetch(`${server.url}/login`);
    const second = await fetch(`${server.url}/login`);
    expectSecurityHeaders(first, "HTML page");
    const nonceOf = (response: Response) =>
      /'nonce-([^']+)'/.exec(response.headers.get("Content-Security-Policy") ?? "")?.[1];
    const nonce = nonceOf(first);
    expect(nonce).not.toBe(nonceOf(second));
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // An anonymous page that sets the CSRF cookie must not be stored either.
    expect(first.headers.get("Cache-Control")).toBe("no-store");
  });

  it("sets them on ?_data JSON, a redirect, a static file and /healthz", async () => {
    const data = await fetch(`${server.url}/products?_data=routes%2Fproducts._index`);
    expect(data.headers.get("Content-Type")).toMatch(/application\/json/);
    expectSecurityHeaders(data, "?_data JSON");

    const redirect = await fetch(`${server.url}/logout`, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    expectSecurityHeaders(redirect, "redirect");

    const html = await (await fetch(`${server.url}/login`)).text();
    const cookie = await signedInCookie();
    for (const asset of [/href="(\/build\/[^"]+\.css)"/, /href="(\/build\/[^"]+\.js)"/]) {
      const path = asset.exec(html)?.[1];
      expect(path, String(asset)).toBeTruthy();
      const file = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
      expect(file.status).toBe(200);
      expectSecurityHeaders(file, `static ${path}`);
      // Fingerprinted assets hold no user data and keep their long cache even for a signed-in browser.
      expect(file.headers.get("Cache-Control")).toMatch(/immutable/);
    }

    expectSecurityHeaders(await fetch(`${server.url}/healthz`), "/healthz");
  });

  it("sets them, with no-store, on CSV and XLSX exports, resource routes and signed-in pages", async () => {
    const cookie = await signedInCookie();
    for (const path of [
      "/bureau/export/targets-template.csv",
      "/bureau/export/dashboard.xlsx",
      "/bureau",
      "/bureau?_data=routes%2Fbureau",
    ]) {
      const response = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(response.status, path).toBe(200);
      expectSecurityHeaders(response, path);
      expect(response.headers.get("Cache-Control"), path).toBe("no-store");
    }
    const missing = await fetch(`${server.url}/bureau/needs/no-such-need`, { headers: { Cookie: cookie } });
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, "resource route 404");
    expect(missing.headers.get("Cache-Control")).toBe("no-store");
  });

  it("sets them on error answers: 400, 403, 404, 413", async () => {
    const refused = await fetch(`${server.url}/products/%00`);
    expect(refused.status).toBe(400);
    expectSecurityHeaders(refused, "400");
    const crossOrigin = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "a=1",
    });
    expect(crossOrigin.status).toBe(403);
    expectSecurityHeaders(crossOrigin, "403");
    const missing = await fetch(`${server.url}/no/such/page`);
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, "404");
    // A declared body over the 6 MB cap is refused before it is read (raw HTTP: fetch computes its own length).
    const tooLarge = await rawPost("/login", { "Content-Length": String(7 * 1024 * 1024) });
    expect(tooLarge.status).toBe(413);
    expectSecurityHeaders(tooLarge, "413");
  });

  it("sends HSTS only when the browser reached the server over TLS", async () => {
    const plain = await fetch(`${server.url}/login`);
    expect(plain.headers.get("Strict-Transport-Security")).toBeNull();
    const tls = await fetch(`${server.url}/login`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(tls.headers.get("Strict-Transport-Security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });
});
