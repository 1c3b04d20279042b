/**
 * Postgres rows → Meilisearch documents.
 *
 * Products are public catalogue data. Needs are leads that institutions browse *before* the enterprise consented to
 * them, so their documents are anonymised by construction: they are built field by field from a whitelist, the
 * enterprise name is replaced by a mask made only of fixed vocabulary ("揭阳某塑料制品有限公司"), and the free text
 * is included only when the enterprise chose to share it — and even then with phone numbers, e-mail addresses,
 * identity/credit codes and the enterprise's own names redacted. No credit code, contact or enterprise id is copied.
 */
import { createHash } from "node:crypto";
import type { Collateral, EntityType } from "~/generated/prisma/enums.ts";
import { ANY, type ProductFacts, dateOnlyDay } from "~/modules/matching/facts.ts";
import { toNeedFacts, toProductFacts, type NeedRow, type ProductRow } from "~/modules/matching/facts.server.ts";
import {
  collateralLabels,
  entityTypeLabels,
  formatMoney,
  formatMoneyRange,
  formatRate,
  formatRateRange,
  industryLabel,
  needFlagLabels,
  policyToolLabels,
  productFlagLabels,
  productKindLabels,
  purposeLabels,
  rateUnitsToPercentNumber,
} from "~/modules/matching/labels.ts";
import { OPEN_VALID_FROM, OPEN_VALID_TO, fenToYuanLiteral } from "~/modules/matching/search-filters.ts";
import type { RegionDirectory } from "~/modules/matching/regions.server.ts";

/** Stored for needs without an expiry, so `expiresAtTs > now` needs no IS NULL. 9999-12-31T23:59:59Z. */
export const NO_EXPIRY_TS = 253_402_300_799;

export interface ProductDocument {
  id: string;
  code: string;
  name: string;
  summary: string;
  description: string;
  kind: string;
  kindLabel: string;
  status: string;
  validFromDay: number;
  validToDay: number;
  institutionId: string;
  institutionName: string;
  institutionShortName: string;
  institutionKind: string;
  institutionSubType: string;
  institutionActive: boolean;
  institutionKeyPartner: boolean;
  institutionLocatedRegionId: string | null;
  institutionServedRegionIds: string[];
  /** 元 as numbers, for range filters only; the exact values are the *Exact strings. */
  minAmount: number;
  maxAmount: number;
  minAmountExact: string;
  maxAmountExact: string;
  amountRangeText: string;
  minTermMonths: number;
  maxTermMonths: number;
  /** Percent per year as numbers for filters/sorting; texts for display. */
  minAnnualRate: number | null;
  maxAnnualRate: number | null;
  feeRate: number | null;
  rateText: string | null;
  acceptedCollateral: string[];
  collateralLabels: string[];
  eligibleEntityTypes: string[];
  entityTypeLabels: string[];
  eligibleIndustrySections: string[];
  regionIds: string[];
  regionNames: string[];
  minYearsInBusiness: number;
  flags: string[];
  flagLabels: string[];
  policyTool: string | null;
  policyToolLabel: string | null;
  publishedAtTs: number | null;
  updatedAtTs: number;
  contentHash: string;
}

export interface NeedDocument {
  id: string;
  maskedName: string;
  entityType: string;
  entityTypeLabel: string;
  sizeClass: string;
  industrySection: string;
  industryDivision: string | null;
  industryLabel: string;
  regionId: string;
  regionName: string;
  regionChainIds: string[];
  countyId: string | null;
  countyName: string | null;
  parkId: string | null;
  parkName: string | null;
  foundedYear: number | null;
  firstLoanCandidate: boolean;
  amount: number;
  amountExact: string;
  amountText: string;
  termMonths: number;
  purposeCategory: string;
  purposeLabel: string;
  /** Only when the enterprise agreed to share it (redacted); otherwise null. */
  description: string | null;
  collateralOffered: string[];
  collateralLabels: string[];
  maxAnnualRate: number | null;
  maxAnnualRateText: string | null;
  wantsLoan: boolean;
  wantsGuarantee: boolean;
  wantsInsurance: boolean;
  wantedKinds: string[];
  flags: string[];
  flagLabels: string[];
  visibility: string;
  /** For DIRECTED needs: the institutions the enterprise picked (or escalation added). Empty for OPEN needs. */
  directedInstitutionIds: string[];
  /** Institutions whose products matched the need (DIRECT or BUNDLE), for "leads matched to us". */
  matchedInstitutionIds: string[];
  status: string;
  publishedAtTs: number | null;
  expiresAtTs: number;
  wantedByDay: number | null;
  overdue: boolean;
  createdAtTs: number;
  updatedAtTs: number;
  contentHash: string;
}

