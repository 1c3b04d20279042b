/**
 * Financing needs with their whole history — directed institutions, consent records, engagements, outcomes and the
 * timeline — in every NeedStatus, laid out relative to the fixed reference date (2026-11-01, Asia/Shanghai).
 *
 * The history is what the app's own domain functions would have written (app/modules/engagements, needs,
 * deadlines): an OPEN need's general consent lets an institution claim it straight to ACCEPTED; on a DIRECTED need
 * the institution asks (REQUESTED) and accepts under the consent given at publishing; a disbursement adds a second
 * outcome version and closes the need as SUCCEEDED; a breached deadline leaves the scanner's DEADLINE_ESCALATED
 * marker event (same id format, so a later scan does not escalate twice), sets overdueSince and widens a DIRECTED
 * need. No matches and no ledger entries: the matching and ledger jobs derive those.
 *
 * Rows reference other seed rows by natural key (enterprise serial, login name, institution / product / region
 * code); index.ts resolves them to database ids. Event payloads that carry ids are functions of that resolver.
 */
import { fenToYuanString, wan } from "../../app/kernel/money.ts";
import {
  Collateral as C,
  DeclineReason,
  EngagementInitiator,
  EngagementStatus as S,
  EntityType as E,
  NeedStatus,
  NeedVisibility,
  OutcomeKind,
  OutcomeState,
  type PolicyTool,
  ProductKind,
  ProductStatus,
  PurposeCategory as P,
  SizeClass,
  type NeedFlag,
  type Prisma,
} from "../../app/generated/prisma/client.ts";
import { deriveNeedFlags } from "../../app/modules/needs/need-flags.ts";
import { businessLine, type BusinessLine } from "./business-lines.ts";
import { CONSENT_TEXT_VERSION } from "./consent.ts";
import type { EnterpriseSeed } from "./enterprises.ts";
import { institutionByCode } from "./institutions.ts";
import { PRODUCTS, type ProductSeed } from "./products.ts";
import { createRandom, type Random } from "./random.ts";
import { CITY_CODE, COUNTY_CODES, REGIONS } from "./regions.ts";
import { SHOWCASE_NEEDS, type EngagementPlan, type NeedPlan } from "./showcase.ts";
import {
  REFERENCE_INSTANT,
  addCalendarDays,
  addMinutes,
  addWorkingDays,
  daysBeforeReference,
  shanghaiDay,
  shanghaiInstant,
  subtractWorkingDays,
} from "./time.ts";

// ───────────────────────────── shapes ─────────────────────────────

/** Maps natural keys to database ids inside JSON payloads. */
export interface IdResolver {
  institution(code: string): string;
  product(code: string): string;
}

