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

export const outboxEventSchemas = {
  /** DRAFT → OPEN (publishNeed). */
  "need.published": need,
  /** An OPEN need's terms changed; re-index and re-match. */
  "need.updated": need,
  "need.withdrawn": need,
  "need.expired": need,
  /** SUCCEEDED or CLOSED_UNMET. */
  "need.closed": need,
  /** A response or decision deadline was breached and the need escalated (see deadlines.server.ts). */
  "need.deadline-breached": z.object({
    needId: id,
    deadline: z.enum(["FIRST_RESPONSE", "DECISION"]),
    engagementId: id.nullable(),
    /** Institutions added to a DIRECTED need by widening. */
    widenedInstitutionIds: z.array(id).max(500),
    /** The NeedEvent recording the escalation (its id keys the notifications). */
    needEventId: id,
  }),
  "product.published": product,
  "product.updated": product,
  "product.retired": product,
  "engagement.requested": engagement,
  "engagement.accepted": engagement,
  "engagement.declined": engagement.extend({ needEventId: id.optional() }),
  /** Any other transition (CONTACTED, UNDER_REVIEW, APPROVED, DISBURSED, WITHDRAWN); the NeedEvent has from/to. */
  "engagement.status-changed": engagement.extend({ needEventId: id }),
  "consent.granted": z.object({ consentId: id, needId: id, institutionId: id.nullable() }),
  "consent.withdrawn": z.object({ consentId: id, needId: id, institutionId: id.nullable() }),
  "outcome.recorded": z.object({ outcomeId: id, engagementId: id }),
  /** A new outcome version superseded `previousOutcomeId`. */
  "outcome.amended": z.object({ outcomeId: id, engagementId: id, previousOutcomeId: id }),
  "outcome.cancelled": z.object({ outcomeId: id, engagementId: id }),
} as const;

export type OutboxEventType = keyof typeof outboxEventSchemas;
export type OutboxEventPayload<T extends OutboxEventType> = z.infer<(typeof outboxEventSchemas)[T]>;

export const OUTBOX_EVENT_TYPES = Object.keys(outboxEventSchemas) as OutboxEventType[];

export function isOutboxEventType(type: string): type is OutboxEventType {
  return Object.hasOwn(outboxEventSchemas, type);
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
};

/** Parses a payload for a known type; throws a ZodError (processors turn it into an UnrecoverableError). */
export function parseOutboxPayload<T extends OutboxEventType>(type: T, payload: unknown): OutboxEventPayload<T> {
  return outboxEventSchemas[type].parse(payload) as OutboxEventPayload<T>;
}