/** Every field a needs document may have. A test asserts documents never carry anything else. */
export const NEED_DOCUMENT_FIELDS: readonly (keyof NeedDocument)[] = [
  "id", "maskedName", "entityType", "entityTypeLabel", "sizeClass", "industrySection", "industryDivision",
  "industryLabel", "regionId", "regionName", "regionChainIds", "countyId", "countyName", "parkId", "parkName",
  "foundedYear", "firstLoanCandidate", "amount", "amountExact", "amountText", "termMonths", "purposeCategory",
  "purposeLabel", "description", "collateralOffered", "collateralLabels", "maxAnnualRate", "maxAnnualRateText",
  "wantsLoan", "wantsGuarantee", "wantsInsurance", "wantedKinds", "flags", "flagLabels", "visibility",
  "directedInstitutionIds", "matchedInstitutionIds", "status", "publishedAtTs", "expiresAtTs", "wantedByDay",
  "overdue", "createdAtTs", "updatedAtTs", "contentHash",
];

function epochSeconds(date: Date): number;
function epochSeconds(date: Date | null): number | null;
function epochSeconds(date: Date | null): number | null {
  return date ? Math.floor(date.getTime() / 1000) : null;
}

/**
 * A hash of everything but the hash itself and a need's matched institutions: reconcile compares it (and those
 * institutions, see documentFingerprint) to find stale documents. The matched institutions are left out because
 * matchNeed updates that one field on its own (a partial update, half the indexing work of a whole document).
 */
export function contentHash(document: Record<string, unknown>): string {
  const { contentHash: _ignored, matchedInstitutionIds: _matched, ...rest } = document;
  return createHash("sha1").update(JSON.stringify(rest)).digest("hex");
}

/** What reconcile compares between an indexed document and the one Postgres gives: the hash and the matches. */
export function documentFingerprint(document: { contentHash?: string; matchedInstitutionIds?: readonly string[] }): string {
  return `${document.contentHash ?? ""}/${document.matchedInstitutionIds?.join(",") ?? ""}`;
}

function withHash<T extends { contentHash: string }>(document: Omit<T, "contentHash">): T {
  const complete = { ...document, contentHash: "" } as T;
  complete.contentHash = contentHash(complete);
  return complete;
}

function orAny(values: readonly string[]): string[] {
  return values.length > 0 ? [...values] : [ANY];
}

export function toProductDocument(row: ProductRow, regions: RegionDirectory): ProductDocument {
  const facts: ProductFacts = toProductFacts(row);
  const rate = facts.kind === "LOAN" ? formatRateRange(facts.minRate, facts.maxRate) : facts.feeRate === null ? null : `${facts.kind === "GUARANTEE" ? "担保费率" : "保险费率"} ${formatRate(facts.feeRate)}`;
  return withHash<ProductDocument>({
    id: row.id,
    code: row.code,
    name: row.name,
    summary: row.summary,
    description: row.description,
    kind: row.kind,
    kindLabel: productKindLabels[row.kind],
    status: row.status,
    validFromDay: dateOnlyDay(row.validFrom) ?? OPEN_VALID_FROM,
    validToDay: dateOnlyDay(row.validTo) ?? OPEN_VALID_TO,
    institutionId: facts.institutionId,
    institutionName: facts.institutionName,
    institutionShortName: facts.institutionShortName,
    institutionKind: facts.institutionKind,
    institutionSubType: facts.institutionSubType,
    institutionActive: facts.institutionActive,
    institutionKeyPartner: facts.institutionKeyPartner,
    institutionLocatedRegionId: facts.institutionLocatedRegionId,
    institutionServedRegionIds: [...facts.institutionServedRegionIds].sort(),
    minAmount: Number(fenToYuanLiteral(facts.minAmountFen)),
    maxAmount: Number(fenToYuanLiteral(facts.maxAmountFen)),
    minAmountExact: fenToYuanLiteral(facts.minAmountFen),
    maxAmountExact: fenToYuanLiteral(facts.maxAmountFen),
    amountRangeText: formatMoneyRange(facts.minAmountFen, facts.maxAmountFen),
    minTermMonths: facts.minTermMonths,
    maxTermMonths: facts.maxTermMonths,
    minAnnualRate: facts.minRate === null ? null : rateUnitsToPercentNumber(facts.minRate),
    maxAnnualRate: facts.maxRate === null ? null : rateUnitsToPercentNumber(facts.maxRate),
    feeRate: facts.feeRate === null ? null : rateUnitsToPercentNumber(facts.feeRate),
    rateText: rate,
    acceptedCollateral: facts.acceptedCollateral,
    collateralLabels: facts.acceptedCollateral.map((item) => collateralLabels[item]),
    eligibleEntityTypes: orAny(facts.eligibleEntityTypes),
    entityTypeLabels: facts.eligibleEntityTypes.map((type) => entityTypeLabels[type]),
    eligibleIndustrySections: orAny(facts.eligibleIndustrySections),
    regionIds: orAny([...facts.regionIds].sort()),
    regionNames: [...facts.regionIds].sort().map((id) => regions.name(id)),
    minYearsInBusiness: facts.minYearsInBusiness,
    flags: facts.flags,
    flagLabels: facts.flags.map((flag) => productFlagLabels[flag]),
    policyTool: facts.policyTool,
    policyToolLabel: facts.policyTool ? policyToolLabels[facts.policyTool] : null,
    publishedAtTs: epochSeconds(row.publishedAt),
    updatedAtTs: epochSeconds(row.updatedAt),
  });
}

