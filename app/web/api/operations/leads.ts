/** Operations over leads: the feed, one lead, and taking a lead up. */
import { z } from "zod";
import { EngagementStatus, LeadPassKind, LeadPassReason } from "~/generated/prisma/enums.ts";
import { LeadFeedQuerySchema } from "~/modules/engagements/lead-feed.server.ts";
import type { AnonymisedLead, InstitutionLead } from "~/modules/engagements/leads.server.ts";
import { defineOperation } from "../operation.ts";

/**
 * A lead as the feed lists it (toInstitutionLead of the anonymised search document): no enterprise name (a mask of
 * fixed words), no credit code, no contact, shared text redacted, and of the institutions it was directed to or
 * matched with only whether this one is among them. The type checks below keep this schema and the domain type equal.
 */
export const InstitutionLeadSchema = z
  .object({
    id: z.string().describe("融资需求编号"),
    maskedName: z.string().describe("脱敏企业名称（仅由固定词汇组成，如“揭阳某塑料制品有限公司”）"),
    entityType: z.string(),
    entityTypeLabel: z.string(),
    sizeClass: z.string(),
    industrySection: z.string().describe("国民经济行业门类"),
    industryDivision: z.string().nullable(),
    industryLabel: z.string(),
    regionId: z.string(),
    regionName: z.string(),
    regionChainIds: z.array(z.string()).describe("所在地区及其上级地区"),
    countyId: z.string().nullable(),
    countyName: z.string().nullable(),
    parkId: z.string().nullable(),
    parkName: z.string().nullable(),
    foundedYear: z.number().int().nullable(),
    firstLoanCandidate: z.boolean().describe("首贷户候选"),
    amount: z.number().describe("融资金额（元，数值，仅供排序筛选；精确值见 amountExact）"),
    amountExact: z.string().describe("融资金额（元，十进制字符串，精确）"),
    amountText: z.string(),
    termMonths: z.number().int(),
    purposeCategory: z.string(),
    purposeLabel: z.string(),
    description: z.string().nullable().describe("企业同意公开时的需求说明（已脱敏），否则为 null"),
    collateralOffered: z.array(z.string()),
    collateralLabels: z.array(z.string()),
    maxAnnualRate: z.number().nullable().describe("可接受的最高年利率（百分数）"),
    maxAnnualRateText: z.string().nullable(),
    wantsLoan: z.boolean(),
    wantsGuarantee: z.boolean(),
    wantsInsurance: z.boolean(),
    wantedKinds: z.array(z.string()),
    flags: z.array(z.string()),
    flagLabels: z.array(z.string()),
    visibility: z.enum(["OPEN", "DIRECTED"]),
    status: z.string(),
    publishedAtTs: z.number().int().nullable().describe("发布时间（Unix 秒）"),
    expiresAtTs: z.number().int().describe("到期时间（Unix 秒；无期限为 253402300799）"),
    wantedByDay: z.number().int().nullable().describe("期望放款日（YYYYMMDD 数字）"),
    overdue: z.boolean(),
    createdAtTs: z.number().int(),
    updatedAtTs: z.number().int(),
    directedToUs: z.boolean().describe("是否为企业定向推送给本机构的需求"),
  })
  .meta({ id: "InstitutionLead" });

/** One lead in detail (loadAnonymisedLead): the feed's fields plus what the officer's lead page shows beside them. */
export const AnonymisedLeadSchema = InstitutionLeadSchema.extend({
  publishedAt: z.iso.datetime({ offset: true }).nullable(),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  wantedBy: z.iso.date().nullable().describe("期望放款日"),
  live: z.boolean().describe("是否仍可对接（对接中或开放中且未到期）"),
  matchReasons: z
    .array(
      z.object({
        productName: z.string(),
        score: z.string().describe("匹配分（0–100 的整数字符串）"),
        kind: z.string(),
        reasons: z.array(z.string()),
      }),
    )
    .describe("本机构产品与该需求的匹配理由，分高者在前"),
  ourEngagement: z
    .object({ id: z.string(), status: z.enum(EngagementStatus) })
    .nullable()
    .describe("本机构在该需求上的对接（如有）"),
  slotsLeft: z.number().int().min(0).describe("该需求还可接受的对接机构数"),
  maxActive: z.number().int(),
}).meta({ id: "AnonymisedLead" });

