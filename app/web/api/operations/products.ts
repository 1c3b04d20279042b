/**
 * Operations over an institution's own products (金融产品): list, read, create a draft, update, publish, retire.
 * The body carries the fields of the admin's product form, with money and rates as decimal strings; the domain
 * (app/modules/products/products.server.ts) validates them with the form's own schema and Chinese messages, so
 * this schema only fixes the JSON types the OpenAPI document publishes.
 */
import { z } from "zod";
import {
  CHARGE_BASES,
  COLLATERALS,
  ENTITY_TYPES,
  FEE_BASES,
  INDUSTRY_SECTIONS,
  PRODUCT_FLAGS,
  PRODUCT_POLICY_TOOLS,
  REPAYMENT_METHOD_VALUES,
  SUBSIDY_MODES,
} from "~/modules/products/product-form.ts";
import { defineOperation } from "../operation.ts";

export const PRODUCT_LIST_MAX_LIMIT = 100;

const decimal = (label: string, example: string) =>
  z
    .string({ error: `${label}须为字符串形式的十进制数，例如 "${example}"` })
    .max(32, `${label}过长`)
    .describe(`${label}（十进制字符串，例如 "${example}"）`);
const money = (label: string) => decimal(`${label}（元）`, "800000.00");
const rate = (label: string) => decimal(`${label}（年化百分比）`, "3.4500");
const months = (label: string, unit = "个月") =>
  z
    .union([z.int({ error: `${label}须为整数` }), z.string().max(8, `${label}须为整数`)], { error: `${label}须为整数` })
    .describe(`${label}（整数，${unit}）`);
const text = (label: string, max: number) => z.string({ error: `${label}须为文字` }).max(max * 4, `${label}过长`);
const list = <const T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z
    .array(z.enum(values, { error: `${label}中有无法识别的选项` }), { error: `${label}须为数组` })
    .max(values.length * 2, `${label}选项过多`);
const day = (label: string) =>
  z
    .string({ error: `${label}格式应为 年-月-日，例如 2026-03-15` })
    .max(10, `${label}格式应为 年-月-日，例如 2026-03-15`)
    .nullable()
    .optional()
    .describe(`${label}（YYYY-MM-DD）`);

/** Zod's messages for the object itself (not an object, an unknown field), in Chinese like every other one. */
const objectError = (what: string) => (issue: { code?: string; keys?: string[] }) =>
  issue.code === "unrecognized_keys"
    ? `${what}中有无法识别的字段：${(issue.keys ?? []).join("、")}`
    : `${what}须为 JSON 对象`;
const choice = <const T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { error: `请选择有效的${label}` });

/**
 * The product form's fields. Required ones are required here too; kind-specific ones (loan rates and costs for banks,
 * a fee rate for guarantors and insurers) are checked by the domain against the institution's kind.
 */
export const ProductBodySchema = z.strictObject(
  {
    name: text("产品名称", 60),
    summary: text("一句话简介", 120),
    description: text("产品介绍", 4000),
    minAmount: money("最低额度"),
    maxAmount: money("最高额度"),
    minTermMonths: months("最短期限"),
    maxTermMonths: months("最长期限"),
    minAnnualRate: rate("最低年化利率（贷款）").optional(),
    maxAnnualRate: rate("最高年化利率（贷款）").optional(),
    feeRate: rate("担保费率 / 保险费率（担保、保险）").optional(),
    acceptedCollateral: list(COLLATERALS, "担保方式"),
    eligibleEntityTypes: list(ENTITY_TYPES, "适用主体类型"),
    eligibleIndustrySections: list(INDUSTRY_SECTIONS, "适用行业").optional(),
    regionIds: z
      .array(z.string({ error: "适用地区须为地区编号数组" }).max(64, "适用地区中有无法识别的地区"), {
        error: "适用地区须为地区编号数组",
      })
      .max(200, "适用地区过多"),
    minYearsInBusiness: months("最低经营年限", "年，默认 0").optional(),
    flags: list(PRODUCT_FLAGS, "产品标签").optional(),
    policyTool: choice(PRODUCT_POLICY_TOOLS, "货币政策工具").nullable().optional(),
    validFrom: day("生效日期"),
    validTo: day("截止日期"),
    repaymentMethods: list(REPAYMENT_METHOD_VALUES, "还款方式").optional(),
    upfrontFeeAmount: money("一次性费用金额").nullable().optional(),
    upfrontFeeRate: rate("一次性费率").nullable().optional(),
    periodicFeeRate: rate("按期费用年费率").nullable().optional(),
    periodicFeeBase: choice(FEE_BASES, "按期费用计费基数").optional(),
    guaranteeFeeRate: rate("内含担保费年费率").nullable().optional(),
    premiumRate: rate("内含保险费年费率").nullable().optional(),
    feeBasis: choice(CHARGE_BASES, "担保费/保费收取方式").optional(),
    feeBase: choice(FEE_BASES, "担保费/保费计费基数").optional(),
    subsidies: z
      .array(
        z.strictObject(
          {
            kind: z.enum(["INTEREST", "GUARANTEE_FEE"], { error: "补贴种类须为 INTEREST 或 GUARANTEE_FEE" }),
            annualRate: rate("补贴幅度"),
            mode: choice(SUBSIDY_MODES, "补贴方式"),
            source: text("补贴政策依据", 120),
            eligibility: text("补贴适用对象", 200),
          },
          { error: objectError("补贴") },
        ),
        { error: "补贴须为数组" },
      )
      .max(2, "补贴最多两项（贴息、担保费补贴各一项）")
      .optional(),
  },
  { error: objectError("请求体") },
);

