/**
 * The redaction property: an enterprise's own phone number, e-mail address, identity number and contact name,
 * written in any of the ways people use to slip them past a filter — separators and zero-width characters between
 * the digits, full-width digits and letters, Chinese numerals (lower, capital and radio forms) mixed in, at/dot
 * spelled out, +86 in front — and embedded in ordinary Chinese sentences, never survive redaction. "Survive" is
 * judged on the same shadow copy redaction reads: no five consecutive digits of the phone, no six consecutive
 * characters of the identity number, neither the e-mail's local part nor its domain, nor the name, may be found in
 * the normalised output. And the ordinary sentences around them come through unchanged.
 */
import fc from "fast-check";
import { compact } from "~/modules/redaction/normalise.ts";
import { redactSharedText } from "~/modules/redaction/redact.ts";

const RUNS = 5_000;

const CHINESE_LOWER = "零一二三四五六七八九";
const CHINESE_UPPER = "零壹贰叁肆伍陆柒捌玖";
const CHINESE_RADIO = "洞幺二三四五六拐八勾";
const ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"];
const SEPARATORS = [" ", ".", "-", "—", "/", "_", "·", "　", "．", "－", "＿", "／", "(", ")", "，", ...ZERO_WIDTH];

const fullWidth = (char: string) => String.fromCharCode(char.charCodeAt(0) + 0xfee0);

/** One digit in one of five forms. */
const digitForm = (digit: string) =>
  fc.constantFrom(
    digit,
    fullWidth(digit),
    CHINESE_LOWER[Number(digit)]!,
    CHINESE_UPPER[Number(digit)]!,
    CHINESE_RADIO[Number(digit)]!,
    digit === "0" ? "〇" : digit,
  );

/** One letter: either case, ASCII or full-width, sometimes with a zero-width character after it. */
const letterForm = (letter: string) =>
  fc
    .tuple(
      fc.constantFrom(letter.toLowerCase(), letter.toUpperCase()),
      fc.boolean(),
      fc.option(fc.constantFrom(...ZERO_WIDTH), { freq: 4 }),
    )
    .map(([char, wide, invisible]) => (wide ? fullWidth(char) : char) + (invisible ?? ""));

/** Up to three separators between two characters (or none). */
const gap = fc
  .option(fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 3 }), { freq: 2 })
  .map((chars) => chars?.join("") ?? "");

/** A string of digits and letters written in a random mix of forms with random separators between them. */
function obfuscated(value: string): fc.Arbitrary<string> {
  const parts = [...value].map((char) => (/\d/.test(char) ? digitForm(char) : letterForm(char)));
  return fc
    .tuple(fc.tuple(...parts), fc.array(gap, { minLength: value.length, maxLength: value.length }))
    .map(([chars, gaps]) => chars.map((char, index) => (index === 0 ? "" : gaps[index]!) + char).join(""));
}

const digits = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length });
const mobile = fc
  .tuple(fc.constantFrom("13", "15", "17", "18", "19"), digits(9))
  .map(([head, rest]) => head + rest.join(""));
