/**
 * Hand-written Jieyang matching cases against the real engine (Postgres + Meilisearch, no mocks): who should be
 * offered what, and why. Each case is an enterprise and its need; the expectations are what a 客户经理 at the finance
 * bureau's matching desk would expect to see at the top of the list, the reasons shown, bundles and near misses.
 */
import { type IsolatedDatabase, createIsolatedDatabase } from "../../support/database.ts";
import { type TestMeili, createTestMeili } from "../../support/meili.ts";
import {
  createMatchBatcher,
  matchNeed,
  matchNeeds,
  type MatchNeedResult,
} from "~/modules/matching/match-need.server.ts";
import type { StoredMatch } from "~/modules/matching/rank-matches.ts";
import { createMeili } from "../../../search/client.ts";
import { ensureIndexes } from "../../../search/settings.ts";
import { syncProducts } from "~/modules/search-index/sync.server.ts";
import {
  type EnterpriseInput,
  type NeedInput,
  type RegionIds,
  type RegionKey,
  ALL_REGIONS,
  createEnterprise,
  createNeed,
  createProduct,
  createRegions,
  idsOf,
  idOf,
} from "../../support/world.ts";
import { type Catalogue, createCatalogue } from "./jieyang-catalogue.ts";

/** 2025-06-15 10:00 in Jieyang. */
const NOW = new Date("2025-06-15T02:00:00Z");

interface Case {
  title: string;
  enterprise: Omit<EnterpriseInput, "regionId" | "parkId"> & { region: RegionKey; park?: RegionKey };
  need: Omit<NeedInput, "enterprise" | "regionId">;
  expect: {
    /** The top DIRECT match is this product (or one of these). */
    top?: string | string[];
    /** These must all be among the top three DIRECT matches. */
    top3?: string[];
    inDirect?: string[];
    /** Never offered in any form (direct, bundle, near miss). */
    notMatched?: string[];
    noDirect?: boolean;
    /** Reason fragments of the top match (or of `reasonsOf`). */
    reasons?: string[];
    reasonsOf?: string;
    bundle?: { loan: string; supplier: string; headline?: string };
    nearMiss?: { code: string; message: string };
  };
}

const NEVER = ["JYNS-HUINONG-OLD", "ABC-CHUNGENG-2024", "CCB-SHEBEI-2026", "CZYH-KUAIDAI", "DRAFT-PRODUCT"];

