/**
 * The enterprise's name as a lead may show it before consent: a mask made only of fixed vocabulary
 * ("揭阳某塑料制品有限公司"), and the trade names (字号) that redaction removes from shared text (redact.ts).
 */
import type { EntityType } from "~/generated/prisma/enums.ts";

/** Organisation forms, longest first. */
const ORGANISATION_FORMS = [
  "股份有限公司",
  "有限责任公司",
  "有限公司",
  "农民专业合作社",
  "专业合作社",
  "合作社",
  "家庭农场",
  "养殖场",
  "种植场",
  "农场",
  "渔场",
  "经营部",
  "门市部",
  "商行",
  "工作室",
  "公司",
  "厂",
  "店",
];

/** Business descriptors that may precede the organisation form. Never a trade name: fixed vocabulary only. */
const DESCRIPTORS = [
  "塑料制品",
  "塑胶制品",
  "五金制品",
  "不锈钢制品",
  "金属制品",
  "五金",
  "不锈钢",
  "塑料",
  "塑胶",
  "纺织",
  "服装",
  "服饰",
  "鞋业",
  "制鞋",
  "食品",
  "电子",
  "电器",
  "机械",
  "机电",
  "化工",
  "石化",
  "石油化工",
  "新材料",
  "材料",
  "科技",
  "生物科技",
  "智能科技",
  "信息技术",
  "软件",
  "网络",
  "贸易",
  "商贸",
  "工贸",
  "物流",
  "运输",
  "建材",
  "建筑",
  "工程",
  "装饰",
  "医药",
  "制药",
  "药业",
  "中药材",
  "药材",
  "玉器",
  "珠宝",
  "水产",
  "水产品",
  "海产品",
  "水产养殖",
  "养殖",
  "种植",
  "果蔬",
  "蔬菜",
  "水果",
  "茶叶",
  "茶业",
  "渔业",
  "农业",
  "农业发展",
  "农产品",
  "畜牧",
  "生猪",
  "家禽",
  "林业",
  "花卉",
  "苗木",
  "种业",
  "饲料",
  "化肥",
  "农资",
  "能源",
  "新能源",
  "光伏",
  "环保",
  "陶瓷",
  "包装",
  "印刷",
  "纸业",
  "家具",
  "竹木",
  "餐饮",
  "酒店",
  "旅游",
  "文化",
  "汽车配件",
  "汽配",
  "模具",
  "灯饰",
  "照明",
  "玩具",
  "日用品",
  "实业",
  "船舶",
  "钢铁",
  "冶金",
  "机械设备",
  "设备",
  "电力",
  "燃气",
];

const ENTITY_TYPE_FALLBACK: Record<EntityType, string> = {
  TRANSFERRED_FIRM: "企业",
  SMALL_MICRO: "企业",
  INDIVIDUAL_BUSINESS: "个体工商户",
  FARM_HOUSEHOLD: "农户",
  FAMILY_FARM: "家庭农场",
  COOPERATIVE: "农民专业合作社",
  AGRI_ENTERPRISE: "农业企业",
  OTHER: "经营主体",
};

/**
 * "揭阳市榕城区恒达塑料制品有限公司" → "揭阳某塑料制品有限公司". The result is assembled only from the city name and
 * the fixed lists above, so no part of the real name (the 字号) can survive, whatever the input looks like.
 */
export function maskEnterpriseName(name: string, entityType: EntityType, cityName: string | null): string {
  const place = (cityName ?? "").replace(/市$/, "") || "本地";
  const trimmed = name.replace(/[\s()（）]/g, "");
  const form = ORGANISATION_FORMS.find((candidate) => trimmed.endsWith(candidate));
  if (!form || entityType === "FARM_HOUSEHOLD") return `${place}某${ENTITY_TYPE_FALLBACK[entityType]}`;
  const rest = trimmed.slice(0, trimmed.length - form.length);
  const descriptor =
    DESCRIPTORS.filter((candidate) => rest.endsWith(candidate)).sort((a, b) => b.length - a.length)[0] ?? "";
  return `${place}某${descriptor}${form}`;
}

/** Leading administrative place names of an enterprise name or address ("广东省揭阳市榕城区…"). */
export const PLACE_PREFIX =
  /^(?:中国)?(?:[\u4e00-\u9fa5]{2,3}省)?(?:[\u4e00-\u9fa5]{2,4}市)?(?:[\u4e00-\u9fa5]{2,5}?(?:区|县|市|镇|乡|街道))?/;
/** Local place names that open an enterprise name without their 市/县/区 suffix ("揭阳恒达…", "广东大南海…"). */
const BARE_PLACES = ["广东", "揭阳", "榕城", "揭东", "揭西", "惠来", "普宁", "空港", "大南海", "流沙"];

/**
 * The trade name (字号) of an enterprise name: "揭阳市榕城区恒达塑料制品有限公司" → ["恒达塑料制品", "恒达塑料", "恒达"],
 * longest first — the forms a description may use to name the enterprise. Empty when nothing distinctive is left.
 */
export function tradeNames(name: string): string[] {
  let rest = name.replace(/[\s()（）]/g, "").replace(PLACE_PREFIX, "");
  for (let stripped = true; stripped;) {
    stripped = false;
    const place = BARE_PLACES.find((candidate) => rest.startsWith(candidate) && rest.length > candidate.length + 1);
    if (place) {
      rest = rest.slice(place.length);
      stripped = true;
    }
  }
  const form = ORGANISATION_FORMS.find((candidate) => rest.endsWith(candidate) && rest.length > candidate.length);
  if (form) rest = rest.slice(0, rest.length - form.length);
  const names = [rest];
  // Peel business descriptors off the end: 恒达塑料制品 → 恒达塑料 → 恒达 (塑料制品, then 塑料, are both descriptors).
  for (let current = rest; ;) {
    const descriptor = DESCRIPTORS.filter(
      (candidate) => current.endsWith(candidate) && current.length > candidate.length,
    ).sort((a, b) => b.length - a.length)[0];
    if (!descriptor) break;
    current = current.slice(0, current.length - descriptor.length);
    names.push(current);
    // Also the trade name with a shorter descriptor ("恒达塑料" when 塑料制品 was peeled as one word).
    for (const shorter of DESCRIPTORS)
      if (descriptor.startsWith(shorter) && descriptor !== shorter) names.push(current + shorter);
  }
  return [...new Set(names)]
    .filter((value) => value.length >= 2 && !onlyVocabulary(value))
    .sort((a, b) => b.length - a.length);
}

const VOCABULARY = [...DESCRIPTORS, ...ORGANISATION_FORMS];

/** Made only of business descriptors and organisation forms ("石化科技"): generic words, not a name to redact. */
function onlyVocabulary(value: string): boolean {
  // Word segmentation by dynamic programming: covered[i] says value.slice(0, i) is made of vocabulary words.
  const covered = [true, ...Array<boolean>(value.length).fill(false)];
  for (let end = 1; end <= value.length; end++) {
    covered[end] = VOCABULARY.some(
      (word) => word.length <= end && covered[end - word.length] === true && value.startsWith(word, end - word.length),
    );
  }
  return covered[value.length] === true;
}
