/**
 * What 揭阳's businesses actually do, as data: each line of business has its GB/T 4754 division, where in the city it
 * clusters, the words its firms use in their names, and what it typically borrows for. The enterprise and need
 * generators draw from these so a 普宁 enterprise is more likely to make 内衣 than petrochemicals, and a 惠来 fishing
 * household asks for a 渔船更新改造 loan against its boat.
 */
import { Collateral as C, EntityType as E, PurposeCategory as P } from "../../app/generated/prisma/client.ts";
import { COUNTY_CODES } from "./regions.ts";

export interface BusinessLine {
  key: string;
  /** GB/T 4754-2017 division (two digits). */
  division: string;
  /** Entity types that plausibly run this line. */
  entityTypes: readonly E[];
  /** [county code, weight] — where the line clusters. */
  counties: readonly (readonly [string, number])[];
  /** Parks a transferred or park-based firm in this line settles in. */
  parks: readonly string[];
  /** Words used in firm names (塑料制品, 五金制品 …). */
  nameWords: readonly string[];
  /** What it makes, grows or sells — used in need descriptions. */
  goods: string;
  /** What it buys — used in need descriptions. */
  inputs: string;
  /** Purposes of its financing needs, weighted. */
  purposes: readonly (readonly [P, number])[];
  /** Collateral it can usually offer, beyond "none". */
  collateral: readonly C[];
  /** Exports a meaningful share of output (外贸订单 purposes make sense). */
  exports?: boolean;
}

const { rongcheng, jiedong, jiexi, huilai, puning } = COUNTY_CODES;
const MANUFACTURERS = [E.TRANSFERRED_FIRM, E.SMALL_MICRO] as const;
const WORKSHOPS = [E.TRANSFERRED_FIRM, E.SMALL_MICRO, E.INDIVIDUAL_BUSINESS] as const;
const FARM_TYPES = [E.FARM_HOUSEHOLD, E.FAMILY_FARM, E.COOPERATIVE, E.AGRI_ENTERPRISE] as const;

const FACTORY_PURPOSES = [
  [P.WORKING_CAPITAL, 5],
  [P.EQUIPMENT_PURCHASE, 3],
  [P.TECH_RETROFIT, 2],
  [P.PLANT_CONSTRUCTION, 1],
  [P.GREEN_RETROFIT, 1],
] as const;
const FACTORY_COLLATERAL = [C.REAL_ESTATE, C.EQUIPMENT, C.RECEIVABLES, C.INVENTORY, C.GUARANTEE_COMPANY] as const;