// Compile-time proof that the published schemas describe exactly what the domain functions return.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const leadSchemaMatches: Same<z.output<typeof InstitutionLeadSchema>, InstitutionLead> = true;
const detailSchemaMatches: Same<z.output<typeof AnonymisedLeadSchema>, AnonymisedLead> = true;
void leadSchemaMatches;
void detailSchemaMatches;

export const listLeads = defineOperation({
  operationId: "listLeads",
  method: "GET",
  path: "/api/v1/leads",
  scope: "leads:read",
  tag: "leads",
  summary: "线索流：本机构可见的全部线索（按首次发布排序，游标分页）",
  description:
    "Every lead visible to the institution, oldest publication first, anonymised as on the web until consent. " +
    "Walk it with `nextCursor`; calling later with the last `nextCursor` returns exactly the leads published since.",
  query: LeadFeedQuerySchema,
  response: {
    status: 200,
    description: "一页线索",
    schema: z.object({
      items: z.array(InstitutionLeadSchema),
      nextCursor: z.string().describe("下一页的游标；最后一页也返回，稍后用它继续读取新发布的线索"),
      hasMore: z.boolean(),
    }),
  },
});

export const getLead = defineOperation({
  operationId: "getLead",
  method: "GET",
  path: "/api/v1/leads/{needId}",
  scope: "leads:read",
  tag: "leads",
  summary: "一条线索（企业同意前为匿名信息）",
  pathParams: { needId: "融资需求编号" },
  response: { status: 200, description: "线索详情", schema: AnonymisedLeadSchema },
  problems: [404],
});

export const requestEngagement = defineOperation({
  operationId: "requestEngagement",
  method: "POST",
  path: "/api/v1/leads/{needId}/engagements",
  scope: "engagements:write",
  tag: "engagements",
  summary: "发起对接：企业已授权时直接受理，否则向企业发送对接请求",
  pathParams: { needId: "融资需求编号" },
  response: {
    status: 201,
    description: "已创建的对接",
    schema: z.object({ id: z.string(), status: z.enum(EngagementStatus) }),
  },
  problems: [404, 409, 422],
});

export const passLeadOperation = defineOperation({
  operationId: "passLead",
  method: "POST",
  path: "/api/v1/leads/{needId}/pass",
  scope: "engagements:write",
  tag: "engagements",
  summary: "明确不予对接（不感兴趣 / 不符合条件）：计为本机构对推送线索的响应",
  description:
    "The institution was asked to respond to this lead (its product matched, the enterprise picked it, or an " +
    "escalation widened the need) and says it will not take it up, with a reason code. It counts as its response, " +
    "in time if before its deadline, and the lead leaves its lists. Reasons of NOT_INTERESTED: " +
    "OUTSIDE_BUSINESS_FOCUS, AMOUNT_NOT_VIABLE, CAPACITY_FULL, PRICE_MISMATCH; of NOT_ELIGIBLE: " +
    "OUTSIDE_SERVICE_AREA, INDUSTRY_RESTRICTED, COLLATERAL_INSUFFICIENT, ENTITY_NOT_ELIGIBLE; OTHER under either.",
  pathParams: { needId: "融资需求编号" },
  body: z.object(
    {
      passKind: z.enum(LeadPassKind, {
        error: "passKind 须为 NOT_INTERESTED（不感兴趣）或 NOT_ELIGIBLE（不符合条件）",
      }),
      passReason: z.enum(LeadPassReason, { error: "passReason 须为列出的原因代码之一" }),
      note: z.string({ error: "note 须为文字" }).max(500, { error: "note 不超过 500 个字" }).optional(),
    },
    { error: "请求体须为 JSON 对象：{ passKind, passReason, note? }" },
  ),
  response: {
    status: 200,
    description: "已记录的回复",
    schema: z.object({ needId: z.string(), response: z.literal("PASSED") }),
  },
  problems: [404, 409, 422],
});
