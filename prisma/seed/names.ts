/**
 * Name parts for demo people and firms. Surnames follow their frequency in 潮汕 and 揭西 客家 areas; firm 字号
 * are built from the auspicious characters local firms favour. All combinations are fictitious.
 */
import type { Random } from "./random.ts";

const SURNAMES = [
  ["陈", 10], ["林", 8], ["黄", 7], ["李", 5], ["吴", 4], ["郑", 4], ["蔡", 4], ["许", 3], ["杨", 3], ["张", 3],
  ["王", 2], ["刘", 2], ["谢", 2], ["方", 2], ["洪", 2], ["詹", 2], ["罗", 2], ["彭", 2], ["余", 1], ["曾", 2],
  ["翁", 1], ["庄", 1], ["柯", 1], ["卢", 1], ["魏", 1], ["杜", 1], ["赖", 2], ["钟", 1], ["姚", 1], ["马", 1],
] as const;

const GIVEN_FIRST = [
  "伟", "志", "建", "俊", "晓", "丽", "秀", "少", "锦", "泽", "海", "国", "文", "明", "佳", "淑", "惠", "雪", "振",
  "炳", "映", "楚", "思", "桂", "德", "展", "汉", "育", "宏", "美",
] as const;
const GIVEN_SECOND = [
  "明", "强", "华", "东", "生", "雄", "芳", "玲", "辉", "鹏", "斌", "兴", "平", "彬", "娟", "敏", "鸿", "荣", "坤",
  "贤", "标", "茹", "洁", "涛", "杰", "武", "鑫", "龙", "琳", "丰",
] as const;

const BRAND_FIRST = [
  "鑫", "宏", "永", "金", "恒", "华", "盛", "汇", "嘉", "丰", "兴", "隆", "瑞", "源", "达", "利", "德", "信", "万",
  "富", "昌", "泰", "裕", "佳", "荣", "祥", "旺", "福", "顺", "康", "粤", "榕", "潮", "宝", "锦", "新",
] as const;
const BRAND_SECOND = [
  "达", "盛", "发", "源", "丰", "泰", "昌", "隆", "兴", "利", "华", "诚", "宇", "辉", "峰", "业", "成", "通", "茂",
  "佳", "润", "美", "辰", "创", "联", "合", "力", "晟", "邦", "航",
] as const;

const VILLAGES = [
  "东山", "新寮", "南陇", "溪头", "石内", "后溪", "龙岭", "凤湖", "美东", "南坑", "北山", "大寮", "林惠", "西门",
  "东湖", "桥头", "田心", "坑美", "新楼", "下洋", "双湖", "乌石", "宝联", "上义", "港口", "埔上", "田东", "东光",
  "仙滘", "沟疏", "石牌", "龙江",
] as const;

export function personName(random: Random): string {
  const surname = random.weighted(SURNAMES);
  const first = random.pick(GIVEN_FIRST);
  // About one in five has a single-character given name, as is common.
  if (random.chance(0.2)) return `${surname}${first}`;
  let second = random.pick(GIVEN_SECOND);
  while (second === first) second = random.pick(GIVEN_SECOND);
  return `${surname}${first}${second}`;
}

export function brandName(random: Random): string {
  const first = random.pick(BRAND_FIRST);
  let second = random.pick(BRAND_SECOND);
  while (second === first) second = random.pick(BRAND_SECOND);
  return `${first}${second}`;
}

export function villageName(random: Random): string {
  return `${random.pick(VILLAGES)}村`;
}
