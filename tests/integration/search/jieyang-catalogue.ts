/**
 * A hand-written catalogue of Jieyang financial products — banks, the government guarantors and insurers named in
 * the city's 金融倍增 plan — for the matching cases. Amounts are 元 as decimal strings, rates percent per year.
 */
import type { Db } from "~/infra/db.server.ts";
import { type InstitutionInput, type ProductInput, type Regions, createInstitution, createProduct } from "./fixtures.ts";

export type InstitutionKey =
  | "jyns"
  | "hlns"
  | "jxns"
  | "pnns"
  | "abc"
  | "ccb"
  | "icbc"
  | "psbc"
  | "boc"
  | "cdb"
  | "adbc"
  | "cgb"
  | "cib"
  | "jyrd"
  | "gdnd"
  | "commercialGuarantor"
  | "picc"
  | "cuic"
  | "closedVillageBank";

export function institutionSpecs(r: Regions): Record<InstitutionKey, InstitutionInput> {
  return {
    jyns: { name: "广东揭阳农村商业银行股份有限公司", shortName: "揭阳农商银行", subType: "RURAL_COMMERCIAL_BANK", isKeyPartner: true, locatedIn: r.rongcheng, serves: [r.city] },
    hlns: { name: "广东惠来农村商业银行股份有限公司", shortName: "惠来农商银行", subType: "RURAL_COMMERCIAL_BANK", locatedIn: r.huilai, serves: [r.huilai] },
    jxns: { name: "广东揭西农村商业银行股份有限公司", shortName: "揭西农商银行", subType: "RURAL_COMMERCIAL_BANK", locatedIn: r.jiexi, serves: [r.jiexi] },
    pnns: { name: "广东普宁农村商业银行股份有限公司", shortName: "普宁农商银行", subType: "RURAL_COMMERCIAL_BANK", locatedIn: r.puning, serves: [r.puning] },
    abc: { name: "中国农业银行揭阳分行", shortName: "农业银行", subType: "STATE_OWNED_BANK", isKeyPartner: true, locatedIn: r.rongcheng, serves: [r.city] },
    ccb: { name: "中国建设银行揭阳分行", shortName: "建设银行", subType: "STATE_OWNED_BANK", isKeyPartner: true, locatedIn: r.rongcheng, serves: [r.city] },
    icbc: { name: "中国工商银行揭阳分行", shortName: "工商银行", subType: "STATE_OWNED_BANK", isKeyPartner: true, locatedIn: r.rongcheng, serves: [r.city] },
    psbc: { name: "中国邮政储蓄银行揭阳市分行", shortName: "邮储银行", subType: "STATE_OWNED_BANK", isKeyPartner: true, locatedIn: r.rongcheng, serves: [r.city] },
    boc: { name: "中国银行揭阳分行", shortName: "中国银行", subType: "STATE_OWNED_BANK", isKeyPartner: true, locatedIn: r.rongcheng, serves: [r.city] },
    cdb: { name: "国家开发银行广东省分行", shortName: "国家开发银行", subType: "POLICY_BANK", isKeyPartner: true, locatedIn: null, serves: [r.city] },
    adbc: { name: "中国农业发展银行揭阳市分行", shortName: "农业发展银行", subType: "POLICY_BANK", isKeyPartner: true, locatedIn: r.rongcheng, serves: [r.city] },
    cgb: { name: "广发银行揭阳分行", shortName: "广发银行", subType: "JOINT_STOCK_BANK", locatedIn: r.rongcheng, serves: [r.city] },
    cib: { name: "兴业银行揭阳分行", shortName: "兴业银行", subType: "JOINT_STOCK_BANK", locatedIn: r.rongcheng, serves: [r.city] },
    jyrd: { name: "揭阳市融资担保有限公司", shortName: "揭阳市融资担保", kind: "GUARANTOR", subType: "GOVERNMENT_GUARANTOR", isKeyPartner: true, locatedIn: r.rongcheng, serves: [r.city] },
    gdnd: { name: "广东省农业融资担保有限责任公司", shortName: "广东农担", kind: "GUARANTOR", subType: "GOVERNMENT_GUARANTOR", isKeyPartner: true, locatedIn: null, serves: [r.city] },
    commercialGuarantor: { name: "揭阳市某商业融资担保有限公司", shortName: "商业担保公司", kind: "GUARANTOR", subType: "COMMERCIAL_GUARANTOR", locatedIn: r.rongcheng, serves: [r.city] },
    picc: { name: "中国人民财产保险股份有限公司揭阳市分公司", shortName: "人保财险", kind: "INSURER", subType: "PROPERTY_INSURER", isKeyPartner: true, locatedIn: r.rongcheng, serves: [r.city] },
    cuic: { name: "中华联合财产保险股份有限公司揭阳中心支公司", shortName: "中华联合财险", kind: "INSURER", subType: "PROPERTY_INSURER", locatedIn: r.huilai, serves: [r.city] },
    closedVillageBank: { name: "揭阳某村镇银行", shortName: "某村镇银行", subType: "VILLAGE_BANK", locatedIn: r.jiedong, serves: [r.city], isActive: false },
  };
}