export type ProductBody = z.output<typeof ProductBodySchema>;

const subsidySchema = z.object({
  kind: z.enum(["INTEREST", "GUARANTEE_FEE"]),
  mode: z.enum(SUBSIDY_MODES),
  annualRate: z.string(),
  source: z.string(),
  eligibility: z.string(),
});

/** A product as the API returns it: money and rates as decimal strings, days as YYYY-MM-DD, times ISO 8601. */
export const ProductSchema = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(["LOAN", "GUARANTEE", "INSURANCE"]),
  status: z.enum(["DRAFT", "PUBLISHED", "RETIRED"]),
  name: z.string(),
  summary: z.string(),
  description: z.string(),
  minAmount: z.string(),
  maxAmount: z.string(),
  minTermMonths: z.int(),
  maxTermMonths: z.int(),
  minAnnualRate: z.string().nullable(),
  maxAnnualRate: z.string().nullable(),
  feeRate: z.string().nullable(),
  acceptedCollateral: z.array(z.enum(COLLATERALS)),
  eligibleEntityTypes: z.array(z.enum(ENTITY_TYPES)),
  eligibleIndustrySections: z.array(z.string()),
  regionIds: z.array(z.string()),
  minYearsInBusiness: z.int(),
  flags: z.array(z.enum(PRODUCT_FLAGS)),
  policyTool: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  repaymentMethods: z.array(z.enum(REPAYMENT_METHOD_VALUES)),
  upfrontFeeAmount: z.string().nullable(),
  upfrontFeeRate: z.string().nullable(),
  periodicFeeRate: z.string().nullable(),
  periodicFeeBase: z.enum(FEE_BASES),
  guaranteeFeeRate: z.string().nullable(),
  premiumRate: z.string().nullable(),
  feeBasis: z.enum(CHARGE_BASES),
  feeBase: z.enum(FEE_BASES),
  subsidies: z.array(subsidySchema),
  publishedAt: z.iso.datetime({ offset: true }).nullable(),
  retiredAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});

export const ProductListQuerySchema = z.object({
  cursor: z.string().max(200, "cursor 无效：请使用上一页返回的 nextCursor").optional(),
  limit: z.coerce
    .number({ error: `limit 须为 1–${PRODUCT_LIST_MAX_LIMIT} 的整数` })
    .int(`limit 须为 1–${PRODUCT_LIST_MAX_LIMIT} 的整数`)
    .min(1, `limit 须为 1–${PRODUCT_LIST_MAX_LIMIT} 的整数`)
    .max(PRODUCT_LIST_MAX_LIMIT, `limit 须为 1–${PRODUCT_LIST_MAX_LIMIT} 的整数`)
    .default(50),
});

const productPathParams = { productId: "产品编号" };

export const listProducts = defineOperation({
  operationId: "listProducts",
  method: "GET",
  path: "/api/v1/products",
  scope: "products:write",
  tag: "products",
  summary: "本机构的全部产品（草稿、在售、已下架；游标分页）",
  description:
    "Every product of the institution in any status, oldest first. Reading needs `products:write`: the client that " +
    "maintains the products reads them back; nothing here is another institution's.",
  query: ProductListQuerySchema,
  response: {
    status: 200,
    description: "一页产品",
    schema: z.object({ items: z.array(ProductSchema), nextCursor: z.string(), hasMore: z.boolean() }),
  },
});

export const getProduct = defineOperation({
  operationId: "getProduct",
  method: "GET",
  path: "/api/v1/products/{productId}",
  scope: "products:write",
  tag: "products",
  summary: "本机构的一个产品",
  pathParams: productPathParams,
  response: { status: 200, description: "产品", schema: ProductSchema },
  problems: [404],
});

export const createProduct = defineOperation({
  operationId: "createProduct",
  method: "POST",
  path: "/api/v1/products",
  scope: "products:write",
  tag: "products",
  summary: "新建产品（保存为草稿，上架前企业看不到）",
  description:
    "Creates a DRAFT with the fields of the product form. Refused fields are a 422 whose `errors` name each field " +
    "with the form's Chinese message.",
  body: ProductBodySchema,
  response: { status: 201, description: "已创建的草稿", schema: ProductSchema },
  problems: [422],
});

export const updateProduct = defineOperation({
  operationId: "updateProduct",
  method: "POST",
  path: "/api/v1/products/{productId}",
  scope: "products:write",
  tag: "products",
  summary: "修改产品（提交完整的产品内容；在售产品修改后重新索引、重新匹配）",
  description:
    "Replaces the product's terms with the body, as saving the edit form does: send every field, an omitted " +
    "optional field is cleared. A published product's new terms are re-indexed and re-matched; a retired one is 409.",
  pathParams: productPathParams,
  body: ProductBodySchema,
  response: { status: 200, description: "修改后的产品", schema: ProductSchema },
  problems: [404, 409, 422],
});

export const publishProduct = defineOperation({
  operationId: "publishProduct",
  method: "POST",
  path: "/api/v1/products/{productId}/publish",
  scope: "products:write",
  tag: "products",
  summary: "上架产品（草稿 → 在售，随后参与匹配）",
  pathParams: productPathParams,
  response: { status: 200, description: "上架后的产品", schema: ProductSchema },
  problems: [404, 409],
});

export const retireProduct = defineOperation({
  operationId: "retireProduct",
  method: "POST",
  path: "/api/v1/products/{productId}/retire",
  scope: "products:write",
  tag: "products",
  summary: "下架产品（不再参与新的匹配，历史记录保留）",
  pathParams: productPathParams,
  response: { status: 200, description: "下架后的产品", schema: ProductSchema },
  problems: [404, 409],
});
