/**
 * The product page's 年化综合成本 against real Postgres: the terms stored on the product (repayment methods, fees,
 * subsidies) priced for the amount, term and method in the query string.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { newClient, readJson } from "../../support/route-client.ts";
import { createInstitution, createProduct } from "../../support/world.ts";
import type { CostQuote } from "~/modules/financing-cost/quote.ts";

const environment = await setUpAppEnvironment("product_cost");
const db = environment.db;
const detail = await import("~/routes/products.$productId.tsx");

let loanId: string;
let guaranteeId: string;

beforeAll(async () => {
  const bank = await createInstitution(db, { kind: "BANK" });
  const guarantor = await createInstitution(db, { kind: "GUARANTOR" });
  loanId = (
    await createProduct(db, {
      institutionId: bank.id,
      name: "政银担·小微贷",
      minAmount: "10000",
      maxAmount: "5000000",
      minTermMonths: 6,
      maxTermMonths: 36,
      minAnnualRate: "3.6000",
      maxAnnualRate: "4.2000",
      repaymentMethods: ["EQUAL_INSTALMENT", "BULLET"],
      guaranteeFeeRate: "1.0000",
      premiumRate: "0.5000",
      feeBasis: "UPFRONT",
      subsidies: {
        create: [
          {
            kind: "INTEREST",
            mode: "REFUND",
            annualRate: "1.0000",
            source: "揭阳市普惠小微贷款贴息",
            eligibility: "首贷户",
          },
        ],
      },
    })
  ).id;
  guaranteeId = (
    await createProduct(db, {
      institutionId: guarantor.id,
      kind: "GUARANTEE",
      name: "揭担贷",
      feeRate: "1.0000",
      feeBasis: "YEARLY",
      minTermMonths: 6,
      maxTermMonths: 36,
    })
  ).id;
});

afterAll(async () => {
  await environment.tearDown();
});

async function quote(productId: string, query = "") {
  const response = await newClient().get(detail, `/products/${productId}${query}`, { productId });
  expect(response.status).toBe(200);
  return (await readJson<{ quote: CostQuote }>(response)).quote;
}

describe("the product page's total cost of financing", () => {
  it("prices the issue's bundle: 3.6 % + 1 % guarantee + 0.5 % premium, 等额本息 12 months → 6.62 %", async () => {
    const body = await quote(loanId, "?amount=10&term=12&method=EQUAL_INSTALMENT");
    expect(body.input).toEqual({ amountWan: "10", termMonths: "12", method: "EQUAL_INSTALMENT" });
    expect(body.rate).toEqual({ kind: "rate", compound: "6.62%", simple: "6.42%" });
    expect(body.rateAtMax?.kind).toBe("rate");
    expect(body.breakdown.map((item) => [item.label, item.total])).toEqual([
      ["利息", expect.stringMatching(/ 元$/)],
      ["担保费", "1,000.00 元"],
      ["保险费", "500.00 元"],
    ]);
    expect(body.schedule.filter((row) => row.month > 0)).toHaveLength(12);
    expect(body.schedule[1]).toMatchObject({ month: 1, payment: "8,496.73 元", interest: "300.00 元" });
    expect(body.subsidies).toEqual([
      { text: "贴息 年 1%（先付后返）", source: "揭阳市普惠小微贷款贴息", eligibility: "首贷户" },
    ]);
    expect(body.withSubsidies?.rate.kind).toBe("rate");
  });

  it("opens on a default sample inside the product's ranges and says what is wrong with bad input", async () => {
    const body = await quote(loanId, "?amount=abc&term=999&method=REVOLVING");
    expect(body.errors.amountWan).toBe("请输入金额（万元），如 50");
    expect(body.errors.termMonths).toBe("期限请输入 1–360 之间的整数（月）");
    // 100 万元 and 12 months fit the product; 随借随还 is not offered, so 等额本息.
    expect(body.input).toEqual({ amountWan: "100", termMonths: "12", method: "EQUAL_INSTALMENT" });
    expect(body.methods.map((method) => method.label)).toEqual(["等额本息", "到期一次还本付息"]);
  });

  it("shows what a guarantee's fee adds to a loan's annual cost", async () => {
    const body = await quote(guaranteeId, "?amount=100&term=24");
    // A 1 % fee paid yearly in advance on the principal, on a loan repaid at the end: 1 % a year, paid at the start
    // of each year, is 1 / 0.99 − 1 = 1.0101 % compound.
    expect(body.rate).toEqual({ kind: "rate", compound: "1.01%", simple: "1.01%" });
    expect(body.breakdown).toEqual([{ label: "担保费", total: "20,000.00 元", firstYear: "10,000.00 元" }]);
  });
});
