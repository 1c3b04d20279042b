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
 * Shared by the browser (instant feedback) and the server (the authority), so it has no server-only imports.
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export type CreditCodeProblem = "EMPTY" | "LENGTH" | "CHARACTERS" | "CHECK_DIGIT";

export const creditCodeProblemMessages: Record<CreditCodeProblem, string> = {
  EMPTY: "请填写统一社会信用代码",
  LENGTH: "统一社会信用代码应为 18 位",
  CHARACTERS: "统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V），第 3–8 位为行政区划代码",
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
