/**
 * The words a need is searched with for text relevance.
 *
 * Meilisearch ranks multi-word queries by how long a *prefix* of the query a document matches (matching strategy
 * "last") or by dropping frequent words, so one long query made of a need's purpose and description scores a product
 * that mentions 服装 and 进货 but not the first word 流动资金 as barely relevant. Matching therefore sends one short
 * query per keyword and averages the per-keyword `_rankingScore`s (see findCandidates).
 */
import type { PurposeCategory } from "~/generated/prisma/enums.ts";

/** Words a product written for this purpose typically contains, most telling first. */
export const purposeKeywords: Record<PurposeCategory, readonly string[]> = {
  WORKING_CAPITAL: ["周转", "流动资金"],
  EQUIPMENT_PURCHASE: ["设备", "购置"],
  TECH_RETROFIT: ["技术改造", "设备"],
  PLANT_CONSTRUCTION: ["厂房", "建设"],
  SPRING_FARMING: ["春耕", "农资"],
  FISHING_BOAT_RENEWAL: ["渔船", "渔具"],
  MARINE_AQUACULTURE: ["养殖", "海水养殖"],
  GREEN_RETROFIT: ["节能", "光伏"],
  RESEARCH_AND_DEVELOPMENT: ["研发", "科技"],
  EXPORT_ORDER: ["外贸", "订单"],
  OTHER: [],
};

/**
 * Domain words looked for in a need's free text. A fixed vocabulary (rather than a general segmenter) keeps the
 * queries to words products are actually written with, and never sends a name or a number to the search engine.
 */
const VOCABULARY = [
  "渔船",
  "渔具",
  "发动机",
  "捕捞",
  "养殖",
  "鲍鱼",
  "对虾",
  "网箱",
  "苗种",
  "饲料",
  "海域",
  "海洋牧场",
  "春耕",
  "备耕",
  "化肥",
  "种子",
  "农机",
  "农资",
  "水稻",
  "蔬菜",
  "果蔬",
  "茶叶",
  "油茶",
  "林下",
  "苗木",
  "花卉",
  "生猪",
  "家禽",
  "冷链",
  "仓储",
  "冷库",
  "农产品",
  "加工",
  "服装",
  "纺织",
  "进货",
  "备货",
  "原材料",
  "订单",
  "外贸",
  "出口",
  "跨境",
  "设备",
  "机器",
  "注塑机",
  "生产线",
  "技术改造",
  "技改",
  "厂房",
  "车间",
  "园区",
  "建设",
  "装修",
  "门店",
  "节能",
  "光伏",
  "储能",
  "新能源",
  "减排",
  "环保",
  "绿色",
  "研发",
  "软件",
  "专利",
  "知识产权",
  "科技",
  "石化",
  "化工",
  "新材料",
  "五金",
  "不锈钢",
  "塑料",
  "玉器",
  "医药",
  "食品",
  "物流",
  "冷藏车",
  "运输",
  "周转",
  "流动资金",
  "首贷",
];

const MAX_KEYWORDS = 4;

export interface NeedKeywords {
  /** From the purpose category. */
  purpose: string[];
  /** Vocabulary words found in the need's own text. */
  description: string[];
}

export function needKeywords(need: { purposeCategory: PurposeCategory; description: string }): NeedKeywords {
  const purpose = [...purposeKeywords[need.purposeCategory]];
  const description = VOCABULARY.filter((word) => need.description.includes(word) && !purpose.includes(word))
    // Prefer longer (more specific) words and drop a word contained in a longer one already chosen.
    .sort((a, b) => b.length - a.length)
    .filter((word, index, words) => !words.slice(0, index).some((longer) => longer.includes(word)))
    .slice(0, Math.max(0, MAX_KEYWORDS - purpose.length));
  return { purpose, description };
}

/**
 * Text relevance 0–1 from per-keyword ranking scores: purpose words count 60 %, description words 40 % (when there
 * are any); a keyword the product does not contain scores 0. `scoreOf` reads one word's score (undefined = absent).
 */
export function combineKeywordScores(
  keywords: NeedKeywords,
  scoreOf: (word: string) => number | undefined,
): number | null {
  const mean = (words: readonly string[]) => {
    let sum = 0;
    for (const word of words) sum += scoreOf(word) ?? 0;
    return sum / words.length;
  };
  if (keywords.purpose.length === 0 && keywords.description.length === 0) return null;
  if (keywords.description.length === 0) return mean(keywords.purpose);
  if (keywords.purpose.length === 0) return mean(keywords.description);
  return 0.6 * mean(keywords.purpose) + 0.4 * mean(keywords.description);
}
