/**
 * The BullMQ queues, one per concern, by name. The web app (the admin's queue page) and the worker both name them,
 * so the names live below both; creating, tuning and consuming the queues stays with the worker (workers/queues.ts).
 */
export const QUEUE_NAMES = ["search-sync", "matching", "notifications", "deadlines", "ledger", "reports"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export function isQueueName(value: string): value is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(value);
}
