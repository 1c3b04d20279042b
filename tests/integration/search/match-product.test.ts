/**
 * Reverse matching: a newly published product finds the open needs it fits, so its institution can be told.
 */
import { type IsolatedDatabase, createIsolatedDatabase } from "../../support/database.ts";
import { type TestMeili, createTestMeili } from "../../support/meili.ts";
import { matchProduct } from "~/modules/matching/match-need.server.ts";
import { ensureIndexes } from "../../../search/settings.ts";
import { syncNeeds } from "~/modules/search-index/sync.server.ts";
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

const NOW = new Date("2025-06-15T02:00:00Z");

let database: IsolatedDatabase;
let meili: TestMeili;
let regions: RegionIds;
let bank: string;
let otherBank: string;
const need: Record<string, string> = {};

beforeAll(async () => {
  database = await createIsolatedDatabase("match_product");
  meili = createTestMeili("match_product");
  const db = database.db;
  regions = idsOf(await createRegions(db, ALL_REGIONS));
  bank = await createInstitution(db, {
    name: "惠来农商银行",
    locatedInRegionId: regions.huilai,
    serves: [regions.huilai],
  }).then(idOf);
  otherBank = await createInstitution(db, {
    name: "农业银行",
    locatedInRegionId: regions.rongcheng,
    serves: [regions.city],
  }).then(idOf);
  const coop = await createEnterprise(db, {
    name: "惠来县海丰渔业专业合作社",
    entityType: "COOPERATIVE",
    industrySection: "A",
    regionId: regions.huilai,
    foundedOn: new Date("2016-01-01"),
  });
  const youngCoop = await createEnterprise(db, {
    name: "惠来县新成立渔业专业合作社",
    entityType: "COOPERATIVE",
    industrySection: "A",
    regionId: regions.huilai,
    foundedOn: new Date("2023-06-16"),
  });
  const jiexiFarm = await createEnterprise(db, {
    name: "揭西县某家庭农场",
    entityType: "FAMILY_FARM",
    industrySection: "A",
    regionId: regions.jiexi,
  });
  const base = {
    regionId: regions.huilai,
    termMonths: 24,
    purposeCategory: "FISHING_BOAT_RENEWAL" as const,
    collateralOffered: ["FISHING_BOAT" as const],
  };
  need.fits = await createNeed(db, { ...base, enterprise: coop, amount: "800000" }).then(idOf);
  need.inProgress = await createNeed(db, { ...base, enterprise: coop, amount: "600000", status: "IN_PROGRESS" }).then(
    idOf,
  );
  need.directedToUs = await createNeed(db, {
    ...base,
    enterprise: coop,
    amount: "700000",
    visibility: "DIRECTED",
    directedTo: [bank],
  }).then(idOf);
  need.directedElsewhere = await createNeed(db, {
    ...base,
    enterprise: coop,
    amount: "700000",
    visibility: "DIRECTED",
    directedTo: [otherBank],
  }).then(idOf);
  need.tooLarge = await createNeed(db, { ...base, enterprise: coop, amount: "5000000" }).then(idOf);
  need.noCollateral = await createNeed(db, { ...base, enterprise: coop, amount: "800000", collateralOffered: [] }).then(
    idOf,
  );
  need.tooYoung = await createNeed(db, { ...base, enterprise: youngCoop, amount: "800000" }).then(idOf); // 1 year 364 days
  need.otherCounty = await createNeed(db, {
    ...base,
    enterprise: jiexiFarm,
    regionId: regions.jiexi,
    amount: "800000",
  }).then(idOf);
  need.closed = await createNeed(db, { ...base, enterprise: coop, amount: "800000", status: "SUCCEEDED" }).then(idOf);
  need.lapsed = await createNeed(db, {
    ...base,
    enterprise: coop,
    amount: "800000",
    expiresAt: new Date("2025-06-01T00:00:00Z"),
  }).then(idOf);
  need.loanNotWanted = await createNeed(db, {
    ...base,
    enterprise: coop,
    amount: "800000",
    wantsLoan: false,
    wantsInsurance: true,
  }).then(idOf);
  await ensureIndexes(meili);
  await syncNeeds(db, meili, Object.values(need));
}, 120_000);

afterAll(async () => {
  await meili?.cleanup();
  await database?.drop();
});

it("finds the open needs a published product fits, respecting visibility and exact years in business", async () => {
  const product = await createProduct(database.db, {
    institutionId: bank,
    name: "渔船贷",
    minAmount: "100000",
    maxAmount: "3000000",
    minTermMonths: 6,
    maxTermMonths: 60,
    acceptedCollateral: ["FISHING_BOAT"],
    eligibleEntityTypes: ["COOPERATIVE"],
    minYearsInBusiness: 2,
    regions: [regions.huilai],
  }).then(idOf);
  const found = await matchProduct(database.db, meili, product, { now: NOW });
  expect(found.map((item) => item.needId).sort()).toEqual([need.fits, need.inProgress, need.directedToUs].sort());
  expect(found[0]!.reasons).toContain("接受您提供的渔船作为担保");
});

it("finds nothing for a draft or retired product", async () => {
  const draft = await createProduct(database.db, {
    institutionId: bank,
    name: "草稿",
    minAmount: "1",
    maxAmount: "99999999",
    status: "DRAFT",
  }).then(idOf);
  const retired = await createProduct(database.db, {
    institutionId: bank,
    name: "下架",
    minAmount: "1",
    maxAmount: "99999999",
    status: "RETIRED",
  }).then(idOf);
  expect(await matchProduct(database.db, meili, draft, { now: NOW })).toEqual([]);
  expect(await matchProduct(database.db, meili, retired, { now: NOW })).toEqual([]);
});
