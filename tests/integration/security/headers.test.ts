/**
 * The real production server (server/index.js with the Remix build), over HTTP: what only the whole stack shows.
 * - A form post from another site or an opaque ("null") origin answers 403 with a Chinese message — a page for a
 *   browser's post, JSON for a data request — instead of Remix's empty 500, and changes nothing.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { startWebServer, type WebServer } from "../../support/web-server.ts";
import { createBureauUser, PASSWORD } from "../../support/world.ts";

const environment = await setUpAppEnvironment("web_headers");
const db = environment.db;
let server: WebServer;

beforeAll(async () => {
  await createBureauUser(db, { loginName: "bureau.headers" });
  server = await startWebServer();
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
