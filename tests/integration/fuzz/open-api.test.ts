/**
 * Generated hostile input against every Open API endpoint (/api/v1), with a valid bearer token so inputs reach the
 * handlers: the endpoints are discovered from app/routes/api.v1.*, not listed. Each request varies the path ids, the
 * query, the JSON body (hostile strings, prototype keys, deep nesting, wrong types), the content type, the
 * Idempotency-Key and sometimes the token itself. Asserted for every answer: no 5xx, a problem+json document for every
 * refusal, no stack trace or internal message, and no row written by a refused request. FUZZ_SEED overrides the seed.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import {
  createEngagement,
  createEnterprise,
  createInstitution,
  createInstitutionAdmin,
  createNeed,
  createRegions,
} from "../../support/world.ts";
import { createRandom, hostileId, hostileKey, hostileValue, PROTOTYPE_KEYS, type Random } from "./inputs.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261203) + 1;
const INPUTS = Number(process.env.FUZZ_API_INPUTS ?? 3_000);

const environment = await setUpAppEnvironment("fuzz_api");
const db = environment.db;
const { registerApiClient } = await import("~/modules/api-clients/clients.server.ts");
const { issueAccessToken } = await import("~/modules/api-clients/tokens.server.ts");
const { API_SCOPES } = await import("~/modules/api-clients/scopes.ts");

type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<Response>;
type RouteModule = { loader?: Handler; action?: Handler };
const apiModules = import.meta.glob<RouteModule>("/app/routes/api.v1.*.ts", { eager: true });

const INTERNAL =
  /Prisma|invalid byte sequence|\n\s+at \S|\bat [\w$.<>]+ \(|Error: |TypeError|ReferenceError|node_modules|ECONNREFUSED|Unexpected token|violates .* constraint/;

const endpoints = Object.entries(apiModules).map(([file, module]) => {
  const segments = file
    .replace(/^\/app\/routes\//, "")
    .replace(/\.ts$/, "")
    .split(".")
    .filter((s) => s !== "_index");
  return { file, module, segments, params: segments.filter((s) => s.startsWith("$")).map((s) => s.slice(1)) };
});

/** Several clients, so the per-client rate limit (600 a minute) answers only part of the inputs with 429. */
const bearers: string[] = [];
let clientId = "";
let clientSecret = "";
let realIds: string[] = [];

beforeAll(async () => {
  const { city } = await createRegions(db);
  const bank = await createInstitution(db, { serves: [city.id] });
  const admin = await createInstitutionAdmin(db, bank.id);
  const borrower = await createEnterprise(db, { regionId: city.id });
  realIds = [(await createNeed(db, { enterprise: borrower })).id, (await createNeed(db, { enterprise: borrower })).id];
  // A real engagement of the fuzzing institution, so /engagements/{id}/… inputs reach the handlers' validation.
  realIds.push(
    (await createEngagement(db, { needId: realIds[0]!, institutionId: bank.id, status: "UNDER_REVIEW" })).id,
  );
  for (let index = 0; index < 5; index++) {
    const registered = await registerApiClient(db, {
      actor: { userId: admin.id, role: admin.role, institutionId: bank.id },
      fields: { name: `模糊测试系统 ${index}`, scopes: [...API_SCOPES] },
    });
    if (!registered.ok) throw new Error("registration failed");
    clientId = registered.client.clientId;
    clientSecret = registered.clientSecret;
    const token = await issueAccessToken(db, { clientId, clientSecret, ip: "198.51.100.7" });
    bearers.push(`Bearer ${token.accessToken}`);
  }
});
afterAll(async () => {
  await environment.tearDown();
});

