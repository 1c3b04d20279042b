/**
 * Leads search for institutions against real Postgres and Meilisearch: visibility of DIRECTED needs, anonymised hits,
 * filters, facets with counts, sorting, and that crafted input cannot widen what an institution sees.
 */
import { type IsolatedDatabase, createIsolatedDatabase } from "../../support/database.ts";
import { type TestMeili, createTestMeili } from "../../support/meili.ts";
import { matchNeed } from "~/modules/matching/match-need.server.ts";
import { searchLeads } from "~/modules/search-index/lead-query.ts";
import { ensureIndexes } from "../../../search/settings.ts";
import { syncNeeds, syncProducts } from "~/modules/search-index/sync.server.ts";
import {
  type RegionIds,
  ALL_REGIONS,
  createEnterprise,
  createInstitution,
  createNeed,
  createProduct,
  createRegions,
  idsOf,
  idOf,
} from "../../support/world.ts";

let database: IsolatedDatabase;
let meili: TestMeili;
let regions: RegionIds;
const inst = { a: "", b: "", c: "" };
const need = { open: "", toA: "", toB: "", toAB: "", withdrawn: "", draft: "", expired: "", boat: "" };

beforeAll(async () => {
  database = await createIsolatedDatabase("search_leads");
  meili = createTestMeili("leads");
  const db = database.db;
  regions = idsOf(await createRegions(db, ALL_REGIONS));
  inst.a = await createInstitution(db, {
    name: "甲银行揭阳分行",
    shortName: "甲银行",
    locatedInRegionId: regions.rongcheng,
    serves: [regions.city],
  }).then(idOf);
  inst.b = await createInstitution(db, {
    name: "乙银行揭阳分行",
    shortName: "乙银行",
    locatedInRegionId: regions.huilai,
    serves: [regions.city],
  }).then(idOf);
  inst.c = await createInstitution(db, { name: "丙银行揭阳分行", shortName: "丙银行", serves: [regions.city] }).then(
    idOf,
  );

  const plastics = await createEnterprise(db, {
    name: "揭阳市榕城区恒达塑料制品有限公司",
    entityType: "SMALL_MICRO",
    industrySection: "C",
    regionId: regions.rongcheng,
    declaresNoPriorLoan: true,
    contactPhone: "13800138000",
  });
  const coop = await createEnterprise(db, {
    name: "惠来县海丰渔业专业合作社",
    entityType: "COOPERATIVE",
    industrySection: "A",
    regionId: regions.huilai,
    parkId: regions.huilaiPort,
  });
  const farm = await createEnterprise(db, {
    name: "揭西县张氏家庭农场",
    entityType: "FAMILY_FARM",
    industrySection: "A",
    regionId: regions.jiexi,
  });

  need.open = await createNeed(db, {
    enterprise: plastics,
    regionId: regions.rongcheng,
    amount: "500000",
    termMonths: 12,
    purposeCategory: "WORKING_CAPITAL",
    flags: ["FIRST_LOAN"],
  }).then(idOf);
  need.toA = await createNeed(db, {
    enterprise: farm,
    regionId: regions.jiexi,
    amount: "200000",
    termMonths: 10,
    purposeCategory: "SPRING_FARMING",
    visibility: "DIRECTED",
    directedTo: [inst.a],
  }).then(idOf);
  need.toB = await createNeed(db, {
    enterprise: farm,
    regionId: regions.jiexi,
    amount: "300000",
    termMonths: 12,
    purposeCategory: "SPRING_FARMING",
    visibility: "DIRECTED",
    directedTo: [inst.b],
  }).then(idOf);
  need.toAB = await createNeed(db, {
    enterprise: coop,
    regionId: regions.huilai,
    amount: "1500000",
    termMonths: 36,
    purposeCategory: "MARINE_AQUACULTURE",
    visibility: "DIRECTED",
    directedTo: [inst.a, inst.b],
  }).then(idOf);
  need.withdrawn = await createNeed(db, {
    enterprise: plastics,
    regionId: regions.rongcheng,
    amount: "100000",
    termMonths: 6,
    purposeCategory: "WORKING_CAPITAL",
    status: "WITHDRAWN",
  }).then(idOf);
  need.draft = await createNeed(db, {
    enterprise: plastics,
    regionId: regions.rongcheng,
    amount: "100000",
    termMonths: 6,
    purposeCategory: "WORKING_CAPITAL",
    status: "DRAFT",
  }).then(idOf);
  need.expired = await createNeed(db, {
    enterprise: farm,
    regionId: regions.jiexi,
    amount: "50000",
    termMonths: 6,
    purposeCategory: "SPRING_FARMING",
    status: "EXPIRED",
  }).then(idOf);
  need.boat = await createNeed(db, {
    enterprise: coop,
    regionId: regions.huilai,
    amount: "800000",
    termMonths: 36,
    purposeCategory: "FISHING_BOAT_RENEWAL",
    description: "更换两艘渔船的发动机",
    shareDescription: true,
    collateralOffered: ["FISHING_BOAT"],
  }).then(idOf);

  await ensureIndexes(meili);
  // A product of 乙银行 matches the boat need: it shows as "matched to us" for 乙银行 only.
  const boatLoan = await createProduct(db, {
    institutionId: inst.b,
    name: "渔船贷",
    minAmount: "100000",
    maxAmount: "3000000",
    acceptedCollateral: ["FISHING_BOAT"],
    regions: [regions.huilai],
  }).then(idOf);
  await syncProducts(db, meili, [boatLoan]);
  await matchNeed(db, meili, need.boat, { refreshLead: false });
  await syncNeeds(db, meili, Object.values(need));
}, 120_000);

