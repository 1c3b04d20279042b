/**
 * Human explanations for the identifiers an entity registers with. Builds on ./credit-code.ts (GB 32100) and adds
 * the 18-digit resident identity number (GB 11643) that farm households use. Shared by browser and server.
 */
import {
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

/** Null when the 18-digit resident identity number (GB 11643-1999) is well formed with a correct check digit. */
export function explainIdentityNumber(raw: string): string | null {
  const id = normalizeIdentityNumber(raw);
  if (id.length === 0) return "请填写身份证号码";
  if (id.length !== 18) return `身份证号码应为 18 位，您填写了 ${id.length} 位`;
  if (!/^\d{17}[\dX]$/.test(id)) return "身份证号码前 17 位为数字，最后一位为数字或 X";
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return "身份证号码第 7–14 位应为出生日期";
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