const CASES: Case[] = [
  {
    title: "惠来县渔业合作社 80 万元渔船更新，渔船抵押",
    enterprise: {
      name: "惠来县海丰渔业专业合作社",
      entityType: "COOPERATIVE",
      industrySection: "A",
      industryDivision: "04",
      region: "huilai",
      foundedOn: new Date("2016-04-01"),
    },
    need: {
      amount: "800000",
      termMonths: 36,
      purposeCategory: "FISHING_BOAT_RENEWAL",
      description: "更新两艘渔船的发动机和渔具",
      collateralOffered: ["FISHING_BOAT"],
      maxAnnualRate: "5.00",
    },
    expect: {
      top: "HLNS-YUCHUAN",
      reasons: [
        "金额 80 万元在产品额度 10–300 万元内",
        "接受您提供的渔船作为担保",
        "惠来农商银行在惠来县设有网点",
        "年利率 3.85%–4.9%，不高于您可接受的 5%",
        "可运用支农支小再贷款",
      ],
      inDirect: ["ABC-HAIYANG"],
      nearMiss: { code: "JYNS-HUINONG", message: "金额 80 万元超过该产品上限 50 万元" },
    },
  },
  {
    title: "大南海石化工业区转移企业 3000 万元购置设备",
    enterprise: {
      name: "广东某石化新材料有限公司",
      entityType: "TRANSFERRED_FIRM",
      sizeClass: "LARGE",
      industrySection: "C",
      industryDivision: "26",
      region: "huilai",
      park: "dananhai",
      originCity: "广州市",
    },
    need: {
      amount: "30000000",
      termMonths: 60,
      purposeCategory: "EQUIPMENT_PURCHASE",
      description: "购置石化配套生产设备",
      collateralOffered: ["EQUIPMENT", "REAL_ESTATE"],
    },
    expect: {
      top: ["ABC-SHIHUA", "BOC-SHEBEI", "CDB-ZHUANYI"],
      top3: ["ABC-SHIHUA", "BOC-SHEBEI", "CDB-ZHUANYI"],
      reasons: ["金额 3000 万元在产品额度", "符合产业转移导向"],
    },
  },
  {
    title: "揭西县家庭农场 20 万元春耕，无抵押",
    enterprise: {
      name: "揭西县张氏家庭农场",
      entityType: "FAMILY_FARM",
      industrySection: "A",
      industryDivision: "01",
      region: "jiexi",
      foundedOn: new Date("2019-02-01"),
    },
    need: {
      amount: "200000",
      termMonths: 10,
      purposeCategory: "SPRING_FARMING",
      description: "采购化肥种子，春耕备耕",
    },
    expect: {
      top: "JXNS-CHUNGENG",
      reasons: [
        "信用方式，无需抵押",
        "揭西农商银行在揭西县设有网点",
        "金额 20 万元在产品额度 1–30 万元内",
        "产品用途与“春耕备耕”",
      ],
      inDirect: ["JYNS-HUINONG"],
      notMatched: NEVER,
    },
  },
  {
    title: "普宁服装个体户 50 万元进货周转，存货质押",
    enterprise: {
      name: "普宁市流沙新河服装店",
      entityType: "INDIVIDUAL_BUSINESS",
      industrySection: "F",
      region: "puning",
      foundedOn: new Date("2017-08-01"),
    },
    need: {
      amount: "500000",
      termMonths: 12,
      purposeCategory: "WORKING_CAPITAL",
      description: "秋冬季服装进货",
      collateralOffered: ["INVENTORY"],
    },
    expect: {
      top: "PNNS-SHANGMAO",
      reasons: ["接受您提供的存货仓单作为担保", "普宁农商银行在普宁市设有网点"],
      inDirect: ["PSBC-XIAOWEI"],
    },
  },
  {
    title: "榕城区塑料制品小微企业 200 万元流动资金，首贷",
    enterprise: {
      name: "揭阳市榕城区恒达塑料制品有限公司",
      entityType: "SMALL_MICRO",
      industrySection: "C",
      industryDivision: "29",
      region: "rongcheng",
      foundedOn: new Date("2020-05-01"),
      declaresNoPriorLoan: true,
    },
    need: {
      amount: "2000000",
      termMonths: 12,
      purposeCategory: "WORKING_CAPITAL",
      description: "原材料采购周转",
      flags: ["FIRST_LOAN"],
    },
    expect: {
      top: "PSBC-XIAOWEI",
      reasons: ["首贷友好", "普惠小微", "可运用普惠小微贷款支持工具"],
      inDirect: ["CCB-YUNSHUI"],
    },
  },
  {
    title: "成立不足一年的小微企业 200 万元：直接可贷无，政银担组合，成立年限差一点",
    enterprise: {
      name: "揭阳市某五金制品有限公司",
      entityType: "SMALL_MICRO",
      industrySection: "C",
      region: "rongcheng",
      foundedOn: new Date("2024-09-01"),
    },
    need: { amount: "2000000", termMonths: 12, purposeCategory: "WORKING_CAPITAL", description: "接新订单备料" },
    expect: {
      noDirect: true,
      bundle: {
        loan: "JYNS-DANBAO",
        supplier: "JYRD-HUIQI",
        headline: "由揭阳市融资担保「惠企担」提供担保后，可申请揭阳农商银行「政银担·惠企贷」（政银担）",
      },
      nearMiss: { code: "PSBC-XIAOWEI", message: "成立 0 年，未满该产品要求的 1 年" },
    },
  },
  {
    title: "揭东区首贷小微 30 万元经营周转",
    enterprise: {
      name: "揭阳市揭东区某食品有限公司",
      entityType: "SMALL_MICRO",
      industrySection: "C",
      industryDivision: "14",
      region: "jiedong",
      foundedOn: new Date("2019-03-01"),
      declaresNoPriorLoan: true,
    },
    need: {
      amount: "300000",
      termMonths: 12,
      purposeCategory: "WORKING_CAPITAL",
      description: "经营周转",
      flags: ["FIRST_LOAN"],
    },
    expect: { top: ["PSBC-XIAOWEI", "JDNS-SHOUDAI"], top3: ["PSBC-XIAOWEI", "JDNS-SHOUDAI"], reasons: ["首贷友好"] },
  },
  {
    title: "高新区软件企业 300 万元研发，知识产权质押",
    enterprise: {
      name: "揭阳高新区某信息技术有限公司",
      entityType: "SMALL_MICRO",
      industrySection: "I",
      industryDivision: "65",
      region: "rongcheng",
      park: "gaoxin",
      foundedOn: new Date("2018-06-01"),
    },
    need: {
      amount: "3000000",
      termMonths: 24,
      purposeCategory: "RESEARCH_AND_DEVELOPMENT",
      description: "工业软件研发投入",
      collateralOffered: ["IP_PLEDGE"],
      flags: ["TECH"],
    },
    expect: {
      top: "CGB-KECHUANG",
      reasons: ["接受您提供的知识产权作为担保", "可运用科技创新再贷款", "符合科技创新导向"],
    },
  },
  {
    title: "空港经济区制造企业 800 万元节能改造",
    enterprise: {
      name: "揭阳空港某陶瓷有限公司",
      entityType: "OTHER",
      sizeClass: "MEDIUM",
      industrySection: "C",
      industryDivision: "30",
      region: "rongcheng",
      park: "konggang",
    },
    need: {
      amount: "8000000",
      termMonths: 48,
      purposeCategory: "GREEN_RETROFIT",
      description: "窑炉节能改造和屋顶光伏",
      collateralOffered: ["EQUIPMENT"],
      flags: ["GREEN"],
    },
    expect: { top: "CIB-LVSE", reasons: ["可运用碳减排支持工具", "符合绿色金融导向"], inDirect: ["BOC-SHEBEI"] },
  },
  {
    title: "揭东区农业龙头企业 3000 万元冷链仓储",
    enterprise: {
      name: "揭阳市某农产品有限公司",
      entityType: "AGRI_ENTERPRISE",
      sizeClass: "MEDIUM",
      industrySection: "A",
      region: "jiedong",
    },
    need: {
      amount: "30000000",
      termMonths: 60,
      purposeCategory: "PLANT_CONSTRUCTION",
      description: "建设冷链仓储和加工厂房",
      collateralOffered: ["LAND_USE_RIGHT", "REAL_ESTATE"],
    },
    expect: {
      top: "ADBC-NONGYE",
      nearMiss: { code: "ABC-HAIYANG", message: "金额 3000 万元超过该产品上限 2000 万元" },
    },
  },
  {
    title: "惠来县养殖户 15 万元海水养殖，海域使用权抵押",
    enterprise: { name: "林某", entityType: "FARM_HOUSEHOLD", industrySection: "A", region: "huilai", foundedOn: null },
    need: {
      amount: "150000",
      termMonths: 12,
      purposeCategory: "MARINE_AQUACULTURE",
      description: "鲍鱼苗种和饲料",
      collateralOffered: ["SEA_AREA_USE_RIGHT"],
    },
    expect: {
      top: "HLNS-YANGZHI",
      reasons: ["接受您提供的海域使用权作为担保", "符合涉农、海洋经济导向"],
      inDirect: ["JYNS-HUINONG"],
      notMatched: ["ABC-HAIYANG"],
    },
  },
  {
    title: "惠来县渔业合作社 500 万元：超出渔船贷上限，海洋牧场贷可做",
    enterprise: { name: "惠来县靖海渔业专业合作社", entityType: "COOPERATIVE", industrySection: "A", region: "huilai" },
    need: {
      amount: "5000000",
      termMonths: 60,
      purposeCategory: "FISHING_BOAT_RENEWAL",
      description: "建造钢质渔船",
      collateralOffered: ["FISHING_BOAT"],
    },
    expect: { top: "ABC-HAIYANG", nearMiss: { code: "HLNS-YUCHUAN", message: "金额 500 万元超过该产品上限 300 万元" } },
  },
  {
    title: "揭西县家庭农场 100 万元油茶种植，林权抵押",
    enterprise: { name: "揭西县某油茶家庭农场", entityType: "FAMILY_FARM", industrySection: "A", region: "jiexi" },
    need: {
      amount: "1000000",
      termMonths: 36,
      purposeCategory: "OTHER",
      description: "油茶扩种和林下经济",
      collateralOffered: ["FOREST_RIGHT"],
    },
    expect: { top: "JYNS-LINQUAN", reasons: ["接受您提供的林权作为担保"] },
  },
  {
    title: "普宁纺织外贸企业 200 万元订单融资，应收账款",
    enterprise: {
      name: "普宁市某纺织有限公司",
      entityType: "SMALL_MICRO",
      industrySection: "C",
      industryDivision: "17",
      region: "puning",
    },
    need: {
      amount: "2000000",
      termMonths: 6,
      purposeCategory: "EXPORT_ORDER",
      description: "东南亚订单备货",
      collateralOffered: ["RECEIVABLES"],
    },
    expect: { top: "ICBC-WAIMAO", reasons: ["接受您提供的应收账款作为担保", "产品用途与“外贸订单”"] },
  },
  {
    title: "揭东区农户 8 万元春耕，利率上限 4%：信用贷可做但偏贵，另有政银保组合",
    enterprise: {
      name: "陈某",
      entityType: "FARM_HOUSEHOLD",
      industrySection: "A",
      region: "jiedong",
      foundedOn: null,
    },
    need: {
      amount: "80000",
      termMonths: 10,
      purposeCategory: "SPRING_FARMING",
      description: "水稻春耕",
      maxAnnualRate: "4.00",
    },
    expect: {
      top: "JYNS-HUINONG",
      reasons: ["年利率 4.2%–5.5%，高于您可接受的 4%"],
      bundle: {
        loan: "PSBC-ZHENGYINBAO",
        supplier: "PICC-DAIBAO",
        headline: "投保人保财险「小额贷款保证保险」后，可凭保单申请邮储银行「政银保贷」（政银保）",
      },
      notMatched: [...NEVER, "JXNS-CHUNGENG"],
    },
  },
  {
    title: "揭西县合作社 100 万元春耕无抵押：超出信用贷上限，农担增信可贷",
    enterprise: { name: "揭西县某果蔬专业合作社", entityType: "COOPERATIVE", industrySection: "A", region: "jiexi" },
    need: { amount: "1000000", termMonths: 24, purposeCategory: "SPRING_FARMING", description: "蔬菜基地春耕" },
    expect: {
      noDirect: true,
      bundle: {
        loan: "JYNS-DANBAO",
        supplier: "GDND-NONGDAN",
        headline: "由广东农担「农担贷」提供担保后，可申请揭阳农商银行「政银担·惠企贷」（政银担）",
      },
      nearMiss: { code: "JYNS-HUINONG", message: "金额 100 万元超过该产品上限 50 万元" },
    },
  },
  {
    title: "榕城区小微企业同时要贷款和担保",
    enterprise: {
      name: "揭阳市某电子有限公司",
      entityType: "SMALL_MICRO",
      industrySection: "C",
      region: "rongcheng",
      foundedOn: new Date("2016-01-01"),
    },
    need: {
      amount: "3000000",
      termMonths: 24,
      purposeCategory: "WORKING_CAPITAL",
      description: "周转",
      wantsGuarantee: true,
    },
    expect: {
      inDirect: ["JYRD-HUIQI", "PSBC-XIAOWEI"],
      reasonsOf: "JYRD-HUIQI",
      reasons: ["担保费率 1%/年", "无需反担保或抵押"],
      nearMiss: { code: "CCB-YUNSHUI", message: "期限 24 个月超过该产品上限 12 个月" },
    },
  },
  {
    title: "榕城区农户 10 万元：下架、过期、未生效、停用机构的产品都不出现",
    enterprise: {
      name: "黄某",
      entityType: "FARM_HOUSEHOLD",
      industrySection: "A",
      region: "rongcheng",
      foundedOn: null,
    },
    need: { amount: "100000", termMonths: 12, purposeCategory: "SPRING_FARMING", description: "种植" },
    expect: { top: "JYNS-HUINONG", notMatched: NEVER },
  },
  {
    title: "产业转移工业园转移企业 2000 万元建厂房，土地抵押",
    enterprise: {
      name: "揭阳某五金制品有限公司",
      entityType: "TRANSFERRED_FIRM",
      sizeClass: "MEDIUM",
      industrySection: "C",
      industryDivision: "33",
      region: "jiedong",
      park: "transferPark",
      originCity: "佛山市",
    },
    need: {
      amount: "20000000",
      termMonths: 84,
      purposeCategory: "PLANT_CONSTRUCTION",
      description: "新建厂房",
      collateralOffered: ["LAND_USE_RIGHT"],
    },
    expect: {
      top: "CDB-ZHUANYI",
      reasons: ["接受您提供的土地经营权作为担保", "符合产业转移导向", "期限 84 个月在产品期限 36–180 个月内"],
      nearMiss: { code: "BOC-SHEBEI", message: "该产品需要机器设备、房产（任一），您提供的是：土地经营权" },
    },
  },
  {
    title: "转移企业 5000 万元 200 个月：期限超出，说明可调整",
    enterprise: {
      name: "揭阳某新能源有限公司",
      entityType: "TRANSFERRED_FIRM",
      sizeClass: "LARGE",
      industrySection: "C",
      region: "huilai",
      park: "huilaiPort",
    },
    need: {
      amount: "50000000",
      termMonths: 200,
      purposeCategory: "PLANT_CONSTRUCTION",
      description: "园区二期",
      collateralOffered: ["LAND_USE_RIGHT", "REAL_ESTATE"],
    },
    expect: {
      noDirect: true,
      nearMiss: {
        code: "CDB-ZHUANYI",
        message: "期限 200 个月超过该产品上限 180 个月；将期限调整为 180 个月以内可申请",
      },
    },
  },
  {
    title: "榕城区餐饮个体户 20 万元周转，个人保证",
    enterprise: {
      name: "揭阳市榕城区某餐饮店",
      entityType: "INDIVIDUAL_BUSINESS",
      industrySection: "H",
      region: "rongcheng",
      foundedOn: new Date("2021-03-01"),
    },
    need: {
      amount: "200000",
      termMonths: 12,
      purposeCategory: "WORKING_CAPITAL",
      description: "门店装修和备货",
      collateralOffered: ["PERSONAL_GUARANTEE"],
    },
    expect: { top: "PSBC-XIAOWEI", notMatched: ["JDNS-SHOUDAI", "PNNS-SHANGMAO"] },
  },
  {
    title: "惠来县渔业企业只要保险",
    enterprise: { name: "惠来县某水产有限公司", entityType: "AGRI_ENTERPRISE", industrySection: "A", region: "huilai" },
    need: {
      amount: "200000",
      termMonths: 12,
      purposeCategory: "FISHING_BOAT_RENEWAL",
      description: "渔船投保",
      wantsLoan: false,
      wantsInsurance: true,
    },
    expect: { top: "CUIC-YUCHUANXIAN", notMatched: ["HLNS-YUCHUAN", "ABC-HAIYANG"] },
  },
  {
    title: "成立 8 个月的科技企业：科创贷差年限",
    enterprise: {
      name: "揭阳某智能科技有限公司",
      entityType: "SMALL_MICRO",
      industrySection: "M",
      region: "rongcheng",
      park: "gaoxin",
      foundedOn: new Date("2024-10-20"),
    },
    need: {
      amount: "1000000",
      termMonths: 24,
      purposeCategory: "RESEARCH_AND_DEVELOPMENT",
      description: "算法研发",
      collateralOffered: ["IP_PLEDGE"],
    },
    expect: {
      nearMiss: { code: "CGB-KECHUANG", message: "成立 0 年，未满该产品要求的 1 年；2025-10-20 起满 1 年后可申请" },
    },
  },
  {
    title: "揭西县农户 5000 元：低于产品起点",
    enterprise: { name: "吴某", entityType: "FARM_HOUSEHOLD", industrySection: "A", region: "jiexi", foundedOn: null },
    need: { amount: "5000", termMonths: 6, purposeCategory: "SPRING_FARMING", description: "买种子" },
    expect: { noDirect: true, nearMiss: { code: "JXNS-CHUNGENG", message: "金额 5000 元低于该产品起点 1 万元" } },
  },
  {
    title: "榕城区企业 500 万元存单质押",
    enterprise: {
      name: "揭阳市某贸易有限公司",
      entityType: "OTHER",
      sizeClass: "MEDIUM",
      industrySection: "F",
      region: "rongcheng",
    },
    need: {
      amount: "5000000",
      termMonths: 6,
      purposeCategory: "WORKING_CAPITAL",
      description: "短期周转",
      collateralOffered: ["DEPOSIT_RECEIPT"],
    },
    // 工行经营快贷 needs a property mortgage *and* 12+ months: two conditions off, so not offered as a near miss.
    expect: {
      top: "CCB-CUNDAN",
      reasons: ["接受您提供的存单作为担保"],
      nearMiss: { code: "ICBC-WAIMAO", message: "该产品需要应收账款、保单（任一），您提供的是：存单" },
    },
  },
  {
    title: "惠来临港产业园石化配套小企业 800 万元设备",
    enterprise: {
      name: "惠来县某化工有限公司",
      entityType: "TRANSFERRED_FIRM",
      sizeClass: "SMALL",
      industrySection: "C",
      region: "huilai",
      park: "huilaiPort",
    },
    need: {
      amount: "8000000",
      termMonths: 36,
      purposeCategory: "EQUIPMENT_PURCHASE",
      description: "石化配套设备",
      collateralOffered: ["EQUIPMENT"],
    },
    expect: { top: "ABC-SHIHUA", inDirect: ["BOC-SHEBEI"], reasons: ["可在惠来县办理"] },
  },
  {
    title: "同样的企业在榕城区：石化产业链贷不在本区办理，不作推荐",
    enterprise: {
      name: "揭阳市某化工有限公司",
      entityType: "TRANSFERRED_FIRM",
      sizeClass: "SMALL",
      industrySection: "C",
      region: "rongcheng",
    },
    need: {
      amount: "8000000",
      termMonths: 36,
      purposeCategory: "EQUIPMENT_PURCHASE",
      description: "石化配套设备",
      collateralOffered: ["EQUIPMENT"],
    },
    expect: { top: "BOC-SHEBEI", notMatched: ["ABC-SHIHUA"] },
  },
  {
    title: "普宁个体户持保单 30 万元",
    enterprise: {
      name: "普宁市某商行",
      entityType: "INDIVIDUAL_BUSINESS",
      industrySection: "F",
      region: "puning",
      foundedOn: new Date("2019-01-01"),
    },
    need: {
      amount: "300000",
      termMonths: 12,
      purposeCategory: "WORKING_CAPITAL",
      description: "进货",
      collateralOffered: ["POLICY"],
    },
    expect: {
      inDirect: ["PSBC-ZHENGYINBAO", "PSBC-XIAOWEI"],
      reasonsOf: "PSBC-ZHENGYINBAO",
      reasons: ["接受您提供的保单作为担保"],
    },
  },
  {
    title: "普宁家庭农场 40 万元大棚光伏：绿色贷起点 50 万元",
    enterprise: { name: "普宁市某家庭农场", entityType: "FAMILY_FARM", industrySection: "A", region: "puning" },
    need: {
      amount: "400000",
      termMonths: 24,
      purposeCategory: "GREEN_RETROFIT",
      description: "大棚屋顶光伏",
      collateralOffered: ["EQUIPMENT"],
      flags: ["GREEN"],
    },
    expect: { top: "JYNS-HUINONG", nearMiss: { code: "CIB-LVSE", message: "金额 40 万元低于该产品起点 50 万元" } },
  },
  {
    title: "惠来县合作社 300 万元恰好到渔船贷上限",
    enterprise: { name: "惠来县神泉渔业专业合作社", entityType: "COOPERATIVE", industrySection: "A", region: "huilai" },
    need: {
      amount: "3000000",
      termMonths: 60,
      purposeCategory: "FISHING_BOAT_RENEWAL",
      description: "渔船更新",
      collateralOffered: ["FISHING_BOAT"],
    },
    expect: {
      top: ["HLNS-YUCHUAN", "ABC-HAIYANG"],
      inDirect: ["HLNS-YUCHUAN", "ABC-HAIYANG"],
      reasonsOf: "HLNS-YUCHUAN",
      reasons: ["金额 300 万元在产品额度 10–300 万元内"],
    },
  },
  {
    title: "揭阳某小微企业要担保，只能提供房产反担保",
    enterprise: {
      name: "揭阳市某包装有限公司",
      entityType: "SMALL_MICRO",
      industrySection: "C",
      region: "jiedong",
      foundedOn: new Date("2015-01-01"),
    },
    need: {
      amount: "1000000",
      termMonths: 12,
      purposeCategory: "WORKING_CAPITAL",
      description: "周转",
      wantsLoan: false,
      wantsGuarantee: true,
      collateralOffered: ["REAL_ESTATE"],
    },
    expect: {
      top: ["JYRD-HUIQI", "SYDB-DANBAO"],
      inDirect: ["JYRD-HUIQI", "SYDB-DANBAO"],
      notMatched: ["PSBC-XIAOWEI", "ICBC-JINGYING"],
    },
  },
  {
    title: "揭西县农户 20 万元春耕，但期限 18 个月超出春耕贷",
    enterprise: { name: "刘某", entityType: "FARM_HOUSEHOLD", industrySection: "A", region: "jiexi", foundedOn: null },
    need: { amount: "200000", termMonths: 18, purposeCategory: "SPRING_FARMING", description: "春耕和秋种" },
    expect: { top: "JYNS-HUINONG", nearMiss: { code: "JXNS-CHUNGENG", message: "期限 18 个月超过该产品上限 12 个月" } },
  },
  {
    title: "揭东区小微企业 50 万元设备，设备抵押但非制造业",
    enterprise: {
      name: "揭阳市某物流有限公司",
      entityType: "SMALL_MICRO",
      industrySection: "G",
      region: "jiedong",
      foundedOn: new Date("2018-01-01"),
    },
    need: {
      amount: "500000",
      termMonths: 24,
      purposeCategory: "EQUIPMENT_PURCHASE",
      description: "购买冷藏车",
      collateralOffered: ["EQUIPMENT"],
    },
    expect: { top: ["PSBC-XIAOWEI", "JDNS-SHOUDAI"], notMatched: ["BOC-SHEBEI", "CGB-KECHUANG"] },
  },
];

