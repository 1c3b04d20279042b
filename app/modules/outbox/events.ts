/**
 * The catalog of domain events written to the transactional outbox (docs/decisions/003-transactional-outbox.md).
 * Payloads carry ids only — never entities, personal data or secrets — so a job re-reads the current state from
 * Postgres, and a payload in Redis reveals nothing. The relay copies the payload into every job it creates; processors
 * re-validate it with the same schema and fail an invalid one permanently.
 */
import { z } from "zod";

const id = z.string().min(1).max(64);

const need = z.object({ needId: id });
const product = z.object({ productId: id });
const engagement = z.object({ engagementId: id, needId: id, institutionId: id });
const consent = z.object({ consentId: id, needId: id, institutionId: id.nullable() });

/** One member of the union: an event type and the schema of its payload. */
function event<T extends string, P extends z.ZodObject>(type: T, payload: P) {
  return z.object({ type: z.literal(type), payload });
}

/**
 * Every event the outbox carries, as one union discriminated by `type`. Parsing an `{ type, payload }` pair with it
 * validates the payload against its own type's schema and gives a value whose payload TypeScript narrows by `type`.
 */
export const OutboxEventSchema = z.discriminatedUnion("type", [
  /** DRAFT → OPEN (publishNeed). */
  event("need.published", need),
  /** An OPEN need's terms changed; re-index and re-match. */
  event("need.updated", need),
  event("need.withdrawn", need),
  event("need.expired", need),
  /** SUCCEEDED or CLOSED_UNMET. */
  event("need.closed", need),
  /** A response or decision deadline was breached and the need escalated (see deadlines.server.ts). */
  event(
    "need.deadline-breached",
    z.object({
      needId: id,
      deadline: z.enum(["FIRST_RESPONSE", "DECISION"]),
      engagementId: id.nullable(),
      /** Institutions added to a DIRECTED need by widening. */
      widenedInstitutionIds: z.array(id).max(500),
      /** The NeedEvent recording the escalation (its id keys the notifications). */
      needEventId: id,
    }),
  ),
  event("product.published", product),
  event("product.updated", product),
  event("product.retired", product),
  event("engagement.requested", engagement),
  event("engagement.accepted", engagement),
  event("engagement.declined", engagement.extend({ needEventId: id.optional() })),
  /** Any other transition (CONTACTED, UNDER_REVIEW, APPROVED, DISBURSED, WITHDRAWN); the NeedEvent has from/to. */
  event("engagement.status-changed", engagement.extend({ needEventId: id })),
  event("consent.granted", consent),
  event("consent.withdrawn", consent),
  event("outcome.recorded", z.object({ outcomeId: id, engagementId: id })),
  /** A new outcome version superseded `previousOutcomeId`. */
  event("outcome.amended", z.object({ outcomeId: id, engagementId: id, previousOutcomeId: id })),
  event("outcome.cancelled", z.object({ outcomeId: id, engagementId: id })),
  /** An asked institution said it will not take the lead up (app/modules/engagements/asks.server.ts). */
  event("lead.passed", z.object({ needId: id, institutionId: id })),
]);

export type OutboxEvent = z.infer<typeof OutboxEventSchema>;
export type OutboxEventType = OutboxEvent["type"];
/** The event of one type (or of several: `OutboxEventOf<"outcome.recorded" | "outcome.amended">`). */
export type OutboxEventOf<T extends OutboxEventType> = Extract<OutboxEvent, { type: T }>;
export type OutboxEventPayload<T extends OutboxEventType> = OutboxEventOf<T>["payload"];

export const OUTBOX_EVENT_TYPES: readonly OutboxEventType[] = OutboxEventSchema.options.map(
  (option) => option.shape.type.value,
);
const KNOWN_TYPES: ReadonlySet<string> = new Set(OUTBOX_EVENT_TYPES);

export function isOutboxEventType(type: string): type is OutboxEventType {
  return KNOWN_TYPES.has(type);
}

/** The aggregate each event is about; stored on the row for lookups ("every event of need X"). */
export const aggregateTypeOf: Record<
  OutboxEventType,
  "FinancingNeed" | "Product" | "Engagement" | "ConsentRecord" | "Outcome"
> = {
  "need.published": "FinancingNeed",
  "need.updated": "FinancingNeed",
  "need.withdrawn": "FinancingNeed",
  "need.expired": "FinancingNeed",
  "need.closed": "FinancingNeed",
  "need.deadline-breached": "FinancingNeed",
  "product.published": "Product",
  "product.updated": "Product",
  "product.retired": "Product",
  "engagement.requested": "Engagement",
  "engagement.accepted": "Engagement",
  "engagement.declined": "Engagement",
  "engagement.status-changed": "Engagement",
  "consent.granted": "ConsentRecord",
  "consent.withdrawn": "ConsentRecord",
  "outcome.recorded": "Outcome",
  "outcome.amended": "Outcome",
  "outcome.cancelled": "Outcome",
  "lead.passed": "FinancingNeed",
};

/**
 * Validates an event against the catalogue; throws a ZodError for an unknown type or a payload that does not fit its
 * type (processors turn it into an UnrecoverableError).
 */
export function parseOutboxEvent(input: { type: string; payload: unknown }): OutboxEvent {
  return OutboxEventSchema.parse({ type: input.type, payload: input.payload });
}
