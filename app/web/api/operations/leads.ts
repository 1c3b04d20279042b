/** Operations over leads: the feed, one lead, and taking a lead up. */
import { z } from "zod";
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