export interface NeedSeed {
  id: string;
  enterpriseSerial: number;
  createdByLogin: string;
  regionCode: string;
  amount: string;
  termMonths: number;
  purposeCategory: P;
  description: string;
  shareDescription: boolean;
  collateralOffered: C[];
  maxAnnualRate: string | null;
  wantedBy: string | null;
  wantsLoan: boolean;
  wantsGuarantee: boolean;
  wantsInsurance: boolean;
  flags: NeedFlag[];
  visibility: NeedVisibility;
  allowWidening: boolean;
  status: NeedStatus;
  publishedAt: Date | null;
  expiresAt: Date | null;
  firstResponseDueAt: Date | null;
  firstRespondedAt: Date | null;
  overdueSince: Date | null;
  closedAt: Date | null;
  closeNote: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DirectedSeed {
  needId: string;
  institutionCode: string;
  addedByEscalation: boolean;
  createdAt: Date;
}

export interface ConsentSeed {
  id: string;
  needId: string;
  enterpriseSerial: number;
  institutionCode: string | null;
  grantedByLogin: string;
  grantedAt: Date;
  withdrawnAt: Date | null;
}

export interface EngagementSeed {
  id: string;
  needId: string;
  institutionCode: string;
  officerLogin: string;
  initiatedBy: EngagementInitiator;
  status: S;
  activeSlot: number | null;
  requestedAt: Date;
  acceptedAt: Date | null;
  contactedAt: Date | null;
  decisionDueAt: Date | null;
  decidedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OutcomeSeed {
  id: string;
  engagementId: string;
  version: number;
  state: OutcomeState;
  kind: OutcomeKind;
  approvedAmount: string | null;
  disbursedAmount: string | null;
  annualRate: string | null;
  termMonths: number | null;
  decidedOn: string;
  productCode: string | null;
  policyTool: PolicyTool | null;
  firstLoanConfirmed: boolean;
  totalCreditAtInstitution: string | null;
  declineReason: DeclineReason | null;
  declineMessage: string | null;
  recordedByLogin: string;
  recordedAt: Date;
}

export interface EventSeed {
  id: string;
  needId: string;
  engagementId: string | null;
  actorLogin: string | null;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  data: ((ids: IdResolver) => Prisma.InputJsonValue) | null;
  createdAt: Date;
}

export interface NeedGraph {
  needs: NeedSeed[];
  directed: DirectedSeed[];
  consents: ConsentSeed[];
  engagements: EngagementSeed[];
  outcomes: OutcomeSeed[];
  events: EventSeed[];
}

// ───────────────────────────── rules and wording ─────────────────────────────

const HOUR = 60;

const COUNTY_RURAL_BANK: Record<string, string> = {
  [COUNTY_CODES.rongcheng]: "JYRCB",
  [COUNTY_CODES.jiedong]: "JDRCB",
  [COUNTY_CODES.jiexi]: "JXRCB",
  [COUNTY_CODES.huilai]: "HLRCB",
  [COUNTY_CODES.puning]: "PNRCB",
};
const ACTIVE_STATUSES: readonly S[] = [S.REQUESTED, S.ACCEPTED, S.CONTACTED, S.UNDER_REVIEW, S.APPROVED];
const VALIDITY_DAYS = 90;
const RESPONSE_WORKING_DAYS = 3;
const DECISION_WORKING_DAYS = 15;
/** The scanner reminds institutions this many working days before a deadline. */
const REMINDER_LEAD_WORKING_DAYS = 1;

/** How long ago (days) a need in each status was published — or, for a draft, created. */
const STATUS_WINDOWS: Record<NeedStatus, readonly [number, number]> = {
  DRAFT: [0, 25],
  OPEN: [0, 8],
  IN_PROGRESS: [3, 28],
  SUCCEEDED: [20, 300],
  CLOSED_UNMET: [20, 250],
  WITHDRAWN: [5, 200],
  EXPIRED: [95, 320],
};

const STATUS_WEIGHTS: readonly (readonly [NeedStatus, number])[] = [
  [NeedStatus.DRAFT, 8],
  [NeedStatus.OPEN, 26],
  [NeedStatus.IN_PROGRESS, 22],
  [NeedStatus.SUCCEEDED, 20],
  [NeedStatus.CLOSED_UNMET, 7],
  [NeedStatus.WITHDRAWN, 7],
  [NeedStatus.EXPIRED, 10],
];

const COLLATERAL_WORDS: Record<C, string> = {
  CREDIT: "信用",
  REAL_ESTATE: "房产",
  EQUIPMENT: "机器设备",
  LAND_USE_RIGHT: "土地使用权（经营权）",
  FISHING_BOAT: "渔船",
  SEA_AREA_USE_RIGHT: "海域使用权",
  RECEIVABLES: "应收账款",
  IP_PLEDGE: "专利权",
  FOREST_RIGHT: "林权",
  CARBON_RIGHT: "碳汇收益权",
  DEPOSIT_RECEIPT: "存单",
  GUARANTEE_COMPANY: "担保公司担保",
  PERSONAL_GUARANTEE: "个人保证",
  POLICY: "出口信用保险保单",
  SUBSIDY_RECEIVABLE: "可再生能源补贴收益权",
  INVENTORY: "存货",
};

const DECLINE_MESSAGES: Record<DeclineReason, readonly string[]> = {
  NOT_QUALIFIED: [
    "经营年限和纳税记录暂不满足本产品准入条件，建议满一个完整纳税年度后再申请，或选择首贷户专属产品。",
    "申请用途与本产品支持范围不符，建议改选流动资金类产品。",
  ],
  INSUFFICIENT_COLLATERAL: [
    "拟抵押厂房建在租赁土地上，无法办理抵押登记；可引入揭阳市融资担保公司担保后重新申请。",
    "抵押物评估价值不足以覆盖申请金额，建议降低金额或追加担保。",
  ],
  CREDIT_RECORD: ["征信报告显示近两年有多次逾期记录，暂不予授信；结清并保持良好记录 6 个月后可再申请。"],
  BUSINESS_RISK: [
    "近一年销售收入下降超过 30%，现金流难以覆盖还款，建议订单恢复后再申请。",
    "下游客户集中度过高，单一客户占销售额 80% 以上，风险超出本行偏好。",
  ],
  QUOTA_EXHAUSTED: ["本季度该产品额度已用完，已登记为下季度优先客户，额度释放后将主动联系。"],
  ENTERPRISE_GAVE_UP: ["企业表示已通过其他渠道解决资金需求，主动放弃本次申请。"],
  OTHER: ["申请材料长期未补齐（缺少近 6 个月银行流水），本次对接结束，欢迎资料齐全后再次申请。"],
};

const DECLINE_WEIGHTS: readonly (readonly [DeclineReason, number])[] = [
  [DeclineReason.NOT_QUALIFIED, 3],
  [DeclineReason.INSUFFICIENT_COLLATERAL, 3],
  [DeclineReason.BUSINESS_RISK, 2],
  [DeclineReason.CREDIT_RECORD, 1],
  [DeclineReason.QUOTA_EXHAUSTED, 1],
  [DeclineReason.ENTERPRISE_GAVE_UP, 1],
  [DeclineReason.OTHER, 1],
];

const STEP_NOTES: Partial<Record<S, readonly string[]>> = {
  CONTACTED: [
    "已电话联系企业负责人，约定本周上门调查。",
    "客户经理已上门走访，了解生产经营情况。",
    "已通过企业微信联系经办人，发送资料清单。",
  ],
  UNDER_REVIEW: ["资料已收齐，提交授信审批。", "完成现场调查，报送分行审批。", "抵押物评估完成，进入审批流程。"],
  APPROVED: ["审批通过，待签订借款合同。", "授信已批复，通知企业办理抵押登记。"],
  DISBURSED: ["合同签订完毕，贷款已发放。", "抵押登记办妥，已放款。"],
};

const WITHDRAW_NOTES = [
  "企业已通过自有资金解决，暂不需要融资。",
  "订单取消，融资计划推迟。",
  "企业已在亲友处周转，撤回需求。",
  "信息填写有误，撤回后重新发布。",
];

const CLOSE_UNMET_NOTES = ["各机构均未通过审批，暂缓融资计划。", "按机构建议先补充抵押物，明年再申请。", null];

// ───────────────────────────── small helpers ─────────────────────────────

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

function wanToYuan(amountWan: number): string {
  if (amountWan <= 0) throw new Error(`amount must be positive, got ${amountWan} 万元`);
  return fenToYuanString(wan(amountWan));
}

/** "3.45" → 345 basis points (of a percent), without floating point. */
function percentToBasisPoints(percent: string): number {
  const [whole, fraction = ""] = percent.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
}

function basisPointsToPercent(points: number): string {
  return `${Math.floor(points / 100)}.${pad(points % 100, 2)}`;
}

/** Rounds to the amounts people actually ask for: whole 万 below 100, tens up to 1,000, fifties above. */
function niceWan(value: number): number {
  if (value < 100) return Math.max(1, Math.round(value));
  if (value < 1000) return Math.round(value / 10) * 10;
  return Math.round(value / 50) * 50;
}

function logUniform(random: Random, min: number, max: number): number {
  return min * Math.pow(max / min, random.next());
}

function fullYearsBetween(fromIso: string, toIso: string): number {
  const years = Number(toIso.slice(0, 4)) - Number(fromIso.slice(0, 4));
  return toIso.slice(5) < fromIso.slice(5) ? years - 1 : years;
}

function officerLogin(institutionCode: string): string {
  return `officer.${institutionByCode(institutionCode).staffSlug}`;
}

function maxDate(...dates: Date[]): Date {
  return new Date(Math.max(...dates.map((date) => date.getTime())));
}

function minDate(...dates: Date[]): Date {
  return new Date(Math.min(...dates.map((date) => date.getTime())));
}

// ───────────────────────────── product fit (mirrors the matcher's hard filters) ─────────────────────────────

interface NeedFacts {
  entityType: E;
  regionCode: string;
  parkCode: string | null;
  industrySection: string;
  foundedOn: string | null;
  amountWan: number;
  termMonths: number;
  collateral: readonly C[];
  day: string;
}

interface FitOptions {
  ignoreCollateral?: boolean;
  ignoreAmountAndTerm?: boolean;
}

function productFits(product: ProductSeed, need: NeedFacts, options: FitOptions = {}): boolean {
  if (product.status === ProductStatus.DRAFT) return false;
  if (need.day < product.validFrom || need.day > product.validTo) return false;
  if (product.eligibleEntityTypes.length > 0 && !product.eligibleEntityTypes.includes(need.entityType)) return false;
  const chain = [CITY_CODE, need.regionCode, ...(need.parkCode ? [need.parkCode] : [])];
  if (product.regionCodes.length > 0 && !product.regionCodes.some((code) => chain.includes(code))) return false;
  if (product.eligibleIndustrySections.length > 0 && !product.eligibleIndustrySections.includes(need.industrySection))
    return false;
  if (product.minYearsInBusiness > 0) {
    if (!need.foundedOn || fullYearsBetween(need.foundedOn, need.day) < product.minYearsInBusiness) return false;
  }
  if (!options.ignoreAmountAndTerm) {
    if (need.amountWan < Number(product.amountWan[0]) || need.amountWan > Number(product.amountWan[1])) return false;
    if (need.termMonths < product.termMonths[0] || need.termMonths > product.termMonths[1]) return false;
  }
  if (!options.ignoreCollateral) {
    if (
      !product.acceptedCollateral.includes(C.CREDIT) &&
      !need.collateral.some((item) => product.acceptedCollateral.includes(item))
    )
      return false;
  }
  return true;
}

/** Products of a kind that fit, best fit first: strict, then without collateral, then without amount and term. */
function fittingProducts(kind: ProductKind, need: NeedFacts): ProductSeed[] {
  const ofKind = PRODUCTS.filter((product) => product.kind === kind);
  const levels: FitOptions[] =
    kind === ProductKind.INSURANCE
      ? [{ ignoreAmountAndTerm: true }]
      : [{}, { ignoreCollateral: true }, { ignoreCollateral: true, ignoreAmountAndTerm: true }];
  const seen = new Set<string>();
  const ordered: ProductSeed[] = [];
  for (const level of levels) {
    for (const product of ofKind) {
      if (!seen.has(product.code) && productFits(product, need, level)) {
        seen.add(product.code);
        ordered.push(product);
      }
    }
  }
  return ordered;
}

// ───────────────────────────── generated plans ─────────────────────────────

const AMOUNT_RANGES_WAN: Record<E, readonly [number, number]> = {
  FARM_HOUSEHOLD: [3, 50],
  FAMILY_FARM: [10, 150],
  COOPERATIVE: [20, 300],
  AGRI_ENTERPRISE: [50, 1200],
  INDIVIDUAL_BUSINESS: [5, 100],
  SMALL_MICRO: [10, 600],
  TRANSFERRED_FIRM: [200, 5000],
  OTHER: [20, 500],
};

const TERMS: Record<P, readonly number[]> = {
  WORKING_CAPITAL: [6, 12, 12, 12, 24],
  EQUIPMENT_PURCHASE: [24, 36, 36, 60],
  TECH_RETROFIT: [24, 36, 60],
  PLANT_CONSTRUCTION: [60, 84, 120],
  SPRING_FARMING: [6, 10, 12],
  FISHING_BOAT_RENEWAL: [24, 36, 48, 60],
  MARINE_AQUACULTURE: [12, 24, 36],
  GREEN_RETROFIT: [36, 60, 84],
  RESEARCH_AND_DEVELOPMENT: [12, 24, 36],
  EXPORT_ORDER: [3, 6, 6, 12],
  OTHER: [12, 24],
};

function amountWanFor(random: Random, enterprise: EnterpriseSeed, purpose: P): number {
  let [min, max] = AMOUNT_RANGES_WAN[enterprise.entityType];
  if (enterprise.entityType === E.SMALL_MICRO && enterprise.sizeClass === SizeClass.MICRO) max = 300;
  if (enterprise.entityType === E.TRANSFERRED_FIRM && enterprise.sizeClass === SizeClass.LARGE)
    [min, max] = [1000, 20000];
  if (purpose === P.FISHING_BOAT_RENEWAL && enterprise.entityType === E.FARM_HOUSEHOLD) [min, max] = [10, 80];
  if (purpose === P.PLANT_CONSTRUCTION) min = Math.min(max, min * 2);
  return niceWan(logUniform(random, min, max));
}

function collateralFor(random: Random, line: BusinessLine, purpose: P): C[] {
  if (purpose === P.FISHING_BOAT_RENEWAL && random.chance(0.85)) return [C.FISHING_BOAT];
  if (purpose === P.MARINE_AQUACULTURE && random.chance(0.6)) return [C.SEA_AREA_USE_RIGHT];
  if (purpose === P.EXPORT_ORDER && random.chance(0.5)) return [C.RECEIVABLES, C.POLICY];
  if (random.chance(0.35)) return [];
  return random.sample(line.collateral, random.int(1, Math.min(2, line.collateral.length)));
}

/** Flags the enterprise would tick itself beyond what the form derives (clean-energy firms are green, …). */
function declaredFlags(line: BusinessLine, purpose: P): NeedFlag[] {
  const flags: NeedFlag[] = [];
  if (line.key === "renewables" || (line.key === "forestry" && purpose === P.GREEN_RETROFIT)) flags.push("GREEN");
  if (line.key === "boatyard" || line.key === "fishing" || line.key === "aquaculture") flags.push("MARINE");
  if (line.key === "software" || line.key === "electronics") {
    if (purpose === P.RESEARCH_AND_DEVELOPMENT || purpose === P.TECH_RETROFIT) flags.push("TECH");
  }
  return flags;
}

function describeNeed(
  random: Random,
  enterprise: EnterpriseSeed,
  line: BusinessLine,
  purpose: P,
  amountWan: number,
  termMonths: number,
  collateral: readonly C[],
): string {
  const parkName = enterprise.parkCode ? REGIONS.find((region) => region.code === enterprise.parkCode)!.name : null;
  const opening =
    enterprise.entityType === E.TRANSFERRED_FIRM && enterprise.originCity
      ? `企业由${enterprise.originCity}迁入${parkName ?? "揭阳"}，主营${line.goods}。`
      : "";
  const body: Record<P, readonly string[]> = {
    WORKING_CAPITAL: [
      `近期${line.goods}订单增加，需提前采购${line.inputs}，流动资金偏紧。`,
      `旺季备货，${line.inputs}价格上涨，需补充流动资金。`,
      `下游客户账期 60–90 天，应收账款占用资金较多，需周转资金维持正常经营。`,
    ],
    EQUIPMENT_PURCHASE: [
      `计划购置新设备扩大${line.goods}产能，设备款约占申请金额的七成，其余用于安装调试。`,
      `现有设备使用超过 10 年，能耗高、故障多，拟更新${line.inputs}相关设备。`,
    ],
    TECH_RETROFIT: [`对${line.goods}生产线进行数字化改造，加装 MES 系统和在线检测设备，提高良品率。`],
    PLANT_CONSTRUCTION: [
      `已在${parkName ?? "当地工业园区"}取得工业用地，拟建设标准厂房约 ${random.int(5, 30) * 1000} 平方米，用于${line.goods}生产。`,
    ],
    SPRING_FARMING: [
      `春耕备耕需采购${line.inputs}，种植面积约 ${random.int(20, 600)} 亩。`,
      `新一季${line.goods}生产需投入${line.inputs}，资金缺口较大。`,
    ],
    FISHING_BOAT_RENEWAL: [`自有渔船一艘（主机 ${random.int(100, 450)} 千瓦），计划更换主机、加装北斗终端和冷藏舱。`],
    MARINE_AQUACULTURE: [`养殖面积约 ${random.int(30, 400)} 亩，计划新增网箱、增氧设备和苗种，养殖${line.goods}。`],
    GREEN_RETROFIT: [
      `按环保要求实施节能降碳改造：更换高效电机、建设屋顶分布式光伏，预计年减排二氧化碳约 ${random.int(2, 60) * 100} 吨。`,
      `实施废水废气治理和清洁生产改造，满足园区环保准入要求。`,
    ],
    RESEARCH_AND_DEVELOPMENT: [
      `新产品研发进入中试阶段，需投入研发设备和人员费用，企业拥有授权专利 ${random.int(2, 18)} 项。`,
    ],
    EXPORT_ORDER: [`接到东南亚、中东客户出口订单约 ${random.int(20, 300)} 万美元，需备货生产，希望配套出口信用保险。`],
    OTHER: [`店面装修升级、扩大经营规模。`, `添置经营设施，改善服务条件。`],
  };
  const ask = `申请 ${amountWan} 万元，期限 ${termMonths} 个月。`;
  const security = collateral.length
    ? `可提供${collateral.map((item) => COLLATERAL_WORDS[item]).join("、")}作为担保。`
    : "暂无抵押物，希望申请信用类产品或由担保公司增信。";
  return `${opening}${random.pick(body[purpose])}${ask}${security}`;
}

function generatedPlan(random: Random, enterprise: EnterpriseSeed, status: NeedStatus): NeedPlan {
  const line = businessLine(enterprise.lineKey);
  let purpose = random.weighted(line.purposes);
  if (purpose === P.EXPORT_ORDER && !line.exports) purpose = P.WORKING_CAPITAL;
  const isFarm = ([E.FARM_HOUSEHOLD, E.FAMILY_FARM, E.COOPERATIVE, E.AGRI_ENTERPRISE] as E[]).includes(
    enterprise.entityType,
  );
  return {
    status,
    purpose,
    visibility: random.chance(0.3) ? NeedVisibility.DIRECTED : NeedVisibility.OPEN,
    wantsGuarantee: random.chance(0.18),
    wantsInsurance: purpose === P.EXPORT_ORDER ? random.chance(0.5) : random.chance(isFarm ? 0.22 : 0.05),
  };
}

/** Engagement targets for a generated need, before institutions are chosen. */
function generatedEngagementStatuses(random: Random, status: NeedStatus, visibility: NeedVisibility): S[] {
  const directed = visibility === NeedVisibility.DIRECTED;
  switch (status) {
    case NeedStatus.OPEN:
      return directed && random.chance(0.6) ? [S.REQUESTED] : [];
    case NeedStatus.IN_PROGRESS: {
      const first = random.weighted([
        [S.ACCEPTED, 3],
        [S.CONTACTED, 3],
        [S.UNDER_REVIEW, 3],
        [S.APPROVED, 2],
      ] as const);
      const others = random.weighted([
        [0, 5],
        [1, 3],
        [2, 1],
      ] as const);
      const rest = Array.from({ length: others }, () =>
        random.weighted([
          [S.ACCEPTED, 2],
          [S.CONTACTED, 2],
          [S.DECLINED, 2],
          [S.REQUESTED, directed ? 2 : 0],
        ] as const),
      );
      return [first, ...rest];
    }
    case NeedStatus.SUCCEEDED:
      return random.chance(0.4) ? [S.DISBURSED, random.pick([S.DECLINED, S.WITHDRAWN])] : [S.DISBURSED];
    case NeedStatus.CLOSED_UNMET:
      return random.chance(0.35) ? [S.DECLINED, S.DECLINED] : [S.DECLINED];
    case NeedStatus.WITHDRAWN:
      return Array.from(
        {
          length: random.weighted([
            [0, 3],
            [1, 3],
            [2, 1],
          ] as const),
        },
        () => S.WITHDRAWN,
      );
    default:
      return [];
  }
}

// ───────────────────────────── the builder ─────────────────────────────

interface SimulatedEngagement {
  seed: EngagementSeed;
  institutionCode: string;
  productCode: string | null;
  /** Status reached before the final WITHDRAWN, for withdrawn engagements. */
  path: { status: S; at: Date }[];
}

class NeedBuilder {
  readonly events: EventSeed[] = [];
  readonly engagements: SimulatedEngagement[] = [];
  readonly consents: ConsentSeed[] = [];
  readonly directed: DirectedSeed[] = [];
  readonly outcomes: OutcomeSeed[] = [];

