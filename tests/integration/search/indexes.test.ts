/**
 * Index settings and document sync against a real Meilisearch and Postgres: settings are applied idempotently,
 * Chinese text and finance synonyms find the right products, and needs documents are anonymised.
 */
import { type IsolatedDatabase, createIsolatedDatabase } from "../../support/database.ts";
import { type TestMeili, createTestMeili } from "../../support/meili.ts";
import { NEED_DOCUMENT_FIELDS } from "~/modules/search-index/documents.server.ts";
import { INDEX_SETTINGS, ensureIndex, ensureIndexes } from "../../../search/settings.ts";
import { syncNeed, syncNeeds, syncProduct, syncProducts } from "~/modules/search-index/sync.server.ts";
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
let bankId: string;

beforeAll(async () => {
  database = await createIsolatedDatabase("search_indexes");
  meili = createTestMeili("indexes");
  regions = idsOf(await createRegions(database.db, ALL_REGIONS));
  bankId = await createInstitution(database.db, {
    name: "广东揭阳农村商业银行股份有限公司",
    shortName: "揭阳农商银行",
    locatedInRegionId: regions.rongcheng,
    serves: [regions.city],
  }).then(idOf);
  await ensureIndexes(meili);
});

afterAll(async () => {
  await meili?.cleanup();
  await database?.drop();
});

describe("settings", () => {
  it("are applied from code and re-applying them changes nothing", async () => {
    const settings = await meili.client.index(meili.indexes.products).getSettings();
    expect(settings.filterableAttributes).toEqual(
      expect.arrayContaining(["regionIds", "acceptedCollateral", "minAmount"]),
    );
    expect(settings.localizedAttributes).toEqual([
      { attributePatterns: INDEX_SETTINGS.products.searchableAttributes, locales: ["cmn"] },
    ]);
    expect(settings.synonyms?.["贷款"]).toEqual(expect.arrayContaining(["借款", "融资"]));
    expect(settings.pagination?.maxTotalHits).toBe(5000);
    expect(await ensureIndex(meili, "products")).toEqual([]);
    expect(await ensureIndex(meili, "needs")).toEqual([]);
  });

  it("repairs drifted settings", async () => {
    await meili.client.index(meili.indexes.needs).updateSortableAttributes(["amount"]).waitTask();
    expect(await ensureIndex(meili, "needs")).toEqual(["sortableAttributes"]);
    expect(await ensureIndex(meili, "needs")).toEqual([]);
  });
});

describe("products", () => {
  it("are found by Chinese words and finance synonyms", async () => {
    const products = await Promise.all([
      createProduct(database.db, {
        institutionId: bankId,
        name: "渔船抵押贷",
        description: "支持渔船更新改造的贷款，以渔船作抵押",
        minAmount: "100000",
        maxAmount: "3000000",
        acceptedCollateral: ["FISHING_BOAT"],
      }),
      createProduct(database.db, {
        institutionId: bankId,
        name: "春耕贷",
        description: "用于购买化肥、种子等春耕农资的周转资金融资",
        minAmount: "10000",
        maxAmount: "300000",
      }),
      createProduct(database.db, {
        institutionId: bankId,
        name: "设备更新贷",
        description: "支持企业购置机器设备",
        minAmount: "500000",
        maxAmount: "50000000",
        acceptedCollateral: ["EQUIPMENT"],
      }),
    ]);
    const ids = products.map((product) => product.id);
    await syncProducts(database.db, meili, ids);
    const search = async (q: string) =>
      (await meili.client.index(meili.indexes.products).search(q, { locales: ["cmn"] })).hits.map((hit) => hit.name);
    expect(await search("渔船")).toEqual(["渔船抵押贷"]);
    expect(await search("化肥")).toEqual(["春耕贷"]);
    expect(await search("流动资金")).toEqual(["春耕贷"]); // 周转资金
    expect((await search("借款")).sort()).toEqual(["春耕贷", "渔船抵押贷"]); // 贷款、融资
    expect(await search("设备")).toContain("设备更新贷");
  });

  it("are upserted and deleted by id", async () => {
    const id = await createProduct(database.db, {
      institutionId: bankId,
      name: "临时产品",
      minAmount: "1",
      maxAmount: "2",
    }).then(idOf);
    await syncProduct(database.db, meili, id);
    const index = meili.client.index(meili.indexes.products);
    expect((await index.getDocument(id)).name).toBe("临时产品");
    await database.db.product.update({ where: { id }, data: { name: "改名产品", maxAmount: "12345.67" } });
    await syncProduct(database.db, meili, id);
    expect(await index.getDocument(id)).toMatchObject({
      name: "改名产品",
      maxAmount: 12345.67,
      maxAmountExact: "12345.67",
    });
    await database.db.productRegion.deleteMany({ where: { productId: id } });
    await database.db.product.delete({ where: { id } });
    expect(await syncProduct(database.db, meili, id)).toEqual({ upserted: 0, deleted: 1 });
    await expect(index.getDocument(id)).rejects.toThrow();
  });
});

