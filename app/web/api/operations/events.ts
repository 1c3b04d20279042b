/** The events feed: everything that concerns the institution, replayable after a pause. */
import { z } from "zod";
import { InstitutionEventSchema, INSTITUTION_EVENT_RETENTION_DAYS } from "~/modules/institution-events/catalog.ts";
import { EventFeedQuerySchema } from "~/modules/institution-events/feed.server.ts";
import { defineOperation } from "../operation.ts";

export const listEvents = defineOperation({
  operationId: "listEvents",
  method: "GET",
  path: "/api/v1/events",
  scope: "events:read",
  tag: "events",
  summary: "事件流：与本机构相关的全部事件（新线索、授权、对接、提醒、超时上报、企业撤回），游标分页",
  description:
    "Every event that concerns the institution, in commit order. Walk it with `after=<nextCursor>`; calling later " +
    "with the last `nextCursor` returns exactly the events recorded since, each once. The webhooks post the same " +
    `objects. Events are kept ${INSTITUTION_EVENT_RETENTION_DAYS} days.`,
  query: EventFeedQuerySchema,
  response: {
    status: 200,
    description: "一页事件",
    schema: z.object({ items: z.array(InstitutionEventSchema), nextCursor: z.string(), hasMore: z.boolean() }),
  },
});