function hostileJson(random: Random, depth = 0): unknown {
  const kind = random.int(depth > 3 ? 4 : 7);
  if (kind === 0) return hostileValue(random);
  if (kind === 1) return random.pick([0, -1, 1e308, -0, 2 ** 53 + 1, 3.14159, Number.MAX_SAFE_INTEGER]);
  if (kind === 2) return random.pick([true, false, null]);
  if (kind === 3) return "";
  if (kind === 4) return Array.from({ length: random.int(4) }, () => hostileJson(random, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = 0; i < 1 + random.int(4); i++)
    object[
      random.chance(0.3)
        ? random.pick(PROTOTYPE_KEYS)
        : hostileKey(random, ["note", "status", "amount", "to", "text", "kind", "corrects"])
    ] = hostileJson(random, depth + 1);
  return object;
}

function body(random: Random): { text: string; type: string } {
  const choice = random.int(10);
  if (choice === 0) return { text: "{not json", type: "application/json" };
  if (choice === 1) return { text: "a=1&b=2", type: "application/x-www-form-urlencoded" };
  if (choice === 2) return { text: hostileValue(random), type: random.pick(["text/plain", "", "application/xml"]) };
  if (choice === 3) return { text: JSON.stringify({ x: "y".repeat(300_000) }), type: "application/json" };
  if (choice === 4) return { text: "[".repeat(5_000) + "]".repeat(5_000), type: "application/json" };
  return { text: JSON.stringify(hostileJson(random)), type: "application/json; charset=utf-8" };
}

function authorization(random: Random): string | undefined {
  const bearer = random.pick(bearers);
  if (!random.chance(0.1)) return bearer;
  return random.pick([undefined, "Bearer", `Bearer ${hostileValue(random)}`, bearer.toLowerCase(), `Basic ${bearer}`]);
}

async function rowCounts(): Promise<string> {
  const counts = await Promise.all([
    db.engagement.count(),
    db.needEvent.count(),
    db.outcome.count(),
    db.product.count(),
    db.apiClient.count(),
    db.apiAccessToken.count(),
    db.outboxEvent.count(),
  ]);
  return counts.join(",");
}

it(`survives ${INPUTS} generated inputs to every Open API endpoint, refusing each with a problem document`, async () => {
  expect(endpoints.length).toBeGreaterThanOrEqual(3);
  const random = createRandom(SEED);
  console.info(`[fuzz] open api: ${endpoints.length} endpoints, seed ${SEED}, ${INPUTS} inputs`);
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const started = Date.now();
  for (let index = 0; index < INPUTS; index++) {
    const endpoint = random.pick(endpoints);
    const params = Object.fromEntries(endpoint.params.map((name) => [name, hostileId(random, realIds)]));
    const path =
      "/" +
      endpoint.segments
        .map((segment) =>
          segment.startsWith("$")
            ? encodeURIComponent(params[segment.slice(1)]!.replace(/[\ud800-\udfff]/g, "\ufffd"))
            : segment,
        )
        .join("/");
    const query = new URLSearchParams();
    for (let i = 0; i < random.int(4); i++)
      query.append(
        random.pick(["cursor", "limit", "matched", "directed", hostileKey(random, ["q"])]),
        hostileValue(random).replace(/[\ud800-\udfff]/g, "\ufffd"),
      );
    const post = endpoint.module.action !== undefined && (endpoint.module.loader === undefined || random.chance(0.7));
    const headers = new Headers();
    const auth = endpoint.file.includes("oauth")
      ? `Basic ${Buffer.from(`${clientId}:${random.chance(0.5) ? clientSecret : hostileValue(random)}`).toString("base64")}`
      : authorization(random);
    if (auth) {
      try {
        headers.set("Authorization", auth);
      } catch {
        continue; // not a valid header value at all: no client can send it
      }
    }
    const sent = post ? body(random) : null;
    if (sent?.type) headers.set("Content-Type", sent.type);
    if (post && random.chance(0.5)) {
      const key = random.chance(0.7) ? `fz-${random.int(50)}-key` : hostileValue(random);
      try {
        headers.set("Idempotency-Key", key);
      } catch {
        headers.set("Idempotency-Key", "x");
      }
    }
    const request = new Request(`http://jieyang.test${path}?${query}`, {
      method: post ? "POST" : "GET",
      headers,
      body: post ? sent!.text : undefined,
    });
    const handler = post ? endpoint.module.action! : endpoint.module.loader!;
    const before = await rowCounts();
    let response: Response;
    try {
      response = await handler({ request, params, context: { clientIp: "198.51.100.7" } });
    } catch (error) {
      failures.push(
        `${endpoint.file} threw ${(error as Error)?.name}: ${String((error as Error)?.message).slice(0, 200)}`,
      );
      continue;
    }
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const text = await response.text();
    const label = `${post ? "POST" : "GET"} ${path}?${query}`.slice(0, 200);
    if (response.status >= 500) failures.push(`${label}: HTTP ${response.status}`);
    if (INTERNAL.test(text)) failures.push(`${label}: internal detail in ${text.slice(0, 200)}`);
    if (response.status >= 400) {
      const type = response.headers.get("Content-Type") ?? "";
      const document = JSON.parse(text) as { status?: number; code?: string; detail?: string };
      if (!endpoint.file.includes("oauth") && !type.startsWith("application/problem+json"))
        failures.push(`${label}: refusal with content type ${type}`);
      if (document.status !== response.status || !document.code || !/[\u4e00-\u9fff]/.test(document.detail ?? ""))
        failures.push(`${label}: problem document ${text.slice(0, 200)}`);
      if ((await rowCounts()) !== before && response.status !== 409)
        failures.push(`${label}: refused with ${response.status} but rows changed`);
    }
    if (failures.length > 20) break;
  }
  console.info(
    `[fuzz] open api: ${INPUTS} inputs in ${((Date.now() - started) / 1000).toFixed(1)}s, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  expect(failures).toEqual([]);
}, 600_000);
