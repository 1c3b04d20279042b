/**
 * Which queues each outbox event goes to. One event becomes one job per queue, all with the same deterministic id
 * (`evt-<eventId>`; ids are unique per queue), so relaying an event twice adds nothing.
 */
import type { QueueName } from "~/kernel/queues.ts";
import { isOutboxEventType, type OutboxEventType } from "~/modules/outbox/events.ts";

export const EVENT_ROUTES = {
  "need.published": ["search-sync", "matching", "deadlines"],
  "need.updated": ["search-sync", "matching"],
  // notifications: the webhook deliveries of the institutions' need.withdrawn events.
  "need.withdrawn": ["search-sync", "notifications"],
  "need.expired": ["search-sync"],
  "need.closed": ["search-sync"],
  // Widening changes who may see the need (its document) and who is told.
  "need.deadline-breached": ["search-sync", "notifications"],
  "product.published": ["search-sync", "matching"],
  "product.updated": ["search-sync", "matching"],
  "product.retired": ["search-sync"],
  "engagement.requested": ["notifications", "deadlines", "reports"],
  // Status changes move the need (OPEN → IN_PROGRESS …), which its document shows.
  "engagement.accepted": ["notifications", "deadlines", "search-sync", "reports"],
  "engagement.declined": ["notifications", "deadlines", "search-sync"],
  "engagement.status-changed": ["notifications", "search-sync"],
  "consent.granted": ["notifications"],
  "consent.withdrawn": ["notifications"],
  "outcome.recorded": ["ledger", "notifications"],
  "outcome.amended": ["ledger", "notifications"],
  "outcome.cancelled": ["ledger"],
  // A pass is a response: the bureau's figures follow within seconds (reports refreshes the rollups).
  "lead.passed": ["reports"],
} as const satisfies Record<OutboxEventType, readonly QueueName[]>;

/** The event types routed to queue `Q`, e.g. `EventTypeFor<"ledger">` = the three outcome events. */
export type EventTypeFor<Q extends QueueName> = {
  [T in OutboxEventType]: Q extends (typeof EVENT_ROUTES)[T][number] ? T : never;
}[OutboxEventType];

export function queuesFor(type: string): readonly QueueName[] {
  return isOutboxEventType(type) ? EVENT_ROUTES[type] : [];
}

export function isRoutedTo(type: OutboxEventType, queue: QueueName): boolean {
  const queues: readonly QueueName[] = EVENT_ROUTES[type];
  return queues.includes(queue);
}

export function eventJobId(eventId: string): string {
  return `evt-${eventId}`;
}