/** The needs the cases created, for the batched-matching check at the end. */
const matchedNeedIds: string[] = [];
let database: IsolatedDatabase;
let meili: TestMeili;
let regions: RegionIds;
let catalogue: Catalogue;

beforeAll(async () => {
  database = await createIsolatedDatabase("jieyang_cases");
  meili = createTestMeili("cases");
  regions = idsOf(await createRegions(database.db, ALL_REGIONS));
  catalogue = await createCatalogue(database.db, regions);
  await ensureIndexes(meili);
  await syncProducts(database.db, meili, Object.values(catalogue.products));
});

afterAll(async () => {
  await meili?.cleanup();
  await database?.drop();
});

function codes(matches: StoredMatch[]): string[] {
  return matches.map((match) => catalogue.codeOf.get(match.productId) ?? match.productId);
}

function describeResult(result: MatchNeedResult): string {
  const line = (match: StoredMatch) =>
    `  ${match.kind} #${match.rank} ${catalogue.codeOf.get(match.productId)}${match.bundleProductId ? ` + ${catalogue.codeOf.get(match.bundleProductId)}` : ""} ${match.score} (text ${match.components.text.value}): ${match.reasons.join(" | ")}`;
  return [...result.direct, ...result.bundles, ...result.nearMisses].map(line).join("\n");
}

