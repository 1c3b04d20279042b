/**
 * When an engagement's decision is overdue (限时响应, docs/domain.md#deadlines): it still awaits a decision and its
 * decisionDueAt has passed. Pages, counts and lists all ask this one question. No server-only imports.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import type { EngagementStatus } from "~/generated/prisma/enums.ts";
import { engagementAwaitingDecision, isEngagementAwaitingDecision } from "~/kernel/statuses.ts";

export function overdueDecisionWhere(now: Date): Prisma.EngagementWhereInput {
  return { ...engagementAwaitingDecision, decisionDueAt: { lt: now } };
}

export function isDecisionOverdue(
  engagement: { status: EngagementStatus; decisionDueAt: Date | null },
  now: Date,
): boolean {
  return (
    engagement.decisionDueAt !== null &&
    engagement.decisionDueAt < now &&
    isEngagementAwaitingDecision(engagement.status)
  );
}