// ───────────────────────────── anonymisation ─────────────────────────────

/** Organisation forms, longest first. */
const ORGANISATION_FORMS = [
  "股份有限公司", "有限责任公司", "有限公司", "农民专业合作社", "专业合作社", "合作社", "家庭农场", "养殖场",
  "种植场", "农场", "渔场", "经营部", "门市部", "商行", "工作室", "公司", "厂", "店",
];

/** Business descriptors that may precede the organisation form. Never a trade name: fixed vocabulary only. */
const DESCRIPTORS = [
  "塑料制品", "塑胶制品", "五金制品", "不锈钢制品", "金属制品", "五金", "不锈钢", "塑料", "塑胶", "纺织", "服装",
  "服饰", "鞋业", "制鞋", "食品", "电子", "电器", "机械", "机电", "化工", "石化", "石油化工", "新材料", "材料",
  "科技", "生物科技", "智能科技", "信息技术", "软件", "网络", "贸易", "商贸", "工贸", "物流", "运输", "建材",
  "建筑", "工程", "装饰", "医药", "制药", "药业", "中药材", "药材", "玉器", "珠宝", "水产", "水产品", "海产品",
  "水产养殖", "养殖", "种植", "果蔬", "蔬菜", "水果", "茶叶", "茶业", "渔业", "农业", "农业发展", "农产品",
  "畜牧", "生猪", "家禽", "林业", "花卉", "苗木", "种业", "饲料", "化肥", "农资", "能源", "新能源", "光伏",
  "环保", "陶瓷", "包装", "印刷", "纸业", "家具", "竹木", "餐饮", "酒店", "旅游", "文化", "汽车配件", "汽配",
  "模具", "灯饰", "照明", "玩具", "日用品", "实业", "船舶", "钢铁", "冶金", "机械设备", "设备", "电力", "燃气",
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
  const descriptor = DESCRIPTORS.filter((candidate) => rest.endsWith(candidate)).sort((a, b) => b.length - a.length)[0] ?? "";
  return `${place}某${descriptor}${form}`;
}

const REDACTED = "＊＊";

/** Leading administrative place names of an enterprise name or address ("广东省揭阳市榕城区…"). */
const PLACE_PREFIX = /^(?:中国)?(?:[\u4e00-\u9fa5]{2,3}省)?(?:[\u4e00-\u9fa5]{2,4}市)?(?:[\u4e00-\u9fa5]{2,5}?(?:区|县|市|镇|乡|街道))?/;
/** Local place names that open an enterprise name without their 市/县/区 suffix ("揭阳恒达…", "广东大南海…"). */
const BARE_PLACES = ["广东", "揭阳", "榕城", "揭东", "揭西", "惠来", "普宁", "空港", "大南海", "流沙"];

/**
 * The trade name (字号) of an enterprise name: "揭阳市榕城区恒达塑料制品有限公司" → ["恒达塑料制品", "恒达塑料", "恒达"],
 * longest first — the forms a description may use to name the enterprise. Empty when nothing distinctive is left.
 */
