/**
 * The public product supermarket against a real Meilisearch (an index prefix of this file's own) and Postgres.
 */
import { createMeili } from "../../../search/client.ts";
import { ensureIndexes } from "../../../search/settings.ts";
import { syncProducts } from "~/modules/search-index/sync.server.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { createTestMeili, testMeiliConfig } from "../../support/meili.ts";
import { newClient, readJson } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { createEnterprise, createInstitution, createProduct, type ProductInput } from "../../support/world.ts";
import { createScenario, type Scenario } from "./scenario.ts";

const meili = createTestMeili("ent_products");
const environment = await setUpAppEnvironment("ent_products", {
  MEILI_URL: testMeiliConfig().url,
  ...(testMeiliConfig().apiKey ? { MEILI_MASTER_KEY: testMeiliConfig().apiKey! } : {}),
  MEILI_INDEX_PREFIX: meili.prefix,
});
const db = environment.db;
const root = await import("~/root.tsx");
const list = await import("~/routes/products._index.tsx");
const detail = await import("~/routes/products.$productId.tsx");
const { searchCatalog } = await import("~/modules/products-catalog/catalog.server.ts");
const { parseCatalogQuery } = await import("~/modules/products-catalog/catalog-query.ts");

let reference: Scenario;
const ids: Record<string, string> = {};

type ListBody = {
  result: {
    hits: { id: string; name: string; kind: string; rateText: string | null }[];
    total: number;
    facets: Record<string, Record<string, number>>;
    searchAvailable: boolean;
  };
};

async function product(key: string, input: Omit<ProductInput, "code">) {
  ids[key] = (await createProduct(db, { code: `T-${key}`, minAmount: "10000", maxAmount: "3000000", ...input })).id;
}

beforeAll(async () => {
  reference = await createScenario(db);
  const insurer = await createInstitution(db, {
    code: "PICC",
    name: "中国人民财产保险揭阳市分公司",
    shortName: "人保财险",
    kind: "INSURER",
  });
  await product("spring", {
    name: "春耕贷",
    institutionId: reference.bank.id,
    description: "用于购买化肥、种子等春耕农资的周转资金，农户凭土地经营权或信用即可申请",
    minAmount: "10000",
    maxAmount: "300000",
    minTermMonths: 3,
    maxTermMonths: 12,
    minAnnualRate: "3.4500",
    maxAnnualRate: "4.3500",
    acceptedCollateral: ["CREDIT", "LAND_USE_RIGHT"],
    eligibleEntityTypes: ["FARM_HOUSEHOLD", "COOPERATIVE", "FAMILY_FARM"],
    flags: ["AGRI", "FIRST_LOAN_FRIENDLY"],
    policyTool: "AGRI_SMALL_RELENDING",
    regions: [reference.huilai.id],
  });
  await product("equipment", {
    name: "设备更新贷",
    institutionId: reference.otherBank.id,
    description: "支持制造业企业购置机器设备、技术改造",
    minAmount: "500000",
    maxAmount: "50000000",
    minTermMonths: 12,
    maxTermMonths: 60,
    minAnnualRate: "3.2000",
    maxAnnualRate: "3.9000",
    acceptedCollateral: ["EQUIPMENT", "REAL_ESTATE"],
    eligibleEntityTypes: ["SMALL_MICRO", "TRANSFERRED_FIRM"],
    flags: ["TRANSFER"],
  });
  await product("guarantee", {
    name: "政银担·小微担保",
    institutionId: reference.guarantor.id,
    kind: "GUARANTEE",
    minAmount: "100000",
    maxAmount: "10000000",
    feeRate: "1.0000",
    acceptedCollateral: [],
    flags: ["INCLUSIVE"],
  });
  await product("insurance", {
    name: "贷款保证保险",
    institutionId: insurer.id,
    kind: "INSURANCE",
    minAmount: "50000",
    maxAmount: "5000000",
    feeRate: "1.5000",
    acceptedCollateral: [],
  });
  await product("retired", {
    name: "已下架的春耕贷",
    institutionId: reference.bank.id,
    status: "RETIRED",
    publishedAt: null,
  });
  await product("draft", { name: "草稿春耕贷", institutionId: reference.bank.id, status: "DRAFT", publishedAt: null });
  await product("expired", {
    name: "过期春耕贷",
    institutionId: reference.bank.id,
    validTo: new Date("2020-12-31T00:00:00Z"),
  });
  await product("inactive", { name: "停用机构春耕贷", institutionId: reference.closedBank.id });
  await ensureIndexes(meili);
  await syncProducts(db, meili, Object.values(ids));
});

