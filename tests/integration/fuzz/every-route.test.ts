/**
 * Generated hostile input against every route the app has — today's and every one added later: the route files,
 * their loaders' and actions' parameters, the form field names and intents are discovered from the sources, not
 * listed. Inputs (./inputs.ts): control characters incl. NUL, lone surrogates, bidi overrides, overlong strings,
 * numbers in Chinese / full-width / scientific forms, impossible dates, enum look-alikes, prototype keys, injection
 * and markup markers, wrong content types and bodies, odd Origin headers — from a fixed seed (FUZZ_SEED overrides;
 * the seed is printed so a failure replays).
 *
 * Two phases, each asserting: no 5xx (nor a thrown error), no stack trace or internal message in the body, and no
 * row written in the main tables by a refused (4xx) request.
 * 1. In process, through the same wrapper the server applies (runRouteHandler): ≥ 10,000 loader and action calls
 *    as an anonymous visitor and as every role, with a valid CSRF token most of the time so inputs reach the
 *    validation behind it.
 * 2. Over HTTP against the real server: every page with markup markers in its ids and query, forms posted with
 *    markers, oversized, chunked, JSON, text and multipart bodies, and odd origins — and the HTML must never
 *    contain a marker unescaped.
 */
import type { Role } from "~/generated/prisma/enums.ts";
import { runRouteHandler } from "~/web/domain-errors.server.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { RouteClient } from "../../support/route-client.ts";
import { csrfTokenOf, signIn } from "../../support/sign-in.ts";
import { startWebServer, type WebServer } from "../../support/web-server.ts";
import {
  createConsentText,
  createEngagement,
  createEnterprise,
  createInstitution,
  createInstitutionAdmin,
  createAdmin,
  createBureauUser,
  createNeed,
  createOfficer,
  createProduct,
  createRegions,
  PASSWORD,
} from "../../support/world.ts";
import {
  ATTRIBUTE_MARKER,
  createRandom,
  hostileId,
  hostileKey,
  hostileValue,
  SCRIPT_MARKER,
  type Random,
} from "./inputs.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const IN_PROCESS_INPUTS = Number(process.env.FUZZ_INPUTS ?? 10_000);
const HTTP_INPUTS = Number(process.env.FUZZ_HTTP_INPUTS ?? 200);

const environment = await setUpAppEnvironment("fuzz");
const db = environment.db;
// The real server for phase 2 builds while phase 1 runs.
const serverStarting = startWebServer();
serverStarting.catch(() => undefined);

// ───────────────────────────── discovery ─────────────────────────────

type Handler = (args: never) => unknown;
type RouteModule = { loader?: Handler; action?: Handler; default?: unknown };
const routeModules = import.meta.glob<RouteModule>("/app/routes/**/*.{ts,tsx}", { eager: true });
const sources = import.meta.glob<string>(
  ["/app/routes/**/*.{ts,tsx}", "/app/components/**/*.tsx", "/app/modules/**/*.ts", "/app/web/**/*.ts"],
  { eager: true, query: "?raw", import: "default" },
);

/** A URL can only carry well-formed text; the handler still gets the raw value as its param. */
const wellFormed = (text: string) =>
  text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

type Route = { file: string; module: RouteModule; params: string[]; path: (values: Record<string, string>) => string };