describe("needs documents are anonymised", () => {
  const secrets = {
    name: "揭阳市榕城区恒达塑料制品有限公司",
    idNumber: "91445200MA51ABCD2K",
    contactName: "陈晓明",
    contactPhone: "13800138000",
    contactEmail: "chenxm@hengda-plastics.example.com",
    legalRepresentative: "陈大文",
    address: "揭阳市榕城区仙桥街道恒达工业园 8 号",
  };
  const privateText = "我们想扩大注塑车间，订单来自汕头玩具客户，老板私下说现金流紧张";

  it("carry no name, credit code, contact, address or unshared description", async () => {
    const enterprise = await createEnterprise(database.db, {
      ...secrets,
      entityType: "SMALL_MICRO",
      industrySection: "C",
      industryDivision: "29",
      regionId: regions.rongcheng,
    });
    const hidden = await createNeed(database.db, {
      enterprise,
      regionId: regions.rongcheng,
      amount: "500000",
      termMonths: 12,
      purposeCategory: "WORKING_CAPITAL",
      description: privateText,
      shareDescription: false,
    }).then(idOf);
    const shared = await createNeed(database.db, {
      enterprise,
      regionId: regions.rongcheng,
      amount: "800000",
      termMonths: 24,
      purposeCategory: "EQUIPMENT_PURCHASE",
      description: `购置两台注塑机。联系 ${secrets.contactName} ${secrets.contactPhone}，${secrets.name}`,
      shareDescription: true,
    }).then(idOf);
    await syncNeeds(database.db, meili, [hidden, shared]);
    const index = meili.client.index(meili.indexes.needs);
    const { results } = await index.getDocuments({ limit: 100 });
    expect(results.map((document) => document.id).sort()).toEqual([hidden, shared].sort());

    const everything = JSON.stringify(results);
    for (const secret of [...Object.values(secrets), "恒达", privateText, enterprise.enterprise.id]) {
      expect(everything).not.toContain(secret);
    }
    for (const document of results) {
      expect(Object.keys(document).every((key) => (NEED_DOCUMENT_FIELDS as readonly string[]).includes(key))).toBe(
        true,
      );
      expect(document.maskedName).toBe("揭阳某塑料制品有限公司");
    }
    expect(results.find((document) => document.id === hidden)!.description).toBeNull();
    expect(results.find((document) => document.id === shared)!.description).toContain("购置两台注塑机");

    // Nor can the secrets be searched for.
    for (const query of ["恒达", "陈晓明", "13800138000", "91445200MA51ABCD2K", "现金流"]) {
      expect((await index.search(query, { locales: ["cmn"] })).hits).toEqual([]);
    }
  });

  it("drafts are not indexed, and a need going back to draft is removed", async () => {
    const enterprise = await createEnterprise(database.db, {
      name: "揭西县某家庭农场",
      entityType: "FAMILY_FARM",
      industrySection: "A",
      regionId: regions.jiexi,
    });
    const draft = await createNeed(database.db, {
      enterprise,
      regionId: regions.jiexi,
      amount: "200000",
      termMonths: 12,
      purposeCategory: "SPRING_FARMING",
      status: "DRAFT",
    }).then(idOf);
    expect(await syncNeed(database.db, meili, draft)).toEqual({ upserted: 0, deleted: 1 });
    await database.db.financingNeed.update({ where: { id: draft }, data: { status: "OPEN", publishedAt: new Date() } });
    expect(await syncNeed(database.db, meili, draft)).toEqual({ upserted: 1, deleted: 0 });
    const document = await meili.client.index(meili.indexes.needs).getDocument(draft);
    expect(document).toMatchObject({
      status: "OPEN",
      regionName: "揭西县",
      countyName: "揭西县",
      amountText: "20 万元",
      purposeLabel: "春耕备耕",
    });
  });
});