export function tradeNames(name: string): string[] {
  let rest = name.replace(/[\s()（）]/g, "").replace(PLACE_PREFIX, "");
  for (let stripped = true; stripped; ) {
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
  for (let current = rest; ; ) {
    const descriptor = DESCRIPTORS.filter((candidate) => current.endsWith(candidate) && current.length > candidate.length).sort((a, b) => b.length - a.length)[0];
    if (!descriptor) break;
    current = current.slice(0, current.length - descriptor.length);
    names.push(current);
    // Also the trade name with a shorter descriptor ("恒达塑料" when 塑料制品 was peeled as one word).
    for (const shorter of DESCRIPTORS) if (descriptor.startsWith(shorter) && descriptor !== shorter) names.push(current + shorter);
  }
  return [...new Set(names)].filter((value) => value.length >= 2 && !onlyVocabulary(value)).sort((a, b) => b.length - a.length);
}

/** Made only of business descriptors and organisation forms ("石化科技"): generic words, not a name to redact. */
function onlyVocabulary(value: string): boolean {
  if (value === "") return true;
  return [...DESCRIPTORS, ...ORGANISATION_FORMS].some((word) => value.startsWith(word) && onlyVocabulary(value.slice(word.length)));
}

/** Digits with the separators people put in phone numbers. */
const DIGIT_RUN = /(?<![\d.])\+?\d(?:[\d\s\-－—()（）]*\d)?(?![\d.])/g;
/** Units after which a long number is an amount or a quantity, not a phone number. */
const UNIT_AFTER = /^\s*(?:元|万|亿|千|百|%|％|㎡|平方|平米|亩|吨|台|件|个|套|人|年|月|日|号|天|公斤|斤|米|瓦|千瓦|kw|kW|KW|W)/;

/** Removes what identifies or reaches the enterprise from text it chose to share. */
export function redactSharedText(
  text: string,
  enterprise: {
    name: string;
    idNumber: string;
    contactName: string;
    contactPhone: string;
    contactEmail: string | null;
    legalRepresentative: string | null;
    address?: string | null;
  },
): string {
  let result = text;
  const address = enterprise.address?.trim() || null;
  const literals = [
    enterprise.name,
    enterprise.idNumber,
    enterprise.contactPhone,
    enterprise.contactEmail,
    enterprise.contactName,
    enterprise.legalRepresentative,
    ...tradeNames(enterprise.name),
    address,
    address?.replace(/\s+/g, ""),
    address?.replace(PLACE_PREFIX, ""),
    address?.replace(/\s+/g, "").replace(PLACE_PREFIX, ""),
  ]
    .filter((value): value is string => Boolean(value && value.trim().length >= 2))
    .sort((a, b) => b.length - a.length);
  for (const literal of new Set(literals)) result = result.split(literal).join(REDACTED);
  return (
    result
      // URLs and bare web addresses
      .replace(/(?:https?:\/\/|www\.)[^\s，。；、！？）)】」"'<>]+/gi, REDACTED)
      .replace(/(?<![@＠\w.-])(?:[A-Za-z0-9-]+\.)+(?:com|cn|net|org|top|xyz|cc|co|shop|site|info|biz|me|vip|club|online|store|tech|io)\b(?:\/[^\s，。；、！？）)】」"'<>]*)?/gi, REDACTED)
      // e-mail, also with a full-width ＠ or " at "
      .replace(/[A-Za-z0-9._%+-]+\s*(?:@|＠|\(at\)|\[at\])\s*[A-Za-z0-9.-]+\.[A-Za-z]{2,}/gi, REDACTED)
      // WeChat / QQ ids: "微信：abc_123", "VX abc", "QQ 12345678", "扣扣号：…"
      .replace(/(?:微信号?|威信|薇信|v信|vx|wx|wechat|weixin|企业微信|qq号?|扣扣号?|q号)\s*(?:号码|号|id|ID)?\s*(?:是|为)?\s*[:：]?\s*[A-Za-z0-9][A-Za-z0-9_\-]{3,}/gi, REDACTED)
      .replace(/(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])/gi, REDACTED) // credit code
      .replace(/(?<!\d)\d{17}[\dXx](?!\d)/g, REDACTED) // identity card
      .replace(/(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g, REDACTED) // mobile
      .replace(/(?<!\d)0\d{2,3}[-\s]?\d{7,8}(?!\d)/g, REDACTED) // landline
      // any other phone-like run of 7+ digits (a quantity or an amount keeps its unit: "2000000 元" stays)
      .replace(DIGIT_RUN, (run, offset: number, whole: string) => {
        if (run.replace(/\D/g, "").length < 7) return run;
        return UNIT_AFTER.test(whole.slice(offset + run.length)) ? run : REDACTED;
      })
      // street addresses ending in a house number: "黄岐山大道 88 号", "仙桥街道恒达工业园8号"
      .replace(/[\u4e00-\u9fa5]{1,8}(?:路|街|大道|大街|巷|弄|村|工业园|工业区|园区|大厦|广场)\s*\d+(?:\s*[-－]\s*\d+)?\s*号(?:\s*[\dA-Za-z\-一二三四五六七八九十]+\s*(?:栋|座|幢|楼|层|室|房|铺))*/g, REDACTED)
  );
}

export function toNeedDocument(row: NeedRow, regions: RegionDirectory, matchedInstitutionIds: readonly string[] = []): NeedDocument {
  const facts = toNeedFacts(row, regions);
  const enterprise = row.enterprise;
  const county = regions.county(row.regionId);
  const city = regions.city(row.regionId);
  const kinds = [row.wantsLoan && "LOAN", row.wantsGuarantee && "GUARANTEE", row.wantsInsurance && "INSURANCE"].filter(
    (kind): kind is string => Boolean(kind),
  );
  return withHash<NeedDocument>({
    id: row.id,
    maskedName: maskEnterpriseName(enterprise.name, enterprise.entityType, city?.name ?? null),
    entityType: enterprise.entityType,
    entityTypeLabel: entityTypeLabels[enterprise.entityType],
    sizeClass: enterprise.sizeClass,
    industrySection: enterprise.industrySection,
    industryDivision: enterprise.industryDivision,
    industryLabel: industryLabel(enterprise.industrySection),
    regionId: row.regionId,
    regionName: facts.regionName,
    regionChainIds: [...facts.regionChainIds].sort(),
    countyId: county?.id ?? null,
    countyName: county?.name ?? null,
    parkId: enterprise.parkId,
    parkName: enterprise.parkId ? regions.name(enterprise.parkId) : null,
    foundedYear: facts.foundedOnDay === null ? null : Math.floor(facts.foundedOnDay / 10_000),
    firstLoanCandidate: enterprise.declaresNoPriorLoan || row.flags.includes("FIRST_LOAN"),
    amount: Number(fenToYuanLiteral(facts.amountFen)),
    amountExact: fenToYuanLiteral(facts.amountFen),
    amountText: formatMoney(facts.amountFen),
    termMonths: row.termMonths,
    purposeCategory: row.purposeCategory,
    purposeLabel: purposeLabels[row.purposeCategory],
    description: row.shareDescription ? redactSharedText(row.description, enterprise) : null,
    collateralOffered: facts.collateralOffered,
    collateralLabels: facts.collateralOffered.map((item: Collateral) => collateralLabels[item]),
    maxAnnualRate: facts.maxRate === null ? null : rateUnitsToPercentNumber(facts.maxRate),
    maxAnnualRateText: facts.maxRate === null ? null : formatRate(facts.maxRate),
    wantsLoan: row.wantsLoan,
    wantsGuarantee: row.wantsGuarantee,
    wantsInsurance: row.wantsInsurance,
    wantedKinds: kinds,
    flags: facts.flags,
    flagLabels: facts.flags.map((flag) => needFlagLabels[flag]),
    visibility: row.visibility,
    directedInstitutionIds: row.visibility === "DIRECTED" ? [...facts.directedInstitutionIds].sort() : [],
    matchedInstitutionIds: [...new Set(matchedInstitutionIds)].sort(),
    status: row.status,
    publishedAtTs: epochSeconds(row.publishedAt),
    expiresAtTs: epochSeconds(row.expiresAt) ?? NO_EXPIRY_TS,
    wantedByDay: dateOnlyDay(row.wantedBy),
    overdue: row.overdueSince !== null,
    createdAtTs: epochSeconds(row.createdAt),
    updatedAtTs: epochSeconds(row.updatedAt),
  });
}

/** Needs that belong in the leads index: everything the enterprise has published (drafts are private). */
export function needIsIndexable(row: Pick<NeedRow, "status">): boolean {
  return row.status !== "DRAFT";
}
