/**
 * Chinese wording only the enterprise journey uses; enum names shared with other pages live in app/kernel/labels.ts.
 * No server-only imports: used by forms in the browser too.
 */
import type { NeedFlag } from "~/generated/prisma/enums.ts";

/** The nine Pearl River Delta cities firms relocate from (珠三角九市), plus "other". */
export const ORIGIN_CITIES = [
  "广州市",
  "深圳市",
  "珠海市",
  "佛山市",
  "惠州市",
  "东莞市",
  "中山市",
  "江门市",
  "肇庆市",
  "其他城市",
] as const;

/** Why each flag applies, in plain words for the enterprise. */
export const needFlagExplanation: Record<NeedFlag, string> = {
  FIRST_LOAN: "您声明从未在银行贷过款，可享受首贷户支持政策",
  AGRI: "涉农主体或农林牧渔用途，可申请支农再贷款支持的产品",
  GREEN: "绿色/节能改造用途，可对接绿色金融产品",
  MARINE: "渔船、海洋养殖等海洋经济用途",
  TECH: "科技研发或科技服务类企业，可对接科创金融产品",
  TRANSFER: "从珠三角转移到揭阳的企业，可对接产业转移专项产品",
};

/** Timeline wording for NeedEvent.type, as the enterprise reads it. */
export const needEventLabel: Record<string, string> = {
  NEED_CREATED: "创建需求草稿",
  NEED_UPDATED: "修改需求草稿",
  NEED_PUBLISHED: "发布需求",
  NEED_WITHDRAWN: "撤回需求",
  NEED_CLOSED: "关闭需求",
  NEED_EXPIRED: "需求已过期",
  NEED_REPUBLISHED: "重新发布需求",
  NEED_MATCHED: "完成产品匹配",
  CONSENT_GRANTED: "授权共享信息",
  CONSENT_WITHDRAWN: "撤回信息共享授权",
  NEED_SUCCEEDED: "融资成功",
  ENGAGEMENT_REQUESTED: "机构申请对接",
  ENGAGEMENT_ACCEPTED: "机构受理需求",
  ENGAGEMENT_REQUEST_ANSWERED: "答复机构的对接请求",
  ENGAGEMENT_STATUS_CHANGED: "对接状态更新",
  OUTCOME_RECORDED: "机构登记对接结果",
  NOTE_ADDED: "添加备注",
  DEADLINE_ESCALATED: "超时未响应，已扩大推送范围",
};

/** Never shows a raw code: an event type added later by another module reads as a generic update. */
export function describeNeedEvent(type: string): string {
  return needEventLabel[type] ?? "进度更新";
}
