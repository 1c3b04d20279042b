/**
 * Chinese wording for the enterprise journey that the shared app/modules/labels.ts does not carry (yet).
 * No server-only imports: used by forms in the browser too.
 */
import type { Collateral, DeclineReason, NeedFlag, SizeClass } from "~/generated/prisma/enums.ts";

export const sizeClassLabel: Record<SizeClass, string> = { LARGE: "大型", MEDIUM: "中型", SMALL: "小型", MICRO: "微型" };

/** The nine Pearl River Delta cities firms relocate from (珠三角九市), plus "other". */
export const ORIGIN_CITIES = ["广州市", "深圳市", "珠海市", "佛山市", "惠州市", "东莞市", "中山市", "江门市", "肇庆市", "其他城市"] as const;

export const needFlagLabel: Record<NeedFlag, string> = {
  FIRST_LOAN: "首贷",
  AGRI: "涉农",
  GREEN: "绿色",
  MARINE: "海洋",
  TECH: "科创",
  TRANSFER: "转移",
};

/** Why each flag applies, in plain words for the enterprise. */
export const needFlagExplanation: Record<NeedFlag, string> = {
  FIRST_LOAN: "您声明从未在银行贷过款，可享受首贷户支持政策",
  AGRI: "涉农主体或农林牧渔用途，可申请支农再贷款支持的产品",
  GREEN: "绿色/节能改造用途，可对接绿色金融产品",
  MARINE: "渔船、海洋养殖等海洋经济用途",
  TECH: "科技研发或科技服务类企业，可对接科创金融产品",
  TRANSFER: "从珠三角转移到揭阳的企业，可对接产业转移专项产品",
};

export const collateralLabel: Record<Collateral, string> = {
  CREDIT: "信用（无需抵押）",
  REAL_ESTATE: "房产",
  EQUIPMENT: "机器设备",
  LAND_USE_RIGHT: "土地使用权 / 农村土地经营权",
  FISHING_BOAT: "渔船",
  SEA_AREA_USE_RIGHT: "海域使用权",
  RECEIVABLES: "应收账款",
  IP_PLEDGE: "知识产权（专利、商标）",
  FOREST_RIGHT: "林权",
  CARBON_RIGHT: "碳排放权 / 碳汇收益权",
  DEPOSIT_RECEIPT: "存单",
  GUARANTEE_COMPANY: "融资担保公司担保",
  PERSONAL_GUARANTEE: "个人保证",
  POLICY: "保单",
  SUBSIDY_RECEIVABLE: "可再生能源补贴收益权",
  INVENTORY: "存货 / 仓单",
};

export const declineReasonLabel: Record<DeclineReason, string> = {
  NOT_QUALIFIED: "资质不符",
  INSUFFICIENT_COLLATERAL: "抵押物不足",
  CREDIT_RECORD: "征信问题",
  BUSINESS_RISK: "经营风险",
  QUOTA_EXHAUSTED: "额度已满",
  ENTERPRISE_GAVE_UP: "企业放弃",
  OTHER: "其他",
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