const FARMS = ["FARM_HOUSEHOLD", "FAMILY_FARM", "COOPERATIVE"] as const;

export function productSpecs(r: Regions, i: Record<InstitutionKey, string>): Record<string, ProductInput> {
  return {
    // ── 渔业、海洋 ──
    "HLNS-YUCHUAN": {
      institutionId: i.hlns, name: "渔船贷", summary: "渔船更新改造、渔具购置专项贷款",
      description: "支持渔民和渔业合作社渔船更新改造、更换发动机和渔具，以渔船抵押，可叠加海域使用权。",
      minAmount: "100000", maxAmount: "3000000", minTermMonths: 6, maxTermMonths: 60, minAnnualRate: "3.85", maxAnnualRate: "4.90",
      acceptedCollateral: ["FISHING_BOAT", "SEA_AREA_USE_RIGHT"], eligibleEntityTypes: [...FARMS, "AGRI_ENTERPRISE", "INDIVIDUAL_BUSINESS"],
      flags: ["MARINE", "AGRI"], policyTool: "AGRI_SMALL_RELENDING", regions: [r.huilai],
    },
    "ABC-HAIYANG": {
      institutionId: i.abc, name: "海洋牧场贷", summary: "海水养殖、深远海网箱、海洋牧场建设",
      description: "面向海洋渔业企业和合作社，支持深远海网箱养殖、海洋牧场建设和渔业设施升级。",
      minAmount: "500000", maxAmount: "20000000", minTermMonths: 12, maxTermMonths: 96, minAnnualRate: "3.60", maxAnnualRate: "4.50",
      acceptedCollateral: ["SEA_AREA_USE_RIGHT", "FISHING_BOAT", "REAL_ESTATE"], eligibleEntityTypes: ["AGRI_ENTERPRISE", "COOPERATIVE", "SMALL_MICRO"],
      flags: ["MARINE", "AGRI", "GREEN"], regions: [r.city],
    },
    "HLNS-YANGZHI": {
      institutionId: i.hlns, name: "海水养殖贷", summary: "鲍鱼、对虾等海水养殖苗种饲料周转",
      description: "用于海水养殖户购买苗种、饲料，支付塘租，海域使用权抵押或个人保证。",
      minAmount: "50000", maxAmount: "2000000", minTermMonths: 6, maxTermMonths: 36, minAnnualRate: "4.10", maxAnnualRate: "5.00",
      acceptedCollateral: ["SEA_AREA_USE_RIGHT", "PERSONAL_GUARANTEE"], eligibleEntityTypes: [...FARMS],
      flags: ["MARINE", "AGRI"], regions: [r.huilai],
    },
    // ── 涉农 ──
    "JYNS-HUINONG": {
      institutionId: i.jyns, name: "惠农e贷", summary: "农户、家庭农场信用贷款，整村授信",
      description: "整村授信、线上申请，用于农资采购、种植养殖周转，信用方式免抵押。",
      minAmount: "10000", maxAmount: "500000", minTermMonths: 3, maxTermMonths: 36, minAnnualRate: "4.20", maxAnnualRate: "5.50",
      acceptedCollateral: ["CREDIT"], eligibleEntityTypes: [...FARMS],
      flags: ["AGRI", "INCLUSIVE", "FIRST_LOAN_FRIENDLY"], policyTool: "AGRI_SMALL_RELENDING", regions: [r.city],
    },
    "JXNS-CHUNGENG": {
      institutionId: i.jxns, name: "春耕贷", summary: "春耕备耕专项信用贷款",
      description: "支持揭西县农户和家庭农场春耕备耕，采购化肥、种子、农机。",
      minAmount: "10000", maxAmount: "300000", minTermMonths: 3, maxTermMonths: 12, minAnnualRate: "3.95", maxAnnualRate: "4.80",
      acceptedCollateral: ["CREDIT", "PERSONAL_GUARANTEE"], eligibleEntityTypes: [...FARMS],
      flags: ["AGRI", "INCLUSIVE"], policyTool: "AGRI_SMALL_RELENDING", regions: [r.jiexi],
    },
    "JYNS-LINQUAN": {
      institutionId: i.jyns, name: "林权抵押贷", summary: "林权抵押，支持林下经济和油茶种植",
      description: "以林权抵押，支持油茶、林下经济、苗木花卉种植。",
      minAmount: "50000", maxAmount: "5000000", minTermMonths: 12, maxTermMonths: 60, minAnnualRate: "4.30", maxAnnualRate: "5.20",
      acceptedCollateral: ["FOREST_RIGHT"], eligibleEntityTypes: [...FARMS, "AGRI_ENTERPRISE"],
      flags: ["AGRI", "GREEN"], regions: [r.city],
    },
    "ADBC-NONGYE": {
      institutionId: i.adbc, name: "农业产业化龙头企业贷款", summary: "农产品加工、仓储冷链建设中长期贷款",
      description: "支持农业产业化龙头企业建设冷链仓储、农产品加工厂房和购置设备。",
      minAmount: "5000000", maxAmount: "200000000", minTermMonths: 12, maxTermMonths: 120, minAnnualRate: "3.20", maxAnnualRate: "3.90",
      acceptedCollateral: ["REAL_ESTATE", "LAND_USE_RIGHT", "EQUIPMENT"], eligibleEntityTypes: ["AGRI_ENTERPRISE"],
      flags: ["AGRI"], regions: [r.city],
    },
    // ── 小微、个体、首贷 ──
    "PSBC-XIAOWEI": {
      institutionId: i.psbc, name: "小微易贷", summary: "小微企业经营周转信用贷款",
      description: "依据纳税、结算数据核定额度，用于小微企业和个体工商户经营周转，随借随还。",
      minAmount: "50000", maxAmount: "3000000", minTermMonths: 6, maxTermMonths: 36, minAnnualRate: "3.90", maxAnnualRate: "5.20",
      acceptedCollateral: ["CREDIT"], eligibleEntityTypes: ["SMALL_MICRO", "INDIVIDUAL_BUSINESS"], minYearsInBusiness: 1,
      flags: ["INCLUSIVE", "FIRST_LOAN_FRIENDLY"], policyTool: "INCLUSIVE_SMALL_MICRO_TOOL", regions: [r.city],
    },
    "CCB-YUNSHUI": {
      institutionId: i.ccb, name: "云税贷", summary: "凭纳税信用的流动资金贷款",
      description: "以企业纳税信用核定额度，线上申请，用于流动资金周转。",
      minAmount: "100000", maxAmount: "3000000", minTermMonths: 1, maxTermMonths: 12, minAnnualRate: "3.85", maxAnnualRate: "4.35",
      acceptedCollateral: ["CREDIT"], eligibleEntityTypes: ["SMALL_MICRO"], minYearsInBusiness: 2,
      flags: ["INCLUSIVE"], regions: [r.city],
    },
    "ICBC-JINGYING": {
      institutionId: i.icbc, name: "经营快贷", summary: "房产抵押经营贷款",
      description: "以房产抵押，用于企业和个体工商户生产经营周转。",
      minAmount: "100000", maxAmount: "10000000", minTermMonths: 12, maxTermMonths: 60, minAnnualRate: "3.70", maxAnnualRate: "4.60",
      acceptedCollateral: ["REAL_ESTATE"], eligibleEntityTypes: ["SMALL_MICRO", "INDIVIDUAL_BUSINESS", "TRANSFERRED_FIRM", "OTHER"],
      flags: ["INCLUSIVE"], regions: [r.city],
    },
    "JDNS-SHOUDAI": {
      institutionId: i.jyns, name: "首贷通", summary: "首次贷款的小微企业、个体工商户信用贷款",
      description: "面向从未在银行贷款的小微企业和个体工商户，经营周转信用贷款。",
      minAmount: "10000", maxAmount: "1000000", minTermMonths: 6, maxTermMonths: 24, minAnnualRate: "4.00", maxAnnualRate: "5.00",
      acceptedCollateral: ["CREDIT"], eligibleEntityTypes: ["SMALL_MICRO", "INDIVIDUAL_BUSINESS"],
      flags: ["FIRST_LOAN_FRIENDLY", "INCLUSIVE"], regions: [r.jiedong],
    },
    "PNNS-SHANGMAO": {
      institutionId: i.pnns, name: "商贸通", summary: "纺织服装商户进货周转贷款",
      description: "支持普宁纺织服装商户进货周转，可用存货仓单质押、房产抵押或个人保证。",
      minAmount: "50000", maxAmount: "2000000", minTermMonths: 3, maxTermMonths: 24, minAnnualRate: "4.50", maxAnnualRate: "6.00",
      acceptedCollateral: ["INVENTORY", "REAL_ESTATE", "PERSONAL_GUARANTEE"], eligibleEntityTypes: ["INDIVIDUAL_BUSINESS", "SMALL_MICRO"],
      flags: ["INCLUSIVE"], regions: [r.puning],
    },
    "CCB-CUNDAN": {
      institutionId: i.ccb, name: "存单质押贷", summary: "本行存单质押，快速融资",
      description: "以本行定期存单质押，当天放款。",
      minAmount: "10000", maxAmount: "10000000", minTermMonths: 1, maxTermMonths: 12, minAnnualRate: "3.00", maxAnnualRate: "3.50",
      acceptedCollateral: ["DEPOSIT_RECEIPT"], regions: [r.city],
    },
    "ICBC-WAIMAO": {
      institutionId: i.icbc, name: "外贸订单贷", summary: "外贸订单融资、出口信保保单融资",
      description: "凭出口订单、应收账款或出口信用保险保单融资，支持外贸企业接单生产。",
      minAmount: "200000", maxAmount: "10000000", minTermMonths: 3, maxTermMonths: 12, minAnnualRate: "3.60", maxAnnualRate: "4.50",
      acceptedCollateral: ["RECEIVABLES", "POLICY"], eligibleEntityTypes: ["SMALL_MICRO", "TRANSFERRED_FIRM", "OTHER"],
      regions: [r.city],
    },
    // ── 转移企业、制造业、科创、绿色 ──
    "CDB-ZHUANYI": {
      institutionId: i.cdb, name: "产业转移项目贷", summary: "产业转移园区项目建设中长期贷款",
      description: "支持珠三角转移企业在揭阳园区建设厂房、购置设备的中长期项目贷款。",
      minAmount: "10000000", maxAmount: "500000000", minTermMonths: 36, maxTermMonths: 180, minAnnualRate: "3.20", maxAnnualRate: "4.00",
      acceptedCollateral: ["REAL_ESTATE", "LAND_USE_RIGHT", "EQUIPMENT"], eligibleEntityTypes: ["TRANSFERRED_FIRM"],
      flags: ["TRANSFER"], regions: [r.city],
    },
    "BOC-SHEBEI": {
      institutionId: i.boc, name: "设备更新贷", summary: "制造业设备更新和技术改造贷款",
      description: "支持制造业企业购置机器设备、实施技术改造。",
      minAmount: "1000000", maxAmount: "50000000", minTermMonths: 12, maxTermMonths: 84, minAnnualRate: "3.30", maxAnnualRate: "3.90",
      acceptedCollateral: ["EQUIPMENT", "REAL_ESTATE"], eligibleEntityTypes: ["TRANSFERRED_FIRM", "SMALL_MICRO", "OTHER"], eligibleIndustrySections: ["C"],
      flags: ["TRANSFER", "TECH"], policyTool: "TECH_INNOVATION_RELENDING", regions: [r.city],
    },
    "ABC-SHIHUA": {
      institutionId: i.abc, name: "石化产业链贷", summary: "大南海石化工业区产业链配套企业融资",
      description: "服务大南海石化工业区和惠来临港产业园石化产业链配套企业，设备购置和流动资金。",
      minAmount: "5000000", maxAmount: "100000000", minTermMonths: 12, maxTermMonths: 60, minAnnualRate: "3.45", maxAnnualRate: "4.20",
      acceptedCollateral: ["EQUIPMENT", "REAL_ESTATE", "RECEIVABLES"], eligibleEntityTypes: ["TRANSFERRED_FIRM", "OTHER"], eligibleIndustrySections: ["C"],
      flags: ["TRANSFER"], regions: [r.dananhai, r.huilaiPort],
    },
    "CIB-LVSE": {
      institutionId: i.cib, name: "绿色节能贷", summary: "节能改造、光伏、清洁能源项目贷款",
      description: "支持企业节能降碳改造、屋顶光伏和清洁能源项目，可用碳排放权质押。",
      minAmount: "500000", maxAmount: "30000000", minTermMonths: 12, maxTermMonths: 60, minAnnualRate: "3.50", maxAnnualRate: "4.30",
      acceptedCollateral: ["EQUIPMENT", "CARBON_RIGHT", "REAL_ESTATE"],
      flags: ["GREEN"], policyTool: "CARBON_REDUCTION_TOOL", regions: [r.city],
    },
    "CGB-KECHUANG": {
      institutionId: i.cgb, name: "科创贷", summary: "科技型企业研发贷款",
      description: "支持科技型中小企业研发投入，知识产权质押或应收账款质押。",
      minAmount: "500000", maxAmount: "20000000", minTermMonths: 12, maxTermMonths: 36, minAnnualRate: "3.60", maxAnnualRate: "4.50",
      acceptedCollateral: ["IP_PLEDGE", "RECEIVABLES"], eligibleEntityTypes: ["SMALL_MICRO", "OTHER", "TRANSFERRED_FIRM"], eligibleIndustrySections: ["C", "I", "M"],
      minYearsInBusiness: 1, flags: ["TECH"], policyTool: "TECH_INNOVATION_RELENDING", regions: [r.city],
    },
    // ── 政银担、政银保 ──
    "JYNS-DANBAO": {
      institutionId: i.jyns, name: "政银担·惠企贷", summary: "政府性融资担保增信的小微、三农贷款",
      description: "由政府性融资担保机构提供担保，免抵押，支持小微企业和新型农业经营主体。",
      minAmount: "100000", maxAmount: "5000000", minTermMonths: 6, maxTermMonths: 36, minAnnualRate: "4.00", maxAnnualRate: "5.00",
      acceptedCollateral: ["GUARANTEE_COMPANY"], eligibleEntityTypes: ["SMALL_MICRO", "INDIVIDUAL_BUSINESS", "FAMILY_FARM", "COOPERATIVE", "AGRI_ENTERPRISE"],
      flags: ["INCLUSIVE", "FIRST_LOAN_FRIENDLY"], regions: [r.city],
    },
    "PSBC-ZHENGYINBAO": {
      institutionId: i.psbc, name: "政银保贷", summary: "以小额贷款保证保险增信",
      description: "投保小额贷款保证保险后凭保单申请，免抵押。",
      minAmount: "50000", maxAmount: "1000000", minTermMonths: 6, maxTermMonths: 24, minAnnualRate: "4.30", maxAnnualRate: "5.30",
      acceptedCollateral: ["POLICY"], eligibleEntityTypes: [...FARMS, "INDIVIDUAL_BUSINESS", "SMALL_MICRO"],
      flags: ["AGRI", "INCLUSIVE"], regions: [r.city],
    },
    "JYRD-HUIQI": {
      institutionId: i.jyrd, kind: "GUARANTEE", name: "惠企担", summary: "政府性融资担保，小微企业贷款担保",
      description: "为小微企业、个体工商户和转移企业的银行贷款提供担保，免反担保抵押。",
      minAmount: "100000", maxAmount: "10000000", minTermMonths: 6, maxTermMonths: 36, feeRate: "1.00",
      acceptedCollateral: ["CREDIT", "PERSONAL_GUARANTEE"], eligibleEntityTypes: ["SMALL_MICRO", "INDIVIDUAL_BUSINESS", "TRANSFERRED_FIRM", "OTHER"],
      flags: ["INCLUSIVE", "FIRST_LOAN_FRIENDLY"], regions: [r.city],
    },
    "GDND-NONGDAN": {
      institutionId: i.gdnd, kind: "GUARANTEE", name: "农担贷", summary: "农业信贷担保",
      description: "为家庭农场、农民专业合作社和农业企业的贷款提供担保。",
      minAmount: "100000", maxAmount: "3000000", minTermMonths: 6, maxTermMonths: 36, feeRate: "0.80",
      acceptedCollateral: ["CREDIT"], eligibleEntityTypes: ["FAMILY_FARM", "COOPERATIVE", "AGRI_ENTERPRISE", "FARM_HOUSEHOLD"],
      flags: ["AGRI"], regions: [r.city],
    },
    "SYDB-DANBAO": {
      institutionId: i.commercialGuarantor, kind: "GUARANTEE", name: "商业融资担保", summary: "需房产反担保的融资担保",
      description: "为企业融资提供担保，需房产反担保。",
      minAmount: "500000", maxAmount: "20000000", minTermMonths: 6, maxTermMonths: 36, feeRate: "2.50",
      acceptedCollateral: ["REAL_ESTATE"], regions: [r.city],
    },
    "PICC-DAIBAO": {
      institutionId: i.picc, kind: "INSURANCE", name: "小额贷款保证保险", summary: "政银保：为农户和小微贷款提供保证保险",
      description: "投保后可凭保单向合作银行申请免抵押贷款。",
      minAmount: "50000", maxAmount: "1000000", minTermMonths: 6, maxTermMonths: 24, feeRate: "1.50",
      acceptedCollateral: ["CREDIT"], eligibleEntityTypes: [...FARMS, "INDIVIDUAL_BUSINESS", "SMALL_MICRO"],
      flags: ["AGRI", "INCLUSIVE"], regions: [r.city],
    },
    "CUIC-YUCHUANXIAN": {
      institutionId: i.cuic, kind: "INSURANCE", name: "渔船保险", summary: "渔船全损险和渔民人身意外险",
      description: "为渔船和船员提供保障，保单可用于保单融资。",
      minAmount: "10000", maxAmount: "5000000", minTermMonths: 12, maxTermMonths: 12, feeRate: "1.20",
      acceptedCollateral: ["CREDIT"], eligibleEntityTypes: [...FARMS, "AGRI_ENTERPRISE"],
      flags: ["MARINE", "AGRI"], regions: [r.huilai],
    },
    "PICC-SHUIDAO": {
      institutionId: i.picc, kind: "INSURANCE", name: "水稻种植保险", summary: "政策性水稻种植保险",
      description: "保障台风、暴雨等自然灾害造成的水稻损失。",
      minAmount: "1000", maxAmount: "1000000", minTermMonths: 12, maxTermMonths: 12, feeRate: "0.60",
      acceptedCollateral: ["CREDIT"], eligibleEntityTypes: [...FARMS],
      flags: ["AGRI"], regions: [r.city],
    },
    // ── never to be matched ──
    "JYNS-HUINONG-OLD": {
      institutionId: i.jyns, name: "惠农贷（旧版）", summary: "已下架", minAmount: "10000", maxAmount: "500000", minTermMonths: 3, maxTermMonths: 36,
      minAnnualRate: "3.00", maxAnnualRate: "3.00", acceptedCollateral: ["CREDIT"], eligibleEntityTypes: [...FARMS], status: "RETIRED", regions: [r.city],
    },
    "ABC-CHUNGENG-2024": {
      institutionId: i.abc, name: "2024 春耕专项贷", summary: "已到期", minAmount: "10000", maxAmount: "500000", minTermMonths: 3, maxTermMonths: 12,
      minAnnualRate: "3.00", maxAnnualRate: "3.00", acceptedCollateral: ["CREDIT"], eligibleEntityTypes: [...FARMS],
      validFrom: new Date("2024-01-01"), validTo: new Date("2024-06-30"), regions: [r.city],
    },
    "CCB-SHEBEI-2026": {
      institutionId: i.ccb, name: "2026 设备更新专项", summary: "尚未生效", minAmount: "10000", maxAmount: "500000000", minTermMonths: 1, maxTermMonths: 240,
      minAnnualRate: "2.50", maxAnnualRate: "2.50", acceptedCollateral: ["CREDIT"], validFrom: new Date("2026-01-01"), regions: [r.city],
    },
    "CZYH-KUAIDAI": {
      institutionId: i.closedVillageBank, name: "村镇快贷", summary: "机构已停用", minAmount: "10000", maxAmount: "500000000", minTermMonths: 1, maxTermMonths: 240,
      minAnnualRate: "3.00", maxAnnualRate: "3.00", acceptedCollateral: ["CREDIT"], regions: [r.city],
    },
    "DRAFT-PRODUCT": {
      institutionId: i.jyns, name: "草稿产品", summary: "未发布", minAmount: "1", maxAmount: "500000000", minTermMonths: 1, maxTermMonths: 240,
      acceptedCollateral: ["CREDIT"], status: "DRAFT", regions: [r.city],
    },
  };
}

export interface Catalogue {
  institutions: Record<InstitutionKey, string>;
  products: Record<string, string>;
  codeOf: Map<string, string>;
}

export async function createCatalogue(db: Db, regions: Regions): Promise<Catalogue> {
  const institutions = {} as Record<InstitutionKey, string>;
  for (const [key, spec] of Object.entries(institutionSpecs(regions))) {
    institutions[key as InstitutionKey] = await createInstitution(db, spec);
  }
  const products: Record<string, string> = {};
  for (const [code, spec] of Object.entries(productSpecs(regions, institutions))) {
    products[code] = await createProduct(db, { ...spec, code });
  }
  return { institutions, products, codeOf: new Map(Object.entries(products).map(([code, id]) => [id, code])) };
}
