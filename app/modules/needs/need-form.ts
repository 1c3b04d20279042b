/**
 * The financing-need form: one zod schema for the server (the authority) and the browser (instant hints). The flags
 * a need carries because of its enterprise and purpose are derived in ./need-flags.ts. No server-only imports.
 */
import { z } from "zod";
import { Collateral, type NeedFlag, NeedVisibility, PurposeCategory } from "~/generated/prisma/enums.ts";
import { MONEY_UNITS, parseMoneyInput, WAN_FEN } from "~/kernel/money.ts";
import { addCalendarDays, isIsoDay, shanghaiToday } from "~/kernel/time.ts";
import { EVEN_WITH_FIELD_ERRORS } from "~/modules/enterprise/forms.ts";

export const NEED_LIMITS = {
  /** 1,000 元: a farm household's spring-ploughing loan can be a few thousand 元. */
  minAmountFen: 100_000n,
  /** 10 亿元: anything larger is a typo (or a unit mix-up) for the firms this platform serves. */
  maxAmountFen: 100_000n * WAN_FEN,
  minTermMonths: 1,
  maxTermMonths: 360,
  /** Annual rate in percent; 24% is the judicial protection ceiling for lending. */
  maxAnnualRate: 24,
  descriptionMax: 2000,
  maxDirectedInstitutions: 5,
  /** A need's wanted-by date may be at most this many days ahead. */
  maxWantedByDays: 730,
} as const;

export type NeedIntent = "draft" | "publish";

const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => value !== undefined && value !== "" && value !== "false");

/** A field that may come once (a string) or several times (an array), or not at all (unchecked boxes). */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z.array(item),
  );

export const DECLARABLE_FLAGS = ["GREEN", "TECH", "MARINE", "AGRI"] as const satisfies readonly NeedFlag[];

/**
 * The need form for a given day and intent. Publishing additionally requires the consent box; a draft may be saved
 * without it (nothing is shared until the need is published).
 */
