/**
 * The API reference page at /api/docs, through the real production server (its own build): an HTML page whose
 * scripts and style sheets all come from this origin — no CDN, no external font, no inline script the CSP would
 * block — and whose assets, served from the swagger-ui-dist package, load.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { startWebServer, type WebServer } from "../../support/web-server.ts";

const environment = await setUpAppEnvironment("api_docs");
let server: WebServer;

beforeAll(async () => {
  server = await startWebServer({ DATABASE_URL: environment.databaseUrl });
}, 240_000);
afterAll(async () => {
  await server?.stop();
  await environment.tearDown();
});

function attributes(html: string, tag: string, attribute: string): (string | null)[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, "gi"))].map((match) => {
    const value = new RegExp(`\\b${attribute}="([^"]*)"`, "i").exec(match[1] ?? "");
    return value?.[1] ?? null;
  });
}

it("serves a Chinese page that loads only this origin's scripts and styles, under the app's CSP", async () => {
  const response = await fetch(`${server.url}/api/docs`);
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
  const csp = response.headers.get("Content-Security-Policy") ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'(;|$)/);
  const html = await response.text();
  expect(html).toContain("<title>揭阳银企融资对接平台开放接口 · 接口参考</title>");
  expect(html).toContain('lang="zh-CN"');
  expect(html).not.toMatch(/https?:\/\//);
  expect(html).not.toMatch(/\bsrc="\/\/|\bhref="\/\//);

  const scripts = attributes(html, "script", "src");
  expect(scripts.length).toBeGreaterThanOrEqual(2);
  expect(scripts).not.toContain(null); // no inline script: 'self' covers every one
  const styles = attributes(html, "link", "href").filter((href) => href !== "data:,"); // the empty favicon
  const assets = [...scripts, ...styles] as string[];
  for (const asset of assets) {
    expect(asset).toMatch(/^\/api\/docs\/[\w.-]+$/);
    const loaded = await fetch(`${server.url}${asset}`);
    expect(loaded.status, asset).toBe(200);
    expect(loaded.headers.get("Content-Type"), asset).toMatch(asset.endsWith(".css") ? /^text\/css/ : /javascript/);
    expect((await loaded.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
  }
  const initializer = await (await fetch(`${server.url}/api/docs/init.js`)).text();
  expect(initializer).toContain('"/api/v1/openapi.json"');
  expect(initializer).toContain("validatorUrl: null");

  const document = await fetch(`${server.url}/api/v1/openapi.json`);
  expect(document.status).toBe(200);
  expect(((await document.json()) as { openapi: string }).openapi).toBe("3.1.0");
}, 60_000);

it("serves no other file of the package", async () => {
  for (const name of ["package.json", "index.html", "swagger-ui-bundle.js.map", "..%2F..%2Fpackage.json"]) {
    const response = await fetch(`${server.url}/api/docs/${name}`);
    expect(response.status, name).toBe(404);
  }
});
