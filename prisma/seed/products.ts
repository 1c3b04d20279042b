/**
 * The product catalogue (金融产品超市): loans, insurance and guarantees that carry out the city plan —
 * 转移企业专属贷, 整村授信, 渔船/海域使用权抵押, 林业/海洋碳汇, 碳减排, 可再生能源补贴确权, 知识产权质押,
 * 保单融资/贸融易, 政银保, 政银担, 春耕贷, 首贷户, 普惠小微信用贷, 设备更新, 科技贷, 外贸贷 …
 *
 * Amounts are written in 万元 (as strings) and converted exactly with Decimal; rates are percent per year
 * ("3.45" = 3.45%). Loans carry an annual-rate range, insurance a premium rate and guarantees a fee rate.
 * Insurance amounts are sums insured; annual policies renew, so their term range is the loan terms they can
 * accompany (政银保, 贸融易) rather than the one-year policy period.
 * Terms and figures are realistic for 2026 but illustrative: they are demo data, not offers.
 */
import {
  Collateral as C,
  EntityType as E,
  PolicyTool,
  ProductFlag as F,
  ProductKind,
  ProductStatus,
} from "../../app/generated/prisma/client.ts";
import { CITY_CODE, COUNTY_CODES, parksInCounty } from "./regions.ts";

export interface ProductSeed {
  code: string;
  institutionCode: string;
  kind: ProductKind;
  name: string;
  summary: string;
  description: string;
  /** [min, max] in 万元. */
  amountWan: readonly [string, string];
  termMonths: readonly [number, number];
  /** Loans: [min, max] annual rate, percent. */
  annualRate?: readonly [string, string];
  /** Insurance premium rate / guarantee fee rate, percent per year. */
  feeRate?: string;
  acceptedCollateral: readonly C[];
  /** Empty = every entity type. */
  eligibleEntityTypes: readonly E[];
  /** GB/T 4754 sections; empty = every industry. */
  eligibleIndustrySections: readonly string[];
  regionCodes: readonly string[];
  minYearsInBusiness: number;
  flags: readonly F[];
  policyTool: PolicyTool | null;
  status: ProductStatus;
  /** YYYY-MM-DD */
  validFrom: string;
  validTo: string;
}

// Entity-type groups used across the catalogue.
const SMALL_BUSINESSES = [E.SMALL_MICRO, E.INDIVIDUAL_BUSINESS] as const;
const FIRMS = [E.TRANSFERRED_FIRM, E.SMALL_MICRO, E.AGRI_ENTERPRISE, E.OTHER] as const;
const FARMERS = [E.FARM_HOUSEHOLD, E.FAMILY_FARM, E.COOPERATIVE] as const;
const AGRI_ENTITIES = [...FARMERS, E.AGRI_ENTERPRISE] as const;
const INCLUSIVE_ENTITIES = [E.SMALL_MICRO, E.INDIVIDUAL_BUSINESS, E.TRANSFERRED_FIRM, E.FAMILY_FARM, E.COOPERATIVE] as const;

const CITY = [CITY_CODE] as const;
const county = (code: string) => [code, ...parksInCounty(code)];

type Draft = Omit<ProductSeed, "status" | "validFrom" | "validTo" | "minYearsInBusiness" | "policyTool" | "eligibleIndustrySections" | "regionCodes"> &
  Partial<Pick<ProductSeed, "status" | "validFrom" | "validTo" | "minYearsInBusiness" | "policyTool" | "eligibleIndustrySections" | "regionCodes">>;

/** Most products are published for 2026–2027 in the whole city; rows override what differs. */
function product(draft: Draft): ProductSeed {
  return {
    status: ProductStatus.PUBLISHED,
    validFrom: "2026-01-01",
    validTo: "2027-12-31",
    minYearsInBusiness: 0,
    policyTool: null,
    eligibleIndustrySections: [],
    regionCodes: CITY,
    ...draft,
  };
}

const { LOAN, INSURANCE, GUARANTEE } = ProductKind;