  constructor(
    readonly needId: string,
    readonly serial: number,
  ) {}

  event(
    event: Omit<EventSeed, "id" | "needId" | "fromStatus" | "toStatus" | "note" | "data" | "engagementId"> &
      Partial<EventSeed>,
  ): void {
    this.events.push({
      id: event.id ?? "",
      needId: this.needId,
      engagementId: event.engagementId ?? null,
      actorLogin: event.actorLogin,
      type: event.type,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      note: event.note ?? null,
      data: event.data ?? null,
      createdAt: event.createdAt,
    });
  }
}

export function buildNeeds(enterprises: readonly EnterpriseSeed[]): NeedGraph {
  const random = createRandom("needs");
  const graph: NeedGraph = { needs: [], directed: [], consents: [], engagements: [], outcomes: [], events: [] };
  let needSerial = 0;

  for (const enterprise of enterprises) {
    const plans: NeedPlan[] = [];
    const registeredDaysAgo = Math.floor((REFERENCE_INSTANT.getTime() - enterprise.createdAt.getTime()) / 86_400_000);
    const showcase = SHOWCASE_NEEDS[enterprise.serial];
    if (showcase) {
      plans.push(...showcase);
    } else {
      const count = random.weighted([
        [0, 15],
        [1, 55],
        [2, 25],
        [3, 5],
      ] as const);
      for (let index = 0; index < count; index++) {
        let status = random.weighted(STATUS_WEIGHTS);
        // A need cannot be older than the enterprise's registration on the platform.
        if (STATUS_WINDOWS[status][0] >= registeredDaysAgo) {
          status = ([NeedStatus.IN_PROGRESS, NeedStatus.OPEN, NeedStatus.DRAFT] as NeedStatus[]).find(
            (candidate) => STATUS_WINDOWS[candidate][0] < registeredDaysAgo,
          )!;
        }
        plans.push(generatedPlan(random, enterprise, status));
      }
    }
    for (const plan of plans) {
      needSerial++;
      buildOneNeed(random, graph, enterprise, plan, needSerial, registeredDaysAgo);
    }
  }

  return graph;
}

function buildOneNeed(
  random: Random,
  graph: NeedGraph,
  enterprise: EnterpriseSeed,
  plan: NeedPlan,
  serial: number,
  registeredDaysAgo: number,
): void {
  const needId = `seed-need-${pad(serial, 4)}`;
  const line = businessLine(enterprise.lineKey);
  const login = enterprise.contactPhone;
  const builder = new NeedBuilder(needId, serial);

  const purpose = plan.purpose ?? random.weighted(line.purposes);
  const amountWan = plan.amountWan ?? amountWanFor(random, enterprise, purpose);
  const termMonths = plan.termMonths ?? random.pick(TERMS[purpose]);
  const collateral = plan.collateral ?? collateralFor(random, line, purpose);
  const visibility = plan.visibility ?? NeedVisibility.OPEN;
  const wantsGuarantee = plan.wantsGuarantee ?? false;
  const wantsInsurance = plan.wantsInsurance ?? false;
  const description =
    plan.description ?? describeNeed(random, enterprise, line, purpose, amountWan, termMonths, collateral);
  const flags = deriveNeedFlags(enterprise, purpose, declaredFlags(line, purpose));
  const isPersonRun = enterprise.sizeClass === SizeClass.MICRO;
  const maxAnnualRate = random.chance(0.3)
    ? null
    : random.pick(
        isPersonRun ? ["4.50", "5.00", "5.50", "6.00", "6.50"] : ["3.50", "3.80", "4.00", "4.20", "4.50", "5.00"],
      );

  // ── when ──
  const [minDays, maxDays] = STATUS_WINDOWS[plan.status];
  const latest = Math.max(minDays, Math.min(maxDays, registeredDaysAgo - 1));
  // Most open needs are fresh (and get answered in time); a few have waited past the 3-working-day deadline.
  const daysAgo =
    plan.publishedDaysAgo ??
    (plan.status === NeedStatus.OPEN
      ? Math.min(latest, random.pick([0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6, 8]))
      : random.int(minDays, latest));
  const ceilingNow = addMinutes(REFERENCE_INSTANT, -30);

  const need: NeedSeed = {
    id: needId,
    enterpriseSerial: enterprise.serial,
    createdByLogin: login,
    regionCode: enterprise.regionCode,
    amount: wanToYuan(amountWan),
    termMonths,
    purposeCategory: purpose,
    description,
    shareDescription: random.chance(0.6),
    collateralOffered: [...collateral],
    maxAnnualRate,
    wantedBy: null,
    wantsLoan: true,
    wantsGuarantee,
    wantsInsurance,
    flags,
    visibility,
    allowWidening: visibility === NeedVisibility.OPEN ? true : random.chance(0.8),
    status: plan.status,
    publishedAt: null,
    expiresAt: null,
    firstResponseDueAt: null,
    firstRespondedAt: null,
    overdueSince: null,
    closedAt: null,
    closeNote: null,
    createdAt: REFERENCE_INSTANT,
    updatedAt: REFERENCE_INSTANT,
  };

  if (plan.status === NeedStatus.DRAFT) {
    need.createdAt = shanghaiInstant(daysBeforeReference(daysAgo), random.int(8, 21), random.int(0, 59));
    if (need.createdAt >= ceilingNow) need.createdAt = addMinutes(ceilingNow, -random.int(60, 600));
    need.updatedAt = need.createdAt;
    need.wantedBy = addCalendarDays(shanghaiDay(need.createdAt), random.int(20, 60));
    builder.event({ actorLogin: login, type: "NEED_CREATED", toStatus: NeedStatus.DRAFT, createdAt: need.createdAt });
    flush(graph, need, builder);
    return;
  }

  let publishedAt = shanghaiInstant(daysBeforeReference(daysAgo), random.int(8, 21), random.int(0, 59));
  if (publishedAt >= ceilingNow) publishedAt = addMinutes(ceilingNow, -random.int(60, 300));
  need.publishedAt = publishedAt;
  need.createdAt = addMinutes(publishedAt, -random.int(5, 240));
  need.expiresAt = addMinutes(publishedAt, VALIDITY_DAYS * 24 * HOUR);
  need.firstResponseDueAt = addWorkingDays(publishedAt, RESPONSE_WORKING_DAYS);
  need.wantedBy = addCalendarDays(shanghaiDay(publishedAt), random.int(15, 60));
  const publishDay = shanghaiDay(publishedAt);

  // The latest moment anything on this need may happen.
  let ceiling: Date;
  let withdrawnAt: Date | null = null;
  switch (plan.status) {
    case NeedStatus.WITHDRAWN:
      withdrawnAt = minDate(ceilingNow, addMinutes(publishedAt, random.int(2, 40) * 24 * HOUR + random.int(0, 600)));
      ceiling = addMinutes(withdrawnAt, -1);
      break;
    case NeedStatus.EXPIRED:
      ceiling = need.expiresAt;
      break;
    case NeedStatus.SUCCEEDED:
    case NeedStatus.CLOSED_UNMET:
      ceiling = minDate(ceilingNow, addMinutes(publishedAt, 80 * 24 * HOUR));
      break;
    default:
      ceiling = ceilingNow;
  }

  // ── who ──
  const facts: NeedFacts = {
    entityType: enterprise.entityType,
    regionCode: enterprise.regionCode,
    parkCode: enterprise.parkCode,
    industrySection: enterprise.industrySection,
    foundedOn: enterprise.foundedOn,
    amountWan,
    termMonths,
    collateral,
    day: publishDay,
  };
  const loanProducts = fittingProducts(ProductKind.LOAN, facts);
  const engagementPlans: EngagementPlan[] = plan.engagements ? [...plan.engagements] : [];
  if (!plan.engagements) {
    const targets = generatedEngagementStatuses(random, plan.status, visibility);
    // A need nothing fits still reaches its county's rural commercial bank, which serves everyone locally.
    const fitting = [...new Set(loanProducts.map((product) => product.institutionCode))];
    const institutions =
      plan.directedTo ?? (fitting.length > 0 ? fitting : [COUNTY_RURAL_BANK[enterprise.regionCode]!]);
    const chosen = random.sample(institutions.slice(0, 8), targets.length);
    targets.slice(0, chosen.length).forEach((status, index) => {
      const institutionCode = chosen[index]!;
      const productCode = loanProducts.find((product) => product.institutionCode === institutionCode)?.code;
      engagementPlans.push({ institutionCode, status, ...(productCode ? { productCode } : {}) });
    });
    // A guarantor or insurer working alongside the bank, when the enterprise asked for one.
    if (plan.status === NeedStatus.IN_PROGRESS) {
      for (const [wanted, kind] of [
        [wantsGuarantee, ProductKind.GUARANTEE],
        [wantsInsurance, ProductKind.INSURANCE],
      ] as const) {
        const activeCount = engagementPlans.filter((item) => ACTIVE_STATUSES.includes(item.status)).length;
        if (!wanted || activeCount >= 3 || !random.chance(0.6)) continue;
        const product = fittingProducts(kind, facts)[0];
        if (!product || engagementPlans.some((item) => item.institutionCode === product.institutionCode)) continue;
        engagementPlans.push({
          institutionCode: product.institutionCode,
          status: random.pick([S.ACCEPTED, S.CONTACTED, S.UNDER_REVIEW]),
          productCode: product.code,
        });
      }
    }
  }

  // ── directed picks and consent at publishing ──
  let directedCodes: string[] = [];
  if (visibility === NeedVisibility.DIRECTED) {
    directedCodes = plan.directedTo ? [...plan.directedTo] : engagementPlans.map((item) => item.institutionCode);
    if (!plan.directedTo) {
      const extra = [...new Set(loanProducts.map((product) => product.institutionCode))].filter(
        (code) => !directedCodes.includes(code),
      );
      while (directedCodes.length < 1 || (directedCodes.length < 3 && random.chance(0.35))) {
        const next = extra.shift() ?? "JYRCB";
        if (directedCodes.includes(next)) break;
        directedCodes.push(next);
      }
    }
    for (const institutionCode of directedCodes) {
      builder.directed.push({ needId, institutionCode, addedByEscalation: false, createdAt: need.createdAt });
    }
  }
  const consentTargets: (string | null)[] = visibility === NeedVisibility.OPEN ? [null] : directedCodes;
  consentTargets.forEach((institutionCode, index) => {
    builder.consents.push({
      id: `seed-consent-${pad(serial, 4)}-${index}`,
      needId,
      enterpriseSerial: enterprise.serial,
      institutionCode,
      grantedByLogin: login,
      grantedAt: publishedAt,
      withdrawnAt: null,
    });
  });
  const generalConsentId = visibility === NeedVisibility.OPEN ? builder.consents[0]!.id : null;

  builder.event({ actorLogin: login, type: "NEED_CREATED", toStatus: NeedStatus.DRAFT, createdAt: need.createdAt });
  const consentIds = builder.consents.map((consent) => consent.id);
  builder.event({
    actorLogin: login,
    type: "CONSENT_GRANTED",
    createdAt: publishedAt,
    data: (ids) => ({
      consentIds,
      textVersion: CONSENT_TEXT_VERSION,
      scope: visibility,
      institutionIds: directedCodes.map((code) => ids.institution(code)),
    }),
  });
  builder.event({
    actorLogin: login,
    type: "NEED_PUBLISHED",
    fromStatus: NeedStatus.DRAFT,
    toStatus: NeedStatus.OPEN,
    createdAt: publishedAt,
  });

  // ── engagements ──
  let stagger = 0;
  for (const [index, engagementPlan] of engagementPlans.entries()) {
    stagger += (random.int(1, 30) * HOUR) / 2;
    simulateEngagement(random, builder, {
      index,
      plan: engagementPlan,
      enterprise,
      need,
      visibility,
      generalConsentId,
      start: addMinutes(publishedAt, stagger),
      ceiling,
      withdrawnAt,
    });
  }

  // ── the need's own ending ──
  const disbursed = builder.engagements.find((item) => item.seed.status === S.DISBURSED);
  const acceptedTimes = builder.engagements.flatMap((item) => (item.seed.acceptedAt ? [item.seed.acceptedAt] : []));
  const firstAccepted = acceptedTimes.length ? minDate(...acceptedTimes) : null;
  const requestTimes = builder.engagements.map((item) => item.seed.requestedAt);
  need.firstRespondedAt = requestTimes.length ? minDate(...requestTimes) : null;

  switch (plan.status) {
    case NeedStatus.SUCCEEDED: {
      if (!disbursed) throw new Error(`${needId}: a succeeded need needs a disbursed engagement`);
      need.closedAt = disbursed.seed.closedAt;
      // Other institutions still working the need step back once the enterprise has its money.
      for (const other of builder.engagements) {
        if (other === disbursed || other.seed.status !== S.WITHDRAWN) continue;
        const at = minDate(ceilingNow, addMinutes(need.closedAt!, random.int(2, 72) * HOUR));
        endEngagementAsWithdrawn(
          builder,
          other,
          at,
          officerLogin(other.institutionCode),
          "企业已在其他机构获得融资，本机构结束对接。",
          { by: "INSTITUTION" },
        );
      }
      const disbursedEvent = builder.events.find(
        (event) =>
          event.engagementId === disbursed.seed.id &&
          event.toStatus === S.DISBURSED &&
          event.type === "OUTCOME_RECORDED",
      )!;
      builder.event({
        actorLogin: officerLogin(disbursed.institutionCode),
        engagementId: disbursed.seed.id,
        type: "NEED_SUCCEEDED",
        fromStatus: NeedStatus.IN_PROGRESS,
        toStatus: NeedStatus.SUCCEEDED,
        createdAt: disbursedEvent.createdAt,
      });
      break;
    }
    case NeedStatus.CLOSED_UNMET: {
      const lastDecision = maxDate(
        publishedAt,
        ...builder.engagements.map((item) => item.seed.closedAt ?? item.seed.updatedAt),
      );
      need.closedAt = minDate(ceilingNow, addMinutes(lastDecision, random.int(1, 5) * 24 * HOUR));
      need.closeNote = random.pick(CLOSE_UNMET_NOTES);
      builder.event({
        actorLogin: login,
        type: "NEED_CLOSED",
        fromStatus: firstAccepted ? NeedStatus.IN_PROGRESS : NeedStatus.OPEN,
        toStatus: NeedStatus.CLOSED_UNMET,
        note: need.closeNote,
        createdAt: need.closedAt,
      });
      break;
    }
    case NeedStatus.WITHDRAWN: {
      need.closedAt = withdrawnAt!;
      need.closeNote = random.pick(WITHDRAW_NOTES);
      for (const engagement of builder.engagements) {
        if (engagement.seed.status === S.WITHDRAWN && !engagement.seed.closedAt) {
          endEngagementAsWithdrawn(builder, engagement, withdrawnAt!, login, "企业已撤回该融资需求", {
            by: "ENTERPRISE",
          });
        }
      }
      builder.event({
        actorLogin: login,
        type: "NEED_WITHDRAWN",
        fromStatus: firstAccepted && firstAccepted < withdrawnAt! ? NeedStatus.IN_PROGRESS : NeedStatus.OPEN,
        toStatus: NeedStatus.WITHDRAWN,
        note: need.closeNote,
        createdAt: withdrawnAt!,
      });
      // Half of them also withdraw their consent, as the privacy rules allow.
      if (random.chance(0.5)) {
        const at = addMinutes(withdrawnAt!, random.int(1, 20));
        for (const consent of builder.consents) consent.withdrawnAt = at;
        const withdrawnIds = builder.consents.map((consent) => consent.id);
        builder.event({
          actorLogin: login,
          type: "CONSENT_WITHDRAWN",
          createdAt: at,
          data: () => ({ institutionId: null, consentIds: withdrawnIds, carriedToInstitutionIds: [] }),
        });
      }
      break;
    }
    case NeedStatus.EXPIRED: {
      need.closedAt = addMinutes(need.expiresAt!, random.int(5, 25));
      builder.event({
        actorLogin: null,
        type: "NEED_EXPIRED",
        fromStatus: NeedStatus.OPEN,
        toStatus: NeedStatus.EXPIRED,
        createdAt: need.closedAt,
      });
      break;
    }
    default:
      break;
  }

  applyDeadlines(random, builder, need, loanProducts);

  // Active engagements hold the need's slots 1..N in the order they started.
  let slot = 0;
  for (const engagement of [...builder.engagements].sort(
    (a, b) => a.seed.requestedAt.getTime() - b.seed.requestedAt.getTime(),
  )) {
    engagement.seed.activeSlot = ACTIVE_STATUSES.includes(engagement.seed.status) ? ++slot : null;
  }
  if (slot > 3) throw new Error(`${needId}: more than 3 active engagements`);

  need.updatedAt = maxDate(need.createdAt, ...builder.events.map((event) => event.createdAt));
  flush(graph, need, builder);
}

interface EngagementContext {
  index: number;
  plan: EngagementPlan;
  enterprise: EnterpriseSeed;
  need: NeedSeed;
  visibility: NeedVisibility;
  generalConsentId: string | null;
  start: Date;
  ceiling: Date;
  withdrawnAt: Date | null;
}

/** The steps an engagement goes through to reach its planned status (a withdrawn one stops somewhere first). */
function pathTo(random: Random, target: S, directed: boolean): S[] {
  const start: S[] = directed ? [S.REQUESTED, S.ACCEPTED] : [S.ACCEPTED];
  switch (target) {
    case S.REQUESTED:
      return [S.REQUESTED];
    case S.ACCEPTED:
      return start;
    case S.CONTACTED:
      return [...start, S.CONTACTED];
    case S.UNDER_REVIEW:
      return [...start, S.CONTACTED, S.UNDER_REVIEW];
    case S.APPROVED:
      return [...start, S.CONTACTED, S.UNDER_REVIEW, S.APPROVED];
    case S.DISBURSED:
      return [...start, S.CONTACTED, S.UNDER_REVIEW, S.APPROVED, S.DISBURSED];
    case S.DECLINED:
      return [...start, ...random.pick([[], [S.CONTACTED], [S.CONTACTED, S.UNDER_REVIEW]] as S[][]), S.DECLINED];
    case S.WITHDRAWN: {
      const reached = random.pick(
        directed ? [[S.REQUESTED], start, [...start, S.CONTACTED]] : [start, [...start, S.CONTACTED]],
      );
      return reached;
    }
  }
}

/** Hours between steps (the step's own "how long did that take"). */
const STEP_HOURS: Record<S, readonly [number, number]> = {
  REQUESTED: [0, 0],
  ACCEPTED: [1, 30],
  CONTACTED: [2, 48],
  UNDER_REVIEW: [24, 120],
  APPROVED: [48, 240],
  DISBURSED: [24, 168],
  DECLINED: [24, 200],
  WITHDRAWN: [24, 200],
};

function simulateEngagement(random: Random, builder: NeedBuilder, context: EngagementContext): void {
  const { plan, need, enterprise } = context;
  const directed = context.visibility === NeedVisibility.DIRECTED;
  const officer = officerLogin(plan.institutionCode);
  const engagementId = `seed-eng-${pad(builder.serial, 4)}-${context.index + 1}`;
  const steps = pathTo(random, plan.status, directed);

  // Raw offsets, then squeezed into [start, ceiling] so nothing happens after "today" or after the need ended.
  const offsets: number[] = [];
  let total = 0;
  for (const step of steps) {
    const [min, max] = STEP_HOURS[step];
    total += step === steps[0] ? 0 : random.int(min * HOUR, max * HOUR);
    offsets.push(total);
  }
  const start = context.start < context.ceiling ? context.start : addMinutes(need.publishedAt!, 30);
  const room = Math.max(10, (context.ceiling.getTime() - start.getTime()) / 60_000 - 5);
  const scale = total > room ? room / total : 1;
  const path = steps.map((status, index) => ({
    status,
    at: addMinutes(start, Math.round(offsets[index]! * scale) + index),
  }));

  const seed: EngagementSeed = {
    id: engagementId,
    needId: need.id,
    institutionCode: plan.institutionCode,
    officerLogin: officer,
    initiatedBy: EngagementInitiator.INSTITUTION,
    status: path[path.length - 1]!.status,
    activeSlot: null,
    requestedAt: path[0]!.at,
    acceptedAt: null,
    contactedAt: null,
    decisionDueAt: null,
    decidedAt: null,
    closedAt: null,
    createdAt: path[0]!.at,
    updatedAt: path[path.length - 1]!.at,
  };
  const simulated: SimulatedEngagement = {
    seed,
    institutionCode: plan.institutionCode,
    productCode: plan.productCode ?? null,
    path,
  };
  builder.engagements.push(simulated);

  const product = plan.productCode ? PRODUCTS.find((candidate) => candidate.code === plan.productCode) : undefined;
  let approvedWan = 0;
  let rate: string | null = null;
  let previous: S | null = null;
  for (const { status, at } of path) {
    switch (status) {
      case S.REQUESTED:
        builder.event({
          actorLogin: officer,
          engagementId,
          type: "ENGAGEMENT_REQUESTED",
          toStatus: S.REQUESTED,
          createdAt: at,
          data: () => ({}),
        });
        break;
      case S.ACCEPTED:
        seed.acceptedAt = at;
        seed.decisionDueAt = addWorkingDays(at, DECISION_WORKING_DAYS);
        if (previous === null) {
          // Claimed under the general consent of an OPEN need: accepted at once.
          seed.requestedAt = at;
          seed.createdAt = at;
          const consentId = context.generalConsentId;
          builder.event({
            actorLogin: officer,
            engagementId,
            type: "ENGAGEMENT_ACCEPTED",
            toStatus: S.ACCEPTED,
            createdAt: at,
            data: () => ({ consentId }),
          });
        } else {
          builder.event({
            actorLogin: officer,
            engagementId,
            type: "ENGAGEMENT_STATUS_CHANGED",
            fromStatus: previous,
            toStatus: S.ACCEPTED,
            createdAt: at,
          });
        }
        break;
      case S.CONTACTED:
        seed.contactedAt = at;
        builder.event({
          actorLogin: officer,
          engagementId,
          type: "ENGAGEMENT_STATUS_CHANGED",
          fromStatus: previous,
          toStatus: status,
          note: random.pick(STEP_NOTES.CONTACTED!),
          createdAt: at,
        });
        if (random.chance(0.25)) {
          builder.event({
            actorLogin: officer,
            engagementId,
            type: "NOTE_ADDED",
            note: "企业经营正常，用电量和纳税额同比增长，建议优先支持。",
            createdAt: addMinutes(at, random.int(60, 600)),
            data: () => ({ internal: true }),
          });
        }
        break;
      case S.UNDER_REVIEW:
        builder.event({
          actorLogin: officer,
          engagementId,
          type: "ENGAGEMENT_STATUS_CHANGED",
          fromStatus: previous,
          toStatus: status,
          note: random.pick(STEP_NOTES.UNDER_REVIEW!),
          createdAt: at,
        });
        break;
      case S.APPROVED: {
        seed.decidedAt = at;
        approvedWan = approvedAmountWan(random, Number(need.amount) / 10_000, product);
        rate = loanRate(random, product);
        const note = random.pick(STEP_NOTES.APPROVED!);
        builder.event({
          actorLogin: officer,
          engagementId,
          type: "ENGAGEMENT_STATUS_CHANGED",
          fromStatus: previous,
          toStatus: status,
          note,
          createdAt: at,
          data: () => ({}),
        });
        const outcomeId = `seed-out-${pad(builder.serial, 4)}-${context.index + 1}-1`;
        builder.outcomes.push({
          id: outcomeId,
          engagementId,
          version: 1,
          state: OutcomeState.ACTIVE,
          kind: OutcomeKind.APPROVED,
          approvedAmount: wanToYuan(approvedWan),
          disbursedAmount: null,
          annualRate: rate,
          termMonths: need.termMonths,
          decidedOn: shanghaiDay(at),
          productCode: product?.code ?? null,
          policyTool: product?.policyTool ?? null,
          firstLoanConfirmed: false,
          totalCreditAtInstitution: null,
          declineReason: null,
          declineMessage: null,
          recordedByLogin: officer,
          recordedAt: at,
        });
        builder.event({
          actorLogin: officer,
          engagementId,
          type: "OUTCOME_RECORDED",
          toStatus: OutcomeKind.APPROVED,
          createdAt: at,
          data: () => ({ outcomeId, kind: OutcomeKind.APPROVED }),
        });
        break;
      }
      case S.DISBURSED: {
        seed.closedAt = at;
        const disbursedWan = random.chance(0.85) ? approvedWan : Math.max(1, Math.round(approvedWan * 0.8));
        const existingCreditWan = enterprise.declaresNoPriorLoan ? 0 : random.pick([0, 0, 30, 50, 100, 200]);
        builder.event({
          actorLogin: officer,
          engagementId,
          type: "ENGAGEMENT_STATUS_CHANGED",
          fromStatus: previous,
          toStatus: status,
          note: random.pick(STEP_NOTES.DISBURSED!),
          createdAt: at,
          data: () => ({}),
        });
        const outcomeId = `seed-out-${pad(builder.serial, 4)}-${context.index + 1}-2`;
        builder.outcomes.push({
          id: outcomeId,
          engagementId,
          version: 2,
          state: OutcomeState.ACTIVE,
          kind: OutcomeKind.DISBURSED,
          approvedAmount: wanToYuan(approvedWan),
          disbursedAmount: wanToYuan(disbursedWan),
          annualRate: rate,
          termMonths: need.termMonths,
          decidedOn: shanghaiDay(at),
          productCode: product?.code ?? null,
          policyTool: product?.policyTool ?? null,
          // The lender checks 征信 at disbursement; now and then a "first loan" turns out to have an old record.
          firstLoanConfirmed: enterprise.declaresNoPriorLoan && random.chance(0.85),
          totalCreditAtInstitution: wanToYuan(approvedWan + existingCreditWan),
          declineReason: null,
          declineMessage: null,
          recordedByLogin: officer,
          recordedAt: at,
        });
        builder.event({
          actorLogin: officer,
          engagementId,
          type: "OUTCOME_RECORDED",
          toStatus: OutcomeKind.DISBURSED,
          createdAt: at,
          data: () => ({ outcomeId, kind: OutcomeKind.DISBURSED }),
        });
        break;
      }
      case S.DECLINED: {
        seed.decidedAt = at;
        seed.closedAt = at;
        const reason = plan.declineReason ?? random.weighted(DECLINE_WEIGHTS);
        const message = random.pick(DECLINE_MESSAGES[reason]);
        builder.event({
          actorLogin: officer,
          engagementId,
          type: "ENGAGEMENT_STATUS_CHANGED",
          fromStatus: previous,
          toStatus: status,
          note: message,
          createdAt: at,
          data: () => ({ declineReason: reason }),
        });
        const outcomeId = `seed-out-${pad(builder.serial, 4)}-${context.index + 1}-1`;
        builder.outcomes.push({
          id: outcomeId,
          engagementId,
          version: 1,
          state: OutcomeState.ACTIVE,
          kind: OutcomeKind.DECLINED,
          approvedAmount: null,
          disbursedAmount: null,
          annualRate: null,
          termMonths: null,
          decidedOn: shanghaiDay(at),
          productCode: null,
          policyTool: null,
          firstLoanConfirmed: false,
          totalCreditAtInstitution: null,
          declineReason: reason,
          declineMessage: message,
          recordedByLogin: officer,
          recordedAt: at,
        });
        builder.event({
          actorLogin: officer,
          engagementId,
          type: "OUTCOME_RECORDED",
          toStatus: OutcomeKind.DECLINED,
          createdAt: at,
          data: () => ({ outcomeId, kind: OutcomeKind.DECLINED }),
        });
        break;
      }
      case S.WITHDRAWN:
        break;
    }
    previous = status;
  }

  // A withdrawn engagement stopped at the last reached step; the need's ending (or the officer) withdraws it.
  if (plan.status === S.WITHDRAWN) {
    seed.status = S.WITHDRAWN;
    if (context.withdrawnAt === null && need.status !== NeedStatus.SUCCEEDED) {
      const at = minDate(context.ceiling, addMinutes(path[path.length - 1]!.at, random.int(24, 200) * HOUR));
      endEngagementAsWithdrawn(builder, simulated, at, officer, "企业暂无融资意向，本机构结束对接。", {
        by: "INSTITUTION",
      });
    }
  }
}

function endEngagementAsWithdrawn(
  builder: NeedBuilder,
  engagement: SimulatedEngagement,
  at: Date,
  actorLogin: string,
  note: string,
  data: Record<string, string>,
): void {
  const from = engagement.path[engagement.path.length - 1]!.status;
  engagement.seed.status = S.WITHDRAWN;
  engagement.seed.closedAt = at;
  engagement.seed.updatedAt = at;
  builder.event({
    actorLogin,
    engagementId: engagement.seed.id,
    type: "ENGAGEMENT_STATUS_CHANGED",
    fromStatus: from,
    toStatus: S.WITHDRAWN,
    note,
    createdAt: at,
    data: () => data,
  });
}

function approvedAmountWan(random: Random, askedWan: number, product: ProductSeed | undefined): number {
  const share = random.pick([1, 1, 1, 0.9, 0.8, 0.6]);
  let approved = niceWan(askedWan * share);
  if (product) approved = Math.min(approved, Number(product.amountWan[1]));
  return Math.max(1, Math.floor(approved));
}

function loanRate(random: Random, product: ProductSeed | undefined): string {
  const [min, max] = product?.annualRate ?? ["3.45", "4.35"];
  const low = percentToBasisPoints(min);
  const high = percentToBasisPoints(max);
  return basisPointsToPercent(low + Math.floor(random.int(0, Math.floor((high - low) / 5))) * 5);
}

/**
 * The deadline scanner's view of this history (app/modules/deadlines): one working day before a deadline that is
 * still open it leaves a DEADLINE_REMINDER marker; a first response later than 3 working days, or an accepted
 * engagement without a decision after 15, is escalated once (DEADLINE_ESCALATED marker), flags the need overdue from
 * the deadline and widens a DIRECTED need that allows it. Marker ids are the scanner's own, so a scan run on the
 * seeded data finds nothing left to do.
 */
function applyDeadlines(
  random: Random,
  builder: NeedBuilder,
  need: NeedSeed,
  loanProducts: readonly ProductSeed[],
): void {
  const liveUntil = minDate(need.closedAt ?? REFERENCE_INSTANT, REFERENCE_INSTANT);
  const deadlines: {
    kind: "FIRST_RESPONSE" | "DECISION";
    dueAt: Date;
    engagementId: string | null;
    settledAt: Date;
  }[] = [
    {
      kind: "FIRST_RESPONSE",
      dueAt: need.firstResponseDueAt!,
      engagementId: null,
      settledAt: need.firstRespondedAt ?? REFERENCE_INSTANT,
    },
  ];
  for (const engagement of builder.engagements) {
    if (!engagement.seed.decisionDueAt) continue;
    deadlines.push({
      kind: "DECISION",
      dueAt: engagement.seed.decisionDueAt,
      engagementId: engagement.seed.id,
      settledAt: engagement.seed.decidedAt ?? engagement.seed.closedAt ?? REFERENCE_INSTANT,
    });
  }

  for (const deadline of deadlines) {
    const subjectId = deadline.engagementId ?? need.id;
    const dueIso = deadline.dueAt.toISOString();
    // The scanner runs every few minutes and only looks at live needs.
    const reminderAt = addMinutes(subtractWorkingDays(deadline.dueAt, REMINDER_LEAD_WORKING_DAYS), random.int(2, 15));
    if (reminderAt < deadline.settledAt && reminderAt < liveUntil && reminderAt < deadline.dueAt) {
      builder.event({
        id: `deadline-reminder-${deadline.kind}-${subjectId}`,
        actorLogin: null,
        engagementId: deadline.engagementId,
        type: "DEADLINE_REMINDER",
        createdAt: maxDate(reminderAt, need.publishedAt!),
        data: () => ({ deadline: deadline.kind, dueAt: dueIso }),
      });
    }
    if (!(deadline.dueAt < deadline.settledAt && deadline.dueAt < liveUntil)) continue;

    const at = minDate(addMinutes(deadline.dueAt, random.int(2, 15)), addMinutes(liveUntil, -1));
    let widened: string[] = [];
    if (deadline.kind === "FIRST_RESPONSE" && need.visibility === NeedVisibility.DIRECTED && need.allowWidening) {
      const already = new Set(builder.directed.map((item) => item.institutionCode));
      widened = [...new Set(loanProducts.map((product) => product.institutionCode))]
        .filter((code) => !already.has(code))
        .slice(0, 3);
      for (const institutionCode of widened)
        builder.directed.push({ needId: need.id, institutionCode, addedByEscalation: true, createdAt: at });
    }
    builder.event({
      id: `deadline-escalated-${deadline.kind}-${subjectId}`,
      actorLogin: null,
      engagementId: deadline.engagementId,
      type: "DEADLINE_ESCALATED",
      note: deadline.kind === "FIRST_RESPONSE" ? "首次响应超时，已上报并扩大推送" : "审批决定超时，已上报",
      createdAt: at,
      data: (ids) => ({
        deadline: deadline.kind,
        dueAt: dueIso,
        widenedInstitutionIds: widened.map((code) => ids.institution(code)),
      }),
    });
    need.overdueSince = need.overdueSince && need.overdueSince < deadline.dueAt ? need.overdueSince : deadline.dueAt;
  }
}

function flush(graph: NeedGraph, need: NeedSeed, builder: NeedBuilder): void {
  graph.needs.push(need);
  graph.directed.push(...builder.directed);
  graph.consents.push(...builder.consents);
  graph.engagements.push(...builder.engagements.map((item) => item.seed));
  graph.outcomes.push(...builder.outcomes);
  // Timeline in time order; events of one action share an instant, so later ones get a second more to keep the
  // order readable ("seed-evt-0001-003" is the third thing that happened).
  const ordered = [...builder.events].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  ordered.forEach((event, index) => {
    const previous = ordered[index - 1];
    if (previous && event.createdAt <= previous.createdAt)
      event.createdAt = new Date(previous.createdAt.getTime() + 1000);
    if (!event.id) event.id = `seed-evt-${pad(builder.serial, 4)}-${pad(index + 1, 3)}`;
  });
  graph.events.push(...ordered);
}