afterAll(async () => {
  await meili?.cleanup();
  await database?.drop();
});

const ids = (result: Awaited<ReturnType<typeof searchLeads>>) => result.hits.map((hit) => hit.id).sort();

describe("visibility", () => {
  it("shows OPEN needs to everyone and DIRECTED needs only to the chosen institutions", async () => {
    expect(ids(await searchLeads(meili, { institutionId: inst.a }))).toEqual(
      [need.open, need.toA, need.toAB, need.boat].sort(),
    );
    expect(ids(await searchLeads(meili, { institutionId: inst.b }))).toEqual(
      [need.open, need.toB, need.toAB, need.boat].sort(),
    );
    expect(ids(await searchLeads(meili, { institutionId: inst.c }))).toEqual([need.open, need.boat].sort());
  });

  it("never shows drafts or withdrawn needs; closed ones only when asked", async () => {
    const all = await searchLeads(meili, {
      institutionId: inst.a,
      filters: { statuses: ["OPEN", "IN_PROGRESS", "SUCCEEDED", "CLOSED_UNMET", "EXPIRED"] },
    });
    expect(ids(all)).toContain(need.expired);
    expect(ids(all)).not.toContain(need.withdrawn);
    expect(ids(all)).not.toContain(need.draft);
    await expect(
      searchLeads(meili, { institutionId: inst.a, filters: { statuses: ["WITHDRAWN" as "OPEN"] } }),
    ).rejects.toThrow();
  });

  it("cannot be widened by crafted filter values", async () => {
    const crafted = await searchLeads(meili, {
      institutionId: inst.c,
      filters: { regionIds: [`x") OR (visibility = "DIRECTED`, regions.jiexi] },
    });
    expect(ids(crafted)).toEqual([]);
    const craftedInstitution = await searchLeads(meili, { institutionId: `${inst.c}" OR visibility = "DIRECTED` });
    expect(ids(craftedInstitution)).toEqual([need.open, need.boat].sort());
  });

  it("marks leads directed to or matched with the searching institution, without revealing other institutions", async () => {
    const forB = await searchLeads(meili, { institutionId: inst.b });
    const boat = forB.hits.find((hit) => hit.id === need.boat)!;
    expect(boat).toMatchObject({ matchedToUs: true, directedToUs: false });
    expect(forB.hits.find((hit) => hit.id === need.toAB)).toMatchObject({ directedToUs: true, matchedToUs: false });
    const forA = await searchLeads(meili, { institutionId: inst.a, filters: { matchedToUs: true } });
    expect(forA.hits).toEqual([]);
    expect(ids(await searchLeads(meili, { institutionId: inst.b, filters: { matchedToUs: true } }))).toEqual([
      need.boat,
    ]);
    expect(ids(await searchLeads(meili, { institutionId: inst.a, filters: { directedToUs: true } }))).toEqual(
      [need.toA, need.toAB].sort(),
    );
    for (const hit of forB.hits) {
      expect(Object.keys(hit)).not.toContain("directedInstitutionIds");
      expect(Object.keys(hit)).not.toContain("matchedInstitutionIds");
    }
  });
});

describe("matching keeps the lead fresh", () => {
  it("matchNeed upserts the need's document with the matched institutions", async () => {
    const matchedForB = async () =>
      (await searchLeads(meili, { institutionId: inst.b, filters: { matchedToUs: true } })).hits.map((hit) => hit.id);
    await database.db.match.deleteMany({ where: { needId: need.boat } });
    await syncNeeds(database.db, meili, [need.boat]);
    expect(await matchedForB()).toEqual([]);
    await matchNeed(database.db, meili, need.boat); // default: refreshes the lead document in the background
    await expect.poll(matchedForB, { timeout: 10_000 }).toEqual([need.boat]);
  });
});

describe("anonymised hits", () => {
  it("carry the masked name and shared text only", async () => {
    const result = await searchLeads(meili, { institutionId: inst.c });
    const text = JSON.stringify(result);
    for (const secret of ["恒达", "海丰", "13800138000", "揭阳市榕城区恒达塑料制品有限公司"])
      expect(text).not.toContain(secret);
    const byId = new Map(result.hits.map((hit) => [hit.id, hit]));
    expect(byId.get(need.open)).toMatchObject({
      maskedName: "揭阳某塑料制品有限公司",
      description: null,
      amountText: "50 万元",
      firstLoanCandidate: true,
    });
    expect(byId.get(need.boat)).toMatchObject({
      maskedName: "揭阳某渔业专业合作社",
      description: "更换两艘渔船的发动机",
      parkName: "惠来县临港产业园",
    });
  });
});

