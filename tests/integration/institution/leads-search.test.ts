/**
 * The officer's leads page against real Postgres and Meilisearch: tabs, Chinese text search, facets, filters and
 * why-it-matches; DIRECTED needs only for the institutions they name; nothing identifying in the loader data.
 */
import { randomBytes } from "node:crypto";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { deleteIndexesWithPrefix, testMeiliConfig } from "../../support/meili.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { buildWorld, SECRET, type World } from "./scenario.ts";

const meiliConfig = testMeiliConfig();
const indexPrefix = `${process.env.MEILI_INDEX_PREFIX || "jytest_"}instleads_${randomBytes(3).toString("hex")}_`;
const environment = await setUpAppEnvironment("inst_leads", {
  MEILI_URL: meiliConfig.url,
  ...(meiliConfig.apiKey ? { MEILI_MASTER_KEY: meiliConfig.apiKey } : {}),
  MEILI_INDEX_PREFIX: indexPrefix,
});
const db = environment.db;
const officerHome = await import("~/routes/officer._index.tsx");
const { getMeili } = await import("../../../search/client.ts");
const { ensureIndexes } = await import("../../../search/settings.ts");
const { syncNeeds } = await import("~/modules/search-index/sync.server.ts");

let world: World;
const needs = {} as Record<"moulding" | "boat" | "directedA" | "unmatched" | "huilai", string>;
const clients = {} as Record<"officerA" | "officerB", RouteClient>;

type LeadsData = {
  leads:
    | {
        available: true;
        result: {
          totalHits: number;
          hits: { id: string; maskedName: string; matchedToUs: boolean; directedToUs: boolean }[];
          facets: Record<string, { value: string; label: string; count: number }[]>;
        };
        reasons: Record<string, { productName: string; reasons: string[] }[]>;
        ours: Record<string, unknown>;
      }
    | { available: false; message: string };
};

beforeAll(async () => {
  world = await buildWorld(db);
  needs.moulding = await world.need({ description: "购置两台注塑机，扩大塑料制品产能" });
  needs.boat = await world.need({ description: "渔船更新改造，更换北斗导航和发动机", matchedProducts: [] });
  needs.directedA = await world.need({
    visibility: "DIRECTED",
    directedTo: [world.institutions.bankA.id],
    consent: null,
    description: "定向甲银行：厂房扩建流动资金",
  });
  needs.unmatched = await world.need({ description: "外贸订单备货周转", matchedProducts: [] });
  needs.huilai = await world.need({
    regionId: world.regions.huilai.id,
    description: "惠来县注塑车间技改",
    matchedProducts: [],
  });
  await db.financingNeed.update({
    where: { id: needs.boat },
    data: { purposeCategory: "FISHING_BOAT_RENEWAL", collateralOffered: ["FISHING_BOAT"] },
  });
  const meili = getMeili();
  await ensureIndexes(meili);
  await syncNeeds(db, meili, Object.values(needs));
  for (const [index, who] of (["officerA", "officerB"] as const).entries()) {
    const client = new RouteClient(`198.51.100.${200 + index}`);
    await signIn(client, world.users[who].loginName);
    clients[who] = client;
  }
});

afterAll(async () => {
  await deleteIndexesWithPrefix(getMeili(), indexPrefix).catch(() => {});
  await environment.tearDown();
});

async function leads(who: "officerA" | "officerB", query: string) {
  const response = await clients[who].get(officerHome, `/officer?${query}`);
  expect(response.status).toBe(200);
  const text = await response.clone().text();
  for (const secret of Object.values(SECRET)) expect(text, `leads ${query} leaked ${secret}`).not.toContain(secret);
  const data = await readJson<LeadsData>(response);
  if (!data.leads.available) throw new Error(data.leads.message);
  return data.leads;
}