export function makeNeedForm(options: { today?: string; intent: NeedIntent }) {
  const today = options.today ?? shanghaiToday();
  const latestWantedBy = addCalendarDays(today, NEED_LIMITS.maxWantedByDays);
  return z
    .object({
      amount: z.string({ error: "请填写融资金额" }).transform((value) => value.trim()),
      amountUnit: z.enum(MONEY_UNITS, { error: "请选择金额单位（万元或元）" }),
      termMonths: z
        .string({ error: "请填写融资期限" })
        .trim()
        .min(1, "请填写融资期限（月）")
        .regex(/^\d+$/, "融资期限请填写整数月数，例如 12")
        .transform(Number)
        .refine((value) => value >= NEED_LIMITS.minTermMonths, "融资期限至少 1 个月")
        .refine(
          (value) => value <= NEED_LIMITS.maxTermMonths,
          `融资期限不能超过 ${NEED_LIMITS.maxTermMonths} 个月（30 年）`,
        ),
      purposeCategory: z.enum(PurposeCategory, { error: "请选择资金用途" }),
      description: z
        .string()
        .optional()
        .transform((value) => (value ?? "").replace(/\r\n/g, "\n").trim())
        .pipe(z.string().max(NEED_LIMITS.descriptionMax, `需求说明不能超过 ${NEED_LIMITS.descriptionMax} 字`)),
      shareDescription: checkbox,
      collateralOffered: list(z.enum(Collateral, { error: "请从列表中选择担保方式" }))
        .refine((value) => value.length > 0, "请至少选择一项担保方式；没有抵押物请选择“信用（无需抵押）”")
        .transform((value) => [...new Set(value)]),
      maxAnnualRate: z
        .string()
        .optional()
        .transform((value) => (value ?? "").trim().replace(/%$/, ""))
        .refine(
          (value) => value === "" || /^\d{1,2}(\.\d{1,2})?$/.test(value),
          "可接受年利率请填写百分数，最多两位小数，例如 4.35",
        )
        .refine((value) => value === "" || Number(value) > 0, "可接受年利率须大于 0")
        .refine(
          (value) => value === "" || Number(value) <= NEED_LIMITS.maxAnnualRate,
          `可接受年利率不能超过 ${NEED_LIMITS.maxAnnualRate}%`,
        )
        .transform((value) => (value === "" ? null : value)),
      wantedBy: z
        .string()
        .optional()
        .transform((value) => (value ?? "").trim())
        .refine((value) => value === "" || isIsoDay(value), "请填写有效的日期，例如 2026-12-31")
        .refine((value) => value === "" || !isIsoDay(value) || value >= today, "期望到位日期不能早于今天")
        .refine((value) => value === "" || !isIsoDay(value) || value <= latestWantedBy, "期望到位日期不能超过两年以后")
        .transform((value) => (value === "" ? null : value)),
      wantsLoan: checkbox,
      wantsGuarantee: checkbox,
      wantsInsurance: checkbox,
      declaredFlags: list(z.enum(DECLARABLE_FLAGS, { error: "请从列表中选择政策标签" })),
      visibility: z.enum(NeedVisibility, { error: "请选择对接方式" }),
      institutionIds: list(z.string().min(1).max(40, "请从列表中选择金融机构")).transform((value) => [
        ...new Set(value),
      ]),
      allowWidening: checkbox,
      consent: checkbox,
      consentVersion: z
        .string()
        .optional()
        .transform((value) => value ?? ""),
    })
    .superRefine((value, ctx) => {
      const amount = typeof value.amount === "string" ? value.amount : "";
      const unit = value.amountUnit === "YUAN" ? "YUAN" : "WAN";
      const parsed = parseMoneyInput(amount, unit);
      if (!parsed.ok) {
        const message = {
          EMPTY: "请填写融资金额",
          NOT_A_NUMBER: "融资金额请填写正数，例如 50 或 12.5",
          NEGATIVE: "融资金额请填写正数，例如 50 或 12.5",
          TOO_PRECISE: "融资金额最多精确到分（元的两位小数）",
        }[parsed.problem];
        ctx.addIssue({ code: "custom", path: ["amount"], message });
      } else if (parsed.fen < NEED_LIMITS.minAmountFen) {
        ctx.addIssue({ code: "custom", path: ["amount"], message: "融资金额至少 1,000 元（0.1 万元）" });
      } else if (parsed.fen > NEED_LIMITS.maxAmountFen) {
        ctx.addIssue({
          code: "custom",
          path: ["amount"],
          message: "融资金额不能超过 10 亿元，请检查单位是否选错（万元 / 元）",
        });
      }
      if (!value.wantsLoan && !value.wantsGuarantee && !value.wantsInsurance) {
        ctx.addIssue({ code: "custom", path: ["wantsLoan"], message: "请至少选择一种需要的服务（贷款、担保或保险）" });
      }
      if (value.visibility === "DIRECTED") {
        const count = Array.isArray(value.institutionIds) ? value.institutionIds.length : 0;
        if (count === 0) {
          ctx.addIssue({ code: "custom", path: ["institutionIds"], message: "定向对接请至少选择一家金融机构" });
        } else if (count > NEED_LIMITS.maxDirectedInstitutions) {
          ctx.addIssue({
            code: "custom",
            path: ["institutionIds"],
            message: `定向对接最多选择 ${NEED_LIMITS.maxDirectedInstitutions} 家金融机构`,
          });
        }
      }
      if (options.intent === "publish" && !value.consent) {
        ctx.addIssue({
          code: "custom",
          path: ["consent"],
          message: "发布需求前请阅读并勾选同意《融资需求信息共享授权书》",
        });
      }
    }, EVEN_WITH_FIELD_ERRORS)
    .transform((value) => {
      const parsed = parseMoneyInput(value.amount, value.amountUnit);
      return {
        ...value,
        /** Exact decimal string of 元. */
        amountYuan: parsed.ok ? parsed.yuan : "0.00",
        institutionIds: value.visibility === "DIRECTED" ? value.institutionIds : [],
        // Widening only means something for a DIRECTED need; an OPEN one is already open to all.
        allowWidening: value.visibility === "DIRECTED" ? value.allowWidening : true,
      };
    });
}

export type NeedInput = z.output<ReturnType<typeof makeNeedForm>>;
