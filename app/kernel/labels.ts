/**
 * The Chinese name of every enum value users see, one map per enum, shared by pages, forms, exports, notifications,
 * match reasons and search documents. Typed over the generated enums, so a new enum value fails the type check
 * until it is named here. No server-only imports: forms in the browser use these too.
 *
 * Where one enum needs a second wording, both are here and the second says why (`collateralSentence`).
 */
import type {
  AskOrigin,
  AskResponse,
  Collateral,
  DeclineReason,
  EngagementStatus,
  EntityType,
  InstitutionKind,
  LedgerMetric,
  LeadPassKind,
  LeadPassReason,
  NeedFlag,
  NeedStatus,
  NeedVisibility,
  OutcomeKind,
  PolicyTool,
  ProductFlag,
  ProductKind,
  ProductStatus,
  PurposeCategory,
  Role,
  SizeClass,
} from "~/generated/prisma/enums.ts";
import type { DeadlineKind } from "./statuses.ts";

// ───────────────────────────── needs and engagements ─────────────────────────────

export const needStatusLabel: Record<NeedStatus, string> = {
  DRAFT: "草稿",
  OPEN: "对接中（待响应）",
  IN_PROGRESS: "对接中",
  SUCCEEDED: "已成功融资",
  CLOSED_UNMET: "已关闭（未满足）",
  WITHDRAWN: "已撤回",
  EXPIRED: "已过期",
};

export const needVisibilityLabel: Record<NeedVisibility, string> = {
  OPEN: "公开对接",
  DIRECTED: "定向对接",
};

export const needFlagLabel: Record<NeedFlag, string> = {
  FIRST_LOAN: "首贷",
  AGRI: "涉农",
  GREEN: "绿色",
  MARINE: "海洋",
  TECH: "科创",
  TRANSFER: "产业转移",
};

