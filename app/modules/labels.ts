import type {
  EngagementStatus,
  EntityType,
  InstitutionKind,
  NeedStatus,
  ProductKind,
  ProductStatus,
} from "~/generated/prisma/enums.ts";

/** Chinese names for enum values, shared by every page (and by exports and notifications later). */
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

export const purposeCategoryLabel: Record<import("~/generated/prisma/enums.ts").PurposeCategory, string> = {
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

