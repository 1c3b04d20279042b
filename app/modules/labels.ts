import type {
  Collateral,
  DeclineReason,
  EngagementStatus,
  EntityType,
  InstitutionKind,
  NeedFlag,
  NeedStatus,
  OutcomeKind,
  PolicyTool,
  ProductKind,
  ProductStatus,
  PurposeCategory,
  SizeClass,
} from "~/generated/prisma/enums.ts";

/**
 * Chinese names for enum values, shared by every page, export and notification. No server-only imports: forms in
 * the browser use these too.
 */
export const needStatusLabel: Record<NeedStatus, string> = {
  DRAFT: "草稿",
  OPEN: "对接中（待响应）",
  IN_PROGRESS: "对接中",
  SUCCEEDED: "已成功融资",
  CLOSED_UNMET: "已关闭（未满足）",
  WITHDRAWN: "已撤回",
  EXPIRED: "已过期",
};

export const engagementStatusLabel: Record<EngagementStatus, string> = {
  REQUESTED: "待确认",
  ACCEPTED: "已受理",
  CONTACTED: "已联系",
  UNDER_REVIEW: "审批中",
  APPROVED: "已审批",
  DISBURSED: "已放款",
  DECLINED: "未通过",
  WITHDRAWN: "已撤回",
};

export const entityTypeLabel: Record<EntityType, string> = {
  TRANSFERRED_FIRM: "转移企业",
  SMALL_MICRO: "小微企业",
  INDIVIDUAL_BUSINESS: "个体工商户",
  FARM_HOUSEHOLD: "农户",
  FAMILY_FARM: "家庭农场",
  COOPERATIVE: "农民专业合作社",
  AGRI_ENTERPRISE: "农业企业",
  OTHER: "其他",
};

export const institutionKindLabel: Record<InstitutionKind, string> = {
  BANK: "银行",
  INSURER: "保险机构",
  GUARANTOR: "融资担保机构",
};

export const productKindLabel: Record<ProductKind, string> = {
  LOAN: "贷款",
  INSURANCE: "保险",
  GUARANTEE: "担保",
};

export const productStatusLabel: Record<ProductStatus, string> = {
  DRAFT: "草稿",
  PUBLISHED: "已上架",
  RETIRED: "已下架",
};

export const purposeCategoryLabel: Record<PurposeCategory, string> = {
  WORKING_CAPITAL: "流动资金",
  EQUIPMENT_PURCHASE: "设备购置",
  TECH_RETROFIT: "技术改造",
  PLANT_CONSTRUCTION: "厂房建设",
  SPRING_FARMING: "春耕备耕",
  FISHING_BOAT_RENEWAL: "渔船更新改造",
  MARINE_AQUACULTURE: "海洋养殖",
  GREEN_RETROFIT: "绿色/节能改造",
  RESEARCH_AND_DEVELOPMENT: "科技研发",
  EXPORT_ORDER: "外贸订单",
  OTHER: "其他",
};

export const sizeClassLabel: Record<SizeClass, string> = {
  LARGE: "大型",
  MEDIUM: "中型",
  SMALL: "小型",
  MICRO: "微型",
};

export const needFlagLabel: Record<NeedFlag, string> = {
  FIRST_LOAN: "首贷",
  AGRI: "涉农",
  GREEN: "绿色",
  MARINE: "海洋",
  TECH: "科创",
  TRANSFER: "转移",
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

export const policyToolLabel: Record<PolicyTool, string> = {
  AGRI_SMALL_RELENDING: "支农支小再贷款",
  INCLUSIVE_SMALL_MICRO_TOOL: "普惠小微贷款支持工具",
  CARBON_REDUCTION_TOOL: "碳减排支持工具",
  TECH_INNOVATION_RELENDING: "科技创新再贷款",
};

export const outcomeKindLabel: Record<OutcomeKind, string> = {
  APPROVED: "审批通过",
  DISBURSED: "已放款",
  DECLINED: "未通过",
};
