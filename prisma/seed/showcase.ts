/**
 * Hand-written showcase enterprises (the first phone numbers, 13800000001 …) with scripted needs, so a demo can
 * walk through every role with a known story: a transferred firm in 大南海 with a disbursed plant loan, a 惠来 fishing
 * household renewing its boat, a first-loan plastics firm being worked by 揭阳农商银行 and 工商银行, …
 * demo-accounts.ts describes these accounts; keep the two in step.
 */
import {
  Collateral as C,
  DeclineReason,
  EngagementStatus as S,
  EntityType as E,
  NeedStatus,
  NeedVisibility,
  PurposeCategory as P,
  SizeClass,
} from "../../app/generated/prisma/client.ts";

export interface ShowcaseEnterprise {
  entityType: E;
  lineKey: string;
  regionCode: string;
  parkCode: string | null;
  name: string;
  sizeClass: SizeClass;
  foundedOn: string;
  contactName: string;
  declaresNoPriorLoan: boolean;
  originCity?: string;
  /** Town or street (for the address and names that mention it). */
  town?: string;
}

export interface EngagementPlan {
  institutionCode: string;
  status: S;
  /** The product the officer works with (and records on the outcome). */
  productCode?: string;
  declineReason?: DeclineReason;
}

export interface NeedPlan {
  status: NeedStatus;
  purpose?: P;
  amountWan?: number;
  termMonths?: number;
  visibility?: NeedVisibility;
  directedTo?: string[];
  collateral?: C[];
  wantsGuarantee?: boolean;
  wantsInsurance?: boolean;
  publishedDaysAgo?: number;
  description?: string;
  /** Scripted engagements; generated when omitted. */
  engagements?: EngagementPlan[];
}

export const SHOWCASE_ENTERPRISES: readonly ShowcaseEnterprise[] = [
  {
    entityType: E.TRANSFERRED_FIRM,
    lineKey: "chemicals",
    regionCode: "445224",
    parkCode: "4452-DNH",
    name: "广东华拓新材料有限公司",
    sizeClass: SizeClass.MEDIUM,
    foundedOn: "2024-03-18",
    contactName: "陈志远",
    declaresNoPriorLoan: false,
    originCity: "深圳市",
  },
  {
    entityType: E.FARM_HOUSEHOLD,
    lineKey: "fishing",
    regionCode: "445224",
    parkCode: null,
    name: "林海生",
    town: "靖海镇",
    sizeClass: SizeClass.MICRO,
    foundedOn: "2001-05-01",
    contactName: "林海生",
    declaresNoPriorLoan: false,
  },
  {
    entityType: E.SMALL_MICRO,
    lineKey: "plastics",
    regionCode: "445202",
    parkCode: null,
    name: "揭阳市榕城区联泰塑料制品有限公司",
    town: "仙桥街道",
    sizeClass: SizeClass.SMALL,
    foundedOn: "2019-06-12",
    contactName: "黄晓玲",
    declaresNoPriorLoan: true,
  },
  {
    entityType: E.COOPERATIVE,
    lineKey: "plum",
    regionCode: "445281",
    parkCode: null,
    name: "普宁市梅林镇梅香青梅种植专业合作社",
    town: "梅林镇",
    sizeClass: SizeClass.SMALL,
    foundedOn: "2015-03-20",
    contactName: "赖国平",
    declaresNoPriorLoan: true,
  },
  {
    entityType: E.INDIVIDUAL_BUSINESS,
    lineKey: "jade",
    regionCode: "445202",
    parkCode: null,
    name: "揭阳市榕城区东升街道翠宝玉器商行",
    town: "东升街道",
    sizeClass: SizeClass.MICRO,
    foundedOn: "2016-09-01",
    contactName: "郑少鸿",
    declaresNoPriorLoan: true,
  },
  {
    entityType: E.FAMILY_FARM,
    lineKey: "tea",
    regionCode: "445222",
    parkCode: null,
    name: "揭西县坪上镇云雾家庭农场",
    town: "坪上镇",
    sizeClass: SizeClass.MICRO,
    foundedOn: "2018-02-10",
    contactName: "彭秀娟",
    declaresNoPriorLoan: true,
  },
  {
    entityType: E.TRANSFERRED_FIRM,
    lineKey: "garments",
    regionCode: "445281",
    parkCode: "4452-PNCY",
    name: "揭阳锦绣针织服饰有限公司",
    sizeClass: SizeClass.MEDIUM,
    foundedOn: "2024-08-01",
    contactName: "许佳琳",
    declaresNoPriorLoan: false,
    originCity: "东莞市",
  },
  {
    entityType: E.AGRI_ENTERPRISE,
    lineKey: "aquaculture",
    regionCode: "445224",
    parkCode: null,
    name: "惠来县蓝湾水产养殖有限公司",
    town: "神泉镇",
    sizeClass: SizeClass.SMALL,
    foundedOn: "2012-04-10",
    contactName: "吴泽雄",
    declaresNoPriorLoan: false,
  },
];

