/** Operations over leads: the feed, one lead, and taking a lead up. */
import { z } from "zod";
import { LeadPassKind, LeadPassReason } from "~/generated/prisma/enums.ts";
import { LeadFeedQuerySchema } from "~/modules/engagements/lead-feed.server.ts";
import { defineOperation } from "../operation.ts";

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
    schema: z.object({ items: z.array(z.unknown()), nextCursor: z.string(), hasMore: z.boolean() }),
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
  response: { status: 200, description: "线索详情", schema: z.unknown() },
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
    schema: z.object({ id: z.string(), status: z.string() }),
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
