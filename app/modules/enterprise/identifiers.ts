/**
 * Human explanations for the identifiers an entity registers with. Builds on ./credit-code.ts (GB 32100) and adds
 * the 18-digit resident identity number (GB 11643) that farm households use. Shared by browser and server.
 */
import {
  isDivisionCode,
  computeCreditCodeCheckCharacter,
  creditCodeProblemMessages,
  findCreditCodeProblem,
  normalizeCreditCode,
} from "./credit-code.ts";

const CREDIT_CODE_SYMBOLS = /[0-9A-HJ-NPQRTUWXY]/;

/**
 * Null when the credit code is valid; otherwise a message that says which character is wrong when it can tell.
 * Expects the raw input (it normalises spaces and case itself).
 */
export function explainCreditCode(raw: string): string | null {
  const code = normalizeCreditCode(raw);
  const problem = findCreditCodeProblem(code);
  if (problem === null) return null;
  if (problem === "LENGTH") return `统一社会信用代码应为 18 位，您填写了 ${code.length} 位`;
  if (problem === "CHARACTERS") {
    for (let index = 0; index < code.length; index++) {
      const ch = code.charAt(index);
      const isDivision = index >= 2 && index <= 7;
      if (isDivision ? !/\d/.test(ch) : !CREDIT_CODE_SYMBOLS.test(ch)) {
        return isDivision
          ? `第 ${index + 1} 位“${ch}”有误：第 3–8 位是行政区划代码，只能是数字`
          : `第 ${index + 1} 位“${ch}”不是有效字符（统一社会信用代码不含 I、O、Z、S、V）`;
      }
    }
    return creditCodeProblemMessages.CHARACTERS;
  }
  if (problem === "AUTHORITY")
    return `第 1 位“${code.charAt(0)}”不是登记管理部门代码（企业、个体工商户、合作社为 9，社会组织为 5，机关事业单位为 1）`;
  if (problem === "CATEGORY")
    return `第 2 位“${code.charAt(1)}”不是登记管理部门“${code.charAt(0)}”下的机构类别（如企业为 91、个体工商户为 92、农民专业合作社为 93）`;
  if (problem === "DIVISION") return `第 3–8 位“${code.slice(2, 8)}”不是有效的行政区划代码（揭阳市为 4452 开头）`;
  if (problem === "CHECK_DIGIT") {
    const expected = computeCreditCodeCheckCharacter(code.slice(0, 17));
    return `第 18 位校验码不符：按前 17 位应为“${expected}”，您填写的是“${code.charAt(17)}”。请逐位核对营业执照上的代码`;
  }
  return creditCodeProblemMessages[problem];
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = "10X98765432";

export function normalizeIdentityNumber(raw: string): string {
  return raw.replace(/[\s\u3000-]/g, "").toUpperCase();
}

function isBirthDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1900 && date.getTime() <= today.getTime();
}

/**
 * Null when the 18-digit resident identity number (GB 11643-1999) is well formed: a real address code (a
 * province's division code, never 000000), a real birth date that is not in the future, and the check digit.
 */
export function explainIdentityNumber(raw: string, today: Date = new Date()): string | null {
  const id = normalizeIdentityNumber(raw);
  if (id.length === 0) return "请填写身份证号码";
  if (id.length !== 18) return `身份证号码应为 18 位，您填写了 ${id.length} 位`;
  if (!/^\d{17}[\dX]$/.test(id)) return "身份证号码前 17 位为数字，最后一位为数字或 X";
  // Identity numbers carry the holder's home division, never the central "10" prefix of a credit code.
  if (!isDivisionCode(id.slice(0, 6)) || id.startsWith("10")) return "身份证号码前 6 位应为户籍所在地的行政区划代码";
  if (!isBirthDate(id.slice(6, 14), today)) return "身份证号码第 7–14 位应为真实的出生日期（年月日）";
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += Number(id.charAt(index)) * ID_WEIGHTS[index]!;
  const expected = ID_CHECK.charAt(sum % 11);
  if (expected !== id.charAt(17)) return `身份证号码最后一位校验码不符，请逐位核对`;
  return null;
}

/** Builds a valid identity number from the first 17 digits (tests and demo data only). */
export function buildIdentityNumber(first17: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += Number(first17.charAt(index)) * ID_WEIGHTS[index]!;
  return first17 + ID_CHECK.charAt(sum % 11);
}