export const PRODUCTS: readonly ProductSeed[] = [
  // ───────────── 工商银行揭阳分行 ─────────────
  product({
    code: "ICBC-JY-JYKD", institutionCode: "ICBC-JY", kind: LOAN, name: "经营快贷（普惠小微信用贷）",
    summary: "纯信用、线上申请，按纳税和结算数据自动核定额度，随借随还。",
    description: "面向依法纳税、结算稳定的小微企业和个体工商户，依据纳税、结算、代发工资等数据自动测算授信额度，手机银行线上申请、最快当天放款；按日计息、随借随还。纳入普惠型小微企业贷款统计，首次在工行贷款的客户可享首贷利率优惠。",
    amountWan: ["3", "500"], termMonths: [1, 12], annualRate: ["3.10", "3.85"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [...SMALL_BUSINESSES, E.TRANSFERRED_FIRM], minYearsInBusiness: 1,
    flags: [F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY], policyTool: PolicyTool.INCLUSIVE_SMALL_MICRO_TOOL,
  }),
  product({
    code: "ICBC-JY-TRANSFER", institutionCode: "ICBC-JY", kind: LOAN, name: "转移企业专属贷",
    summary: "承接珠三角产业转移专属信贷：联动转出地工行联合授信，支持设备搬迁、厂房建设和流动资金。",
    description: "为从珠三角迁入大南海石化工业区、惠来县临港产业园、揭阳高新区及各县（市、区）产业转移合作园区的企业量身定制。可与企业原所在地工行分行联合授信，认可转出地经营记录，提供厂房建设、设备搬迁安装、流动资金一揽子融资，中长期贷款最长 5 年。",
    amountWan: ["100", "5000"], termMonths: [12, 60], annualRate: ["3.00", "3.95"],
    acceptedCollateral: [C.REAL_ESTATE, C.EQUIPMENT, C.LAND_USE_RIGHT, C.RECEIVABLES, C.GUARANTEE_COMPANY],
    eligibleEntityTypes: [E.TRANSFERRED_FIRM], eligibleIndustrySections: ["C", "D", "G", "I", "M"], flags: [F.TRANSFER],
  }),
  product({
    code: "ICBC-JY-EQUIP", institutionCode: "ICBC-JY", kind: LOAN, name: "设备更新改造贷款",
    summary: "支持大规模设备更新和技术改造，可申请科技创新和技术改造再贷款贴息。",
    description: "用于购置生产设备、数字化改造、节能降碳设备更新等，以所购设备或厂房抵押，贷款期限最长 5 年，可按设备投产进度分期提款。纳入国家设备更新项目清单的，可享受财政贴息和再贷款优惠利率。",
    amountWan: ["50", "3000"], termMonths: [12, 60], annualRate: ["2.95", "3.60"],
    acceptedCollateral: [C.EQUIPMENT, C.REAL_ESTATE, C.GUARANTEE_COMPANY], eligibleEntityTypes: FIRMS,
    eligibleIndustrySections: ["C", "D", "I"], minYearsInBusiness: 1, flags: [F.TECH], policyTool: PolicyTool.TECH_INNOVATION_RELENDING,
  }),
  product({
    code: "ICBC-JY-IPPLEDGE", institutionCode: "ICBC-JY", kind: LOAN, name: "知识产权质押贷款",
    summary: "以发明专利、实用新型、商标专用权质押，让“知本”变“资本”。",
    description: "面向拥有有效专利或注册商标的科技型中小企业，以知识产权质押为主要担保方式，评估费由市知识产权局专项资金补贴；可叠加知识产权质押融资保证保险。适用于研发投入、成果转化和扩大生产。",
    amountWan: ["50", "1000"], termMonths: [6, 36], annualRate: ["3.20", "4.20"],
    acceptedCollateral: [C.IP_PLEDGE], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM, E.OTHER],
    eligibleIndustrySections: ["C", "I", "M"], minYearsInBusiness: 1, flags: [F.TECH], policyTool: PolicyTool.TECH_INNOVATION_RELENDING,
  }),

  // ───────────── 农业银行揭阳分行 ─────────────
  product({
    code: "ABC-JY-HNED", institutionCode: "ABC-JY", kind: LOAN, name: "惠农e贷·整村授信",
    summary: "整村建档、批量授信，农户凭信用即可贷款，线上随借随还。",
    description: "农行联合镇村两委开展整村授信：入村建档评级，对信用良好的农户、家庭农场主批量核定信用额度，最高 50 万元。掌上银行线上支用、随借随还，用于种植、养殖、农产品购销等生产经营。纳入支农再贷款支持范围，利率优惠。",
    amountWan: ["1", "50"], termMonths: [1, 36], annualRate: ["3.45", "4.35"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [E.FARM_HOUSEHOLD, E.FAMILY_FARM, E.INDIVIDUAL_BUSINESS],
    flags: [F.AGRI, F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),
  product({
    code: "ABC-JY-SPRING", institutionCode: "ABC-JY", kind: LOAN, name: "春耕贷",
    summary: "春耕备耕专项：种子、化肥、农药、农机采购资金，快审快批。",
    description: "面向种粮大户、家庭农场、农民专业合作社和农业企业，用于春耕备耕期间采购种子、化肥、农药、农膜及农机作业服务。开辟春耕绿色通道，资料齐全 3 个工作日内审批；可接受农村土地经营权抵押或政府性融资担保。",
    amountWan: ["5", "300"], termMonths: [3, 12], annualRate: ["3.40", "4.10"],
    acceptedCollateral: [C.CREDIT, C.LAND_USE_RIGHT, C.GUARANTEE_COMPANY], eligibleEntityTypes: AGRI_ENTITIES,
    eligibleIndustrySections: ["A"], flags: [F.AGRI, F.INCLUSIVE], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
    validFrom: "2026-01-01", validTo: "2027-06-30",
  }),
  product({
    code: "ABC-JY-TAXE", institutionCode: "ABC-JY", kind: LOAN, name: "纳税e贷",
    summary: "按纳税信用核定额度的线上信用贷，纳税信用 A、B 级企业可申请。",
    description: "以企业纳税信用等级和近两年纳税数据为依据核定额度，无需抵押担保，全流程线上办理。适合订单增长、需要补充流动资金的小微企业。",
    amountWan: ["10", "300"], termMonths: [1, 12], annualRate: ["3.30", "4.00"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM], minYearsInBusiness: 2,
    flags: [F.INCLUSIVE], policyTool: PolicyTool.INCLUSIVE_SMALL_MICRO_TOOL,
  }),
  product({
    code: "ABC-JY-FORESTCARBON", institutionCode: "ABC-JY", kind: LOAN, name: "林业碳汇贷",
    summary: "以林权及林业碳汇预期收益权质押，支持造林抚育和林下经济。",
    description: "面向揭西、普宁山区的林场、林业合作社和营林企业，以林权抵押叠加林业碳汇预期收益权质押，经第三方碳汇计量后确定额度。用于造林、森林抚育、油茶和林下种植，助力生态发展区绿色发展。",
    amountWan: ["20", "1000"], termMonths: [12, 96], annualRate: ["3.30", "4.20"],
    acceptedCollateral: [C.FOREST_RIGHT, C.CARBON_RIGHT], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A"],
    regionCodes: [COUNTY_CODES.jiexi, COUNTY_CODES.puning, COUNTY_CODES.jiedong], flags: [F.GREEN, F.AGRI],
  }),

  // ───────────── 中国银行揭阳分行 ─────────────
  product({
    code: "BOC-JY-FOREIGN", institutionCode: "BOC-JY", kind: LOAN, name: "外贸贷（出口订单融资）",
    summary: "凭出口订单、信用证或出口信保保单融资，支持备货生产。",
    description: "面向有进出口经营权的中小外贸企业，依据真实出口订单或信用证提供备货融资，出口后以收汇款项归还。投保中国信保短期出口信用保险的，可适当提高融资比例、降低担保要求。适用于五金不锈钢、服装内衣、塑料制品、玉器工艺品等出口企业。",
    amountWan: ["20", "2000"], termMonths: [3, 12], annualRate: ["2.90", "3.80"],
    acceptedCollateral: [C.RECEIVABLES, C.POLICY, C.REAL_ESTATE, C.DEPOSIT_RECEIPT], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM, E.OTHER],
    eligibleIndustrySections: ["C", "F"], minYearsInBusiness: 1, flags: [F.INCLUSIVE],
  }),
  product({
    code: "BOC-JY-TRADEEASE", institutionCode: "BOC-JY", kind: LOAN, name: "贸融易·保单融资",
    summary: "中国信保保单 + 银行融资：以出口信用保险赔款权益转让获得信用融资。",
    description: "落实“贸融易”政银保合作政策：企业投保中国信保短期险并将赔款权益转让给银行，凭出口单据获得融资，无需额外抵押。小微外贸企业可享保费财政补贴和优惠利率。",
    amountWan: ["10", "1000"], termMonths: [1, 12], annualRate: ["2.80", "3.60"],
    acceptedCollateral: [C.POLICY], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM], eligibleIndustrySections: ["C", "F"],
    flags: [F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY], policyTool: PolicyTool.INCLUSIVE_SMALL_MICRO_TOOL,
  }),
  product({
    code: "BOC-JY-EQUICK", institutionCode: "BOC-JY", kind: LOAN, name: "中银企E贷·信用贷",
    summary: "基于企业经营和纳税数据的线上信用贷款，首贷户优先。",
    description: "小微企业主通过手机银行提交申请，系统自动审批；对首次在银行贷款的企业实行“首贷续贷中心”专人服务，额度和利率单独核定。",
    amountWan: ["5", "300"], termMonths: [1, 12], annualRate: ["3.15", "3.90"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [...SMALL_BUSINESSES], minYearsInBusiness: 1,
    flags: [F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY], policyTool: PolicyTool.INCLUSIVE_SMALL_MICRO_TOOL,
  }),

  // ───────────── 建设银行揭阳分行 ─────────────
  product({
    code: "CCB-JY-YUNSHUI", institutionCode: "CCB-JY", kind: LOAN, name: "惠懂你·云税贷",
    summary: "“惠懂你”APP 一键测额，按纳税数据授信，纯信用。",
    description: "基于企业纳税信息的全线上信用贷款，在“惠懂你”APP 授权查询税务数据后即时测额，额度最高 300 万元，循环使用。首贷户可享利率优惠。",
    amountWan: ["5", "300"], termMonths: [1, 12], annualRate: ["3.20", "3.95"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [...SMALL_BUSINESSES, E.TRANSFERRED_FIRM], minYearsInBusiness: 1,
    flags: [F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY], policyTool: PolicyTool.INCLUSIVE_SMALL_MICRO_TOOL,
  }),
  product({
    code: "CCB-JY-SCITECH", institutionCode: "CCB-JY", kind: LOAN, name: "科技贷（善新贷）",
    summary: "按“技术流”评价科技企业，专精特新、高新技术企业信用额度最高 1000 万元。",
    description: "以企业研发投入、专利、人才团队等“技术流”指标评价授信，对高新技术企业、专精特新中小企业给予信用额度，可叠加知识产权质押扩大额度。用于研发投入、中试和产业化。",
    amountWan: ["50", "2000"], termMonths: [6, 36], annualRate: ["3.00", "3.80"],
    acceptedCollateral: [C.CREDIT, C.IP_PLEDGE], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM, E.OTHER],
    eligibleIndustrySections: ["C", "I", "M"], minYearsInBusiness: 2, flags: [F.TECH], policyTool: PolicyTool.TECH_INNOVATION_RELENDING,
  }),
  product({
    code: "CCB-JY-CARBON", institutionCode: "CCB-JY", kind: LOAN, name: "碳减排贷款",
    summary: "清洁能源、节能环保、碳减排技术项目专项贷款，适用人民银行碳减排支持工具。",
    description: "支持屋顶分布式光伏、海上风电配套、余热余压利用、工业节能改造等碳减排项目。项目需测算并披露碳减排量，符合条件的贷款可申请碳减排支持工具资金，执行优惠利率。",
    amountWan: ["300", "20000"], termMonths: [12, 120], annualRate: ["2.85", "3.50"],
    acceptedCollateral: [C.EQUIPMENT, C.REAL_ESTATE, C.SUBSIDY_RECEIVABLE, C.RECEIVABLES], eligibleEntityTypes: FIRMS,
    eligibleIndustrySections: ["C", "D"], flags: [F.GREEN], policyTool: PolicyTool.CARBON_REDUCTION_TOOL,
  }),
  product({
    code: "CCB-JY-MORTGAGE", institutionCode: "CCB-JY", kind: LOAN, name: "抵押快贷",
    summary: "以住房或商铺抵押，线上评估、最长 10 年，满足小微企业中长期资金需要。",
    description: "小微企业主或个体工商户以本人或家庭名下住房、商铺抵押，线上估值、最高可贷评估价的 70%，单户最高 1000 万元，额度内循环使用。",
    amountWan: ["10", "1000"], termMonths: [12, 120], annualRate: ["3.10", "3.75"],
    acceptedCollateral: [C.REAL_ESTATE], eligibleEntityTypes: [...SMALL_BUSINESSES, E.TRANSFERRED_FIRM, E.FAMILY_FARM],
    flags: [F.INCLUSIVE], policyTool: PolicyTool.INCLUSIVE_SMALL_MICRO_TOOL,
  }),

  product({
    code: "CCB-JY-SOCIAL", institutionCode: "CCB-JY", kind: LOAN, name: "普惠养老及社会服务贷款",
    summary: "面向养老机构、职业培训学校、托育和物业等社会服务主体的经营贷款。",
    description: "支持普惠型养老机构、民办职业技能培训学校、托育机构和园区物业服务企业购置设施设备、适老化改造和日常周转，可以收费权、应收账款质押或房产抵押，符合条件的养老项目执行普惠养老专项优惠利率。",
    amountWan: ["20", "1000"], termMonths: [6, 60], annualRate: ["3.05", "3.90"],
    acceptedCollateral: [C.REAL_ESTATE, C.RECEIVABLES, C.GUARANTEE_COMPANY], eligibleEntityTypes: [E.OTHER, E.SMALL_MICRO],
    eligibleIndustrySections: ["K", "L", "O", "P", "Q"], flags: [F.INCLUSIVE],
  }),

  // ───────────── 交通银行揭阳分行 ─────────────
  product({
    code: "BOCOM-JY-ONLINEMORT", institutionCode: "BOCOM-JY", kind: LOAN, name: "线上抵押贷",
    summary: "房产抵押线上申请、当天预审，最长 10 年。",
    description: "面向小微企业及个体工商户，以房产抵押，线上提交申请，银行上门面签办理抵押登记，可选择先息后本、分期还本。",
    amountWan: ["20", "1000"], termMonths: [12, 120], annualRate: ["3.15", "3.90"],
    acceptedCollateral: [C.REAL_ESTATE], eligibleEntityTypes: [...SMALL_BUSINESSES, E.TRANSFERRED_FIRM], minYearsInBusiness: 1,
    flags: [F.INCLUSIVE],
  }),
  product({
    code: "BOCOM-JY-SUPPLY", institutionCode: "BOCOM-JY", kind: LOAN, name: "石化配套供应链融资",
    summary: "为大南海石化工业区核心企业的上下游供应商提供应收账款融资。",
    description: "依托大南海石化工业区核心企业的确权应付账款，为其工程、设备、物流、化工原料等配套供应商提供应收账款质押融资，核心企业在线确权、资金当天到账。",
    amountWan: ["50", "3000"], termMonths: [3, 12], annualRate: ["3.00", "3.70"],
    acceptedCollateral: [C.RECEIVABLES], eligibleEntityTypes: [E.TRANSFERRED_FIRM, E.SMALL_MICRO],
    eligibleIndustrySections: ["C", "E", "F", "G"], regionCodes: [COUNTY_CODES.huilai, ...parksInCounty(COUNTY_CODES.huilai)],
    flags: [F.TRANSFER],
  }),

  // ───────────── 邮储银行揭阳市分行 ─────────────
  product({
    code: "PSBC-JY-XWYD", institutionCode: "PSBC-JY", kind: LOAN, name: "小微易贷",
    summary: "依托税务、发票、结算数据的线上小微信用贷款。",
    description: "小微企业及个体工商户在线申请，系统依据纳税、发票或结算流水自动审批，单户最高 300 万元。",
    amountWan: ["5", "300"], termMonths: [1, 12], annualRate: ["3.25", "4.10"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [...SMALL_BUSINESSES], minYearsInBusiness: 1,
    flags: [F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY], policyTool: PolicyTool.INCLUSIVE_SMALL_MICRO_TOOL,
  }),
  product({
    code: "PSBC-JY-FIRSTLOAN", institutionCode: "PSBC-JY", kind: LOAN, name: "首贷户专属贷",
    summary: "专为从未在银行贷过款的小微企业、个体工商户设计，利率优惠、流程简化。",
    description: "对征信无贷款记录的经营主体，凭营业执照和半年以上经营流水即可申请信用贷款，客户经理上门服务；首笔贷款执行优惠利率，按时还款后可转为常规授信。",
    amountWan: ["3", "100"], termMonths: [3, 12], annualRate: ["3.20", "3.90"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [...SMALL_BUSINESSES, E.FAMILY_FARM, E.FARM_HOUSEHOLD],
    flags: [F.FIRST_LOAN_FRIENDLY, F.INCLUSIVE], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),
  product({
    code: "PSBC-JY-CREDITVILLAGE", institutionCode: "PSBC-JY", kind: LOAN, name: "信用村整村授信·极速贷",
    summary: "“信用户、信用村、信用乡镇”建设，农户纯信用贷款。",
    description: "邮储银行与镇村共建信用村，对评定为信用户的农户批量授信，手机银行自助支用，支持种养殖、农资购买和农村小商户经营。",
    amountWan: ["1", "30"], termMonths: [1, 24], annualRate: ["3.60", "4.50"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [E.FARM_HOUSEHOLD, E.FAMILY_FARM], eligibleIndustrySections: ["A"],
    flags: [F.AGRI, F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),

  // ───────────── 国开行广东省分行 ─────────────
  product({
    code: "CDB-GD-PARKS", institutionCode: "CDB-GD", kind: LOAN, name: "“驰援粤东粤西粤北”园区及产业转移中长期贷款",
    summary: "国开行专项融资：产业转移主平台基础设施和重大承接项目中长期贷款。",
    description: "支持“一核双区”及各县（市、区）产业转移合作园区的标准厂房、基础设施和重大产业项目建设，期限最长 20 年，可设宽限期。适用于园区运营主体和落户的转移企业重大项目。",
    amountWan: ["3000", "50000"], termMonths: [36, 240], annualRate: ["2.80", "3.40"],
    acceptedCollateral: [C.LAND_USE_RIGHT, C.REAL_ESTATE, C.RECEIVABLES], eligibleEntityTypes: [E.TRANSFERRED_FIRM, E.OTHER],
    eligibleIndustrySections: ["C", "D", "E", "G", "N"], flags: [F.TRANSFER],
  }),
  product({
    code: "CDB-GD-RENEWSUBSIDY", institutionCode: "CDB-GD", kind: LOAN, name: "可再生能源补贴确权贷款",
    summary: "以已确权的可再生能源电价补贴收益权质押，盘活光伏、风电项目应收补贴。",
    description: "面向纳入补贴清单的光伏、风电项目企业，以财政部确权的可再生能源补贴收益权质押，缓解补贴拖欠造成的资金压力，贷款期限与补贴回收周期匹配。",
    amountWan: ["1000", "30000"], termMonths: [12, 180], annualRate: ["2.80", "3.30"],
    acceptedCollateral: [C.SUBSIDY_RECEIVABLE], eligibleEntityTypes: [E.TRANSFERRED_FIRM, E.SMALL_MICRO, E.OTHER],
    eligibleIndustrySections: ["D"], flags: [F.GREEN], policyTool: PolicyTool.CARBON_REDUCTION_TOOL,
  }),

  // ───────────── 农发行揭阳市分行 ─────────────
  product({
    code: "ADBC-JY-AGRIIND", institutionCode: "ADBC-JY", kind: LOAN, name: "农业产业化龙头企业贷款",
    summary: "支持农业产业化龙头企业和农业产业园建设，差异化准入、快速办贷。",
    description: "面向市级以上农业龙头企业和示范社，用于农产品收购、加工、冷链仓储和现代农业产业园建设，在准入条件、授信约束和办贷时限上实施差异化支持。",
    amountWan: ["300", "10000"], termMonths: [12, 96], annualRate: ["3.00", "3.70"],
    acceptedCollateral: [C.REAL_ESTATE, C.LAND_USE_RIGHT, C.EQUIPMENT, C.GUARANTEE_COMPANY], eligibleEntityTypes: [E.AGRI_ENTERPRISE, E.COOPERATIVE],
    eligibleIndustrySections: ["A", "C", "F"], minYearsInBusiness: 2, flags: [F.AGRI],
  }),
  product({
    code: "ADBC-JY-MARINERANCH", institutionCode: "ADBC-JY", kind: LOAN, name: "现代化海洋牧场贷款",
    summary: "支持深水网箱、养殖工船、渔港和海洋牧场建设。",
    description: "面向惠来沿海海水养殖企业和合作社，以海域使用权抵押，用于深远海网箱、贝藻养殖设施、苗种繁育和冷链加工，期限最长 10 年。",
    amountWan: ["200", "20000"], termMonths: [24, 120], annualRate: ["2.95", "3.60"],
    acceptedCollateral: [C.SEA_AREA_USE_RIGHT, C.EQUIPMENT, C.GUARANTEE_COMPANY], eligibleEntityTypes: [E.AGRI_ENTERPRISE, E.COOPERATIVE],
    eligibleIndustrySections: ["A"], regionCodes: county(COUNTY_CODES.huilai), flags: [F.MARINE, F.AGRI],
  }),
  product({
    code: "ADBC-JY-SPRING2025", institutionCode: "ADBC-JY", kind: LOAN, name: "2025年春耕备耕专项贷款",
    summary: "2025 年春耕备耕专项，已到期下架。",
    description: "2025 年春耕期间投放的专项贷款，支持粮食生产主体采购农资。2026 年起由农发行春耕专项新产品替代。",
    amountWan: ["50", "3000"], termMonths: [6, 12], annualRate: ["3.10", "3.60"],
    acceptedCollateral: [C.LAND_USE_RIGHT, C.GUARANTEE_COMPANY], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A"],
    flags: [F.AGRI], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
    status: ProductStatus.RETIRED, validFrom: "2025-01-01", validTo: "2025-06-30",
  }),

  // ───────────── 进出口银行广东省分行 ─────────────
  product({
    code: "EXIM-GD-ONLEND", institutionCode: "EXIM-GD", kind: LOAN, name: "中小微外贸企业转贷款",
    summary: "进出口银行通过合作银行转贷，为中小微外贸企业提供低成本资金。",
    description: "进出口银行向本地合作银行提供专项转贷款资金，由合作银行向中小微外贸企业发放，用于出口备货、进口原材料。利率低于同期普通贷款。",
    amountWan: ["100", "3000"], termMonths: [6, 36], annualRate: ["2.70", "3.30"],
    acceptedCollateral: [C.RECEIVABLES, C.REAL_ESTATE, C.POLICY, C.GUARANTEE_COMPANY], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM],
    eligibleIndustrySections: ["C", "F"], minYearsInBusiness: 1, flags: [F.INCLUSIVE],
  }),

  // ───────────── 招商银行揭阳分行 ─────────────
  product({
    code: "CMB-JY-FLASH", institutionCode: "CMB-JY", kind: LOAN, name: "招贷·小微闪电贷",
    summary: "小微企业主线上信用贷，最快 1 分钟审批。",
    description: "面向经营一年以上的小微企业主和个体工商户，以企业经营和个人信用综合评估，线上申请、自动审批，按日计息。",
    amountWan: ["5", "300"], termMonths: [1, 12], annualRate: ["3.30", "4.20"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [...SMALL_BUSINESSES], minYearsInBusiness: 1, flags: [F.INCLUSIVE],
  }),
  product({
    code: "CMB-JY-KECHUANG", institutionCode: "CMB-JY", kind: LOAN, name: "科创成长贷",
    summary: "面向高新技术企业、专精特新企业的信用贷款，可附认股选择权。",
    description: "对研发投入占比高、拥有核心专利的成长期科技企业，依据订单、研发和融资轮次给予信用额度，支持与投资机构投贷联动。",
    amountWan: ["100", "3000"], termMonths: [12, 36], annualRate: ["3.10", "4.00"],
    acceptedCollateral: [C.CREDIT, C.IP_PLEDGE], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM],
    eligibleIndustrySections: ["C", "I", "M"], minYearsInBusiness: 2, flags: [F.TECH], policyTool: PolicyTool.TECH_INNOVATION_RELENDING,
  }),

  // ───────────── 兴业银行揭阳分行 ─────────────
  product({
    code: "CIB-JY-GREENRETROFIT", institutionCode: "CIB-JY", kind: LOAN, name: "绿色节能技改贷",
    summary: "节能降碳、污水处理、清洁生产改造专项，绿色项目优先审批。",
    description: "支持纺织印染、塑料、五金电镀等行业的节能设备更换、废水废气治理和清洁生产改造，经第三方认定为绿色项目的执行绿色贷款优惠利率，可使用碳减排支持工具。",
    amountWan: ["50", "5000"], termMonths: [12, 84], annualRate: ["3.00", "3.80"],
    acceptedCollateral: [C.EQUIPMENT, C.REAL_ESTATE, C.CARBON_RIGHT, C.GUARANTEE_COMPANY], eligibleEntityTypes: FIRMS,
    eligibleIndustrySections: ["C", "D", "N"], minYearsInBusiness: 1, flags: [F.GREEN], policyTool: PolicyTool.CARBON_REDUCTION_TOOL,
  }),
  product({
    code: "CIB-JY-BLUECARBON", institutionCode: "CIB-JY", kind: LOAN, name: "海洋碳汇贷",
    summary: "以贝藻养殖海洋碳汇预期收益权质押，试点阶段。",
    description: "以海水贝类、藻类养殖形成的海洋碳汇预期收益权质押，叠加海域使用权抵押，支持惠来沿海生态养殖。产品处于试点设计阶段，尚未对外发布。",
    amountWan: ["20", "500"], termMonths: [12, 60], annualRate: ["3.20", "4.00"],
    acceptedCollateral: [C.CARBON_RIGHT, C.SEA_AREA_USE_RIGHT], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A"],
    regionCodes: county(COUNTY_CODES.huilai), flags: [F.GREEN, F.MARINE, F.AGRI],
    status: ProductStatus.DRAFT, validFrom: "2027-01-01", validTo: "2027-12-31",
  }),

  // ───────────── 中信银行揭阳分行 ─────────────
  product({
    code: "CITIC-JY-TRADE", institutionCode: "CITIC-JY", kind: LOAN, name: "信e融·外贸贷",
    summary: "基于海关报关和收汇数据的外贸企业线上信用贷。",
    description: "依据企业近一年海关报关数据和跨境收汇记录核定额度，线上申请，支持出口备货和进口采购，可叠加中国信保保单增信。",
    amountWan: ["10", "1000"], termMonths: [3, 12], annualRate: ["3.10", "3.95"],
    acceptedCollateral: [C.CREDIT, C.POLICY], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM], eligibleIndustrySections: ["C", "F"],
    minYearsInBusiness: 1, flags: [F.INCLUSIVE],
  }),
  product({
    code: "CITIC-JY-PATENT", institutionCode: "CITIC-JY", kind: LOAN, name: "专利权质押融资",
    summary: "以授权发明专利质押，评估费补贴，支持成果转化。",
    description: "面向拥有授权发明专利或实用新型专利的企业，以专利权质押登记为担保，支持研发和技术成果产业化。",
    amountWan: ["30", "800"], termMonths: [6, 36], annualRate: ["3.30", "4.30"],
    acceptedCollateral: [C.IP_PLEDGE], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM], eligibleIndustrySections: ["C", "I", "M"],
    minYearsInBusiness: 1, flags: [F.TECH],
  }),

  // ───────────── 广发银行揭阳分行 ─────────────
  product({
    code: "CGB-JY-PLANT", institutionCode: "CGB-JY", kind: LOAN, name: "产业转移厂房贷",
    summary: "转移企业购建厂房专项贷款，可接受在建工程和土地使用权抵押。",
    description: "支持落户产业转移园区的企业购买标准厂房或自建厂房，以土地使用权及在建工程抵押，首付比例最低 30%，期限最长 10 年。",
    amountWan: ["200", "8000"], termMonths: [36, 120], annualRate: ["3.10", "3.90"],
    acceptedCollateral: [C.LAND_USE_RIGHT, C.REAL_ESTATE], eligibleEntityTypes: [E.TRANSFERRED_FIRM],
    eligibleIndustrySections: ["C", "G"], flags: [F.TRANSFER],
  }),
  product({
    code: "CGB-JY-TRADER", institutionCode: "CGB-JY", kind: LOAN, name: "生意人贷",
    summary: "个体工商户、市场商户经营贷，信用或房产抵押均可。",
    description: "面向专业市场商户和个体工商户，依据经营流水和个人信用授信，也可追加房产抵押提高额度，适合进货备货等短期周转。",
    amountWan: ["3", "200"], termMonths: [3, 36], annualRate: ["3.45", "4.80"],
    acceptedCollateral: [C.CREDIT, C.REAL_ESTATE], eligibleEntityTypes: [E.INDIVIDUAL_BUSINESS], minYearsInBusiness: 1,
    flags: [F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY],
  }),

  // ───────────── 华兴银行揭阳分行 ─────────────
  product({
    code: "HUAXING-JY-JADE", institutionCode: "HUAXING-JY", kind: LOAN, name: "玉器存货质押贷",
    summary: "以经鉴定评估的翡翠玉器成品、原料质押，服务阳美玉都商户。",
    description: "联合第三方鉴定机构和监管仓库，对玉器加工户和商户的成品、原石进行评估监管，按评估价的 40%–50% 发放存货质押贷款。",
    amountWan: ["10", "500"], termMonths: [3, 12], annualRate: ["4.20", "5.60"],
    acceptedCollateral: [C.INVENTORY], eligibleEntityTypes: [E.INDIVIDUAL_BUSINESS, E.SMALL_MICRO], eligibleIndustrySections: ["C", "F"],
    regionCodes: [COUNTY_CODES.rongcheng, COUNTY_CODES.jiedong], minYearsInBusiness: 1, flags: [F.INCLUSIVE],
    status: ProductStatus.DRAFT,
  }),
  product({
    code: "HUAXING-JY-RECEIVABLE", institutionCode: "HUAXING-JY", kind: LOAN, name: "小微应收账款融资",
    summary: "应收账款质押，在人行征信中心动产融资统一登记系统登记。",
    description: "小微企业将对优质下游客户的应收账款质押，按应收金额的 70% 融资，账期匹配，无需不动产抵押。",
    amountWan: ["20", "1000"], termMonths: [3, 12], annualRate: ["3.60", "4.80"],
    acceptedCollateral: [C.RECEIVABLES], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM], minYearsInBusiness: 1,
    flags: [F.INCLUSIVE],
  }),

  // ───────────── 揭阳农商银行 ─────────────
  product({
    code: "JYRCB-HHT", institutionCode: "JYRCB", kind: LOAN, name: "整村授信·户户通信用贷",
    summary: "依托省农信“户户通”平台整村授信，农户凭信用可贷 30 万元。",
    description: "揭阳农商银行联合村委会对行政村农户逐户走访建档，评定信用等级后批量授信，支持种植、养殖、农村个体经营。手机银行自助支用，按日计息。",
    amountWan: ["1", "30"], termMonths: [1, 36], annualRate: ["3.85", "5.20"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [E.FARM_HOUSEHOLD, E.FAMILY_FARM, E.INDIVIDUAL_BUSINESS],
    regionCodes: [COUNTY_CODES.rongcheng, "4452-KGJ"], flags: [F.AGRI, F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),
  product({
    code: "JYRCB-SPRING", institutionCode: "JYRCB", kind: LOAN, name: "春耕贷",
    summary: "春耕备耕农资采购专项，利率优惠、三天放款。",
    description: "用于购买种子、化肥、农药、农机具及支付土地流转费用。家庭农场和合作社可以农村土地经营权抵押，或由揭阳市融资担保公司提供担保。",
    amountWan: ["3", "200"], termMonths: [3, 12], annualRate: ["3.80", "4.90"],
    acceptedCollateral: [C.CREDIT, C.LAND_USE_RIGHT, C.GUARANTEE_COMPANY], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A"],
    regionCodes: [COUNTY_CODES.rongcheng, "4452-KGJ", "4452-CYY"], flags: [F.AGRI, F.INCLUSIVE], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
    validTo: "2027-06-30",
  }),
  product({
    code: "JYRCB-FIRSTLOAN", institutionCode: "JYRCB", kind: LOAN, name: "首贷通",
    summary: "首贷户专属信用贷款，客户经理上门办理。",
    description: "对从未在任何银行获得贷款的小微企业、个体工商户和新型农业经营主体，依据经营流水、纳税和水电数据授信，首笔贷款利率优惠 50 个基点。",
    amountWan: ["3", "100"], termMonths: [3, 24], annualRate: ["3.60", "4.80"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: INCLUSIVE_ENTITIES, regionCodes: [COUNTY_CODES.rongcheng, "4452-KGJ", "4452-CYY", "4452-GXQ"],
    flags: [F.FIRST_LOAN_FRIENDLY, F.INCLUSIVE], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),
  product({
    code: "JYRCB-MERCHANT", institutionCode: "JYRCB", kind: LOAN, name: "商户贷",
    summary: "专业市场和沿街商户的经营周转贷款。",
    description: "面向榕城区专业市场、商业街个体工商户，依据收单流水授信，可追加房产抵押提高额度。",
    amountWan: ["2", "100"], termMonths: [3, 36], annualRate: ["3.90", "5.50"],
    acceptedCollateral: [C.CREDIT, C.REAL_ESTATE, C.PERSONAL_GUARANTEE], eligibleEntityTypes: [E.INDIVIDUAL_BUSINESS],
    regionCodes: [COUNTY_CODES.rongcheng], flags: [F.INCLUSIVE],
  }),
  product({
    code: "JYRCB-ZYD", institutionCode: "JYRCB", kind: LOAN, name: "政银担·揭担贷",
    summary: "揭阳市融资担保公司担保 + 银行贷款，缺少抵押物也能贷。",
    description: "由揭阳市融资担保有限公司提供担保、担保费率不高于 1%，银行与担保机构按比例分担风险。适用于缺少抵押物的小微企业、转移企业和新型农业经营主体。",
    amountWan: ["10", "1000"], termMonths: [6, 36], annualRate: ["3.50", "4.60"],
    acceptedCollateral: [C.GUARANTEE_COMPANY], eligibleEntityTypes: INCLUSIVE_ENTITIES, flags: [F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY],
  }),
  product({
    code: "JYRCB-TRANSFER2025", institutionCode: "JYRCB", kind: LOAN, name: "转移企业安家贷（2025版）",
    summary: "2025 年推出的转移企业贷款，已并入“政银担·揭担贷”。",
    description: "支持 2025 年落户园区的转移企业搬迁安置，2026 年 6 月起停止受理，新申请请选择“政银担·揭担贷”或各行转移企业专属贷。",
    amountWan: ["50", "1000"], termMonths: [12, 36], annualRate: ["3.80", "4.80"],
    acceptedCollateral: [C.EQUIPMENT, C.GUARANTEE_COMPANY], eligibleEntityTypes: [E.TRANSFERRED_FIRM], flags: [F.TRANSFER],
    status: ProductStatus.RETIRED, validFrom: "2025-03-01", validTo: "2026-05-31",
  }),

  // ───────────── 揭东农商银行 ─────────────
  product({
    code: "JDRCB-SPECIALTY", institutionCode: "JDRCB", kind: LOAN, name: "特色农业贷（竹笋·荔枝）",
    summary: "支持埔田竹笋、荔枝龙眼等特色种植，按种植面积核定额度。",
    description: "面向揭东区竹笋、荔枝、龙眼、蔬菜种植农户、家庭农场和合作社，以种植面积和历年销售情况核定额度，可用农村土地经营权抵押。",
    amountWan: ["2", "150"], termMonths: [6, 36], annualRate: ["3.90", "5.40"],
    acceptedCollateral: [C.CREDIT, C.LAND_USE_RIGHT], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A"],
    regionCodes: county(COUNTY_CODES.jiedong), flags: [F.AGRI, F.INCLUSIVE], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),
  product({
    code: "JDRCB-METAL", institutionCode: "JDRCB", kind: LOAN, name: "五金不锈钢产业贷",
    summary: "服务揭东五金不锈钢产业集群，支持原材料备货和设备更新。",
    description: "面向揭东区及中德金属生态城五金、不锈钢制品企业，用于不锈钢卷材备货、冲压抛光设备更新，可接受机器设备抵押或厂房抵押。",
    amountWan: ["20", "800"], termMonths: [6, 36], annualRate: ["3.70", "5.00"],
    acceptedCollateral: [C.EQUIPMENT, C.REAL_ESTATE, C.INVENTORY, C.GUARANTEE_COMPANY], eligibleEntityTypes: [E.SMALL_MICRO, E.INDIVIDUAL_BUSINESS, E.TRANSFERRED_FIRM],
    eligibleIndustrySections: ["C", "F"], regionCodes: county(COUNTY_CODES.jiedong), minYearsInBusiness: 1, flags: [F.INCLUSIVE],
  }),

  // ───────────── 普宁农商银行 ─────────────
  product({
    code: "PNRCB-TEXTILE", institutionCode: "PNRCB", kind: LOAN, name: "纺织服装产业贷",
    summary: "普宁纺织服装、内衣企业订单备货和印染环保改造贷款。",
    description: "面向普宁纺织、印染、服装和内衣加工企业，支持面料备货、设备更新和入驻纺织印染环保综合处理中心，可接受厂房、设备、存货抵押及应收账款质押。",
    amountWan: ["20", "1500"], termMonths: [6, 36], annualRate: ["3.70", "5.20"],
    acceptedCollateral: [C.REAL_ESTATE, C.EQUIPMENT, C.INVENTORY, C.RECEIVABLES, C.GUARANTEE_COMPANY],
    eligibleEntityTypes: [E.SMALL_MICRO, E.INDIVIDUAL_BUSINESS, E.TRANSFERRED_FIRM], eligibleIndustrySections: ["C", "F"],
    regionCodes: county(COUNTY_CODES.puning), minYearsInBusiness: 1, flags: [F.INCLUSIVE],
  }),
  product({
    code: "PNRCB-HERB", institutionCode: "PNRCB", kind: LOAN, name: "中药材仓单质押贷",
    summary: "普宁中药材专业市场商户以仓单质押融资。",
    description: "依托普宁中药材专业市场监管仓库，商户以入库中药材仓单质押，按评估价值 50% 发放贷款，随借随还。",
    amountWan: ["5", "300"], termMonths: [3, 12], annualRate: ["4.00", "5.50"],
    acceptedCollateral: [C.INVENTORY], eligibleEntityTypes: [E.INDIVIDUAL_BUSINESS, E.SMALL_MICRO, E.COOPERATIVE],
    eligibleIndustrySections: ["A", "C", "F"], regionCodes: county(COUNTY_CODES.puning), flags: [F.INCLUSIVE, F.AGRI],
  }),
  product({
    code: "PNRCB-PLUM", institutionCode: "PNRCB", kind: LOAN, name: "青梅产业贷",
    summary: "支持青梅种植、收购和凉果加工，旺季专项额度。",
    description: "面向普宁青梅种植户、合作社和凉果加工企业，用于青梅收购、腌制和加工设备，收购旺季（4–5 月）开辟专项额度。",
    amountWan: ["2", "500"], termMonths: [3, 24], annualRate: ["3.80", "5.30"],
    acceptedCollateral: [C.CREDIT, C.LAND_USE_RIGHT, C.REAL_ESTATE, C.GUARANTEE_COMPANY], eligibleEntityTypes: AGRI_ENTITIES,
    eligibleIndustrySections: ["A", "C"], regionCodes: county(COUNTY_CODES.puning), flags: [F.AGRI, F.INCLUSIVE],
    policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),
  product({
    code: "PNRCB-VILLAGE", institutionCode: "PNRCB", kind: LOAN, name: "整村授信·普惠信用贷",
    summary: "普宁农商银行整村授信，农户、个体户纯信用贷款。",
    description: "逐村建档、整村授信，对信用户给予纯信用额度，支持种养殖、农村电商和个体经营。",
    amountWan: ["1", "30"], termMonths: [1, 36], annualRate: ["3.90", "5.40"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [E.FARM_HOUSEHOLD, E.FAMILY_FARM, E.INDIVIDUAL_BUSINESS],
    regionCodes: county(COUNTY_CODES.puning), flags: [F.AGRI, F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),

  // ───────────── 揭西农商银行 ─────────────
  product({
    code: "JXRCB-TEA", institutionCode: "JXRCB", kind: LOAN, name: "茶农贷",
    summary: "揭西坪上、京溪园茶叶种植加工专项贷款。",
    description: "面向揭西县茶叶种植户、茶叶合作社和茶企，用于茶园管护、制茶设备购置和春茶收购，可接受茶园土地经营权抵押。",
    amountWan: ["2", "200"], termMonths: [3, 36], annualRate: ["3.90", "5.30"],
    acceptedCollateral: [C.CREDIT, C.LAND_USE_RIGHT, C.EQUIPMENT], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A", "C"],
    regionCodes: county(COUNTY_CODES.jiexi), flags: [F.AGRI, F.INCLUSIVE], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),
  product({
    code: "JXRCB-FOREST", institutionCode: "JXRCB", kind: LOAN, name: "林权抵押贷款",
    summary: "以不动产登记的林权抵押，支持造林、油茶和林下经济。",
    description: "林农、林业合作社和林业企业以依法登记的林地经营权、林木所有权抵押，按评估价值的 60% 发放，期限最长 8 年。",
    amountWan: ["5", "800"], termMonths: [12, 96], annualRate: ["3.80", "5.00"],
    acceptedCollateral: [C.FOREST_RIGHT], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A"],
    regionCodes: county(COUNTY_CODES.jiexi), flags: [F.AGRI, F.GREEN],
  }),
  product({
    code: "JXRCB-FIRSTLOAN", institutionCode: "JXRCB", kind: LOAN, name: "首贷户培育贷",
    summary: "揭西县首贷户专属，纯信用、优惠利率。",
    description: "对征信无贷款记录的揭西县小微企业、个体工商户和新型农业经营主体，经走访评估后发放首笔信用贷款。",
    amountWan: ["2", "50"], termMonths: [3, 24], annualRate: ["3.70", "4.90"],
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: INCLUSIVE_ENTITIES, regionCodes: county(COUNTY_CODES.jiexi),
    flags: [F.FIRST_LOAN_FRIENDLY, F.INCLUSIVE], policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),

  // ───────────── 惠来农商银行 ─────────────
  product({
    code: "HLRCB-BOAT", institutionCode: "HLRCB", kind: LOAN, name: "渔船抵押贷款",
    summary: "以登记的渔船抵押，支持渔船更新改造和出海生产。",
    description: "面向靖海、神泉等渔港渔民和渔业合作社，以持有所有权证书和捕捞许可证的渔船抵押，用于渔船更新改造、安全设备加装和出海生产周转，按渔汛安排还款。",
    amountWan: ["5", "500"], termMonths: [6, 60], annualRate: ["3.80", "5.20"],
    acceptedCollateral: [C.FISHING_BOAT], eligibleEntityTypes: [E.FARM_HOUSEHOLD, E.COOPERATIVE, E.AGRI_ENTERPRISE, E.FAMILY_FARM],
    eligibleIndustrySections: ["A"], regionCodes: county(COUNTY_CODES.huilai), flags: [F.MARINE, F.AGRI],
    policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),
  product({
    code: "HLRCB-SEAAREA", institutionCode: "HLRCB", kind: LOAN, name: "海域使用权抵押贷款",
    summary: "以海域使用权证抵押，支持海水养殖和临海产业。",
    description: "养殖企业、合作社以依法取得的海域使用权抵押，用于网箱、筏架、育苗场建设和养殖周转，期限最长 5 年。",
    amountWan: ["20", "2000"], termMonths: [12, 60], annualRate: ["3.70", "4.90"],
    acceptedCollateral: [C.SEA_AREA_USE_RIGHT], eligibleEntityTypes: [E.COOPERATIVE, E.AGRI_ENTERPRISE, E.FAMILY_FARM, E.TRANSFERRED_FIRM],
    eligibleIndustrySections: ["A", "C"], regionCodes: county(COUNTY_CODES.huilai), flags: [F.MARINE, F.AGRI],
  }),
  product({
    code: "HLRCB-AQUA", institutionCode: "HLRCB", kind: LOAN, name: "水产养殖贷",
    summary: "对虾、鲍鱼、生蚝养殖户苗种饲料周转贷款。",
    description: "面向惠来县水产养殖户、家庭农场和合作社，用于购买苗种、饲料、增氧设备，按养殖周期还款，可信用或以养殖设施抵押。",
    amountWan: ["2", "200"], termMonths: [3, 24], annualRate: ["3.90", "5.40"],
    acceptedCollateral: [C.CREDIT, C.EQUIPMENT, C.SEA_AREA_USE_RIGHT, C.GUARANTEE_COMPANY], eligibleEntityTypes: AGRI_ENTITIES,
    eligibleIndustrySections: ["A"], regionCodes: county(COUNTY_CODES.huilai), flags: [F.MARINE, F.AGRI, F.INCLUSIVE],
    policyTool: PolicyTool.AGRI_SMALL_RELENDING,
  }),
  product({
    code: "HLRCB-LINGANG", institutionCode: "HLRCB", kind: LOAN, name: "临港产业配套贷",
    summary: "服务惠来临港产业园、大南海配套企业的流动资金贷款。",
    description: "面向为石化、海上风电项目提供物流、设备维修、工程配套的本地小微企业，可凭与园区重点企业的合同融资。",
    amountWan: ["20", "1000"], termMonths: [6, 36], annualRate: ["3.80", "5.00"],
    acceptedCollateral: [C.RECEIVABLES, C.EQUIPMENT, C.REAL_ESTATE, C.GUARANTEE_COMPANY], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM],
    eligibleIndustrySections: ["C", "E", "G", "L"], regionCodes: county(COUNTY_CODES.huilai), flags: [F.TRANSFER, F.INCLUSIVE],
  }),

  // ───────────── 普宁惠民村镇银行 ─────────────
  product({
    code: "PNVB-MICRO", institutionCode: "PN-VB", kind: LOAN, name: "惠民小额信用贷",
    summary: "村镇银行小额信用贷款，手续简便、当天审批。",
    description: "服务普宁、揭西农户和个体工商户的小额信用贷款，凭身份证、经营证明即可申请，支持种养殖和小本经营。",
    amountWan: ["1", "30"], termMonths: [3, 24], annualRate: ["4.80", "7.20"],
    acceptedCollateral: [C.CREDIT, C.PERSONAL_GUARANTEE], eligibleEntityTypes: [E.FARM_HOUSEHOLD, E.INDIVIDUAL_BUSINESS, E.FAMILY_FARM],
    regionCodes: [COUNTY_CODES.puning, COUNTY_CODES.jiexi], flags: [F.INCLUSIVE, F.AGRI, F.FIRST_LOAN_FRIENDLY],
  }),
  product({
    code: "PNVB-SHOP", institutionCode: "PN-VB", kind: LOAN, name: "商铺经营贷",
    summary: "以商铺或住房抵押的个体经营贷款。",
    description: "个体工商户以自有商铺、住房抵押，用于进货、装修和扩大经营。",
    amountWan: ["5", "200"], termMonths: [12, 60], annualRate: ["4.50", "6.50"],
    acceptedCollateral: [C.REAL_ESTATE], eligibleEntityTypes: [E.INDIVIDUAL_BUSINESS, E.SMALL_MICRO],
    regionCodes: [COUNTY_CODES.puning, COUNTY_CODES.jiexi], minYearsInBusiness: 1, flags: [F.INCLUSIVE],
  }),

  // ───────────── 中国信保广东分公司 ─────────────
  product({
    code: "SINOSURE-GD-SME", institutionCode: "SINOSURE-GD", kind: INSURANCE, name: "小微企业出口信用保险（统保）",
    summary: "政府统保平台，小微外贸企业免费或低费率投保，覆盖买方拒收、拖欠和破产风险。",
    description: "对年出口额 500 万美元以下的小微企业，由商务部门统一投保、财政补贴保费，企业简化手续即可获得买方信用风险保障；保单可用于“贸融易”融资增信。",
    amountWan: ["10", "2000"], termMonths: [1, 36], feeRate: "0.25",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM], eligibleIndustrySections: ["C", "F"],
    flags: [F.INCLUSIVE],
  }),
  product({
    code: "SINOSURE-GD-SHORTTERM", institutionCode: "SINOSURE-GD", kind: INSURANCE, name: "短期出口信用保险·贸融易",
    summary: "出口收汇风险保障 + 保单融资：投保后可向合作银行申请“贸融易”融资。",
    description: "承保出口企业以信用证或非信用证方式出口的收汇风险，赔偿比例最高 90%；企业可将赔款权益转让给合作银行获得保单融资，实现“一张保单两份保障”。",
    amountWan: ["50", "20000"], termMonths: [1, 36], feeRate: "0.45",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM, E.OTHER], eligibleIndustrySections: ["C", "F"],
    flags: [F.TRANSFER],
  }),

  // ───────────── 人保财险揭阳分公司 ─────────────
  product({
    code: "PICC-JY-ZYB", institutionCode: "PICC-JY", kind: INSURANCE, name: "政银保·小额贷款保证保险",
    summary: "政府、银行、保险共担风险，无抵押小微企业和农户凭保单获得贷款。",
    description: "扩大“政银保”覆盖面：借款人投保贷款保证保险，保险公司承担大部分贷款损失，财政设立风险补偿资金，银行据此发放无抵押贷款。保费可获财政补贴。",
    amountWan: ["5", "500"], termMonths: [6, 36], feeRate: "1.50",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: INCLUSIVE_ENTITIES, flags: [F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY, F.AGRI],
  }),
  product({
    code: "PICC-JY-RICE", institutionCode: "PICC-JY", kind: INSURANCE, name: "水稻种植保险（政策性）",
    summary: "中央、省、市县财政补贴保费，农户自缴比例低。",
    description: "承保水稻因暴雨、洪水、台风、干旱、病虫害等造成的损失，每亩保额 1000 元；各级财政补贴保费 75% 以上。",
    amountWan: ["0.5", "200"], termMonths: [1, 36], feeRate: "5.00",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A"], flags: [F.AGRI],
  }),
  product({
    code: "PICC-JY-TECHLOAN", institutionCode: "PICC-JY", kind: INSURANCE, name: "知识产权质押融资保证保险",
    summary: "为知识产权质押贷款提供保证保险，分担银行风险。",
    description: "企业以专利质押向合作银行贷款时投保，保险公司承担约 60% 的贷款本息损失，政府对保费给予补贴，帮助轻资产科技企业获得融资。",
    amountWan: ["50", "1000"], termMonths: [12, 36], feeRate: "1.20",
    acceptedCollateral: [C.IP_PLEDGE], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM], eligibleIndustrySections: ["C", "I", "M"],
    flags: [F.TECH],
  }),

  // ───────────── 平安产险揭阳中心支公司 ─────────────
  product({
    code: "PINGAN-JY-BOAT", institutionCode: "PINGAN-JY", kind: INSURANCE, name: "渔船综合保险",
    summary: "渔船全损、碰撞和船员责任一揽子保障，可作为渔船抵押贷款的配套保险。",
    description: "承保渔船因台风、碰撞、搁浅、火灾造成的损失及船员意外责任，保单第一受益人可指定为贷款银行，助力渔船抵押贷款。",
    amountWan: ["10", "800"], termMonths: [6, 60], feeRate: "1.20",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [E.FARM_HOUSEHOLD, E.COOPERATIVE, E.AGRI_ENTERPRISE], eligibleIndustrySections: ["A"],
    regionCodes: county(COUNTY_CODES.huilai), flags: [F.MARINE, F.AGRI],
  }),
  product({
    code: "PINGAN-JY-CARGO", institutionCode: "PINGAN-JY", kind: INSURANCE, name: "国内贸易信用保险",
    summary: "保障企业赊销货款，可增信应收账款融资。",
    description: "承保企业对国内买方赊销形成的应收账款因买方破产、拖欠造成的损失，保单可用于应收账款融资增信。",
    amountWan: ["50", "5000"], termMonths: [1, 36], feeRate: "0.60",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM], eligibleIndustrySections: ["C", "F"],
    minYearsInBusiness: 1, flags: [F.INCLUSIVE],
  }),

  // ───────────── 太保产险揭阳中心支公司 ─────────────
  product({
    code: "CPIC-JY-AQUAINDEX", institutionCode: "CPIC-JY", kind: INSURANCE, name: "水产养殖台风指数保险",
    summary: "按台风等级和路径自动理赔，保障沿海养殖户。",
    description: "以气象部门发布的台风风速和路径为触发条件，达到约定指数即按比例赔付，无需查勘定损，理赔快，适用于惠来沿海对虾、鲍鱼、生蚝养殖。",
    amountWan: ["5", "500"], termMonths: [6, 36], feeRate: "6.00",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A"],
    regionCodes: county(COUNTY_CODES.huilai), flags: [F.MARINE, F.AGRI],
  }),
  product({
    code: "CPIC-JY-PLANTPROP", institutionCode: "CPIC-JY", kind: INSURANCE, name: "转移企业财产一切险",
    summary: "厂房、设备、存货一揽子保障，满足银行抵押物投保要求。",
    description: "为新落户园区的企业厂房、设备和存货提供财产一切险保障，含设备搬迁安装期间风险，可将贷款银行列为第一受益人。",
    amountWan: ["100", "50000"], termMonths: [6, 120], feeRate: "0.15",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [E.TRANSFERRED_FIRM, E.SMALL_MICRO], flags: [F.TRANSFER],
  }),

  // ───────────── 国寿财险揭阳中心支公司 ─────────────
  product({
    code: "GPIC-JY-FRUIT", institutionCode: "GPIC-JY", kind: INSURANCE, name: "荔枝龙眼青梅种植保险（地方特色）",
    summary: "揭阳地方特色农产品保险，保障台风、暴雨、低温对果树的损失。",
    description: "对荔枝、龙眼、青梅果园提供自然灾害损失保障，省级财政对地方特色农业保险给予以奖代补，农户自缴保费比例不高于 30%。",
    amountWan: ["1", "300"], termMonths: [6, 36], feeRate: "6.00",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A"], flags: [F.AGRI],
  }),
  product({
    code: "GPIC-JY-TEA", institutionCode: "GPIC-JY", kind: INSURANCE, name: "茶叶低温气象指数保险",
    summary: "春茶期低温霜冻指数保险，试点设计中。",
    description: "以揭西、普宁茶区气象站低温数据为指数，春茶期间达到约定低温即赔付。产品待监管备案后上线。",
    amountWan: ["1", "100"], termMonths: [3, 6], feeRate: "5.50",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A"],
    regionCodes: [COUNTY_CODES.jiexi, COUNTY_CODES.puning], flags: [F.AGRI],
    status: ProductStatus.DRAFT, validFrom: "2027-01-01", validTo: "2027-12-31",
  }),

  // ───────────── 中华财险揭阳中心支公司 ─────────────
  product({
    code: "CUPIC-JY-HOG", institutionCode: "CUPIC-JY", kind: INSURANCE, name: "能繁母猪及育肥猪养殖保险",
    summary: "政策性养殖保险，保障疫病和自然灾害导致的死亡损失。",
    description: "承保能繁母猪和育肥猪因疫病、自然灾害、意外事故导致的死亡，财政补贴保费 80%，保单可作为养殖贷款增信。",
    amountWan: ["1", "500"], termMonths: [6, 36], feeRate: "6.00",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: AGRI_ENTITIES, eligibleIndustrySections: ["A"], flags: [F.AGRI],
  }),
  product({
    code: "CUPIC-JY-FARMLOANGUAR", institutionCode: "CUPIC-JY", kind: INSURANCE, name: "农户贷款保证保险",
    summary: "农户无抵押贷款的保证保险，“保险+信贷”支农。",
    description: "农户、家庭农场投保后向合作农商行申请信用贷款，保险公司承担贷款损失的主要部分，适用于春耕备耕和特色种养。",
    amountWan: ["1", "50"], termMonths: [6, 24], feeRate: "1.80",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: [...FARMERS], flags: [F.AGRI, F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY],
    status: ProductStatus.RETIRED, validFrom: "2024-01-01", validTo: "2026-03-31",
  }),

  // ───────────── 揭阳市融资担保有限公司 ─────────────
  product({
    code: "JYFG-INCLUSIVE", institutionCode: "JYFG", kind: GUARANTEE, name: "普惠小微融资担保（揭担贷）",
    summary: "政府性融资担保，费率不高于 1%，与合作银行“总对总”批量担保。",
    description: "为缺少抵押物的小微企业、个体工商户提供贷款担保，单户 1000 万元以下，担保费率 0.8%；纳入国家融资担保基金和省再担保分险，银行分担 20% 风险。首贷户担保费减半。",
    amountWan: ["10", "1000"], termMonths: [6, 36], feeRate: "0.80",
    acceptedCollateral: [C.CREDIT, C.PERSONAL_GUARANTEE], eligibleEntityTypes: [E.SMALL_MICRO, E.INDIVIDUAL_BUSINESS, E.TRANSFERRED_FIRM],
    flags: [F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY],
  }),
  product({
    code: "JYFG-AGRI", institutionCode: "JYFG", kind: GUARANTEE, name: "农业融资担保（政银担·支农）",
    summary: "新型农业经营主体贷款担保，担保费率 0.5%，财政贴费。",
    description: "为家庭农场、农民专业合作社、农业企业的生产经营贷款提供担保，用于春耕备耕、冷链仓储、特色种养，担保费率 0.5%，部分由财政补贴。",
    amountWan: ["10", "1000"], termMonths: [6, 36], feeRate: "0.50",
    acceptedCollateral: [C.CREDIT, C.LAND_USE_RIGHT, C.PERSONAL_GUARANTEE], eligibleEntityTypes: AGRI_ENTITIES,
    flags: [F.AGRI, F.INCLUSIVE],
  }),
  product({
    code: "JYFG-TRANSFER", institutionCode: "JYFG", kind: GUARANTEE, name: "转移企业融资担保",
    summary: "为新落户园区、抵押物不足的转移企业提供贷款担保。",
    description: "转移企业在揭阳产权尚未办妥、抵押物不足时，由担保公司提供担保，可接受设备反担保，单户最高 2000 万元，担保费率 1%。",
    amountWan: ["100", "2000"], termMonths: [12, 36], feeRate: "1.00",
    acceptedCollateral: [C.EQUIPMENT, C.PERSONAL_GUARANTEE, C.RECEIVABLES], eligibleEntityTypes: [E.TRANSFERRED_FIRM],
    flags: [F.TRANSFER],
  }),
  product({
    code: "JYFG-TECH", institutionCode: "JYFG", kind: GUARANTEE, name: "科技型企业融资担保",
    summary: "为科技型中小企业信用贷款和知识产权质押贷款提供担保。",
    description: "面向高新技术企业和科技型中小企业，担保费率 0.8%，可与知识产权质押组合使用。",
    amountWan: ["50", "1000"], termMonths: [12, 36], feeRate: "0.80",
    acceptedCollateral: [C.IP_PLEDGE, C.PERSONAL_GUARANTEE], eligibleEntityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM],
    eligibleIndustrySections: ["C", "I", "M"], minYearsInBusiness: 1, flags: [F.TECH],
  }),

  // ───────────── 广东省融资再担保 ─────────────
  product({
    code: "GDRG-BATCH", institutionCode: "GDRG", kind: GUARANTEE, name: "银担“总对总”批量担保",
    summary: "省再担保与合作银行总对总批量业务，银行推荐、担保机构见贷即保。",
    description: "由合作银行按标准筛选推荐小微企业贷款，担保机构批量承保、不再单独尽调，担保费率 0.5%，风险由银行、担保、再担保和国家融资担保基金按比例分担。",
    amountWan: ["10", "500"], termMonths: [6, 36], feeRate: "0.50",
    acceptedCollateral: [C.CREDIT], eligibleEntityTypes: INCLUSIVE_ENTITIES, flags: [F.INCLUSIVE, F.FIRST_LOAN_FRIENDLY],
  }),
  product({
    code: "GDRG-GREEN", institutionCode: "GDRG", kind: GUARANTEE, name: "绿色低碳融资担保",
    summary: "为节能改造、分布式光伏、资源循环利用项目提供担保。",
    description: "支持企业节能降碳改造、屋顶光伏和废弃资源综合利用项目融资，担保费率 0.6%，可与碳减排贷款组合。",
    amountWan: ["100", "3000"], termMonths: [12, 60], feeRate: "0.60",
    acceptedCollateral: [C.EQUIPMENT, C.CARBON_RIGHT, C.PERSONAL_GUARANTEE], eligibleEntityTypes: FIRMS,
    eligibleIndustrySections: ["C", "D", "N"], flags: [F.GREEN],
  }),
];

/** A published product went live on its validFrom day; a retired one was withdrawn on its validTo day. */
export function productPublication(productSeed: ProductSeed): { publishedOn: string | null; retiredOn: string | null } {
  if (productSeed.status === ProductStatus.DRAFT) return { publishedOn: null, retiredOn: null };
  return {
    publishedOn: productSeed.validFrom,
    retiredOn: productSeed.status === ProductStatus.RETIRED ? productSeed.validTo : null,
  };
}
