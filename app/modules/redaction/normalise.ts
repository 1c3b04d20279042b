/**
 * The shadow copy that redaction searches: the text as a reader understands it, with an index map back to the text
 * as it was written. "１３９．一二三四 零零零一" reads as a phone number, so its shadow is "139.1234 0001": NFKC
 * (full-width and circled digits and letters become ASCII), lower case, Chinese digit numerals (一二三…, 壹贰叁…, 幺,
 * 〇/零/洞) as digits, and invisible characters (zero-width spaces and joiners, bidi controls, combining marks)
 * dropped. Every shadow character remembers the original span it came from, so a match in the shadow replaces exactly
 * the right characters of the original.
 */

export interface Shadow {
  /** The normalised text. */
  readonly text: string;
  /** For each UTF-16 unit of `text`, where the original character it came from starts… */
  readonly from: readonly number[];
  /** …and ends (exclusive). */
  readonly to: readonly number[];
}

/**
 * Chinese numerals that name one digit. Positional words (十, 百, 千, 万) are left alone: a phone number or an
 * identity number is read digit by digit, and 两 is left out because it is also a unit of weight (五百两).
 */
const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  〇: "0",
  零: "0",
  洞: "0",
  "○": "0",
  一: "1",
  壹: "1",
  幺: "1",
  二: "2",
  贰: "2",
  貳: "2",
  三: "3",
  叁: "3",
  參: "3",
  四: "4",
  肆: "4",
  五: "5",
  伍: "5",
  六: "6",
  陆: "6",
  陸: "6",
  七: "7",
  柒: "7",
  拐: "7",
  八: "8",
  捌: "8",
  九: "9",
  玖: "9",
  勾: "9",
};

/** Format controls (zero-width space, joiners, BOM, bidi overrides, soft hyphen) and combining marks. */
const INVISIBLE = /^[\p{Cf}\p{Mn}\p{Me}]$/u;
const WHITESPACE = /^\s$/u;

/** The shadow of one character (a code point): usually one character, sometimes none or several. */
export function normaliseChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  // Fast path: printable ASCII and the CJK Unified Ideographs are their own NFKC form.
  if (code >= 0x21 && code < 0x7f) return char.toLowerCase();
  if (code >= 0x4e00 && code <= 0x9fff) return CHINESE_DIGITS[char] ?? char;
  if (INVISIBLE.test(char)) return "";
  // NFKC would make the Chinese comma an ASCII one, a separator; in prose it separates, it does not join.
  if (char === "，") return char;
  if (WHITESPACE.test(char)) return " ";
  const digit = CHINESE_DIGITS[char];
  if (digit) return digit;
  let out = "";
  for (const part of char.normalize("NFKC").toLowerCase()) {
    if (INVISIBLE.test(part)) continue;
    out += CHINESE_DIGITS[part] ?? (WHITESPACE.test(part) ? " " : part);
  }
  return out;
}

export function shadowOf(text: string): Shadow {
  let shadow = "";
  const from: number[] = [];
  const to: number[] = [];
  let index = 0;
  for (const char of text) {
    const end = index + char.length;
    const normalised = normaliseChar(char);
    for (let unit = 0; unit < normalised.length; unit++) {
      from.push(index);
      to.push(end);
    }
    shadow += normalised;
    index = end;
  }
  return { text: shadow, from, to };
}

/** The normalised text alone. */
export function normalise(text: string): string {
  return shadowOf(text).text;
}

/**
 * Characters people put between the digits (or letters) of a number to keep it from being recognised: spaces, dots,
 * dashes, slashes, underscores, commas, brackets, middle dots, 点 and 丶. Commas and full stops of Chinese prose (，。、)
 * are not among them, so a list of years ("2024、2025、2026 年") never fuses into one long number. A regex class.
 */
export const SEPARATOR = String.raw`[\s\-_./\\·•・,~|*+()\[\]{}‐‑‒–—―丶点]`;

/** The normalised text without separators, for comparing needles ("139-1234-0001" → "13912340001"). */
export function compact(text: string): string {
  return normalise(text).replace(new RegExp(SEPARATOR, "gu"), "");
}