export const BUSINESS_LINES: readonly BusinessLine[] = [
  // ── manufacturing ──
  {
    key: "plastics",
    division: "29",
    entityTypes: WORKSHOPS,
    counties: [
      [jiedong, 3],
      [rongcheng, 2],
      [puning, 1],
    ],
    parks: ["4452-CYY", "4452-KGJ", "4452-RCCY"],
    nameWords: ["塑料制品", "塑胶制品", "塑料包装", "日用塑料"],
    goods: "塑料日用品和食品包装制品",
    inputs: "PP、PE 塑料粒子",
    purposes: [...FACTORY_PURPOSES, [P.EXPORT_ORDER, 1]],
    collateral: FACTORY_COLLATERAL,
    exports: true,
  },
  {
    key: "metal",
    division: "33",
    entityTypes: WORKSHOPS,
    counties: [
      [jiedong, 4],
      [rongcheng, 2],
    ],
    parks: ["4452-ZDJS", "4452-CYY"],
    nameWords: ["五金制品", "不锈钢制品", "金属制品", "厨具"],
    goods: "不锈钢厨具和五金配件",
    inputs: "不锈钢卷板和冲压模具",
    purposes: [...FACTORY_PURPOSES, [P.EXPORT_ORDER, 2]],
    collateral: FACTORY_COLLATERAL,
    exports: true,
  },
  {
    key: "garments",
    division: "18",
    entityTypes: WORKSHOPS,
    counties: [
      [puning, 6],
      [jiexi, 1],
    ],
    parks: ["4452-PNCY"],
    nameWords: ["服饰", "内衣", "制衣", "针织服装"],
    goods: "内衣和针织服装",
    inputs: "面料、花边和辅料",
    purposes: [...FACTORY_PURPOSES, [P.EXPORT_ORDER, 2]],
    collateral: FACTORY_COLLATERAL,
    exports: true,
  },
  {
    key: "textiles",
    division: "17",
    entityTypes: MANUFACTURERS,
    counties: [
      [puning, 5],
      [jiexi, 1],
    ],
    parks: ["4452-PNFZ", "4452-PNCY"],
    nameWords: ["纺织", "针织", "印染", "织造"],
    goods: "针织面料和印染加工",
    inputs: "棉纱、涤纶纱线和染料",
    purposes: [...FACTORY_PURPOSES, [P.GREEN_RETROFIT, 2]],
    collateral: FACTORY_COLLATERAL,
  },
  {
    key: "shoes",
    division: "19",
    entityTypes: WORKSHOPS,
    counties: [
      [jiedong, 2],
      [rongcheng, 1],
      [puning, 1],
    ],
    parks: ["4452-KGJ", "4452-CYY"],
    nameWords: ["鞋业", "鞋材", "制鞋"],
    goods: "休闲鞋、拖鞋和 EVA 鞋材",
    inputs: "EVA、PVC 原料",
    purposes: [...FACTORY_PURPOSES, [P.EXPORT_ORDER, 2]],
    collateral: FACTORY_COLLATERAL,
    exports: true,
  },
  {
    key: "jade",
    division: "24",
    entityTypes: [E.SMALL_MICRO, E.INDIVIDUAL_BUSINESS],
    counties: [
      [rongcheng, 3],
      [jiedong, 1],
    ],
    parks: [],
    nameWords: ["玉器", "珠宝玉石", "翡翠工艺品"],
    goods: "翡翠玉器工艺品",
    inputs: "翡翠原石",
    purposes: [
      [P.WORKING_CAPITAL, 5],
      [P.EQUIPMENT_PURCHASE, 1],
    ],
    collateral: [C.INVENTORY, C.REAL_ESTATE],
  },
  {
    key: "electronics",
    division: "39",
    entityTypes: MANUFACTURERS,
    counties: [
      [rongcheng, 2],
      [jiedong, 1],
    ],
    parks: ["4452-GXQ", "4452-KGJ"],
    nameWords: ["电子科技", "电子", "智能科技"],
    goods: "电子元器件和智能小家电控制板",
    inputs: "芯片和电子元器件",
    purposes: [...FACTORY_PURPOSES, [P.RESEARCH_AND_DEVELOPMENT, 3], [P.EXPORT_ORDER, 1]],
    collateral: [...FACTORY_COLLATERAL, C.IP_PLEDGE],
    exports: true,
  },
  {
    key: "electrical",
    division: "38",
    entityTypes: MANUFACTURERS,
    counties: [
      [rongcheng, 1],
      [jiedong, 2],
    ],
    parks: ["4452-GXQ", "4452-CYY"],
    nameWords: ["电器", "照明电器", "电气"],
    goods: "LED 照明灯具和小家电",
    inputs: "铝型材、灯珠和电源模块",
    purposes: [...FACTORY_PURPOSES, [P.RESEARCH_AND_DEVELOPMENT, 1], [P.EXPORT_ORDER, 2]],
    collateral: [...FACTORY_COLLATERAL, C.IP_PLEDGE],
    exports: true,
  },
  {
    key: "chemicals",
    division: "26",
    entityTypes: MANUFACTURERS,
    counties: [[huilai, 5]],
    parks: ["4452-DNH", "4452-HLLG"],
    nameWords: ["化工", "新材料", "精细化工"],
    goods: "石化下游精细化工产品和改性塑料",
    inputs: "石化基础原料",
    purposes: [
      [P.WORKING_CAPITAL, 3],
      [P.PLANT_CONSTRUCTION, 3],
      [P.EQUIPMENT_PURCHASE, 2],
      [P.GREEN_RETROFIT, 2],
    ],
    collateral: [C.REAL_ESTATE, C.LAND_USE_RIGHT, C.EQUIPMENT, C.RECEIVABLES, C.GUARANTEE_COMPANY],
  },
  {
    key: "pharma",
    division: "27",
    entityTypes: MANUFACTURERS,
    counties: [
      [puning, 3],
      [rongcheng, 1],
    ],
    parks: ["4452-PNCY", "4452-GXQ"],
    nameWords: ["药业", "中药饮片", "生物科技"],
    goods: "中药饮片",
    inputs: "道地中药材",
    purposes: [
      [P.WORKING_CAPITAL, 3],
      [P.EQUIPMENT_PURCHASE, 2],
      [P.RESEARCH_AND_DEVELOPMENT, 2],
      [P.TECH_RETROFIT, 1],
    ],
    collateral: [...FACTORY_COLLATERAL, C.IP_PLEDGE],
  },
  {
    key: "snacks",
    division: "14",
    entityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM, E.AGRI_ENTERPRISE],
    counties: [
      [puning, 3],
      [jiexi, 1],
      [rongcheng, 1],
    ],
    parks: ["4452-PNCY", "4452-JXCY"],
    nameWords: ["食品", "凉果", "蜜饯食品"],
    goods: "青梅、橄榄凉果和休闲食品",
    inputs: "青梅、橄榄等鲜果和白糖",
    purposes: [
      [P.WORKING_CAPITAL, 4],
      [P.EQUIPMENT_PURCHASE, 2],
      [P.TECH_RETROFIT, 1],
      [P.EXPORT_ORDER, 1],
    ],
    collateral: FACTORY_COLLATERAL,
    exports: true,
  },
  {
    key: "agri-processing",
    division: "13",
    entityTypes: [E.AGRI_ENTERPRISE, E.SMALL_MICRO],
    counties: [
      [huilai, 2],
      [jiedong, 1],
      [jiexi, 1],
    ],
    parks: ["4452-HLLG", "4452-JXCY"],
    nameWords: ["水产品加工", "农产品加工", "粮油"],
    goods: "冻品水产和粮油加工",
    inputs: "鲜活水产品和稻谷",
    purposes: [
      [P.WORKING_CAPITAL, 4],
      [P.EQUIPMENT_PURCHASE, 2],
      [P.PLANT_CONSTRUCTION, 1],
    ],
    collateral: [C.REAL_ESTATE, C.EQUIPMENT, C.INVENTORY, C.GUARANTEE_COMPANY],
  },
  {
    key: "tea-processing",
    division: "15",
    entityTypes: [E.AGRI_ENTERPRISE, E.SMALL_MICRO, E.COOPERATIVE],
    counties: [
      [jiexi, 4],
      [puning, 1],
    ],
    parks: ["4452-JXCY"],
    nameWords: ["茶业", "茶叶", "茶业发展"],
    goods: "炒茶和单丛茶",
    inputs: "鲜茶叶",
    purposes: [
      [P.WORKING_CAPITAL, 4],
      [P.EQUIPMENT_PURCHASE, 2],
      [P.TECH_RETROFIT, 1],
    ],
    collateral: [C.REAL_ESTATE, C.EQUIPMENT, C.INVENTORY, C.LAND_USE_RIGHT],
  },
  {
    key: "machinery",
    division: "35",
    entityTypes: MANUFACTURERS,
    counties: [
      [jiedong, 2],
      [rongcheng, 1],
    ],
    parks: ["4452-CYY", "4452-GXQ", "4452-ZDJS"],
    nameWords: ["机械", "机械设备", "智能装备"],
    goods: "塑料机械和食品包装机械",
    inputs: "钢材和数控系统",
    purposes: [...FACTORY_PURPOSES, [P.RESEARCH_AND_DEVELOPMENT, 2]],
    collateral: [...FACTORY_COLLATERAL, C.IP_PLEDGE],
  },
  {
    key: "boatyard",
    division: "37",
    entityTypes: [E.SMALL_MICRO],
    counties: [[huilai, 1]],
    parks: ["4452-HLLG"],
    nameWords: ["船舶修造", "渔船修造"],
    goods: "钢质渔船修造和玻璃钢渔船",
    inputs: "船用钢板和柴油机",
    purposes: [
      [P.WORKING_CAPITAL, 2],
      [P.EQUIPMENT_PURCHASE, 2],
      [P.PLANT_CONSTRUCTION, 1],
    ],
    collateral: [C.REAL_ESTATE, C.EQUIPMENT, C.RECEIVABLES],
  },
  {
    key: "renewables",
    division: "44",
    entityTypes: [E.TRANSFERRED_FIRM, E.SMALL_MICRO],
    counties: [
      [huilai, 3],
      [jiexi, 1],
    ],
    parks: ["4452-HLLG", "4452-DNH"],
    nameWords: ["新能源", "光伏科技", "能源科技"],
    goods: "屋顶分布式光伏和风电运维",
    inputs: "光伏组件和逆变器",
    purposes: [
      [P.GREEN_RETROFIT, 4],
      [P.EQUIPMENT_PURCHASE, 2],
      [P.WORKING_CAPITAL, 1],
    ],
    collateral: [C.EQUIPMENT, C.SUBSIDY_RECEIVABLE, C.RECEIVABLES, C.CARBON_RIGHT],
  },

  // ── services ──
  {
    key: "logistics",
    division: "58",
    entityTypes: [E.TRANSFERRED_FIRM, E.SMALL_MICRO],
    counties: [
      [jiedong, 2],
      [huilai, 1],
      [rongcheng, 1],
    ],
    parks: ["4452-KGJ", "4452-DNH"],
    nameWords: ["物流", "供应链管理", "货运代理"],
    goods: "园区物流、仓储和货运代理服务",
    inputs: "冷链车辆和仓储设施",
    purposes: [
      [P.WORKING_CAPITAL, 3],
      [P.EQUIPMENT_PURCHASE, 3],
      [P.PLANT_CONSTRUCTION, 1],
    ],
    collateral: [C.EQUIPMENT, C.RECEIVABLES, C.REAL_ESTATE],
  },
  {
    key: "herb-trade",
    division: "51",
    entityTypes: [E.SMALL_MICRO, E.INDIVIDUAL_BUSINESS],
    counties: [[puning, 5]],
    parks: [],
    nameWords: ["药材", "中药材商行", "药材贸易"],
    goods: "中药材批发",
    inputs: "中药材",
    purposes: [[P.WORKING_CAPITAL, 6]],
    collateral: [C.INVENTORY, C.REAL_ESTATE],
  },
  {
    key: "trading",
    division: "51",
    entityTypes: [E.SMALL_MICRO, E.INDIVIDUAL_BUSINESS],
    counties: [
      [rongcheng, 3],
      [puning, 2],
      [jiedong, 1],
    ],
    parks: [],
    nameWords: ["贸易", "商贸", "进出口"],
    goods: "五金、纺织品和日用品批发及进出口",
    inputs: "批发货品",
    purposes: [
      [P.WORKING_CAPITAL, 5],
      [P.EXPORT_ORDER, 2],
    ],
    collateral: [C.INVENTORY, C.RECEIVABLES, C.REAL_ESTATE],
    exports: true,
  },
  {
    key: "retail",
    division: "52",
    entityTypes: [E.INDIVIDUAL_BUSINESS],
    counties: [
      [rongcheng, 3],
      [jiedong, 2],
      [puning, 2],
      [jiexi, 1],
      [huilai, 1],
    ],
    parks: [],
    nameWords: ["百货店", "五金店", "农资店", "建材店"],
    goods: "日用百货、五金建材和农资零售",
    inputs: "进货",
    purposes: [
      [P.WORKING_CAPITAL, 5],
      [P.OTHER, 1],
    ],
    collateral: [C.REAL_ESTATE, C.INVENTORY],
  },
  {
    key: "ecommerce",
    division: "52",
    entityTypes: [E.INDIVIDUAL_BUSINESS, E.SMALL_MICRO],
    counties: [
      [jiedong, 3],
      [puning, 1],
    ],
    parks: [],
    nameWords: ["电子商务", "网店", "电商"],
    goods: "服装鞋帽网络零售（军埔电商村）",
    inputs: "备货",
    purposes: [
      [P.WORKING_CAPITAL, 5],
      [P.EQUIPMENT_PURCHASE, 1],
    ],
    collateral: [C.INVENTORY, C.REAL_ESTATE],
  },
  {
    key: "catering",
    division: "62",
    entityTypes: [E.INDIVIDUAL_BUSINESS],
    counties: [
      [rongcheng, 3],
      [puning, 2],
      [jiexi, 1],
      [huilai, 1],
      [jiedong, 1],
    ],
    parks: [],
    nameWords: ["牛肉丸店", "粿品店", "餐厅", "海鲜酒家"],
    goods: "潮汕小吃和餐饮",
    inputs: "食材",
    purposes: [
      [P.WORKING_CAPITAL, 3],
      [P.EQUIPMENT_PURCHASE, 1],
      [P.OTHER, 1],
    ],
    collateral: [C.REAL_ESTATE],
  },
  {
    key: "software",
    division: "65",
    entityTypes: [E.SMALL_MICRO, E.TRANSFERRED_FIRM],
    counties: [[rongcheng, 1]],
    parks: ["4452-GXQ"],
    nameWords: ["信息技术", "软件科技", "网络科技"],
    goods: "工业软件和数字化改造服务",
    inputs: "研发人员和服务器",
    purposes: [
      [P.RESEARCH_AND_DEVELOPMENT, 4],
      [P.WORKING_CAPITAL, 2],
    ],
    collateral: [C.IP_PLEDGE, C.RECEIVABLES],
  },
  {
    key: "rnd",
    division: "75",
    entityTypes: [E.SMALL_MICRO],
    counties: [
      [rongcheng, 1],
      [jiedong, 1],
    ],
    parks: ["4452-GXQ"],
    nameWords: ["科技", "检测技术", "技术服务"],
    goods: "新材料检测和技术推广服务",
    inputs: "检测仪器",
    purposes: [
      [P.RESEARCH_AND_DEVELOPMENT, 3],
      [P.EQUIPMENT_PURCHASE, 2],
    ],
    collateral: [C.IP_PLEDGE, C.EQUIPMENT],
  },
  {
    key: "construction",
    division: "50",
    entityTypes: [E.SMALL_MICRO],
    counties: [
      [rongcheng, 2],
      [puning, 1],
      [huilai, 1],
    ],
    parks: [],
    nameWords: ["建筑装饰工程", "装饰工程", "建设工程"],
    goods: "厂房和市政工程装饰装修",
    inputs: "建材和工程垫资",
    purposes: [[P.WORKING_CAPITAL, 5]],
    collateral: [C.RECEIVABLES, C.REAL_ESTATE, C.GUARANTEE_COMPANY],
  },

  // ── agriculture, forestry, animal husbandry and fishery (section A) ──
  {
    key: "rice-veg",
    division: "01",
    entityTypes: FARM_TYPES,
    counties: [
      [jiexi, 2],
      [jiedong, 2],
      [rongcheng, 1],
      [puning, 1],
      [huilai, 1],
    ],
    parks: [],
    nameWords: ["种植", "蔬菜种植", "粮食种植"],
    goods: "水稻和蔬菜",
    inputs: "种子、化肥、农药",
    purposes: [
      [P.SPRING_FARMING, 5],
      [P.WORKING_CAPITAL, 2],
      [P.EQUIPMENT_PURCHASE, 2],
    ],
    collateral: [C.LAND_USE_RIGHT],
  },
  {
    key: "tea",
    division: "01",
    entityTypes: FARM_TYPES,
    counties: [
      [jiexi, 4],
      [puning, 1],
      [huilai, 1],
    ],
    parks: [],
    nameWords: ["茶叶种植", "茶园"],
    goods: "茶叶",
    inputs: "茶苗、有机肥和采茶用工",
    purposes: [
      [P.SPRING_FARMING, 3],
      [P.WORKING_CAPITAL, 2],
      [P.EQUIPMENT_PURCHASE, 1],
    ],
    collateral: [C.LAND_USE_RIGHT],
  },
  {
    key: "plum",
    division: "01",
    entityTypes: FARM_TYPES,
    counties: [
      [puning, 4],
      [jiexi, 2],
    ],
    parks: [],
    nameWords: ["青梅种植", "青梅"],
    goods: "青梅",
    inputs: "果园管护和青梅收购",
    purposes: [
      [P.WORKING_CAPITAL, 3],
      [P.SPRING_FARMING, 2],
      [P.EQUIPMENT_PURCHASE, 1],
    ],
    collateral: [C.LAND_USE_RIGHT],
  },
  {
    key: "lychee",
    division: "01",
    entityTypes: FARM_TYPES,
    counties: [
      [jiedong, 2],
      [huilai, 2],
      [puning, 1],
    ],
    parks: [],
    nameWords: ["果蔬种植", "荔枝种植", "水果种植"],
    goods: "荔枝、龙眼",
    inputs: "果园肥料和保鲜冷库",
    purposes: [
      [P.SPRING_FARMING, 3],
      [P.WORKING_CAPITAL, 2],
      [P.EQUIPMENT_PURCHASE, 1],
    ],
    collateral: [C.LAND_USE_RIGHT],
  },
  {
    key: "bamboo",
    division: "01",
    entityTypes: FARM_TYPES,
    counties: [[jiedong, 3]],
    parks: [],
    nameWords: ["竹笋种植", "笋业"],
    goods: "埔田竹笋",
    inputs: "笋园管护和加工设备",
    purposes: [
      [P.SPRING_FARMING, 3],
      [P.WORKING_CAPITAL, 2],
    ],
    collateral: [C.LAND_USE_RIGHT],
  },
  {
    key: "forestry",
    division: "02",
    entityTypes: [E.FAMILY_FARM, E.COOPERATIVE, E.AGRI_ENTERPRISE, E.FARM_HOUSEHOLD],
    counties: [
      [jiexi, 3],
      [puning, 1],
    ],
    parks: [],
    nameWords: ["林业", "油茶种植", "生态林业"],
    goods: "油茶和林木",
    inputs: "苗木和抚育用工",
    purposes: [
      [P.WORKING_CAPITAL, 2],
      [P.GREEN_RETROFIT, 2],
      [P.SPRING_FARMING, 1],
    ],
    collateral: [C.FOREST_RIGHT, C.CARBON_RIGHT],
  },
  {
    key: "livestock",
    division: "03",
    entityTypes: FARM_TYPES,
    counties: [
      [jiexi, 2],
      [huilai, 1],
      [puning, 1],
      [jiedong, 1],
    ],
    parks: [],
    nameWords: ["养殖", "生态养殖", "畜牧"],
    goods: "生猪和三鸟（鸡鸭鹅）",
    inputs: "饲料和防疫",
    purposes: [
      [P.WORKING_CAPITAL, 3],
      [P.EQUIPMENT_PURCHASE, 2],
      [P.PLANT_CONSTRUCTION, 1],
    ],
    collateral: [C.LAND_USE_RIGHT, C.EQUIPMENT],
  },
  {
    key: "fishing",
    division: "04",
    entityTypes: [E.FARM_HOUSEHOLD, E.COOPERATIVE, E.AGRI_ENTERPRISE],
    counties: [[huilai, 5]],
    parks: [],
    nameWords: ["渔业", "海洋捕捞", "水产"],
    goods: "近海捕捞",
    inputs: "渔船燃油、渔具和船员工资",
    purposes: [
      [P.FISHING_BOAT_RENEWAL, 5],
      [P.WORKING_CAPITAL, 2],
    ],
    collateral: [C.FISHING_BOAT],
  },
  {
    key: "aquaculture",
    division: "04",
    entityTypes: FARM_TYPES,
    counties: [
      [huilai, 4],
      [jiedong, 1],
      [rongcheng, 1],
    ],
    parks: [],
    nameWords: ["水产养殖", "海水养殖", "水产"],
    goods: "南美白对虾、鲍鱼和生蚝",
    inputs: "苗种、饲料和增氧设备",
    purposes: [
      [P.MARINE_AQUACULTURE, 5],
      [P.WORKING_CAPITAL, 2],
      [P.EQUIPMENT_PURCHASE, 1],
    ],
    collateral: [C.SEA_AREA_USE_RIGHT, C.EQUIPMENT],
  },
  {
    key: "agri-services",
    division: "05",
    entityTypes: [E.COOPERATIVE, E.AGRI_ENTERPRISE, E.FAMILY_FARM],
    counties: [
      [jiexi, 1],
      [jiedong, 1],
      [puning, 1],
    ],
    parks: [],
    nameWords: ["农机服务", "农业服务"],
    goods: "农机耕种收和植保飞防服务",
    inputs: "插秧机、收割机和植保无人机",
    purposes: [
      [P.EQUIPMENT_PURCHASE, 4],
      [P.SPRING_FARMING, 2],
    ],
    collateral: [C.EQUIPMENT, C.LAND_USE_RIGHT],
  },

  // ── others (民办非企业单位、物业等) ──
  {
    key: "training",
    division: "83",
    entityTypes: [E.OTHER],
    counties: [
      [rongcheng, 2],
      [puning, 1],
      [jiedong, 1],
    ],
    parks: [],
    nameWords: ["职业培训学校", "技能培训中心"],
    goods: "电商运营、数控和育婴师职业技能培训",
    inputs: "实训设备",
    purposes: [
      [P.EQUIPMENT_PURCHASE, 2],
      [P.WORKING_CAPITAL, 2],
    ],
    collateral: [C.REAL_ESTATE],
  },
  {
    key: "elderly-care",
    division: "85",
    entityTypes: [E.OTHER],
    counties: [
      [rongcheng, 1],
      [jiexi, 1],
      [huilai, 1],
      [puning, 1],
    ],
    parks: [],
    nameWords: ["养老服务中心", "颐养院"],
    goods: "社区居家养老和日间照料服务",
    inputs: "护理床位和适老化改造",
    purposes: [
      [P.EQUIPMENT_PURCHASE, 2],
      [P.WORKING_CAPITAL, 1],
      [P.OTHER, 1],
    ],
    collateral: [C.REAL_ESTATE, C.RECEIVABLES],
  },
  {
    key: "property",
    division: "70",
    entityTypes: [E.OTHER],
    counties: [
      [rongcheng, 2],
      [puning, 1],
    ],
    parks: ["4452-CYY", "4452-GXQ"],
    nameWords: ["物业管理", "园区运营管理"],
    goods: "产业园区和商住小区物业服务",
    inputs: "设备维保",
    purposes: [
      [P.WORKING_CAPITAL, 2],
      [P.EQUIPMENT_PURCHASE, 1],
      [P.GREEN_RETROFIT, 1],
    ],
    collateral: [C.RECEIVABLES, C.REAL_ESTATE],
  },
  {
    key: "hr-services",
    division: "72",
    entityTypes: [E.OTHER],
    counties: [
      [rongcheng, 1],
      [jiedong, 1],
    ],
    parks: ["4452-KGJ"],
    nameWords: ["人力资源服务", "劳务服务"],
    goods: "转移企业招工和劳务派遣服务",
    inputs: "人员垫资",
    purposes: [[P.WORKING_CAPITAL, 3]],
    collateral: [C.RECEIVABLES],
  },
];

export function businessLine(key: string): BusinessLine {
  const line = BUSINESS_LINES.find((candidate) => candidate.key === key);
  if (!line) throw new Error(`unknown business line ${key}`);
  return line;
}

/** Pearl River Delta cities transferred firms come from, weighted by how many firms move to 揭阳 from each. */
export const ORIGIN_CITIES = [
  ["深圳市", 5],
  ["东莞市", 4],
  ["广州市", 3],
  ["佛山市", 3],
  ["中山市", 2],
  ["惠州市", 1],
  ["珠海市", 1],
  ["江门市", 1],
] as const;