it("has at least 30 hand-written cases", () => {
  expect(CASES.length).toBeGreaterThanOrEqual(30);
});

describe.each(CASES)("$title", (testCase) => {
  it("matches as expected", async () => {
    const { region, park, ...enterpriseInput } = testCase.enterprise;
    const enterprise = await createEnterprise(database.db, {
      ...enterpriseInput,
      regionId: regions[region],
      parkId: park ? regions[park] : null,
    });
    const needId = await createNeed(database.db, { ...testCase.need, enterprise, regionId: regions[region] }).then(
      idOf,
    );
    matchedNeedIds.push(needId);
    const result = (await matchNeed(database.db, meili, needId, { now: NOW, refreshLead: false }))!;
    const explain = `\n${describeResult(result)}`;
    const direct = codes(result.direct);
    const expected = testCase.expect;

    if (expected.top) {
      const allowed = Array.isArray(expected.top) ? expected.top : [expected.top];
      expect(allowed, `top was ${direct[0]}${explain}`).toContain(direct[0]);
    }
    if (expected.top3) expect(direct.slice(0, 3), explain).toEqual(expect.arrayContaining(expected.top3));
    for (const code of expected.inDirect ?? []) expect(direct, `${code} not direct${explain}`).toContain(code);
    if (expected.noDirect) expect(direct, explain).toEqual([]);
    const everything = new Set([
      ...direct,
      ...codes(result.bundles),
      ...codes(result.nearMisses),
      ...result.bundles.map((b) => catalogue.codeOf.get(b.bundleProductId!)),
    ]);
    for (const code of expected.notMatched ?? [])
      expect(everything.has(code), `${code} was offered${explain}`).toBe(false);

    if (expected.reasons) {
      const target = expected.reasonsOf
        ? result.direct.find((match) => catalogue.codeOf.get(match.productId) === expected.reasonsOf)
        : result.direct[0];
      expect(target, explain).toBeDefined();
      for (const fragment of expected.reasons) {
        expect(
          target!.reasons.some((reason) => reason.includes(fragment)),
          `missing reason “${fragment}”${explain}`,
        ).toBe(true);
      }
    }
    if (expected.bundle) {
      const bundle = result.bundles.find((match) => catalogue.codeOf.get(match.productId) === expected.bundle!.loan);
      expect(bundle, `no bundle for ${expected.bundle.loan}${explain}`).toBeDefined();
      expect(catalogue.codeOf.get(bundle!.bundleProductId!)).toBe(expected.bundle.supplier);
      if (expected.bundle.headline) expect(bundle!.reasons[0]).toBe(expected.bundle.headline);
    }
    if (expected.nearMiss) {
      const nearMiss = result.nearMisses.find(
        (match) => catalogue.codeOf.get(match.productId) === expected.nearMiss!.code,
      );
      expect(nearMiss, `no near miss ${expected.nearMiss.code}${explain}`).toBeDefined();
      expect(
        nearMiss!.reasons.some((reason) => reason.includes(expected.nearMiss!.message)),
        `near-miss reason${explain}`,
      ).toBe(true);
      expect(nearMiss!.failedConditions!.length).toBeGreaterThan(0);
    }

    // Every stored row is in Postgres with its reasons; ranks are 1..n per kind.
    const stored = await database.db.match.findMany({ where: { needId }, orderBy: [{ kind: "asc" }, { rank: "asc" }] });
    expect(stored).toHaveLength(result.direct.length + result.bundles.length + result.nearMisses.length);
    for (const kind of ["DIRECT", "BUNDLE", "NEAR_MISS"] as const) {
      expect(stored.filter((row) => row.kind === kind).map((row) => row.rank)).toEqual(
        stored.filter((row) => row.kind === kind).map((_, index) => index + 1),
      );
    }
    expect(stored.every((row) => row.reasons.length > 0)).toBe(true);
  });
});

