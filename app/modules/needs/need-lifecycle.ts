/**
 * What the enterprise may do with its need in each status (docs/domain.md#need-lifecycle). Shared by the domain
 * functions (the authority: anything else is a 409) and the pages (which only offer the buttons that can succeed).
 *
 *   DRAFT → OPEN → IN_PROGRESS → SUCCEEDED | CLOSED_UNMET | WITHDRAWN;  OPEN → EXPIRED (job);  EXPIRED → a new need
 */
import type { NeedStatus } from "~/generated/prisma/enums.ts";
import { needStatusLabel } from "~/kernel/labels.ts";
import { NEED_LIVE_STATUSES } from "~/kernel/statuses.ts";

export type EnterpriseNeedAction =
  "edit" | "publish" | "withdraw" | "close" | "republish" | "withdrawConsent" | "answerRequest";

export const ALLOWED_FROM: Record<EnterpriseNeedAction, readonly NeedStatus[]> = {
  edit: ["DRAFT"],
  publish: ["DRAFT"],
  withdraw: ["DRAFT", ...NEED_LIVE_STATUSES],
  close: NEED_LIVE_STATUSES,
  republish: ["EXPIRED"],
  withdrawConsent: ["OPEN", "IN_PROGRESS", "SUCCEEDED", "CLOSED_UNMET", "WITHDRAWN", "EXPIRED"],
  answerRequest: NEED_LIVE_STATUSES,
};

export function canDo(action: EnterpriseNeedAction, status: NeedStatus): boolean {
  return ALLOWED_FROM[action].includes(status);
}

const actionLabel: Record<EnterpriseNeedAction, string> = {
  edit: "修改",
  publish: "发布",
  withdraw: "撤回",
  close: "关闭",
  republish: "重新发布",
  withdrawConsent: "撤回授权",
  answerRequest: "答复对接请求",
};

/** "需求当前状态为“已撤回”，不能发布" — the 409 message for an illegal transition. */
export function illegalActionMessage(action: EnterpriseNeedAction, status: NeedStatus): string {
  return `需求当前状态为“${needStatusLabel[status]}”，不能${actionLabel[action]}。请刷新页面查看最新状态`;
}