describe("search, filters, facets, sort", () => {
  it("finds leads by Chinese text", async () => {
    expect(ids(await searchLeads(meili, { institutionId: inst.a, text: "渔船" }))).toEqual([need.boat]);
    expect(ids(await searchLeads(meili, { institutionId: inst.a, text: "春耕" }))).toEqual([need.toA]);
  });

  it("filters by region (including parks below a county), amount, entity type and flags", async () => {
    expect(ids(await searchLeads(meili, { institutionId: inst.a, filters: { regionIds: [regions.huilai] } }))).toEqual(
      [need.toAB, need.boat].sort(),
    );
    expect(
      ids(await searchLeads(meili, { institutionId: inst.a, filters: { regionIds: [regions.huilaiPort] } })),
    ).toEqual([need.toAB, need.boat].sort());
    expect(
      ids(await searchLeads(meili, { institutionId: inst.a, filters: { amountMin: 500_000, amountMax: 1_000_000 } })),
    ).toEqual([need.open, need.boat].sort());
    expect(
      ids(
        await searchLeads(meili, {
          institutionId: inst.a,
          filters: { entityTypes: ["COOPERATIVE"], collateral: ["FISHING_BOAT"] },
        }),
      ),
    ).toEqual([need.boat]);
    expect(ids(await searchLeads(meili, { institutionId: inst.a, filters: { firstLoanOnly: true } }))).toEqual([
      need.open,
    ]);
  });

  it("returns facet counts with Chinese labels over what the institution may see", async () => {
    const result = await searchLeads(
      meili,
      { institutionId: inst.a },
      { regionName: (id) => (id === regions.huilai ? "惠来县" : undefined) },
    );
    expect(result.facets.entityType).toEqual([
      { value: "COOPERATIVE", label: "农民专业合作社", count: 2 },
      { value: "FAMILY_FARM", label: "家庭农场", count: 1 },
      { value: "SMALL_MICRO", label: "小微企业", count: 1 },
    ]);
    expect(result.facets.countyId).toContainEqual({ value: regions.huilai, label: "惠来县", count: 2 });
    expect(result.facets.purposeCategory).toContainEqual({ value: "SPRING_FARMING", label: "春耕备耕", count: 1 });
    const forC = await searchLeads(meili, { institutionId: inst.c, facets: ["entityType"] });
    expect(forC.facets.entityType!.reduce((sum, facet) => sum + facet.count, 0)).toBe(2);
  });

  it("sorts and pages", async () => {
    const byAmount = await searchLeads(meili, { institutionId: inst.a, sort: "amountDesc", hitsPerPage: 2 });
    expect(byAmount.hits.map((hit) => hit.amountExact)).toEqual(["1500000", "800000"]);
    expect(byAmount).toMatchObject({ totalHits: 4, totalPages: 2, page: 1 });
    const second = await searchLeads(meili, { institutionId: inst.a, sort: "amountDesc", hitsPerPage: 2, page: 2 });
    expect(second.hits.map((hit) => hit.amountExact)).toEqual(["500000", "200000"]);
  });

  it("filters by when a need was posted and by when the money is wanted", async () => {
    const day = 86_400_000;
    await database.db.financingNeed.update({
      where: { id: need.open },
      data: { publishedAt: new Date(Date.now() - 10 * day), wantedBy: new Date("2026-03-01") },
    });
    await database.db.financingNeed.update({
      where: { id: need.boat },
      data: { publishedAt: new Date(Date.now() - 2 * day), wantedBy: new Date("2026-02-01") },
    });
    await database.db.financingNeed.update({
      where: { id: need.toAB },
      data: { publishedAt: new Date(Date.now() - 40 * day), wantedBy: null },
    });
    await syncNeeds(database.db, meili, [need.open, need.boat, need.toAB]);

    const posted = (days: number) => searchLeads(meili, { institutionId: inst.a, filters: { postedWithinDays: days } });
    expect(ids(await posted(3))).not.toContain(need.open);
    expect(ids(await posted(3))).toContain(need.boat);
    expect(ids(await posted(30))).toEqual(expect.arrayContaining([need.open, need.boat]));
    expect(ids(await posted(30))).not.toContain(need.toAB);

    const wantedBy = (date: string) => searchLeads(meili, { institutionId: inst.a, filters: { wantedByLatest: date } });
    expect(ids(await wantedBy("2026-02-15"))).toEqual([need.boat]);
    expect(ids(await wantedBy("2026-03-01"))).toEqual([need.open, need.boat].sort());
    // Malformed values are refused, never pasted into the filter.
    await expect(
      searchLeads(meili, { institutionId: inst.a, filters: { wantedByLatest: "2026-03-01 OR visibility" } }),
    ).rejects.toThrow();
    await expect(searchLeads(meili, { institutionId: inst.a, filters: { postedWithinDays: 0 } })).rejects.toThrow();
  });
});