it("batched matching (the worker's createMatchBatcher) stores exactly what matchNeed stored, need by need", async () => {
  expect(matchedNeedIds.length).toBe(CASES.length);
  const storedRows = async () => {
    const rows = await database.db.match.findMany({
      where: { needId: { in: matchedNeedIds } },
      orderBy: [{ needId: "asc" }, { kind: "asc" }, { rank: "asc" }],
      select: {
        needId: true,
        productId: true,
        bundleProductId: true,
        kind: true,
        rank: true,
        score: true,
        components: true,
        reasons: true,
        failedConditions: true,
      },
    });
    return rows.map((row) => ({ ...row, score: row.score.toString() }));
  };
  const oneByOne = await storedRows();
  expect(oneByOne.length).toBeGreaterThan(CASES.length);
  await database.db.match.deleteMany({ where: { needId: { in: matchedNeedIds } } });

  // All at once, as concurrent jobs would call it, with a duplicate and a need that does not exist.
  const batcher = createMatchBatcher(database.db, meili, { match: { now: NOW, refreshLead: false } });
  const asked = [...matchedNeedIds, matchedNeedIds[0]!, "no-such-need"];
  const results = await Promise.all(asked.map((needId) => batcher.match(needId)));
  expect(await storedRows()).toEqual(oneByOne);
  expect(results.at(-1)).toBeNull();
  results.slice(0, -1).forEach((result, index) => {
    expect(result?.needId).toBe(asked[index]);
    const own = oneByOne
      .filter((row) => row.needId === asked[index] && row.kind === "DIRECT")
      .map((row) => row.productId);
    expect(result!.direct.map((match) => match.productId)).toEqual(own);
  });

  // Nothing changed, so a second batch rewrites nothing (the rows keep their ids).
  const ids = (
    await database.db.match.findMany({
      where: { needId: { in: matchedNeedIds } },
      select: { id: true },
      orderBy: { id: "asc" },
    })
  ).map((row) => row.id);
  const again = await matchNeeds(database.db, meili, matchedNeedIds, { now: NOW, refreshLead: false });
  expect(again.size).toBe(matchedNeedIds.length);
  expect(
    (
      await database.db.match.findMany({
        where: { needId: { in: matchedNeedIds } },
        select: { id: true },
        orderBy: { id: "asc" },
      })
    ).map((row) => row.id),
  ).toEqual(ids);
});

