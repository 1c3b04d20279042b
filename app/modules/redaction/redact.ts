/**
 * Redaction of free text an enterprise shares before it consents to an institution. Two passes over the shadow copy
 * (normalise.ts), so "139.1234.0001", "１３９１２３４０００１", "一三九一二三四零零零一" and "chen (at) hengda dot com" are
 * seen for what they are:
 *
 * - generic patterns: phone numbers (mobile, landline, any run of seven or more digits that is not an amount, a
 *   quantity, a date or a standard's number), e-mail addresses (also with at/dot spelled out), web addresses,
 *   identity-card numbers, unified social credit codes, WeChat / QQ ids after their keyword, and street addresses
 *   with a house, building or room number;
 * - the enterprise's own data: its names, its people, its phone, e-mail, identity number and address, wherever they
 *   occur and however they are written, even where no generic pattern would fire.
 *
 * Each match replaces the original characters it came from with a placeholder naming what was removed
 * (【联系方式已隐藏】). Pure: no I/O, the same text and data always give the same result.
 */
import { PLACE_PREFIX, tradeNames } from "./enterprise-names.ts";
import { SEPARATOR as S, compact, normalise, shadowOf, type Shadow } from "./normalise.ts";

export type RedactionKind = "CONTACT" | "WEB" | "ID" | "ADDRESS" | "PERSON" | "ORGANISATION";

export const PLACEHOLDERS: Readonly<Record<RedactionKind, string>> = {
  CONTACT: "【联系方式已隐藏】",
  WEB: "【网址已隐藏】",
  ID: "【证件号码已隐藏】",
  ADDRESS: "【地址已隐藏】",
  PERSON: "【姓名已隐藏】",
  ORGANISATION: "【企业名称已隐藏】",
};

/** What the enterprise itself is known by and reachable at (its profile). Empty values are ignored. */
export interface OwnContactData {
  organisationNames?: readonly (string | null | undefined)[];
  people?: readonly (string | null | undefined)[];
  phones?: readonly (string | null | undefined)[];
  emails?: readonly (string | null | undefined)[];
  idNumbers?: readonly (string | null | undefined)[];
  addresses?: readonly (string | null | undefined)[];
}

/** A found span of the original text, [start, end) in UTF-16 units. */
export interface Redaction {
  start: number;
  end: number;
  kind: RedactionKind;
}

interface Rule {
  kind: RedactionKind;
  pattern: RegExp;
  /** Whether a match is really a secret (an amount or a date is not); default yes. */
  accept?: (match: RegExpExecArray, shadow: string) => boolean;
}

