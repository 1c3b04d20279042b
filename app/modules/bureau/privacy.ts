/**
 * What the bureau may see of a person. Regulators see firms and their financing, not people's contact details:
 * no contact names, phone numbers, e-mail addresses, ID numbers or home addresses. A farm household (农户) is a
 * person, so its name is shortened to the surname; free text (timeline notes) has contact-like strings masked.
 */
import type { EntityType } from "~/generated/prisma/enums.ts";

export function displayBorrowerName(name: string, entityType: EntityType): string {
  if (entityType !== "FARM_HOUSEHOLD") return name;
  const chars = [...name.trim()];
  if (chars.length === 0) return "农户";
  return `${chars[0]}${"*".repeat(Math.min(Math.max(chars.length - 1, 1), 3))}（农户）`;
}

const PATTERNS: [RegExp, string][] = [
  // Resident ID numbers (18 characters, last may be X).
  [/\b\d{17}[\dXx]\b/g, "［身份证号已隐藏］"],
  // Mainland mobile numbers, optionally with +86 and separators.
  [/(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}/g, "［手机号已隐藏］"],
  // Landlines such as 0663-8888888.
  [/\b0\d{2,3}-?\d{7,8}\b/g, "［电话已隐藏］"],
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "［邮箱已隐藏］"],
];

export function maskContactData(text: string): string {
  return PATTERNS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}
