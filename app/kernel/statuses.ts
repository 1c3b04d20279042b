/**
 * The lifecycle status sets every area asks about (docs/domain.md), each written once, with the Prisma `where`
 * fragments that select them. Only generated types are imported (no client), so pages and browser code may use
 * the sets too; raw SQL passes the arrays as `= ANY(${set}::"EngagementStatus"[])`.
 */
import type { EngagementStatus, NeedStatus } from "~/generated/prisma/enums.ts";
import type { Prisma } from "~/generated/prisma/client.ts";

// ───────────────────────────── needs ─────────────────────────────

/** A published need institutions may still work: it counts for deadlines, leads and new engagements. */
export const NEED_LIVE_STATUSES = ["OPEN", "IN_PROGRESS"] as const satisfies readonly NeedStatus[];

export const needLive = { status: { in: [...NEED_LIVE_STATUSES] } } satisfies Prisma.FinancingNeedWhereInput;

export function isNeedLive(status: NeedStatus): boolean {
  return (NEED_LIVE_STATUSES as readonly NeedStatus[]).includes(status);
}

// ───────────────────────────── engagements ─────────────────────────────

/** Holds one of the need's active slots (a pending request counts: the enterprise must answer it). */
export const ENGAGEMENT_ACTIVE_STATUSES = [
  "REQUESTED",
  "ACCEPTED",
  "CONTACTED",
  "UNDER_REVIEW",
  "APPROVED",
] as const satisfies readonly EngagementStatus[];

/** Accepted and not yet decided: the decision clock (限时响应, DECISION) runs. */
export const ENGAGEMENT_AWAITING_DECISION_STATUSES = [
  "ACCEPTED",
  "CONTACTED",
  "UNDER_REVIEW",
] as const satisfies readonly EngagementStatus[];

/** Nothing follows these. */
export const ENGAGEMENT_FINAL_STATUSES = [
  "DISBURSED",
  "DECLINED",
  "WITHDRAWN",
] as const satisfies readonly EngagementStatus[];

/** The enterprise has said yes to this institution (contact may be shown if consent is still on). */
export const ENGAGEMENT_CONSENTED_STATUSES = [
  "ACCEPTED",
  "CONTACTED",
  "UNDER_REVIEW",
  "APPROVED",
  "DISBURSED",
  "DECLINED",
] as const satisfies readonly EngagementStatus[];

export const engagementActive = {
  status: { in: [...ENGAGEMENT_ACTIVE_STATUSES] },
} satisfies Prisma.EngagementWhereInput;

/** Approving or declining sets `decidedAt`, so an undecided engagement in these statuses has none. */
export const engagementAwaitingDecision = {
  status: { in: [...ENGAGEMENT_AWAITING_DECISION_STATUSES] },
  decidedAt: null,
} satisfies Prisma.EngagementWhereInput;

export function isEngagementActive(status: EngagementStatus): boolean {
  return (ENGAGEMENT_ACTIVE_STATUSES as readonly EngagementStatus[]).includes(status);
}

export function isEngagementAwaitingDecision(status: EngagementStatus): boolean {
  return (ENGAGEMENT_AWAITING_DECISION_STATUSES as readonly EngagementStatus[]).includes(status);
}

export function isEngagementFinal(status: EngagementStatus): boolean {
  return (ENGAGEMENT_FINAL_STATUSES as readonly EngagementStatus[]).includes(status);
}

export function isEngagementConsented(status: EngagementStatus): boolean {
  return (ENGAGEMENT_CONSENTED_STATUSES as readonly EngagementStatus[]).includes(status);
}

// ───────────────────────────── deadlines ─────────────────────────────

/** The two 限时响应 clocks: a published need's first response, and an accepted engagement's decision. */
export const DEADLINE_KINDS = ["FIRST_RESPONSE", "DECISION"] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