function routeOf(file: string, module: RouteModule): Route {
  const segments = file
    .replace(/^\/app\/routes\//, "")
    .replace(/\.(tsx|ts)$/, "")
    .split(".")
    .filter((segment) => segment !== "_index")
    .map((segment) => segment.replace(/_$/, ""));
  const params = segments.filter((segment) => segment.startsWith("$")).map((segment) => segment.slice(1));
  return {
    file,
    module,
    params,
    path: (values) =>
      "/" +
      segments
        .map((segment) =>
          segment.startsWith("$") ? encodeURIComponent(wellFormed(values[segment.slice(1)] ?? "x")) : segment,
        )
        .join("/"),
  };
}

const routes = Object.entries(routeModules).map(([file, module]) => routeOf(file, module));
const loaderRoutes = routes.filter((route) => typeof route.module.loader === "function");
const actionRoutes = routes.filter((route) => typeof route.module.action === "function");

const allSource = Object.values(sources).join("\n");
const collect = (pattern: RegExp) => [...allSource.matchAll(pattern)].map((match) => match[1]!);
/** Every form field, query parameter and schema key the app reads. */
const fieldNames = [
  ...new Set([
    ...collect(/\bname="([A-Za-z][\w.]*)"/g),
    ...collect(/\.get(?:All)?\("([A-Za-z][\w]*)"\)/g),
    ...collect(/^\s+([a-z][A-Za-z]+):\s*(?:z\.|\w+Field\b|checkboxField)/gm),
  ]),
].filter((name) => !name.startsWith("_"));
const intents = [
  ...new Set([...collect(/intent === "([\w-]+)"/g), ...collect(/_intent"?[^\n]{0,40}?value[=:] ?\{?"([\w-]+)"/g)]),
];

// ───────────────────────────── world and clients ─────────────────────────────

const ROLES: Role[] = ["ENTERPRISE", "OFFICER", "INSTITUTION_ADMIN", "BUREAU", "ADMIN"];
const LOGINS: Record<Role, string> = {
  ENTERPRISE: "13900000077",
  OFFICER: "fuzz.officer",
  INSTITUTION_ADMIN: "fuzz.admin",
  BUREAU: "fuzz.bureau",
  ADMIN: "fuzz.platform",
};
const realIds: string[] = [];

const MAIN_TABLES = [
  "User",
  "Enterprise",
  "Institution",
  "Product",
  "FinancingNeed",
  "ConsentRecord",
  "Engagement",
  "Outcome",
  "NeedEvent",
  "Target",
  "WebhookEndpoint",
  "Notification",
  "OutboxEvent",
  "LedgerEntry",
  "Match",
];
/**
 * "Nothing written on a refusal", cheaply enough to ask after every batch: a row trigger on each main table counts
 * inserted and deleted rows — the row counts of those tables — so one single-row read tells whether they moved.
 * Only in this file's own database.
 */
async function installWriteCounter(): Promise<void> {
  await db.$executeRawUnsafe(`CREATE TABLE fuzz_writes (n bigint NOT NULL, tables text[] NOT NULL DEFAULT '{}')`);
  await db.$executeRawUnsafe(`INSERT INTO fuzz_writes VALUES (0)`);
  await db.$executeRawUnsafe(`CREATE FUNCTION fuzz_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN UPDATE fuzz_writes SET n = n + 1, tables = array_append(tables[1:20], TG_TABLE_NAME::text); RETURN NULL; END $$`);
  for (const table of MAIN_TABLES) {
    await db.$executeRawUnsafe(
      `CREATE TRIGGER fuzz_count AFTER INSERT OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION fuzz_count()`,
    );
  }
}
async function rowCounts(): Promise<string> {
  const [row] = await db.$queryRawUnsafe<{ n: bigint; tables: string[] }[]>(`SELECT n, tables FROM fuzz_writes`);
  return `${row!.n} writes (last: ${row!.tables.slice(-3).join(", ")})`;
}

const INTERNAL =
  /Prisma|invalid byte sequence|\n\s+at \S|\bat [\w$.<>]+ \(|Error: |TypeError|ReferenceError|node_modules|ECONNREFUSED|Unexpected token|violates .* constraint/;

type Failure = { input: string; problem: string };
const failures: Failure[] = [];
let inputsSent = 0;
let refusals = 0;
const statuses = new Map<number, number>();
/** Requests per target (method and route file), to report the coverage. */
const requestsByTarget = new Map<string, number>();
function fail(input: string, problem: string) {
  if (failures.length < 50) failures.push({ input, problem });
}

beforeAll(async () => {
  const regions = await createRegions(db);
  await createConsentText(db);
  const bank = await createInstitution(db, { code: "FUZZ-BANK" });
  const { enterprise, user } = await createEnterprise(db, {
    regionId: regions.rongcheng.id,
    user: { loginName: LOGINS.ENTERPRISE },
  });
  const account = { enterprise, user };
  const officer = await createOfficer(db, bank.id, { loginName: LOGINS.OFFICER });
  await createInstitutionAdmin(db, bank.id, { loginName: LOGINS.INSTITUTION_ADMIN });
  await createBureauUser(db, { loginName: LOGINS.BUREAU });
  await createAdmin(db, { loginName: LOGINS.ADMIN });
  const open = await createNeed(db, { enterprise: account, consent: "general" });
  const draft = await createNeed(db, { enterprise: account, status: "DRAFT" });
  const engagement = await createEngagement(db, {
    needId: open.id,
    institutionId: bank.id,
    officerId: officer.id,
    status: "ACCEPTED",
  });
  const product = await createProduct(db, { institutionId: bank.id });
  realIds.push(open.id, draft.id, engagement.id, product.id, "dashboard.csv", "ledger.xlsx");
  await installWriteCounter();
});

afterAll(async () => {
  console.log(
    `[fuzz] seed ${SEED} (FUZZ_SEED overrides): ${inputsSent} inputs, ${refusals} refused, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  await (await serverStarting.catch(() => null))?.stop();
  await environment.tearDown();
});

// ───────────────────────────── phase 1: in process ─────────────────────────────

type Client = { who: string; client: RouteClient; token: string };

const CONTENT_TYPES = ["application/json", "text/plain", "application/xml", "", "multipart/form-data; boundary=nope"];

function buildRequest(random: Random, client: Client, method: "GET" | "POST", path: string): Request {
  const query = new URLSearchParams();
  for (let index = random.int(4); index > 0; index--)
    query.append(hostileKey(random, fieldNames), hostileValue(random));
  if (random.chance(0.05)) query.set("_data", "root");
  const url = `http://jieyang.test${path}${query.size > 0 ? `?${query}` : ""}`;
  const headers: Record<string, string> = { "User-Agent": "fuzz" };
  const cookie = client.client.cookieHeader();
  if (cookie) headers.Cookie = cookie;
  if (random.chance(0.05)) headers.Origin = random.pick(["null", "https://evil.example", "http://jieyang.test", "x"]);
  if (method === "GET") return new Request(url, { headers });

  const fields: [string, string][] = [];
  if (random.chance(0.92)) fields.push(["_csrf", client.token]);
  else if (random.chance(0.5)) fields.push(["_csrf", hostileValue(random)]);
  if (intents.length > 0 && random.chance(0.75)) fields.push(["_intent", random.pick(intents)]);
  for (let index = 1 + random.int(8); index > 0; index--) {
    const key = hostileKey(random, fieldNames);
    fields.push([key, hostileValue(random)]);
    if (random.chance(0.1)) fields.push([key, hostileValue(random)]); // the same field twice
  }
  const roll = random.next();
  if (roll < 0.07) {
    // A body of the wrong kind, or one that claims a type it is not.
    headers["Content-Type"] = random.pick(CONTENT_TYPES);
    const body = random.chance(0.5) ? JSON.stringify(Object.fromEntries(fields)) : hostileValue(random);
    return new Request(url, { method, headers, body });
  }
  if (roll < 0.15) {
    const form = new FormData();
    for (const [key, value] of fields) form.append(key, value);
    if (random.chance(0.5)) form.append("file", new Blob([hostileValue(random)], { type: "text/csv" }), "targets.csv");
    return new Request(url, { method, headers, body: form });
  }
  if (roll < 0.16) fields.push([hostileKey(random, fieldNames), "a".repeat(1024 * 1024)]); // a 1 MB field
  headers["Content-Type"] = "application/x-www-form-urlencoded";
  return new Request(url, { method, headers, body: new URLSearchParams(fields) });
}

type Sent = { label: string; status: number };

/** One loader or action call; checks the answer itself and returns it for the write check. */
async function sendInProcess(random: Random, client: Client, route: Route, method: "GET" | "POST"): Promise<Sent> {
  const params = Object.fromEntries(route.params.map((name) => [name, hostileId(random, realIds)]));
  const request = buildRequest(random, client, method, route.path(params));
  const label = `${client.who} ${method} ${route.file} params=${JSON.stringify(params).slice(0, 120)} url=${request.url.slice(0, 200)}`;
  const handler = (method === "GET" ? route.module.loader : route.module.action) as (args: unknown) => unknown;
  let response: Response;
  inputsSent++;
  try {
    const result = await runRouteHandler(handler, { request, params, context: { clientIp: "203.0.113.99" } });
    response = result instanceof Response ? result : Response.json(result ?? null);
  } catch (thrown) {
    if (thrown instanceof Response) response = thrown;
    else {
      const error = thrown as Error;
      fail(label, `threw (would be a 500): ${error?.name}: ${String(error?.message).slice(0, 300)}`);
      return { label, status: 500 };
    }
  }
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  client.client.absorb(response);
  if (response.status >= 500) fail(label, `HTTP ${response.status}`);
  const body = await response.text();
  const internal = INTERNAL.exec(body);
  if (internal)
    fail(label, `internal detail in the body: …${body.slice(Math.max(0, internal.index - 80), internal.index + 120)}…`);
  if (response.status >= 400) refusals++;
  return { label, status: response.status };
}

/**
 * Runs requests together and checks the row counter around them: when every one was refused, no row may have
 * been added or removed. Requests run a few at once to keep the suite inside its time budget (actions in smaller
 * batches than loaders, so a write is pinned on one of very few requests).
 */
async function sendBatch(batch: (() => Promise<Sent>)[]): Promise<void> {
  const before = await rowCounts();
  const sent = await Promise.all(batch.map((send) => send()));
  if (sent.some((one) => one.status < 400)) return;
  const after = await rowCounts();
  if (after !== before)
    fail(
      sent.map((one) => one.label).join(" | "),
      `refused (${sent.map((one) => one.status)}) but rows changed: ${before} → ${after}`,
    );
}

it("discovers the app's routes, parameters, fields and intents", () => {
  expect(loaderRoutes.length).toBeGreaterThan(20);
  expect(actionRoutes.map((route) => route.file)).toContain("/app/routes/login.tsx");
  expect(routes.flatMap((route) => route.params)).toEqual(
    expect.arrayContaining(["needId", "productId", "engagementId"]),
  );
  expect(fieldNames).toEqual(expect.arrayContaining(["loginName", "password", "amount", "note", "q", "page"]));
  expect(intents.length).toBeGreaterThan(3);
});

it(
  `survives ${IN_PROCESS_INPUTS} generated inputs to every loader and action, as every role`,
  { timeout: 420_000 },
  async () => {
    const started = Date.now();
    const clients: Client[] = [];
    const anonymous = new RouteClient("203.0.113.99");
    clients.push({ who: "anonymous", client: anonymous, token: await csrfTokenOf(anonymous) });
    for (const role of ROLES) {
      const client = new RouteClient("203.0.113.98");
      clients.push({ who: role, client, token: await signIn(client, LOGINS[role]) });
    }
    const random = createRandom(SEED);
    const targets: [Route, "GET" | "POST"][] = [
      ...loaderRoutes.map((route) => [route, "GET"] as [Route, "GET"]),
      // Signing out would end the role's session for the rest of the run; anonymous visitors still post to it.
      ...actionRoutes.map((route) => [route, "POST"] as [Route, "POST"]),
    ];
    const LOADER_BATCH = 8;
    const ACTION_BATCH = 3;
    let pending: (() => Promise<Sent>)[] = [];
    let pendingActions: (() => Promise<Sent>)[] = [];
    for (let index = 0; inputsSent + pending.length + pendingActions.length < IN_PROCESS_INPUTS; index++) {
      const [route, method] = targets[index % targets.length]!;
      const client = clients[Math.floor(index / targets.length) % clients.length]!;
      // Signing out would end the role's session for the rest of the run; anonymous visitors still post to it.
      if (route.file.endsWith("/logout.tsx") && method === "POST" && client.who !== "anonymous") continue;
      // Inputs are drawn now, in order, so the seed alone decides them whatever runs concurrently.
      const state = createRandom(random.int(2 ** 32));
      const send = () => sendInProcess(state, client, route, method);
      if (method === "GET") {
        pending.push(send);
        if (pending.length === LOADER_BATCH) {
          await sendBatch(pending);
          pending = [];
        }
      } else {
        pendingActions.push(send);
        if (pendingActions.length === ACTION_BATCH) {
          await sendBatch(pendingActions);
          pendingActions = [];
        }
      }
      const key = `${method} ${route.file}`;
      requestsByTarget.set(key, (requestsByTarget.get(key) ?? 0) + 1);
    }
    if (pending.length > 0) await sendBatch(pending);
    if (pendingActions.length > 0) await sendBatch(pendingActions);
    console.log(`[fuzz] in process: ${requestsByTarget.size} loader/action targets, ${clients.length} clients`);
    console.log(`[fuzz] in process: ${inputsSent} inputs in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    expect(failures).toEqual([]);
  },
);

// ───────────────────────────── phase 2: the real server over HTTP ─────────────────────────────

describe("over HTTP against the real server", () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await serverStarting;
  }, 120_000);

  async function httpSession(loginName: string | null) {
    const page = await fetch(`${server.url}/login`);
    let cookie = page.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");
    let token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    if (loginName) {
      const response = await fetch(`${server.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: server.url, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: token, loginName, password: PASSWORD }),
      });
      const session = response.headers
        .getSetCookie()
        .map((line) => line.split(";")[0])
        .find((pair) => pair!.startsWith("jy_session="));
      cookie = `${cookie}; ${session}`;
      const root = await fetch(`${server.url}/?_data=root`, { headers: { Cookie: cookie } });
      token = ((await root.json()) as { csrfToken: string }).csrfToken;
    }
    return { cookie, token };
  }

  it(
    `survives ${HTTP_INPUTS} generated requests with markup markers, odd bodies and origins`,
    { timeout: 120_000 },
    async () => {
      const started = Date.now();
      const random = createRandom(SEED + 1);
      const sessions = [
        await httpSession(null),
        ...(await Promise.all(ROLES.map((role) => httpSession(LOGINS[role])))),
      ];
      const marker = () => random.pick([SCRIPT_MARKER, ATTRIBUTE_MARKER, `名称${SCRIPT_MARKER}`, hostileValue(random)]);
      const pages = routes.filter((route) => route.module.default && route.module.loader);
      let sent = 0;
      for (let index = 0; sent < HTTP_INPUTS; index++) {
        const session = sessions[index % sessions.length]!;
        const post = random.chance(0.4) && actionRoutes.length > 0;
        const route = post ? random.pick(actionRoutes) : random.pick(pages);
        if (post && route.file.endsWith("/logout.tsx")) continue;
        const params = Object.fromEntries(
          route.params.map((name) => [name, random.chance(0.5) ? random.pick(realIds) : marker()]),
        );
        const query = new URLSearchParams();
        for (let count = random.int(3); count > 0; count--) query.append(random.pick(fieldNames), marker());
        const url = `${server.url}${route.path(params)}${query.size > 0 ? `?${query}` : ""}`;
        const headers: Record<string, string> = { Cookie: session.cookie };
        let body: BodyInit | undefined;
        if (post) {
          const fields = new URLSearchParams({ _csrf: session.token });
          if (intents.length > 0) fields.set("_intent", random.pick(intents));
          for (let count = 1 + random.int(6); count > 0; count--) fields.append(random.pick(fieldNames), marker());
          const kind = random.next();
          headers.Origin = kind < 0.08 ? random.pick(["null", "https://evil.example", "file://"]) : server.url;
          if (kind < 0.16) {
            headers["Content-Type"] = random.pick(["application/json", "text/plain", "application/octet-stream"]);
            body = JSON.stringify(Object.fromEntries(fields));
          } else {
            headers["Content-Type"] = "application/x-www-form-urlencoded";
            body = fields;
          }
        }
        const label = `${post ? "POST" : "GET"} ${url.slice(0, 200)}`;
        const before = post ? await rowCounts() : "";
        const response = await fetch(url, { method: post ? "POST" : "GET", headers, body, redirect: "manual" });
        sent++;
        inputsSent++;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const text = await response.text();
        if (response.status >= 500) fail(label, `HTTP ${response.status}: ${text.slice(0, 200)}`);
        const internal = INTERNAL.exec(text);
        if (internal)
          fail(label, `internal detail: …${text.slice(Math.max(0, internal.index - 80), internal.index + 120)}…`);
        for (const raw of [SCRIPT_MARKER, ATTRIBUTE_MARKER]) {
          if (text.includes(raw) && (response.headers.get("Content-Type") ?? "").includes("html"))
            fail(
              label,
              `rendered unescaped: …${text.slice(Math.max(0, text.indexOf(raw) - 100), text.indexOf(raw) + 40)}…`,
            );
        }
        if (post && response.status >= 400) {
          refusals++;
          const after = await rowCounts();
          if (after !== before) fail(label, `refused with ${response.status} but rows changed: ${before} → ${after}`);
        }
      }
      console.log(`[fuzz] over HTTP: ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      expect(failures).toEqual([]);
    },
  );

  it("refuses oversized, chunked and NUL-carrying requests before they reach the app", async () => {
    const http = await import("node:http");
    const raw = (path: string, headers: Record<string, string>, chunk?: string) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request(`${server.url}${path}`, { method: "POST", headers }, (incoming) => {
          incoming.resume();
          resolve(incoming.statusCode ?? 0);
        });
        request.on("error", reject);
        if (chunk === undefined) return void request.flushHeaders(); // the declared body never comes
        request.write(chunk);
        request.end();
      });
    expect(
      await raw("/login", {
        "Content-Length": String(7 * 1024 * 1024),
        "Content-Type": "application/x-www-form-urlencoded",
      }),
    ).toBe(413);
    expect(
      await raw(
        "/login",
        { "Transfer-Encoding": "chunked", "Content-Type": "application/x-www-form-urlencoded" },
        "a=1",
      ),
    ).toBe(411);
    inputsSent += 2;
    for (const path of [
      "/products/%00",
      "/products/%E2%80%AE",
      "/products?q=%00",
      "/officer/leads/%00",
      "/bureau/export/%00.csv",
    ]) {
      const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
      inputsSent++;
      expect(response.status, path).toBeLessThan(500);
      expect(await response.text()).not.toMatch(INTERNAL);
    }
  });
});
