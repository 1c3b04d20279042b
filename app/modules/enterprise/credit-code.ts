/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015.
 *
 * 18 characters from a 31-symbol alphabet (digits and capital letters without I, O, Z, S, V):
 *   1     registration authority (1 机构编制, 5 民政, 9 工商/市场监管, Y 其他 …)
 *   2     organisation category
 *   3–8   administrative division code of the registering authority (digits)
 *   9–17  organisation code
 *   18    check character: weighted sum mod 31 over the first 17.
 *
 * A right check character alone proves little (eighteen zeros have one), so the registration authority, the
 * category it may issue, and the division code are checked too.
 *
 * Shared by the browser (instant feedback) and the server (the authority), so it has no server-only imports.
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * Registration-authority code (position 1) → the organisation categories (position 2) it issues, per GB
 * 32100-2015 Appendix A and its later additions (A 军队, N 农业农村).
 */
export const CREDIT_CODE_CATEGORIES: Readonly<Record<string, string>> = {
  "1": "1239", // 机构编制: 机关, 事业单位, 中央编办直管群众团体, 其他
  "2": "19", // 外交: 外国常驻新闻机构, 其他
  "3": "123459", // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  "4": "19", // 文化: 外国在华文化中心, 其他
  "5": "1239", // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  "6": "129", // 旅游: 外国/港澳台旅游部门常驻代表机构, 其他
  "7": "129", // 宗教: 宗教活动场所, 宗教院校, 其他
  "8": "19", // 工会: 基层工会, 其他
  "9": "123", // 市场监管 (工商): 企业, 个体工商户, 农民专业合作社
  A: "19", // 中央军委改革和编制办公室: 军队事业单位, 其他
  N: "1239", // 农业农村: 组级, 村级, 乡镇级集体经济组织, 其他
  Y: "1", // 其他
};

/**
 * First two digits of a GB/T 2260 division code: the provinces, Taiwan, Hong Kong and Macao, and 10 for
 * organisations registered with a central authority (e.g. 91100000…).
 */
const PROVINCE_PREFIXES = new Set(
  "10 11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split(" "),
);

/** True when the six digits can be a registering authority's division code. */
export function isDivisionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && code !== "000000" && PROVINCE_PREFIXES.has(code.slice(0, 2));
}

export type CreditCodeProblem =
  "EMPTY" | "LENGTH" | "CHARACTERS" | "AUTHORITY" | "CATEGORY" | "DIVISION" | "CHECK_DIGIT";

export const creditCodeProblemMessages: Record<CreditCodeProblem, string> = {
  EMPTY: "请填写统一社会信用代码",
  LENGTH: "统一社会信用代码应为 18 位",
  CHARACTERS: "统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V），第 3–8 位为行政区划代码",
  AUTHORITY: "统一社会信用代码第 1 位（登记管理部门代码）不存在，请核对营业执照上的代码",
  CATEGORY: "统一社会信用代码第 2 位（机构类别代码）与第 1 位的登记管理部门不符，请核对营业执照上的代码",
  DIVISION: "统一社会信用代码第 3–8 位应为登记机关所在地的行政区划代码，请核对营业执照上的代码",
  CHECK_DIGIT: "统一社会信用代码校验位不正确，请核对营业执照上的代码",
};

/** Upper-cases and strips spaces, so users can paste "9144 5200 …" or lower case. */
export function normalizeCreditCode(input: string): string {
  return input.replace(/[\s\u3000-]/g, "").toUpperCase();
}

export function computeCreditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index++) {
    const value = ALPHABET.indexOf(first17.charAt(index));
    if (value < 0) throw new Error(`invalid credit code character at ${index}`);
    sum += value * WEIGHTS[index]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET.charAt(check);
}

/** Returns null when the code is valid, otherwise the first problem found. Expects a normalised code. */
export function findCreditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length === 0) return "EMPTY";
  if (code.length !== 18) return "LENGTH";
  if (!SHAPE.test(code)) return "CHARACTERS";
  const categories = CREDIT_CODE_CATEGORIES[code.charAt(0)];
  if (categories === undefined) return "AUTHORITY";
  if (!categories.includes(code.charAt(1))) return "CATEGORY";
  if (!isDivisionCode(code.slice(2, 8))) return "DIVISION";
  if (computeCreditCodeCheckCharacter(code.slice(0, 17)) !== code.charAt(17)) return "CHECK_DIGIT";
  return null;
}

export function isValidCreditCode(input: string): boolean {
  return findCreditCodeProblem(normalizeCreditCode(input)) === null;
}

/**
 * Builds a valid code from a division code and a serial — used for demo data and tests, never for real firms.
 * The organisation-code part is derived from the serial so each serial yields a distinct code.
 */
export function buildCreditCode(divisionCode: string, serial: number, category = "92"): string {
  const organisation = serial.toString(31).toUpperCase().padStart(9, "0");
  const mapped = [...organisation].map((ch) => ALPHABET.charAt(parseInt(ch, 31))).join("");
  const first17 = `${category}${divisionCode}${mapped}`;
  return first17 + computeCreditCodeCheckCharacter(first17);
}
