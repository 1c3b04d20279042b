/**
 * The engagement lifecycle (docs/domain.md#engagement-lifecycle) as data, shared by the domain functions (the
 * authority) and the pages (which offer only the buttons that can succeed). No server-only imports.
 *
 *   REQUESTED → ACCEPTED → CONTACTED → UNDER_REVIEW → APPROVED → DISBURSED
 *   any non-final status → DECLINED (reason required) | WITHDRAWN
 *
 * The status sets other areas ask about (active, awaiting a decision, final, consented) are in
 * app/kernel/statuses.ts.
 */
import type { DeclineReason, EngagementStatus } from "~/generated/prisma/enums.ts";

export const LEGAL_TRANSITIONS: Record<EngagementStatus, readonly EngagementStatus[]> = {
  REQUESTED: ["ACCEPTED", "WITHDRAWN"],
  ACCEPTED: ["CONTACTED", "DECLINED", "WITHDRAWN"],
  CONTACTED: ["UNDER_REVIEW", "DECLINED", "WITHDRAWN"],
  UNDER_REVIEW: ["APPROVED", "DECLINED", "WITHDRAWN"],
  APPROVED: ["DISBURSED", "DECLINED", "WITHDRAWN"],
  DISBURSED: [],
  DECLINED: [],
  WITHDRAWN: [],
};

export function isLegalTransition(from: EngagementStatus, to: EngagementStatus): boolean {
  return LEGAL_TRANSITIONS[from].includes(to);
}

/** Transitions an officer makes with a plain status form (the others need an outcome or the enterprise's answer). */
export const PLAIN_OFFICER_TRANSITIONS: readonly EngagementStatus[] = ["CONTACTED", "UNDER_REVIEW", "WITHDRAWN"];

export const DECLINE_REASONS = [
  "NOT_QUALIFIED",
  "INSUFFICIENT_COLLATERAL",
  "CREDIT_RECORD",
  "BUSINESS_RISK",
  "QUOTA_EXHAUSTED",
  "ENTERPRISE_GAVE_UP",
  "OTHER",
] as const satisfies readonly DeclineReason[];

/** The button text for moving an engagement to a status. */
export const transitionActionLabel: Partial<Record<EngagementStatus, string>> = {
  CONTACTED: "标记为已联系企业",
  UNDER_REVIEW: "提交审批（审批中）",
  WITHDRAWN: "撤回本次对接",
};

export const needEventLabel: Record<string, string> = {
  ENGAGEMENT_REQUESTED: "机构发起对接请求",
  ENGAGEMENT_ACCEPTED: "对接已受理",
  ENGAGEMENT_STATUS_CHANGED: "对接状态变更",
  ENGAGEMENT_REQUEST_ANSWERED: "企业答复对接请求",
  NOTE_ADDED: "添加备注",
  OUTCOME_RECORDED: "登记对接结果",
  OUTCOME_AMENDED: "更正放款信息",
  NEED_PUBLISHED: "需求发布",
  NEED_SUCCEEDED: "需求融资成功",
  CONSENT_GRANTED: "企业授权",
  CONSENT_WITHDRAWN: "企业撤回授权",
  DEADLINE_ESCALATED: "超时升级",
};
