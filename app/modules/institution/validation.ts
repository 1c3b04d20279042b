/**
 * Field parsers shared by the institution workspace's forms (products, outcomes, team). Every message is Chinese and
 * names the problem; money and rates stay decimal strings end to end (never floats), compared as integers.
 * No server-only imports: pages may use the same rules for hints.
 */
import { z } from "zod";
import { type Fen, parseMoneyInput } from "~/kernel/money.ts";
import { RATE_PATTERN, toRateUnits } from "~/kernel/rate.ts";
import { isIsoDay } from "~/kernel/time.ts";

/** Largest amount any form accepts: 100 亿元 — more is a typo, not a loan from a Jieyang branch. */
export const MAX_AMOUNT_FEN = 1_000_000_000_000n;

/** The workspace forms take 元 with half-width digits, commas and spaces only, at most 13 digits before the point. */
const MONEY_INPUT = { lenient: false, maxWholeDigits: 13 } as const;

/** 分 for an amount a workspace form accepts, else null (object-level checks run after the field errors). */
export function tryMoneyToFen(value: unknown): Fen | null {
  if (typeof value !== "string") return null;
  const parsed = parseMoneyInput(value, "YUAN", MONEY_INPUT);
  return parsed.ok ? parsed.fen : null;
}

/**
 * Normalises a number typed into a number field: strips thousands separators and spaces ("80,000" → "80000").
 * Only the number fields below use it; free text never passes through it (it would lose every space and comma).
 */
function cleanNumber(value: unknown): unknown {
  return typeof value === "string" ? value.replace(/[,，\s]/g, "") : value;
}

function emptyToUndefined(value: unknown): unknown {
  const cleaned = cleanNumber(value);
  return cleaned === "" || cleaned === null ? undefined : cleaned;
}

/** A required amount in 元: positive, at most two decimals, at most 100 亿元. */
export function moneyField(label: string, options: { allowZero?: boolean } = {}) {
  return z.preprocess(
    cleanNumber,
    z
      .string({ error: `请填写${label}` })
      .min(1, `请填写${label}`)
      .superRefine((value, ctx) => {
        if (value.startsWith("-")) return void ctx.addIssue({ code: "custom", message: `${label}不能为负数` });
        const parsed = parseMoneyInput(value, "YUAN", MONEY_INPUT);
        if (!parsed.ok) {
          return void ctx.addIssue({ code: "custom", message: `${label}须为数字（单位：元），最多两位小数` });
        }
        const { fen } = parsed;
        if (fen === 0n && !options.allowZero)
          return void ctx.addIssue({ code: "custom", message: `${label}必须大于 0` });
        if (fen > MAX_AMOUNT_FEN) ctx.addIssue({ code: "custom", message: `${label}超出合理范围（不超过 100 亿元）` });
      }),
  );
}

export function optionalMoneyField(label: string) {
  return z.preprocess(emptyToUndefined, moneyField(label).optional());
}

/** A percentage per year with at most four decimals, inside (min, max]. */
export function rateField(label: string, bounds: { min: number; max: number; allowZero?: boolean }) {
  return z.preprocess(
    cleanNumber,
    z
      .string({ error: `请填写${label}` })
      .min(1, `请填写${label}`)
      .superRefine((value, ctx) => {
        if (value.startsWith("-")) return void ctx.addIssue({ code: "custom", message: `${label}不能为负数` });
        if (!RATE_PATTERN.test(value)) {
          return void ctx.addIssue({ code: "custom", message: `${label}须为百分比数字，例如 3.45，最多四位小数` });
        }
        const units = toRateUnits(value);
        const tooLow = bounds.allowZero ? units < bounds.min * 10_000 : units <= bounds.min * 10_000;
        if (tooLow || units > bounds.max * 10_000) {
          ctx.addIssue({ code: "custom", message: `${label}应在 ${bounds.min}%–${bounds.max}% 之间，请核对` });
        }
      }),
  );
}

export function optionalRateField(label: string, bounds: { min: number; max: number; allowZero?: boolean }) {
  return z.preprocess(emptyToUndefined, rateField(label, bounds).optional());
}

export function intField(label: string, bounds: { min: number; max: number }, unit = "") {
  return z.preprocess(
    cleanNumber,
    z
      .string({ error: `请填写${label}` })
      .min(1, `请填写${label}`)
      .superRefine((value, ctx) => {
        if (!/^-?\d+$/.test(value)) return void ctx.addIssue({ code: "custom", message: `${label}须为整数` });
        const number = Number(value);
        if (number < bounds.min || number > bounds.max) {
          ctx.addIssue({ code: "custom", message: `${label}应在 ${bounds.min}–${bounds.max}${unit} 之间` });
        }
      })
      .transform(Number),
  );
}

/** A YYYY-MM-DD date, optionally bounded (inclusive, as YYYY-MM-DD strings compare lexically). */
export function dateField(
  label: string,
  bounds: { notAfter?: string; notBefore?: string; notAfterMessage?: string; notBeforeMessage?: string } = {},
) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .superRefine((value, ctx) => {
      if (!isIsoDay(value))
        return void ctx.addIssue({ code: "custom", message: `${label}格式应为 年-月-日，例如 2026-03-15` });
      if (bounds.notAfter && value > bounds.notAfter) {
        return void ctx.addIssue({
          code: "custom",
          message: bounds.notAfterMessage ?? `${label}不能晚于 ${bounds.notAfter}`,
        });
      }
      if (bounds.notBefore && value < bounds.notBefore) {
        ctx.addIssue({ code: "custom", message: bounds.notBeforeMessage ?? `${label}不能早于 ${bounds.notBefore}` });
      }
    });
}

export function optionalDateField(label: string) {
  return z.preprocess(emptyToUndefined, dateField(label).optional());
}

/** Checkbox: present ("on") → true, absent → false. */
export const checkboxField = z.preprocess((value) => value === "on" || value === "true", z.boolean());

/** A multi-value field (checkbox group / multi-select) of enum members, with a Chinese message for strangers. */
export function enumListField<const T extends readonly [string, ...string[]]>(
  values: T,
  label: string,
  options: { min?: number } = {},
) {
  return z.preprocess(
    (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z
      .array(z.enum(values, { error: `${label}中有无法识别的选项` }))
      .min(options.min ?? 0, `请至少选择一项${label}`)
      .transform((list) => [...new Set(list)]),
  );
}

export function enumField<const T extends readonly [string, ...string[]]>(values: T, label: string) {
  return z.enum(values, { error: `请选择有效的${label}` });
}

export function optionalEnumField<const T extends readonly [string, ...string[]]>(values: T, label: string) {
  return z.preprocess(emptyToUndefined, z.enum(values, { error: `请选择有效的${label}` }).optional());
}

export function textField(label: string, bounds: { min?: number; max: number }) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .min(bounds.min ?? 1, `${label}至少 ${bounds.min ?? 1} 个字`)
    .max(bounds.max, `${label}不能超过 ${bounds.max} 个字`);
}

/** Free text: only trimmed; blank (or absent) means not given. */
function blankToUndefined(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  return typeof value === "string" && value.trim() === "" ? undefined : value;
}

export function optionalTextField(label: string, max: number) {
  return z.preprocess(blankToUndefined, z.string().trim().max(max, `${label}不能超过 ${max} 个字`).optional());
}