it("a need that fails does not fail its batch-mates: the batch is matched again need by need", async () => {
  // The first case is the 惠来县 fishing co-operative. A product only co-operatives in 惠来县 fit is matched once, so
  // this process now holds its facts (cached for 30 s) ...
  const firstNeedId = matchedNeedIds[0]!;
  const institutionId = (
    await database.db.product.findUniqueOrThrow({
      where: { id: catalogue.products["HLNS-YUCHUAN"]! },
      select: { institutionId: true },
    })
  ).institutionId;
  const productId = await createProduct(database.db, {
    institutionId,
    name: "惠来合作社测试信用贷",
    minAmount: "10000",
    maxAmount: "5000000",
    maxTermMonths: 60,
    eligibleEntityTypes: ["COOPERATIVE"],
    regions: [regions.huilai],
  }).then(idOf);
  await syncProducts(database.db, meili, [productId]);
  const before = await matchNeed(database.db, meili, firstNeedId, { now: NOW, refreshLead: false });
  expect(before!.direct.map((match) => match.productId)).toContain(productId);
  // ... and the product then disappears from Postgres behind the cache's back: storing a match for it breaks the
  // foreign key, so any batch holding the co-operative's need fails.
  await database.db.match.deleteMany({ where: { productId } });
  await database.db.product.delete({ where: { id: productId } });

  const others = CASES.flatMap((testCase, index) =>
    testCase.enterprise.entityType !== "COOPERATIVE" ? [matchedNeedIds[index]!] : [],
  ).slice(0, 3);
  expect(others).toHaveLength(3);
  const batcher = createMatchBatcher(database.db, meili, { match: { now: NOW, refreshLead: false } });
  const outcomes = await Promise.allSettled([firstNeedId, ...others].map((needId) => batcher.match(needId)));
  expect(outcomes[0]!.status).toBe("rejected");
  for (const [index, outcome] of outcomes.slice(1).entries()) {
    expect(outcome.status).toBe("fulfilled");
    expect((outcome as PromiseFulfilledResult<MatchNeedResult | null>).value?.needId).toBe(others[index]);
  }
});

it("when Meilisearch is unreachable a batch fails once for all its needs, without a retry per need", async () => {
  const unreachable = createMeili({ url: "http://127.0.0.1:9", indexPrefix: meili.prefix, timeoutMs: 2_000 });
  let searches = 0;
  const multiSearch = unreachable.client.multiSearch.bind(unreachable.client);
  unreachable.client.multiSearch = ((...args: Parameters<typeof multiSearch>) => {
    searches += 1;
    return multiSearch(...args);
  }) as typeof multiSearch;
  const batcher = createMatchBatcher(database.db, unreachable, { match: { now: NOW, refreshLead: false } });
  const outcomes = await Promise.allSettled(matchedNeedIds.slice(1, 5).map((needId) => batcher.match(needId)));
  expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "rejected", "rejected"]);
  expect(searches).toBe(1);
});