describe("leads tabs and search", () => {
  it("shows only leads matched to our products on the first tab, each with the reasons", async () => {
    const matched = await leads("officerA", "tab=matched");
    const ids = matched.result.hits.map((hit) => hit.id).sort();
    expect(ids).toEqual([needs.moulding, needs.directedA].sort());
    expect(matched.result.hits.every((hit) => hit.matchedToUs)).toBe(true);
    expect(matched.reasons[needs.moulding]?.[0]?.productName).toBe("甲银行塑料产业贷");
    expect(matched.reasons[needs.moulding]?.[0]?.reasons).toContain("接受机器设备抵押");
    // Bank B has no matches at all.
    expect((await leads("officerB", "tab=matched")).result.totalHits).toBe(0);
  });

  it("finds leads by a Chinese keyword and narrows them with a facet", async () => {
    const text = await leads("officerA", `tab=open&q=${encodeURIComponent("注塑机")}`);
    expect(text.result.hits.map((hit) => hit.id)).toEqual(expect.arrayContaining([needs.moulding, needs.huilai]));
    expect(text.result.hits.map((hit) => hit.id)).not.toContain(needs.boat);
    const counties = text.result.facets.countyId ?? [];
    const huilai = counties.find((value) => value.label === "惠来县");
    expect(huilai?.count).toBe(1);
    const narrowed = await leads(
      "officerA",
      `tab=open&q=${encodeURIComponent("注塑机")}&region=${world.regions.huilai.id}`,
    );
    expect(narrowed.result.hits.map((hit) => hit.id)).toEqual([needs.huilai]);
    const byPurpose = await leads("officerA", "tab=open&purpose=FISHING_BOAT_RENEWAL");
    expect(byPurpose.result.hits.map((hit) => hit.id)).toEqual([needs.boat]);
    const byAmount = await leads("officerA", "tab=open&amountMin=100");
    expect(byAmount.result.totalHits).toBe(0);
    const sorted = await leads("officerA", "tab=open&sort=amountDesc&termMin=12&termMax=12");
    expect(sorted.result.totalHits).toBe(5);
  });

  it("filters by posting date and by when the money is wanted, from the page's query string", async () => {
    const day = 86_400_000;
    await db.financingNeed.updateMany({
      where: { id: { in: Object.values(needs) } },
      data: { publishedAt: new Date(Date.now() - 20 * day), wantedBy: null },
    });
    await db.financingNeed.update({
      where: { id: needs.boat },
      data: { publishedAt: new Date(Date.now() - day), wantedBy: new Date("2027-01-10") },
    });
    await syncNeeds(db, getMeili(), Object.values(needs));
    expect((await leads("officerA", "tab=open&posted=3")).result.hits.map((hit) => hit.id)).toEqual([needs.boat]);
    expect((await leads("officerA", "tab=open&posted=30")).result.totalHits).toBe(5);
    expect((await leads("officerA", "tab=open&wantedBy=2027-01-31")).result.hits.map((hit) => hit.id)).toEqual([
      needs.boat,
    ]);
    // Values the page does not offer are dropped, not searched for: the same five leads as without them.
    expect((await leads("officerA", "tab=open&posted=5&wantedBy=31.01.2027")).result.totalHits).toBe(5);
  });

  it("shows a DIRECTED need only to the institution it names", async () => {
    const a = await leads("officerA", "tab=open");
    const b = await leads("officerB", "tab=open");
    expect(a.result.hits.map((hit) => hit.id)).toContain(needs.directedA);
    expect(a.result.hits.find((hit) => hit.id === needs.directedA)?.directedToUs).toBe(true);
    expect(b.result.hits.map((hit) => hit.id)).not.toContain(needs.directedA);
    expect(b.result.totalHits).toBe(4);
  });

  it("ignores malformed query values instead of failing or widening the search", async () => {
    const odd = await leads(
      "officerB",
      "tab=open&entityType=HACKER&region=%22%20OR%20visibility%20%3D%20%22DIRECTED&page=abc",
    );
    expect(odd.result.hits.map((hit) => hit.id)).not.toContain(needs.directedA);
  });

  it("lists my engagements and the overdue ones from Postgres", async () => {
    const response = await clients.officerA.get(officerHome, "/officer?tab=mine");
    expect(response.status).toBe(200);
    const overdue = await clients.officerA.get(officerHome, "/officer?tab=overdue");
    expect(overdue.status).toBe(200);
  });
});
