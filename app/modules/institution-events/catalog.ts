/**
 * The events an institution's systems are told about, one object shape for the Open API's events feed
 * (GET /api/v1/events) and for the webhooks: `{ id, type, occurredAt, data }`. Data carries ids and statuses only —
 * never an enterprise's name or contact data; a client reads those through the endpoints that check consent.
 * No server-only imports.
 */
import { z } from "zod";

export const INSTITUTION_EVENT_TYPES = [
  /** A need reached the institution: DIRECTED to it, matched to its products, or widened to it by an escalation. */
  "lead.matched",
  /** The enterprise consented to the institution seeing its contact data, or withdrew that consent. */
  "consent.granted",
  "consent.withdrawn",
  /** Engagement lifecycle: requested (by either side), accepted, declined, and every later transition. */
  "engagement.requested",
  "engagement.accepted",
  "engagement.declined",
  "engagement.status-changed",
  /** A response or decision deadline is near. */
  "deadline.reminder",
  /** A deadline was missed and the need escalated to the bureau. */
  "deadline.escalated",
  /** The enterprise withdrew a need the institution had been told about. */
  "need.withdrawn",
] as const;

export type InstitutionEventType = (typeof INSTITUTION_EVENT_TYPES)[number];

export const institutionEventTypeLabel: Record<InstitutionEventType, string> = {
  "lead.matched": "新线索",
  "consent.granted": "企业授权查看联系方式",
  "consent.withdrawn": "企业撤回授权",
  "engagement.requested": "对接请求",
  "engagement.accepted": "对接已受理",
  "engagement.declined": "对接已婉拒",
  "engagement.status-changed": "对接进展",
  "deadline.reminder": "限时响应提醒",
  "deadline.escalated": "超时上报",
  "need.withdrawn": "企业撤回融资需求",
};

const id = z.string().min(1).max(64);
const deadline = z.enum(["FIRST_RESPONSE", "DECISION"]);
const engagementData = z.object({
  engagementId: id,
  needId: id,
  /** The engagement's status after the event. */
  status: z.string().max(32),
  initiatedBy: z.enum(["ENTERPRISE", "INSTITUTION"]),
});

/** The `data` of each type. */
export const INSTITUTION_EVENT_DATA = {
  "lead.matched": z.object({
    needId: id,
    /** DIRECTED to the institution by the enterprise (or by widening), rather than found by matching. */
    directed: z.boolean(),
    /** Reached the institution because a deadline was missed elsewhere. */
    escalated: z.boolean(),
  }),
  "consent.granted": z.object({ consentId: id, needId: id }),
  "consent.withdrawn": z.object({ consentId: id, needId: id }),
  "engagement.requested": engagementData,
  "engagement.accepted": engagementData,
  "engagement.declined": engagementData,
  "engagement.status-changed": engagementData.extend({ fromStatus: z.string().max(32).nullable() }),
  "deadline.reminder": z.object({
    needId: id,
    engagementId: id.nullable(),
    deadline,
    dueAt: z.iso.datetime({ offset: true }),
  }),
  "deadline.escalated": z.object({
    needId: id,
    engagementId: id.nullable(),
    deadline,
    dueAt: z.iso.datetime({ offset: true }).nullable(),
  }),
  "need.withdrawn": z.object({ needId: id }),
} as const satisfies Record<InstitutionEventType, z.ZodObject>;

export type InstitutionEventData<T extends InstitutionEventType> = z.output<(typeof INSTITUTION_EVENT_DATA)[T]>;

/** One event as the feed lists it and a webhook posts it. */
export const InstitutionEventSchema = z.discriminatedUnion(
  "type",
  INSTITUTION_EVENT_TYPES.map((type) =>
    z.object({
      id: z.string().describe("事件编号，全局唯一且不变；webhook 重试时相同，可据此去重"),
      type: z.literal(type),
      occurredAt: z.iso.datetime({ offset: true }),
      data: INSTITUTION_EVENT_DATA[type],
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

export interface InstitutionEventObject {
  id: string;
  type: InstitutionEventType;
  occurredAt: string;
  data: Record<string, unknown>;
}

export function isInstitutionEventType(type: string): type is InstitutionEventType {
  return (INSTITUTION_EVENT_TYPES as readonly string[]).includes(type);
}

/** Events are kept at least this long (the prune removes older ones); a client offline longer re-reads state. */
export const INSTITUTION_EVENT_RETENTION_DAYS = 90;
