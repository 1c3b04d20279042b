/**
 * GET /api/v1/leads: the leads feed walks every visible lead exactly once — also while needs are being published
 * in transactions that commit out of order — and shows nothing an institution may not see.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { createEnterprise, createNeed, type EnterpriseAccount } from "../../support/world.ts";
import { actorOf, buildWorld, SECRET, type World } from "../institution/scenario.ts";

const environment = await setUpAppEnvironment("api_feed");
const db = environment.db;
const clients = await import("~/modules/api-clients/clients.server.ts");
const { issueAccessToken } = await import("~/modules/api-clients/tokens.server.ts");
const feedRoute = await import("~/routes/api.v1.leads._index.ts");

let world: World;
let borrower: EnterpriseAccount;
let authorizationA: string;

async function bearerFor(admin: "adminA" | "adminB"): Promise<string> {
  const registered = await clients.registerApiClient(db, {
    actor: actorOf(world.users[admin]),
    fields: { name: "线索同步", scopes: ["leads:read"] },
  });
  if (!registered.ok) throw new Error("registration failed");
  const token = await issueAccessToken(db, {
    clientId: registered.client.clientId,
    clientSecret: registered.clientSecret,
    ip: "198.51.100.7",
  });
  return `Bearer ${token.accessToken}`;
}

async function page(authorization: string, query: string) {
  const request = new Request(`http://jieyang.test/api/v1/leads?${query}`, {
    headers: { Authorization: authorization },
  });
  const response = await feedRoute.loader({
    request,
    params: {},
    context: { clientIp: "198.51.100.7" },
  } as LoaderFunctionArgs);
  return {
    status: response.status,
    json: (await response.json()) as {
      items?: { id: string; description: string | null }[];
      nextCursor?: string;
      hasMore?: boolean;
      code?: string;
    },
  };
}

/** Walks the feed from `cursor` to its current end; returns the ids in order and where to resume. */
async function walk(authorization: string, cursor?: string, limit = 3) {
  const ids: string[] = [];
  let next = cursor;
  for (;;) {
    const { status, json } = await page(
      authorization,
      `limit=${limit}${next ? `&cursor=${encodeURIComponent(next)}` : ""}`,
    );
    expect(status).toBe(200);
    ids.push(...json.items!.map((item) => item.id));
    next = json.nextCursor;
    if (!json.hasMore) return { ids, cursor: next };
  }
}

beforeAll(async () => {
  world = await buildWorld(db);
  borrower = await createEnterprise(db, { regionId: world.regions.rongcheng.id });
  authorizationA = await bearerFor("adminA");
});
afterAll(async () => {
  await environment.tearDown();
});

it("lists each visible lead once, anonymised, and leaves out drafts and needs directed elsewhere", async () => {
  const open = [await world.need(), await world.need(), await world.need({ consent: null })];
  const directedToA = await world.need({ visibility: "DIRECTED", directedTo: [world.institutions.bankA.id] });
  const directedToB = await world.need({ visibility: "DIRECTED", directedTo: [world.institutions.bankB.id] });
  const draft = await createNeed(db, { enterprise: borrower, status: "DRAFT" });
  const { ids } = await walk(authorizationA, undefined, 2);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(expect.arrayContaining([...open, directedToA]));
  expect(ids).not.toContain(directedToB);
  expect(ids).not.toContain(draft.id);
  const { json } = await page(authorizationA, "limit=100");
  const text = JSON.stringify(json);
  for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);

  const bankB = await bearerFor("adminB");
  const seenByB = (await walk(bankB)).ids;
  expect(seenByB).toContain(directedToB);
  expect(seenByB).not.toContain(directedToA);

  const matchedOnly = await page(authorizationA, "limit=100&matched=true");
  expect(matchedOnly.json.items!.map((item) => item.id)).toEqual(expect.arrayContaining(open));
  expect(matchedOnly.json.items!.map((item) => item.id)).not.toContain(directedToB);
});

it("misses nothing and repeats nothing while needs are published by transactions that commit out of order", async () => {
  const start = await walk(authorizationA);
  const published: string[] = [];
  let writing = true;
  const writers = Array.from({ length: 4 }, async (_, writer) => {
    for (let round = 0; round < 6; round++) {
      // Each publication holds its transaction open for a while, so later ones commit first.
      const id = await db.$transaction(
        async (tx) => {
          const need = await createNeed(tx, { enterprise: borrower, description: `写入者 ${writer} 第 ${round} 笔` });
          await new Promise((resolve) => setTimeout(resolve, ((writer * 7 + round * 13) % 5) * 40));
          return need.id;
        },
        { timeout: 20_000 },
      );
      published.push(id);
    }
  });
  const seen: string[] = [];
  let cursor = start.cursor;
  const reader = (async () => {
    while (writing) {
      const step = await walk(authorizationA, cursor, 2);
      seen.push(...step.ids);
      cursor = step.cursor;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  })();
  await Promise.all(writers);
  writing = false;
  await reader;
  const rest = await walk(authorizationA, cursor, 2);
  seen.push(...rest.ids);

  expect(published).toHaveLength(24);
  expect(new Set(seen).size).toBe(seen.length);
  expect([...seen].sort()).toEqual([...published].sort());
});

it("refuses a forged cursor and a bad limit with a 400 problem", async () => {
  expect(await page(authorizationA, "cursor=not-a-cursor!")).toMatchObject({
    status: 400,
    json: { code: "INVALID_CURSOR" },
  });
  const forged = Buffer.from("12.x'; DROP TABLE", "utf8").toString("base64url");
  expect((await page(authorizationA, `cursor=${forged}`)).status).toBe(400);
  expect(await page(authorizationA, "limit=1000")).toMatchObject({ status: 400, json: { code: "INVALID_QUERY" } });
  expect((await page(authorizationA, "limit=abc")).status).toBe(400);
  expect((await page(authorizationA, "matched=maybe")).status).toBe(400);
});