function escape(char: string): string {
  return char.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/** The characters of a needle with up to `gap` separators allowed between any two of them. */
function spread(chars: readonly string[], gap: number): string {
  return chars.map(escape).join(`${S}{0,${gap}}`);
}

/** Like spread, for regex classes rather than literal characters. */
function spreadClasses(classes: readonly string[], gap: number): string {
  return classes.join(`${S}{0,${gap}}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Generic patterns (on the lower-case shadow)

const AT = String.raw`\s*(?:@|[(\[{<【]\s*(?:at|@)\s*[)\]}>】]|艾特|\bat\b|#)\s*`;
const DOT = String.raw`\s*(?:\.|[(\[{<【]\s*(?:dot|\.|点)\s*[)\]}>】]|\bdot\b|点|句号|。|丶)\s*`;
const LOCAL = String.raw`[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9])?`;
const LABEL = String.raw`[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?`;
const TLD = String.raw`(?:com|cn|net|org|edu|gov|info|biz|top|xyz|cc|co|io|me|vip|club|shop|site|online|store|tech|hk|tw|mo)(?![a-z0-9])`;
/** Mail providers people name without a top-level domain ("12345@qq"). */
const PROVIDER = String.raw`(?:qq|163|126|139|189|yeah|sina|sohu|gmail|foxmail|outlook|hotmail|yahoo|aliyun|icloud)(?![a-z0-9])`;
const URL_TAIL = String.raw`[^\s，。；;、!?！？)）】」"'<>]`;

const DIGIT = String.raw`\d`;
const CREDIT_CHAR = "[0-9a-hj-npqrtuwxy]";

/** After a digit run: the unit of an amount or a quantity ("2000000 元", "12000000 件"). */
const UNIT_AFTER =
  /^\s?(?:元|块|万|亿|千|百|%|‰|平方|平米|m2|m²|亩|公顷|吨|台|件|个|套|只|头|株|棵|箱|张|条|批|包|袋|瓶|罐|桶|公斤|千克|克|斤|kg|公里|km|米|千瓦|瓦|kw|度|伏|股|份|次|人|户|间|辆|艘|美元|港元|港币|欧元|rmb|cny|usd)/;
/** Before a digit run: a currency ("¥12,000,000", "人民币 3000000"). */
const CURRENCY_BEFORE = /(?:[¥$€£]|人民币|rmb|cny|usd)\s?$/;
/** Before a digit run: a standard's code ("GB/T 19001-2016"). */
const STANDARD_BEFORE = /(?:gb|iso|iec|hj|jb|qb|yy|db)(?:\s?\/\s?[tz])?\s?$/;
const ONE_DATE = String.raw`(?:19|20)\d{2}(?:[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))`;
const DATE_OR_YEAR = String.raw`(?:${ONE_DATE}|(?:19|20)\d{2})`;
/** A date, a year, or a range of them ("2026.01.01-2026.12.31", "2024-2026", "20261231"). */
const DATE_LIKE = new RegExp(String.raw`^${DATE_OR_YEAR}(?:\s?[-~/]\s?${DATE_OR_YEAR})?$`);
/** A number written plainly as an amount: "12,000,000" or "1234567.50". */
const PLAIN_NUMBER = /^(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{1,2})$/;

function isSecretDigitRun(match: RegExpExecArray, shadow: string): boolean {
  const run = match[0];
  const digits = run.replace(/\D/g, "").length;
  if (digits < 7) return false;
  if (digits === 17 || digits === 18) return true; // an identity number, whatever follows it
  const before = shadow.slice(Math.max(0, match.index - 8), match.index);
  const after = shadow.slice(match.index + run.length, match.index + run.length + 8);
  return !(
    UNIT_AFTER.test(after) ||
    CURRENCY_BEFORE.test(before) ||
    STANDARD_BEFORE.test(before) ||
    DATE_LIKE.test(run) ||
    PLAIN_NUMBER.test(run)
  );
}

const WECHAT_QQ_KEYWORDS = [
  "微信号",
  "微信",
  "威信",
  "薇信",
  "徽信",
  "维信",
  "v信",
  "vx",
  "wx",
  "wechat",
  "weixin",
  "加v",
  "加微",
  "qq号",
  "qq",
  "扣扣号",
  "扣扣",
  "抠抠",
  "企鹅号",
  "q号",
];

/** Characters that do not belong to a place name: the words around an address ("新厂在黄岐山大道 88 号"). */
const NOT_PLACE = "在是的于到位址为和与及或我你他她们厂司从往近旁边要需购买用做给让把被将请联系电话手机邮箱跟同向";
const PLACE_CHAR = String.raw`(?:(?![${NOT_PLACE}])[\u4e00-\u9fff])`;
const STREET = String.raw`${PLACE_CHAR}{1,12}(?:大道|大街|街道|路|街|巷|弄|村|社区|工业园|工业区|园区|开发区|大厦|广场|花园|小区)`;
const NUMBER = String.raw`[0-9十百千](?:${S}{0,2}[0-9十百千])*`;
const UNIT_PART = String.raw`(?:\s*(?:${NUMBER}|[a-z])\s*(?:栋|幢|座|号楼|楼|层|单元|室|房|铺|档))`;

const GENERIC_RULES: readonly Rule[] = [
  {
    kind: "CONTACT",
    pattern: new RegExp(`${LOCAL}${AT}(?:${LABEL}(?:${DOT}${LABEL})*${DOT}${TLD}|${PROVIDER})`, "gu"),
  },
  { kind: "WEB", pattern: new RegExp(String.raw`(?:https?:\/\/|www${DOT})${URL_TAIL}+`, "gu") },
  {
    kind: "WEB",
    pattern: new RegExp(String.raw`(?<![@a-z0-9.-])(?:${LABEL}${DOT})+${TLD}(?:\/${URL_TAIL}*)?`, "gu"),
  },
  {
    kind: "CONTACT",
    pattern: new RegExp(
      String.raw`(?<![a-z])(?:${WECHAT_QQ_KEYWORDS.map((word) => spread([...word], 1)).join("|")})` +
        String.raw`(?:\s*(?:号码|号|账号|帐号|id|名))?\s*(?:是|为|:|=|-)?\s*` +
        String.raw`(?<secret>[a-z][a-z0-9_-]{3,29}|\d(?:${S}{0,3}\d){4,})`,
      "gdu",
    ),
  },
  {
    kind: "ID",
    pattern: new RegExp(
      `(?<![0-9a-z])${spreadClasses([CREDIT_CHAR, CREDIT_CHAR, ...Array<string>(6).fill(DIGIT), ...Array<string>(10).fill(CREDIT_CHAR)], 2)}(?![0-9a-z])`,
      "gu",
    ),
  },
  { kind: "ID", pattern: new RegExp(String.raw`\d(?:${S}{0,3}\d){16}${S}{0,3}[\dx]`, "gu") },
  { kind: "CONTACT", pattern: new RegExp(String.raw`\d(?:${S}{0,3}\d)*`, "gu"), accept: isSecretDigitRun },
  {
    kind: "ADDRESS",
    pattern: new RegExp(String.raw`${STREET}\s*${NUMBER}\s*(?:号之\s*${NUMBER}|号|弄)${UNIT_PART}*`, "gu"),
  },
  {
    kind: "ADDRESS",
    pattern: new RegExp(
      String.raw`(?<![0-9a-z])(?:${NUMBER}|[a-z])\s*(?:栋|幢|座|号楼)\s*(?:${NUMBER}\s*单元\s*)?(?:\d{3,}|${NUMBER}\s*(?:室|房|号))`,
      "gu",
    ),
  },
  { kind: "ADDRESS", pattern: /(?<![0-9a-z])\d{3,5}\s*(?:室|房)(?![间屋子])/gu },
  {
    kind: "ADDRESS",
    pattern: /门牌(?:号码|号)?\s*(?:是|为|:)?\s*(?<secret>[^\s，。；;！!？?、]{1,20})/dgu,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The enterprise's own data

const PUBLIC_MAIL_LABELS = new Set([
  "qq",
  "163",
  "126",
  "139",
  "189",
  "yeah",
  "sina",
  "sohu",
  "gmail",
  "foxmail",
  "outlook",
  "hotmail",
  "yahoo",
  "aliyun",
  "icloud",
  "mail",
  "email",
  "vip",
  "com",
  "cn",
  "net",
  "org",
]);

function present(values: readonly (string | null | undefined)[] | undefined): string[] {
  return [...new Set((values ?? []).map((value) => value?.trim() ?? "").filter((value) => value.length > 0))];
}

function phoneNeedles(phone: string): string[] {
  const digits = compact(phone).replace(/\D/g, "");
  const needles = new Set<string>();
  const core = /^(?:0086|86)(1[3-9]\d{9})$/.exec(digits)?.[1] ?? digits;
  needles.add(core);
  if (/^0\d{9,11}$/.test(core)) {
    // A landline: also its local number, which text often gives without the area code (0663 is four digits, 020 three).
    const local = core.slice(/^0[12]/.test(core) ? 3 : 4);
    if (local.length >= 7) needles.add(local);
  }
  return [...needles].filter((needle) => needle.length >= 5);
}

/** An e-mail's local part with its dots spelled any way. */
function localPattern(local: string): string {
  return [...local].map((char) => (char === "." ? DOT : escape(char))).join("");
}

/** A needle of the enterprise's own data, compared with the text's characters once separators are dropped. */
interface Needle {
  kind: RedactionKind;
  chars: string;
  /** For phone numbers: a +86 / 0086 country code written before it belongs to the span too. */
  countryCode?: boolean;
}

/** Between the characters of the enterprise's own data: separators, and prose punctuation too. */
const OWN_GAP = new RegExp(`^(?:${S}|[，、。:;'"“”‘’])$`, "u");

function ownNeedles(own: OwnContactData): Needle[] {
  const needles: Needle[] = [];
  const literal = (kind: RedactionKind, value: string, minimum: number) => {
    const chars = squeeze(value);
    if ([...chars].length >= minimum) needles.push({ kind, chars });
  };
  for (const name of present(own.organisationNames)) literal("ORGANISATION", name, 2);
  for (const person of present(own.people)) literal("PERSON", person, 2);
  for (const address of present(own.addresses)) literal("ADDRESS", address, 4);
  for (const id of present(own.idNumbers)) literal("ID", id, 6);
  for (const phone of present(own.phones)) {
    for (const chars of phoneNeedles(phone)) needles.push({ kind: "CONTACT", chars, countryCode: true });
  }
  return needles;
}

/** The normalised value without separators and punctuation: what a needle is compared on. */
function squeeze(value: string): string {
  let result = "";
  for (const char of normalise(value)) if (!OWN_GAP.test(char)) result += char;
  return result;
}

/**
 * The enterprise's own data found in the shadow, however many separators or punctuation marks were put between its
 * characters: the shadow is squeezed the same way as the needles, and each hit is mapped back through both copies.
 */
function ownSpans(shadow: Shadow, needles: readonly Needle[]): Redaction[] {
  if (needles.length === 0) return [];
  let squeezed = "";
  const position: number[] = [];
  for (let index = 0; index < shadow.text.length; index++) {
    const char = shadow.text[index]!;
    if (OWN_GAP.test(char)) continue;
    squeezed += char;
    position.push(index);
  }
  const spans: Redaction[] = [];
  for (const needle of needles) {
    for (let at = squeezed.indexOf(needle.chars); at >= 0; at = squeezed.indexOf(needle.chars, at + 1)) {
      let first = at;
      if (needle.countryCode) {
        if (squeezed.slice(Math.max(0, at - 4), at) === "0086") first = at - 4;
        else if (squeezed.slice(Math.max(0, at - 2), at) === "86") first = at - 2;
      }
      const last = at + needle.chars.length - 1;
      spans.push({
        start: shadow.from[position[first]!]!,
        end: shadow.to[position[last]!]!,
        kind: needle.kind,
      });
    }
  }
  return spans;
}

/** E-mail addresses of the enterprise, with their dots and at sign spelled any way: these stay patterns. */
function ownEmailRules(own: OwnContactData): Rule[] {
  const rules: Rule[] = [];
  for (const email of present(own.emails)) {
    const normalised = normalise(email).replace(/\s+/g, "");
    const at = normalised.lastIndexOf("@");
    if (at <= 0) continue;
    const local = normalised.slice(0, at);
    const labels = normalised
      .slice(at + 1)
      .split(".")
      .filter(Boolean);
    rules.push({
      kind: "CONTACT",
      pattern: new RegExp(`${localPattern(local)}${AT}${labels.map(escape).join(DOT)}`, "gu"),
    });
    if (local.length >= 3) {
      rules.push({ kind: "CONTACT", pattern: new RegExp(`(?<![a-z0-9])${localPattern(local)}(?![a-z0-9])`, "gu") });
    }
    for (const label of labels) {
      if (label.length >= 3 && !PUBLIC_MAIL_LABELS.has(label)) {
        rules.push({ kind: "CONTACT", pattern: new RegExp(`(?<![a-z0-9])${escape(label)}(?![a-z0-9])`, "gu") });
      }
    }
  }
  return rules;
}

// ---------------------------------------------------------------------------------------------------------------

function spansOf(shadow: Shadow, rules: readonly Rule[]): Redaction[] {
  const spans: Redaction[] = [];
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(shadow.text); match; match = rule.pattern.exec(shadow.text)) {
      if (match[0].length === 0) {
        rule.pattern.lastIndex += 1;
        continue;
      }
      if (rule.accept && !rule.accept(match, shadow.text)) continue;
      const [start, end] = match.indices?.groups?.secret ?? [match.index, match.index + match[0].length];
      if (end <= start) continue;
      spans.push({ start: shadow.from[start]!, end: shadow.to[end - 1]!, kind: rule.kind });
    }
  }
  return spans;
}

/** Between two redactions, what lets them become one placeholder: blanks, invisible characters and number separators. */
const ONLY_SEPARATORS = /^[\s\p{Cf}\-_./\\·•・~|*+‐‑‒–—―丶－．／＿]*$/u;

/** Overlapping spans, and spans with only separators between them, become one; the longer part names the kind. */
function merge(text: string, spans: Redaction[]): Redaction[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: (Redaction & { longest: number })[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    const length = span.end - span.start;
    if (last && (span.start <= last.end || ONLY_SEPARATORS.test(text.slice(last.end, span.start)))) {
      last.end = Math.max(last.end, span.end);
      if (length > last.longest) {
        last.longest = length;
        last.kind = span.kind;
      }
    } else {
      merged.push({ ...span, longest: length });
    }
  }
  return merged.map(({ start, end, kind }) => ({ start, end, kind }));
}

/** Where the text holds contact or identifying data, merged and in order. */
export function findRedactions(text: string, own: OwnContactData = {}): Redaction[] {
  const shadow = shadowOf(text);
  return merge(text, [
    ...ownSpans(shadow, ownNeedles(own)),
    ...spansOf(shadow, ownEmailRules(own)),
    ...spansOf(shadow, GENERIC_RULES),
  ]);
}

/** The text with every contact or identifying detail replaced by its placeholder. */
export function redactContactData(text: string, own: OwnContactData = {}): string {
  let result = "";
  let at = 0;
  for (const span of findRedactions(text, own)) {
    result += text.slice(at, span.start) + PLACEHOLDERS[span.kind];
    at = span.end;
  }
  return result + text.slice(at);
}

/** The enterprise profile fields that redaction of its shared text draws on. */
export interface EnterpriseContactFields {
  name: string;
  idNumber: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string | null;
  legalRepresentative: string | null;
  address?: string | null;
}

/** The contact data an enterprise's profile gives: its names (full and 字号), people, phone, e-mail, id and address. */
export function ownContactDataOf(enterprise: EnterpriseContactFields): OwnContactData {
  const address = enterprise.address?.trim() || null;
  return {
    organisationNames: [enterprise.name, ...tradeNames(enterprise.name)],
    people: [enterprise.contactName, enterprise.legalRepresentative],
    phones: [enterprise.contactPhone],
    emails: [enterprise.contactEmail],
    idNumbers: [enterprise.idNumber],
    addresses: [address, address?.replace(/\s+/g, "").replace(PLACE_PREFIX, "")],
  };
}

/** Shared free text of an enterprise as an institution may read it before consent. */
export function redactSharedText(text: string, enterprise: EnterpriseContactFields): string {
  return redactContactData(text, ownContactDataOf(enterprise));
}