/** Needs of the showcase enterprises, by serial (1-based, in the order above). */
export const SHOWCASE_NEEDS: Readonly<Record<number, readonly NeedPlan[]>> = {
  1: [
    {
      status: NeedStatus.SUCCEEDED,
      purpose: P.PLANT_CONSTRUCTION,
      amountWan: 2000,
      termMonths: 60,
      collateral: [C.LAND_USE_RIGHT],
      publishedDaysAgo: 150,
      description:
        "公司由深圳市整体迁入大南海石化工业区，已取得工业用地 46 亩，拟建设改性塑料生产厂房及仓库约 2.1 万平方米，申请中长期贷款 2000 万元，以土地使用权抵押。",
      engagements: [
        { institutionCode: "ICBC-JY", status: S.DISBURSED, productCode: "ICBC-JY-TRANSFER" },
        { institutionCode: "CGB-JY", status: S.WITHDRAWN, productCode: "CGB-JY-PLANT" },
      ],
    },
    {
      status: NeedStatus.IN_PROGRESS,
      purpose: P.GREEN_RETROFIT,
      amountWan: 800,
      termMonths: 36,
      collateral: [C.EQUIPMENT],
      visibility: NeedVisibility.DIRECTED,
      directedTo: ["CCB-JY", "JYFG"],
      wantsGuarantee: true,
      publishedDaysAgo: 16,
      description:
        "新厂区配套建设 VOCs 治理和余热回收系统，预计年节约标煤约 1800 吨，申请碳减排贷款 800 万元，设备抵押并希望由揭阳市融资担保公司增信。",
      engagements: [
        { institutionCode: "CCB-JY", status: S.UNDER_REVIEW, productCode: "CCB-JY-CARBON" },
        { institutionCode: "JYFG", status: S.ACCEPTED, productCode: "JYFG-TRANSFER" },
      ],
    },
    {
      status: NeedStatus.DRAFT,
      purpose: P.WORKING_CAPITAL,
      amountWan: 500,
      termMonths: 12,
      collateral: [C.RECEIVABLES],
    },
  ],
  2: [
    {
      status: NeedStatus.SUCCEEDED,
      purpose: P.FISHING_BOAT_RENEWAL,
      amountWan: 30,
      termMonths: 36,
      collateral: [C.FISHING_BOAT],
      visibility: NeedVisibility.DIRECTED,
      directedTo: ["HLRCB"],
      publishedDaysAgo: 200,
      description: "自有钢质渔船“粤惠渔 3xxx”一艘，计划更换主机并加装北斗船载终端，以渔船抵押申请贷款 30 万元。",
      engagements: [{ institutionCode: "HLRCB", status: S.DISBURSED, productCode: "HLRCB-BOAT" }],
    },
    {
      status: NeedStatus.OPEN,
      purpose: P.FISHING_BOAT_RENEWAL,
      amountWan: 45,
      termMonths: 48,
      collateral: [C.FISHING_BOAT],
      visibility: NeedVisibility.DIRECTED,
      directedTo: ["HLRCB", "PINGAN-JY"],
      wantsInsurance: true,
      publishedDaysAgo: 1,
      description: "渔船加装冷藏舱和安全救生设备，申请渔船抵押贷款 45 万元，同时希望投保渔船综合保险。",
    },
  ],
  3: [
    {
      status: NeedStatus.IN_PROGRESS,
      purpose: P.WORKING_CAPITAL,
      amountWan: 80,
      termMonths: 12,
      collateral: [],
      publishedDaysAgo: 9,
      description:
        "接到汕头、深圳客户食品包装订单约 600 万元，需采购 PP 塑料粒子备货。企业从未在银行贷款，希望申请首贷户信用贷款 80 万元。",
      engagements: [
        { institutionCode: "JYRCB", status: S.CONTACTED, productCode: "JYRCB-FIRSTLOAN" },
        { institutionCode: "ICBC-JY", status: S.ACCEPTED, productCode: "ICBC-JY-JYKD" },
      ],
    },
    {
      status: NeedStatus.CLOSED_UNMET,
      purpose: P.EQUIPMENT_PURCHASE,
      amountWan: 300,
      termMonths: 36,
      collateral: [C.EQUIPMENT],
      publishedDaysAgo: 130,
      description: "购置 2 台全自动注塑机，申请设备贷款 300 万元，以所购设备抵押。",
      engagements: [
        { institutionCode: "CCB-JY", status: S.DECLINED, declineReason: DeclineReason.INSUFFICIENT_COLLATERAL },
        { institutionCode: "BOCOM-JY", status: S.DECLINED, declineReason: DeclineReason.NOT_QUALIFIED },
      ],
    },
  ],
  4: [
    {
      status: NeedStatus.OPEN,
      purpose: P.WORKING_CAPITAL,
      amountWan: 150,
      termMonths: 12,
      collateral: [C.LAND_USE_RIGHT],
      wantsGuarantee: true,
      publishedDaysAgo: 6,
      description:
        "合作社带动社员 126 户种植青梅 3200 亩，明年收购季需预付收购款，申请流动资金 150 万元，可提供土地经营权抵押，也可接受担保公司担保。",
    },
    {
      status: NeedStatus.EXPIRED,
      purpose: P.SPRING_FARMING,
      amountWan: 60,
      termMonths: 10,
      collateral: [],
      publishedDaysAgo: 160,
    },
  ],
  5: [
    {
      status: NeedStatus.WITHDRAWN,
      purpose: P.WORKING_CAPITAL,
      amountWan: 50,
      termMonths: 12,
      collateral: [C.INVENTORY],
      publishedDaysAgo: 40,
      engagements: [{ institutionCode: "JYRCB", status: S.WITHDRAWN, productCode: "JYRCB-MERCHANT" }],
    },
    {
      status: NeedStatus.OPEN,
      purpose: P.WORKING_CAPITAL,
      amountWan: 30,
      termMonths: 12,
      collateral: [],
      visibility: NeedVisibility.DIRECTED,
      directedTo: ["JYRCB", "CGB-JY"],
      publishedDaysAgo: 2,
      description: "年底玉器销售旺季，需进一批翡翠原料，申请 30 万元信用贷款。",
    },
  ],
  6: [
    {
      status: NeedStatus.SUCCEEDED,
      purpose: P.SPRING_FARMING,
      amountWan: 20,
      termMonths: 12,
      collateral: [],
      visibility: NeedVisibility.DIRECTED,
      directedTo: ["JXRCB"],
      publishedDaysAgo: 230,
      description: "春茶采摘前需购买有机肥和雇请采茶工，茶园 85 亩，申请 20 万元。",
      engagements: [{ institutionCode: "JXRCB", status: S.DISBURSED, productCode: "JXRCB-TEA" }],
    },
    {
      status: NeedStatus.IN_PROGRESS,
      purpose: P.EQUIPMENT_PURCHASE,
      amountWan: 35,
      termMonths: 24,
      collateral: [C.LAND_USE_RIGHT],
      publishedDaysAgo: 28,
      description: "购置滚筒杀青机、揉捻机等制茶设备，提升自产茶叶加工能力，申请 35 万元。",
      engagements: [{ institutionCode: "JXRCB", status: S.APPROVED, productCode: "JXRCB-TEA" }],
    },
  ],
  7: [
    {
      status: NeedStatus.IN_PROGRESS,
      purpose: P.EXPORT_ORDER,
      amountWan: 600,
      termMonths: 6,
      collateral: [C.RECEIVABLES, C.POLICY],
      wantsInsurance: true,
      publishedDaysAgo: 12,
      description:
        "接到中东、东南亚客户针织内衣出口订单约 180 万美元，需备料生产，申请外贸贷 600 万元，并投保短期出口信用保险用于保单融资。",
      engagements: [
        { institutionCode: "BOC-JY", status: S.UNDER_REVIEW, productCode: "BOC-JY-FOREIGN" },
        { institutionCode: "SINOSURE-GD", status: S.ACCEPTED, productCode: "SINOSURE-GD-SHORTTERM" },
      ],
    },
    {
      status: NeedStatus.SUCCEEDED,
      purpose: P.WORKING_CAPITAL,
      amountWan: 300,
      termMonths: 12,
      collateral: [C.RECEIVABLES],
      publishedDaysAgo: 110,
      engagements: [{ institutionCode: "PNRCB", status: S.DISBURSED, productCode: "PNRCB-TEXTILE" }],
    },
  ],
  8: [
    {
      status: NeedStatus.IN_PROGRESS,
      purpose: P.MARINE_AQUACULTURE,
      amountWan: 260,
      termMonths: 36,
      collateral: [C.SEA_AREA_USE_RIGHT],
      wantsInsurance: true,
      publishedDaysAgo: 40,
      description:
        "养殖海域 320 亩，计划新增 40 口深水网箱和增氧设备养殖鲍鱼、生蚝，以海域使用权抵押申请 260 万元，同时投保台风指数保险。",
      engagements: [
        { institutionCode: "HLRCB", status: S.UNDER_REVIEW, productCode: "HLRCB-SEAAREA" },
        { institutionCode: "ADBC-JY", status: S.DECLINED, declineReason: DeclineReason.NOT_QUALIFIED },
        { institutionCode: "CPIC-JY", status: S.CONTACTED, productCode: "CPIC-JY-AQUAINDEX" },
      ],
    },
  ],
};