const landline = digits(6).map((rest) => `06638${rest.join("")}`);
const identityCard = fc
  .tuple(
    digits(6),
    fc.integer({ min: 1950, max: 2005 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    digits(3),
    fc.constantFrom(..."0123456789X"),
  )
  .map(
    ([region, year, month, day, serial, check]) =>
      `${region.join("")}${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${serial.join("")}${check}`,
  );
const CREDIT_CHARS = [..."0123456789ABCDEFGHJKLMNPQRTUWXY"];
const creditCode = fc
  .tuple(digits(6), fc.array(fc.constantFrom(...CREDIT_CHARS), { minLength: 10, maxLength: 10 }))
  .map(([region, rest]) => `91${region.join("")}${rest.join("")}`);
const word = (min: number, max: number) => fc.stringMatching(new RegExp(`^[a-z][a-z0-9]{${min - 1},${max - 1}}$`));
const email = fc
  .tuple(word(4, 10), fc.option(word(2, 5), { freq: 3 }), word(4, 12), fc.constantFrom("com", "cn", "net", "com.cn"))
  .map(([local, second, domain, tld]) => ({ local: second ? `${local}.${second}` : local, domain, tld }));
const SURNAMES = [..."陈林黄郑吴蔡许谢杨王"];
const GIVEN = [..."晓秀英明华伟丽敏娟勇军芳杰婷"];
const personName = fc
  .tuple(fc.constantFrom(...SURNAMES), fc.array(fc.constantFrom(...GIVEN), { minLength: 1, maxLength: 2 }))
  .map(([surname, given]) => surname + given.join(""));

const AT = ["@", "＠", "﹫", " at ", " AT ", "(at)", " (at) ", "[at]", " [ at ] ", "{at}", "艾特", "#"];
const DOT = [".", "．", " dot ", " DOT ", "(dot)", " [dot] ", "点", " 点 ", "。", "句号"];

function obfuscatedEmail(parts: { local: string; domain: string; tld: string }): fc.Arbitrary<string> {
  const at = fc.constantFrom(...AT);
  const dot = fc.constantFrom(...DOT);
  const letters = (value: string) => fc.tuple(...[...value].map(letterForm)).map((chars) => chars.join(""));
  const spelledDots = (value: string) =>
    fc
      .tuple(fc.tuple(...value.split(".").map(letters)), fc.array(dot, { minLength: 3, maxLength: 3 }))
      .map(([labels, dots]) => labels.reduce((joined, label, index) => `${joined}${dots[index - 1]!}${label}`));
  return fc
    .tuple(spelledDots(parts.local), at, letters(parts.domain), dot, spelledDots(parts.tld))
    .map(([local, atSign, domain, dotSign, tld]) => `${local}${atSign}${domain}${dotSign}${tld}`);
}

/** Ordinary need sentences: amounts, rates, dates, products. None holds five digits in a row. */
const SENTENCES = [
  "需要50万元流动资金",
  "年利率不超过3.6%",
  "计划2026年12月前用款",
  "购置两台注塑机",
  "扩大塑料制品产能",
  "期限24个月",
  "以设备抵押",
  "订单稳定回款良好",
  "主要客户在珠三角",
  "申请普惠小微贷款",
  "去年营收800万元",
  "厂房自有面积3000平方米",
  "二〇二六年上半年投产",
  "统一采购原材料",
];
const PREFIXES = [
  "联系电话",
  "手机",
  "电话：",
  "微信同号",
  "请致电",
  "邮箱：",
  "发邮件到",
  "身份证",
  "信用代码",
  "联系人",
  "找",
  "",
];
const PUNCTUATION = ["，", "。", "；", "！", "、"];

const scenario = fc
  .record({
    phone: fc.oneof(mobile, landline),
    email,
    idNumber: fc.oneof(identityCard, creditCode),
    contactName: personName,
  })
  .chain((own) =>
    fc.record({
      own: fc.constant(own),
      forms: fc.tuple(
        fc
          .tuple(fc.option(fc.constantFrom("+86", "+86 ", "86-", "0086 "), { freq: 3 }), obfuscated(own.phone))
          .map(([prefix, phone]) => (own.phone.startsWith("1") ? (prefix ?? "") : "") + phone),
        obfuscatedEmail(own.email),
        obfuscated(own.idNumber),
        gap.map((spacer) => [...own.contactName].join(spacer)),
      ),
      sentences: fc.array(fc.constantFrom(...SENTENCES), { minLength: 1, maxLength: 4 }),
      prefixes: fc.array(fc.constantFrom(...PREFIXES), { minLength: 4, maxLength: 4 }),
      punctuation: fc.array(fc.constantFrom(...PUNCTUATION), { minLength: 8, maxLength: 8 }),
      shuffle: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 8, maxLength: 8 }),
    }),
  );

/** Runs of digits in the shadow copy, separators dropped. */
function digitRuns(text: string): string[] {
  return compact(text).match(/\d+/g) ?? [];
}

function windows(value: string, size: number): string[] {
  const result: string[] = [];
  for (let start = 0; start + size <= value.length; start++) result.push(value.slice(start, start + size));
  return result;
}

describe("redaction as a property", () => {
  it(`removes every obfuscated form of the enterprise's own contact data (${RUNS} texts)`, () => {
    let obfuscations = 0;
    const started = performance.now();
    fc.assert(
      fc.property(scenario, ({ own, forms, sentences, prefixes, punctuation, shuffle }) => {
        // Interleave the sentences and the prefixed obfuscations in a generated order.
        const items = [...sentences, ...forms.map((form, index) => `${prefixes[index]!}${form}`)]
          .map((item, index) => ({ text: item, key: shuffle[index]! }))
          .sort((a, b) => a.key - b.key);
        const text = items.map((item, index) => item.text + punctuation[index % 8]!).join("");
        obfuscations += forms.length;

        const enterprise = {
          name: "揭阳市榕城区恒达塑料制品有限公司",
          idNumber: own.idNumber,
          contactName: own.contactName,
          contactPhone: own.phone,
          contactEmail: `${own.email.local}@${own.email.domain}.${own.email.tld}`,
          legalRepresentative: null,
          address: null,
        };
        const redacted = redactSharedText(text, enterprise);
        const shadow = compact(redacted);

        // Plain checks, not expect(): 5,000 texts × a dozen assertions would spend most of the run in the matcher.
        const runs = digitRuns(redacted);
        const leaks = [
          ...windows(own.phone, 5)
            .filter((window) => runs.some((run) => run.includes(window)))
            .map((window) => `phone digits ${window}`),
          ...windows(own.idNumber.toLowerCase(), 6)
            .filter((window) => shadow.includes(window))
            .map((window) => `id characters ${window}`),
          ...(shadow.includes(compact(own.email.local)) ? ["e-mail local part"] : []),
          ...(shadow.includes(own.email.domain) ? ["e-mail domain"] : []),
          ...(shadow.includes(own.contactName) ? ["contact name"] : []),
          // Ordinary content survives, word for word.
          ...sentences.filter((sentence) => !redacted.includes(sentence)).map((sentence) => `lost "${sentence}"`),
        ];
        if (leaks.length > 0) throw new Error(`${leaks.join(", ")}\n  text:     ${text}\n  redacted: ${redacted}`);
      }),
      { numRuns: RUNS, endOnFailure: true, seed: Number(process.env.FC_SEED ?? 20261203) },
    );
    const seconds = (performance.now() - started) / 1000;
    console.info(`redaction property: ${obfuscations} obfuscations in ${RUNS} texts, ${seconds.toFixed(1)} s`);
    expect(obfuscations).toBeGreaterThanOrEqual(RUNS * 4);
  }, 180_000);
});