afterAll(async () => {
  await meili.cleanup();
  await environment.tearDown();
});

async function search(query: string): Promise<ListBody["result"]> {
  const response = await newClient().get(list, `/products${query}`);
  expect(response.status).toBe(200);
  return (await readJson<ListBody>(response)).result;
}

const names = (result: ListBody["result"]) => result.hits.map((hit) => hit.name).sort();

describe("product supermarket", () => {
  it("lists published, valid products of all three kinds from active institutions, to anonymous visitors", async () => {
    const result = await search("");
    expect(result.searchAvailable).toBe(true);
    expect(names(result)).toEqual(["春耕贷", "政银担·小微担保", "设备更新贷", "贷款保证保险"].sort());
    expect(result.facets.kind).toEqual({ LOAN: 2, GUARANTEE: 1, INSURANCE: 1 });
  });

  it("finds products by Chinese full text", async () => {
    expect(names(await search(`?q=${encodeURIComponent("化肥")}`))).toEqual(["春耕贷"]);
    expect(names(await search(`?q=${encodeURIComponent("机器设备")}`))).toEqual(["设备更新贷"]);
  });

  it("filters by facets: kind, institution, collateral, entity type, region, flags and policy tool", async () => {
    expect(names(await search("?kind=LOAN"))).toEqual(["春耕贷", "设备更新贷"].sort());
    expect(names(await search("?kind=GUARANTEE&kind=INSURANCE"))).toEqual(["政银担·小微担保", "贷款保证保险"].sort());
    expect(names(await search(`?institution=${reference.otherBank.id}`))).toEqual(["设备更新贷"]);
    expect(names(await search("?collateral=LAND_USE_RIGHT"))).toEqual(["春耕贷"]);
    // Products open to every entity type are included.
    expect(names(await search("?entityType=FARM_HOUSEHOLD"))).toEqual(
      ["春耕贷", "政银担·小微担保", "贷款保证保险"].sort(),
    );
    expect(names(await search(`?region=${reference.rongcheng.id}&kind=LOAN`))).toEqual(["设备更新贷"]);
    expect(names(await search(`?region=${reference.huilai.id}&kind=LOAN`))).toEqual(["春耕贷", "设备更新贷"].sort());
    expect(names(await search("?flag=AGRI"))).toEqual(["春耕贷"]);
    expect(names(await search("?tool=AGRI_SMALL_RELENDING"))).toEqual(["春耕贷"]);
  });

  it("filters by the amount (万元) and term the visitor needs", async () => {
    expect(names(await search("?amount=100&kind=LOAN"))).toEqual(["设备更新贷"]);
    expect(names(await search("?amount=20&kind=LOAN"))).toEqual(["春耕贷"]);
    expect(names(await search("?term=48&kind=LOAN"))).toEqual(["设备更新贷"]);
    expect(names(await search("?amount=20&term=48&kind=LOAN"))).toEqual([]);
  });

  it("sorts by rate, lowest first", async () => {
    const result = await search("?kind=LOAN&sort=rate");
    expect(result.hits.map((hit) => hit.name)).toEqual(["设备更新贷", "春耕贷"]);
    expect(result.hits[0]!.rateText).toBe("3.2%–3.9%");
  });

  it("ignores malformed or hostile parameters instead of failing or widening the filter", async () => {
    const hostile = encodeURIComponent(`x" OR status = "RETIRED`);
    expect(names(await search(`?institution=${hostile}&kind=NOPE&amount=abc&term=-1&sort=evil`))).toEqual(
      ["春耕贷", "政银担·小微担保", "设备更新贷", "贷款保证保险"].sort(),
    );
    expect(names(await search(`?q=${encodeURIComponent(`"已下架`)}`))).not.toContain("已下架的春耕贷");
  });

  it("answers from Postgres with the same filters when Meilisearch is unreachable", async () => {
    const down = createMeili({ url: "http://127.0.0.1:9", indexPrefix: meili.prefix, timeoutMs: 1000 });
    const result = await searchCatalog(db, down, parseCatalogQuery(new URLSearchParams("kind=LOAN&sort=rate")));
    expect(result.searchAvailable).toBe(false);
    expect(result.hits.map((hit) => hit.name)).toEqual(["设备更新贷", "春耕贷"]);
    const all = await searchCatalog(db, down, parseCatalogQuery(new URLSearchParams("")));
    expect(all.hits.map((hit) => hit.name).sort()).toEqual(
      ["春耕贷", "政银担·小微担保", "设备更新贷", "贷款保证保险"].sort(),
    );
  });
});

describe("product detail and applying with my profile", () => {
  it("shows terms and eligibility in plain words; hidden products are 404", async () => {
    const response = await newClient().get(detail, `/products/${ids.spring}`, { productId: ids.spring! });
    expect(response.status).toBe(200);
    const body = await readJson<{
      product: { terms: { label: string; text: string }[]; eligibility: { label: string; text: string }[] };
      viewer: string;
    }>(response);
    expect(body.viewer).toBe("ANONYMOUS");
    expect(body.product.terms).toEqual(
      expect.arrayContaining([
        { label: "贷款额度", text: "1–30 万元" },
        { label: "期限", text: "3–12 个月" },
        { label: "合同年利率（单利）", text: "3.45%–4.35%" },
        { label: "政策工具", text: "支农支小再贷款" },
      ]),
    );
    expect(body.product.eligibility).toEqual(
      expect.arrayContaining([
        { label: "适用对象", text: "农户、农民专业合作社、家庭农场" },
        { label: "适用地区", text: "惠来县" },
        { label: "担保方式", text: "可用信用、土地经营权，也可纯信用" },
      ]),
    );
    for (const key of ["retired", "draft", "expired", "inactive"]) {
      expect((await newClient().get(detail, `/products/${ids[key]}`, { productId: ids[key]! })).status, key).toBe(404);
    }
  });

  it("creates a DIRECTED draft for the product's institution, pre-filled to fit, for an enterprise user only", async () => {
    await createEnterprise(db, { regionId: reference.rongcheng.id, user: { loginName: "13600000001" } });
    const client = newClient();
    const token = await signIn(client, "13600000001");
    const response = await client.post(
      detail,
      `/products/${ids.equipment}`,
      { _csrf: token },
      { params: { productId: ids.equipment! } },
    );
    expect(response.status).toBe(302);
    const needId = /\/enterprise\/needs\/([^/]+)\/edit$/.exec(response.headers.get("Location") ?? "")?.[1];
    expect(needId).toBeTruthy();
    const need = await db.financingNeed.findUniqueOrThrow({
      where: { id: needId! },
      include: { directedInstitutions: true, events: true },
    });
    expect(need).toMatchObject({
      status: "DRAFT",
      visibility: "DIRECTED",
      termMonths: 12,
      wantsLoan: true,
      collateralOffered: ["EQUIPMENT"],
    });
    expect(need.amount.toFixed(2)).toBe("500000.00");
    expect(need.directedInstitutions.map((item) => item.institutionId)).toEqual([reference.otherBank.id]);
    expect(need.events[0]?.data).toEqual({ fromProductId: ids.equipment });

    expect(
      (await client.post(detail, `/products/${ids.retired}`, { _csrf: token }, { params: { productId: ids.retired! } }))
        .status,
    ).toBe(404);
    // CSRF is checked first (403 without a valid token); with the visitor's own token the guard answers 401.
    const anonymous = newClient();
    expect(
      (
        await anonymous.post(
          detail,
          `/products/${ids.equipment}`,
          { _csrf: "x" },
          { params: { productId: ids.equipment! } },
        )
      ).status,
    ).toBe(403);
    const anonymousToken = (await readJson<{ csrfToken: string }>(await anonymous.get(root, "/products"))).csrfToken;
    expect(
      (
        await anonymous.post(
          detail,
          `/products/${ids.equipment}`,
          { _csrf: anonymousToken },
          { params: { productId: ids.equipment! } },
        )
      ).status,
    ).toBe(401);
  });
});