export const purposeCategoryLabel: Record<PurposeCategory, string> = {
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

export const outcomeKindLabel: Record<OutcomeKind, string> = {
  APPROVED: "审批通过",
  DISBURSED: "已放款",
  DECLINED: "未通过",
};

/** "其他原因", not a bare "其他": the label is read inside sentences too ("原因：其他原因"). */
export const declineReasonLabel: Record<DeclineReason, string> = {
  NOT_QUALIFIED: "资质不符",
  INSUFFICIENT_COLLATERAL: "抵押物不足",
  CREDIT_RECORD: "征信问题",
  BUSINESS_RISK: "经营风险",
  QUOTA_EXHAUSTED: "额度已满",
  ENTERPRISE_GAVE_UP: "企业放弃",
  OTHER: "其他原因",
};

/** The two 限时响应 clocks: the first response to a published need, and the decision on an accepted engagement. */
export const deadlineKindLabel: Record<DeadlineKind, string> = {
  FIRST_RESPONSE: "首次响应",
  DECISION: "审批决定",
};

// ───────────────────────────── enterprises ─────────────────────────────

export const entityTypeLabel: Record<EntityType, string> = {
  TRANSFERRED_FIRM: "转移企业",
  SMALL_MICRO: "小微企业",
  INDIVIDUAL_BUSINESS: "个体工商户",
  FARM_HOUSEHOLD: "农户",
  FAMILY_FARM: "家庭农场",
  COOPERATIVE: "农民专业合作社",
  AGRI_ENTERPRISE: "农业企业",
  OTHER: "其他经营主体",
};

export const sizeClassLabel: Record<SizeClass, string> = {
  LARGE: "大型",
  MEDIUM: "中型",
  SMALL: "小型",
  MICRO: "微型",
};

/** GB/T 4754-2017 sections (门类). Keyed by letter: the column is a string, not an enum. */
export const industrySectionLabel: Readonly<Record<string, string>> = {
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
  return industrySectionLabel[section] ?? `行业 ${section}`;
}

// ───────────────────────────── institutions and products ─────────────────────────────

export const institutionKindLabel: Record<InstitutionKind, string> = {
  BANK: "银行",
  INSURER: "保险机构",
  GUARANTOR: "融资担保机构",
};

export const productKindLabel: Record<ProductKind, string> = {
  LOAN: "贷款",
  INSURANCE: "保险",
  GUARANTEE: "融资担保",
};

export const productStatusLabel: Record<ProductStatus, string> = {
  DRAFT: "草稿",
  PUBLISHED: "已上架",
  RETIRED: "已下架",
};

export const productFlagLabel: Record<ProductFlag, string> = {
  FIRST_LOAN_FRIENDLY: "首贷友好",
  GREEN: "绿色金融",
  MARINE: "海洋经济",
  AGRI: "涉农",
  TECH: "科技创新",
  TRANSFER: "产业转移",
  INCLUSIVE: "普惠小微",
};

export const policyToolLabel: Record<PolicyTool, string> = {
  AGRI_SMALL_RELENDING: "支农支小再贷款",
  INCLUSIVE_SMALL_MICRO_TOOL: "普惠小微贷款支持工具",
  CARBON_REDUCTION_TOOL: "碳减排支持工具",
  TECH_INNOVATION_RELENDING: "科技创新再贷款",
};

/** The security as a product lists it and an enterprise ticks it: the asset and how it secures (抵押 or 质押). */
export const collateralLabel: Record<Collateral, string> = {
  CREDIT: "信用（免抵押）",
  REAL_ESTATE: "房产抵押",
  EQUIPMENT: "机器设备抵押",
  LAND_USE_RIGHT: "土地使用权 / 经营权抵押",
  FISHING_BOAT: "渔船抵押",
  SEA_AREA_USE_RIGHT: "海域使用权抵押",
  RECEIVABLES: "应收账款质押",
  IP_PLEDGE: "知识产权质押",
  FOREST_RIGHT: "林权抵押",
  CARBON_RIGHT: "碳排放权 / 碳汇收益权质押",
  DEPOSIT_RECEIPT: "存单质押",
  GUARANTEE_COMPANY: "融资担保公司担保",
  PERSONAL_GUARANTEE: "个人保证",
  POLICY: "保单质押",
  SUBSIDY_RECEIVABLE: "可再生能源补贴收益权质押",
  INVENTORY: "存货 / 仓单质押",
};

/**
 * The asset alone, for match reasons that already say how it secures ("接受您提供的房产作为担保", "提供房产或机器设备").
 * `collateralLabel` there would read "提供房产抵押作为担保", so this second wording is needed.
 */
export const collateralSentence: Record<Collateral, string> = {
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

// ───────────────────────────── people and reporting ─────────────────────────────

export const roleLabel: Record<Role, string> = {
  ENTERPRISE: "企业用户",
  OFFICER: "客户经理",
  INSTITUTION_ADMIN: "机构管理员",
  BUREAU: "金融监管部门",
  ADMIN: "平台管理员",
};

export const ledgerMetricLabel: Record<LedgerMetric, string> = {
  DISBURSED_AMOUNT: "放款金额",
  FIRST_LOAN_BORROWER: "首贷户数",
  INCLUSIVE_SMALL_MICRO_AMOUNT: "普惠型小微企业贷款金额",
  INCLUSIVE_SMALL_MICRO_BORROWER: "普惠型小微企业贷款户数",
  AGRI_AMOUNT: "涉农贷款金额",
  GREEN_AMOUNT: "绿色贷款金额",
  MARINE_AMOUNT: "海洋经济贷款金额",
  TRANSFER_FIRM_AMOUNT: "转移企业贷款金额",
};

// ───────────────────────────── response accounting ─────────────────────────────

export const askOriginLabel: Record<AskOrigin, string> = {
  MATCHED: "产品匹配推送",
  DIRECTED: "企业定向",
  ESCALATED: "超时扩大推送",
};

export const askResponseLabel: Record<AskResponse, string> = {
  REQUESTED: "发起对接",
  ACCEPTED: "受理",
  PASSED: "明确不予对接",
};

export const leadPassKindLabel: Record<LeadPassKind, string> = {
  NOT_INTERESTED: "不感兴趣",
  NOT_ELIGIBLE: "不符合条件",
};

export const leadPassReasonLabel: Record<LeadPassReason, string> = {
  OUTSIDE_BUSINESS_FOCUS: "不在本机构业务重点",
  AMOUNT_NOT_VIABLE: "金额或期限不经济",
  CAPACITY_FULL: "本期信贷额度或人手已满",
  PRICE_MISMATCH: "企业可接受利率过低",
  OUTSIDE_SERVICE_AREA: "不在服务区域",
  INDUSTRY_RESTRICTED: "行业准入限制",
  COLLATERAL_INSUFFICIENT: "担保或抵押不足",
  ENTITY_NOT_ELIGIBLE: "主体资质不符",
  OTHER: "其他原因",
};

/**
 * Which kind of pass each reason belongs to (the form offers a reason under its kind; the server checks both);
 * null = either kind (其他原因).
 */
export const leadPassReasonKind: Record<LeadPassReason, LeadPassKind | null> = {
  OUTSIDE_BUSINESS_FOCUS: "NOT_INTERESTED",
  AMOUNT_NOT_VIABLE: "NOT_INTERESTED",
  CAPACITY_FULL: "NOT_INTERESTED",
  PRICE_MISMATCH: "NOT_INTERESTED",
  OUTSIDE_SERVICE_AREA: "NOT_ELIGIBLE",
  INDUSTRY_RESTRICTED: "NOT_ELIGIBLE",
  COLLATERAL_INSUFFICIENT: "NOT_ELIGIBLE",
  ENTITY_NOT_ELIGIBLE: "NOT_ELIGIBLE",
  OTHER: null,
};
