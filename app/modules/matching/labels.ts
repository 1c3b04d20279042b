/**
 * Chinese labels for matching reasons, search documents and the leads UI. Money and rates are formatted by
 * app/kernel/money.ts and app/kernel/rate.ts (docs/domain.md#money). No server-only imports.
 */
import type {
  Collateral,
  EntityType,
  NeedFlag,
  PolicyTool,
  ProductFlag,
  ProductKind,
  PurposeCategory,
  SizeClass,
} from "~/generated/prisma/enums.ts";

export const entityTypeLabels: Record<EntityType, string> = {
  TRANSFERRED_FIRM: "转移企业",
  SMALL_MICRO: "小微企业",
  INDIVIDUAL_BUSINESS: "个体工商户",
  FARM_HOUSEHOLD: "农户",
  FAMILY_FARM: "家庭农场",
  COOPERATIVE: "农民专业合作社",
  AGRI_ENTERPRISE: "农业企业",
  OTHER: "其他经营主体",
};

export const sizeClassLabels: Record<SizeClass, string> = {
  LARGE: "大型",
  MEDIUM: "中型",
  SMALL: "小型",
  MICRO: "微型",
};

export const productKindLabels: Record<ProductKind, string> = {
  LOAN: "贷款",
  INSURANCE: "保险",
  GUARANTEE: "融资担保",
};

export const collateralLabels: Record<Collateral, string> = {
  CREDIT: "信用（免抵押）",
  REAL_ESTATE: "房产抵押",
  EQUIPMENT: "机器设备抵押",
  LAND_USE_RIGHT: "土地经营权抵押",
  FISHING_BOAT: "渔船抵押",
  SEA_AREA_USE_RIGHT: "海域使用权抵押",
  RECEIVABLES: "应收账款质押",
  IP_PLEDGE: "知识产权质押",
  FOREST_RIGHT: "林权抵押",
  CARBON_RIGHT: "碳排放权质押",
  DEPOSIT_RECEIPT: "存单质押",
  GUARANTEE_COMPANY: "融资担保公司担保",
  PERSONAL_GUARANTEE: "个人保证",
  POLICY: "保单质押",
  SUBSIDY_RECEIVABLE: "补贴收益权质押",
  INVENTORY: "存货仓单质押",
};

/** Short form used inside sentences ("提供房产或机器设备"). */
export const collateralShortLabels: Record<Collateral, string> = {
  CREDIT: "信用",
  REAL_ESTATE: "房产",
  EQUIPMENT: "机器设备",
  LAND_USE_RIGHT: "土地经营权",
  FISHING_BOAT: "渔船",
  SEA_AREA_USE_RIGHT: "海域使用权",
  RECEIVABLES: "应收账款",
  IP_PLEDGE: "知识产权",
  FOREST_RIGHT: "林权",
  CARBON_RIGHT: "碳排放权",
  DEPOSIT_RECEIPT: "存单",
  GUARANTEE_COMPANY: "融资担保公司担保",
  PERSONAL_GUARANTEE: "个人保证",
  POLICY: "保单",
  SUBSIDY_RECEIVABLE: "补贴收益权",
  INVENTORY: "存货仓单",
};

export const productFlagLabels: Record<ProductFlag, string> = {
  FIRST_LOAN_FRIENDLY: "首贷友好",
  GREEN: "绿色金融",
  MARINE: "海洋经济",
  AGRI: "涉农",
  TECH: "科技创新",
  TRANSFER: "产业转移",
  INCLUSIVE: "普惠小微",
};

export const needFlagLabels: Record<NeedFlag, string> = {
  FIRST_LOAN: "首贷",
  AGRI: "涉农",
  GREEN: "绿色",
  MARINE: "海洋",
  TECH: "科创",
  TRANSFER: "产业转移",
};

export const purposeLabels: Record<PurposeCategory, string> = {
  WORKING_CAPITAL: "流动资金",
  EQUIPMENT_PURCHASE: "设备购置",
  TECH_RETROFIT: "技术改造",
  PLANT_CONSTRUCTION: "厂房建设",
  SPRING_FARMING: "春耕备耕",
  FISHING_BOAT_RENEWAL: "渔船更新改造",
  MARINE_AQUACULTURE: "海洋养殖",
  GREEN_RETROFIT: "绿色节能改造",
  RESEARCH_AND_DEVELOPMENT: "科技研发",
  EXPORT_ORDER: "外贸订单",
  OTHER: "其他用途",
};

export const policyToolLabels: Record<PolicyTool, string> = {
  AGRI_SMALL_RELENDING: "支农支小再贷款",
  INCLUSIVE_SMALL_MICRO_TOOL: "普惠小微贷款支持工具",
  CARBON_REDUCTION_TOOL: "碳减排支持工具",
  TECH_INNOVATION_RELENDING: "科技创新再贷款",
};

/** GB/T 4754-2017 sections (门类). */
export const industrySectionLabels: Record<string, string> = {
  A: "农、林、牧、渔业",
  B: "采矿业",
  C: "制造业",
  D: "电力、热力、燃气及水生产和供应业",
  E: "建筑业",
  F: "批发和零售业",
  G: "交通运输、仓储和邮政业",
  H: "住宿和餐饮业",
  I: "信息传输、软件和信息技术服务业",
  J: "金融业",
  K: "房地产业",
  L: "租赁和商务服务业",
  M: "科学研究和技术服务业",
  N: "水利、环境和公共设施管理业",
  O: "居民服务、修理和其他服务业",
  P: "教育",
  Q: "卫生和社会工作",
  R: "文化、体育和娱乐业",
  S: "公共管理、社会保障和社会组织",
  T: "国际组织",
};

export function industryLabel(section: string): string {
  return industrySectionLabels[section] ?? `行业 ${section}`;
}

/** Joins labels the way Chinese prose lists them: 甲、乙和丙 → we keep it simple and use 、. */
export function joinLabels(labels: readonly string[], separator = "、"): string {
  return labels.join(separator);
}

export function formatTermRange(min: number, max: number): string {
  return min === max ? `${min} 个月` : `${min}–${max} 个月`;
}
