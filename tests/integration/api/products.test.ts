/**
 * /api/v1/products: an institution's system creates a draft, edits it, publishes it (it becomes matchable: the
 * outbox announces it, and a fitting need gets a Match against it) and retires it — through the same domain
 * functions and the same validation as the admin's product form. Refusals are 422 with the form's Chinese field
 * messages; another institution's client gets 404 and changes nothing; an Idempotency-Key replay creates one product.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { createTestMeili, type TestMeili } from "../../support/meili.ts";
import { buildWorld, type World } from "../institution/scenario.ts";
import { bearerFor, callApi } from "./api-call.ts";

const environment = await setUpAppEnvironment("api_products");
const db = environment.db;
const listRoute = await import("~/routes/api.v1.products._index.ts");
const productRoute = await import("~/routes/api.v1.products.$productId.ts");
const publishRoute = await import("~/routes/api.v1.products.$productId.publish.ts");
const retireRoute = await import("~/routes/api.v1.products.$productId.retire.ts");
const { ensureIndexes } = await import("../../../search/settings.ts");
const { syncNeeds, syncProduct } = await import("~/modules/search-index/sync.server.ts");
const { matchNeed, matchProduct } = await import("~/modules/matching/match-need.server.ts");

let world: World;
let meili: TestMeili;
let bankA: string;
let bankB: string;

function draftBody(overrides: Record<string, unknown> = {}) {
  return {
    name: "甲银行设备更新贷",
    summary: "支持小微企业购置生产设备",
    description: "设备抵押或信用，最长三年，按月付息到期还本。",
    minAmount: "100000.00",
    maxAmount: "2000000",
    minTermMonths: 6,
    maxTermMonths: 36,
    minAnnualRate: "3.5000",
    maxAnnualRate: "5.5000",
    acceptedCollateral: ["EQUIPMENT", "CREDIT"],
    eligibleEntityTypes: ["SMALL_MICRO"],
    regionIds: [world.regions.rongcheng.id],
    repaymentMethods: ["INTEREST_ONLY"],
    upfrontFeeAmount: "500.00",
    subsidies: [
      {
        kind: "INTEREST",
        annualRate: "1.0000",
        mode: "RATE_REDUCTION",
        source: "揭阳市小微企业贷款贴息办法",
        eligibility: "首贷小微企业",
      },
    ],
    ...overrides,
  };
}

const create = (authorization: string, body: unknown, idempotencyKey?: string) =>
  callApi(listRoute, { method: "POST", path: "/api/v1/products", authorization, body, idempotencyKey });

beforeAll(async () => {
  world = await buildWorld(db);
  bankA = await bearerFor(db, world.users.adminA, ["products:write"]);
  bankB = await bearerFor(db, world.users.adminB, ["products:write"]);
  meili = createTestMeili("api_products");
  await ensureIndexes(meili);
}, 60_000);
afterAll(async () => {
  await meili?.cleanup();
  await environment.tearDown();
});

it("creates a draft, updates it, publishes it so a fitting need is matched to it, and retires it", async () => {
  const needId = await world.need({ matchedProducts: [] });
  const created = await create(bankA, draftBody());
  expect(created.json.errors).toBeUndefined();
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({
    status: "DRAFT",
    kind: "LOAN",
    minAmount: "100000.00",
    maxAmount: "2000000.00",
    upfrontFeeAmount: "500.00",
    minTermMonths: 6,
    subsidies: [{ kind: "INTEREST", annualRate: "1.0000", mode: "RATE_REDUCTION" }],
    publishedAt: null,
  });
  const productId = created.json.id as string;
  const row = await db.product.findUniqueOrThrow({ where: { id: productId } });
  expect(row.institutionId).toBe(world.institutions.bankA.id);

  const updated = await callApi(productRoute, {
    method: "POST",
    path: `/api/v1/products/${productId}`,
    params: { productId },
    authorization: bankA,
    body: draftBody({ maxAmount: "3000000.50", maxTermMonths: "48", subsidies: [] }),
  });
  expect(updated.status).toBe(200);
  expect(updated.json).toMatchObject({ maxAmount: "3000000.50", maxTermMonths: 48, subsidies: [] });
  expect((await db.product.findUniqueOrThrow({ where: { id: productId } })).maxAmount.toFixed(2)).toBe("3000000.50");

  const published = await callApi(publishRoute, {
    method: "POST",
    path: `/api/v1/products/${productId}/publish`,
    params: { productId },
    authorization: bankA,
  });
  expect(published.status).toBe(200);
  expect(published.json).toMatchObject({ status: "PUBLISHED" });
  expect(published.json.publishedAt).toEqual(expect.any(String));
  expect(await db.outboxEvent.count({ where: { type: "product.published", aggregateId: productId } })).toBe(1);

  // What the worker's search-sync and matching jobs do with that event: index the product, find the needs it fits
  // and re-match them, which stores the Match.
  await syncNeeds(db, meili, [needId]);
  await syncProduct(db, meili, productId);
  expect((await matchProduct(db, meili, productId)).map((match) => match.needId)).toContain(needId);
  await matchNeed(db, meili, needId);
  expect(await db.match.count({ where: { needId, productId } })).toBe(1);

  const retired = await callApi(retireRoute, {
    method: "POST",
    path: `/api/v1/products/${productId}/retire`,
    params: { productId },
    authorization: bankA,
  });
  expect(retired.status).toBe(200);
  expect(retired.json).toMatchObject({ status: "RETIRED" });
  expect(await db.outboxEvent.count({ where: { type: "product.retired", aggregateId: productId } })).toBe(1);
  const again = await callApi(retireRoute, {
    method: "POST",
    path: `/api/v1/products/${productId}/retire`,
    params: { productId },
    authorization: bankA,
  });
  expect(again).toMatchObject({ status: 409, json: { code: "CONFLICT" } });

  const listed = await callApi(listRoute, { path: "/api/v1/products?limit=1", authorization: bankA });
  expect(listed.status).toBe(200);
  const ids: string[] = [];
  let page = listed;
  for (;;) {
    ids.push(...(page.json.items as { id: string }[]).map((item) => item.id));
    if (!page.json.hasMore) break;
    page = await callApi(listRoute, {
      path: `/api/v1/products?limit=1&cursor=${page.json.nextCursor as string}`,
      authorization: bankA,
    });
  }
  const own = await db.product.findMany({
    where: { institutionId: world.institutions.bankA.id },
    select: { id: true },
  });
  expect(ids.sort()).toEqual(own.map((product) => product.id).sort());
}, 60_000);

it("refuses invalid fields with 422 and the form's Chinese messages, writing nothing", async () => {
  const before = await db.product.count();
  const refused = await create(bankA, draftBody({ minAmount: "12.345", maxAmount: "50000", acceptedCollateral: [] }));
  expect(refused.status).toBe(422);
  expect(refused.headers.get("Content-Type")).toContain("application/problem+json");
  expect(refused.json).toMatchObject({
    code: "VALIDATION_FAILED",
    errors: {
      minAmount: "最低额度须为数字（单位：元），最多两位小数",
      acceptedCollateral: "请至少选择一项担保方式",
    },
  });
  const numberMoney = await create(bankA, draftBody({ minAmount: 100000 }));
  expect(numberMoney.status).toBe(422);
  expect((numberMoney.json.errors as Record<string, string>).minAmount).toContain("十进制");
  const subsidy = await create(
    bankA,
    draftBody({ subsidies: [{ kind: "INTEREST", annualRate: "1.0", mode: "REFUND", source: "", eligibility: "" }] }),
  );
  expect(subsidy.status).toBe(422);
  expect(subsidy.json.errors).toMatchObject({ "subsidies.INTEREST.source": "请填写贴息的政策依据" });
  const range = await create(bankA, draftBody({ minAmount: "900000", maxAmount: "800000", maxTermMonths: 3 }));
  expect(range.json.errors).toMatchObject({
    maxAmount: "最高额度不能低于最低额度",
    maxTermMonths: "最长期限不能短于最短期限",
  });
  expect(await db.product.count()).toBe(before);
});

it("answers another institution's client 404 on every product endpoint and changes nothing", async () => {
  const productId = (await create(bankA, draftBody({ name: "甲银行私有草稿" }))).json.id as string;
  const snapshot = async () => ({
    product: await db.product.findUniqueOrThrow({ where: { id: productId } }),
    outbox: await db.outboxEvent.count(),
  });
  const before = await snapshot();
  const params = { productId };
  const calls = [
    callApi(productRoute, { path: `/api/v1/products/${productId}`, params, authorization: bankB }),
    callApi(productRoute, {
      method: "POST",
      path: `/api/v1/products/${productId}`,
      params,
      authorization: bankB,
      body: draftBody({ name: "乙银行篡改" }),
    }),
    callApi(publishRoute, {
      method: "POST",
      path: `/api/v1/products/${productId}/publish`,
      params,
      authorization: bankB,
    }),
    callApi(retireRoute, {
      method: "POST",
      path: `/api/v1/products/${productId}/retire`,
      params,
      authorization: bankB,
    }),
  ];
  for (const answer of await Promise.all(calls))
    expect(answer).toMatchObject({ status: 404, json: { code: "NOT_FOUND" } });
  expect(await snapshot()).toEqual(before);
  const listedByB = await callApi(listRoute, { path: "/api/v1/products?limit=100", authorization: bankB });
  expect((listedByB.json.items as { id: string }[]).map((item) => item.id)).not.toContain(productId);
});

it("creates one product when a create is replayed with the same Idempotency-Key", async () => {
  const before = await db.product.count();
  const body = draftBody({ name: "幂等创建的产品" });
  const first = await create(bankA, body, "create-product-0001");
  const second = await create(bankA, body, "create-product-0001");
  expect(first.status).toBe(201);
  expect(second.status).toBe(201);
  expect(second.headers.get("Idempotent-Replayed")).toBe("true");
  expect(second.json.id).toBe(first.json.id);
  expect(await db.product.count()).toBe(before + 1);
  const other = await create(bankA, draftBody({ name: "另一个产品" }), "create-product-0001");
  expect(other).toMatchObject({ status: 409, json: { code: "IDEMPOTENCY_KEY_REUSED" } });
  expect(await db.product.count()).toBe(before + 1);
});
