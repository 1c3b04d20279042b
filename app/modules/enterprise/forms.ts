/**
 * The registration and entity-profile forms: one zod schema each, used by the server (the authority) and by the
 * browser (instant hints). Every message is Chinese and names the field it belongs to.
 */
import { z } from "zod";
import { EntityType, SizeClass } from "~/generated/prisma/enums.ts";
import { isIsoDay, shanghaiToday } from "~/kernel/time.ts";
import { explainCreditCode, explainIdentityNumber, normalizeIdentityNumber } from "./identifiers.ts";
import { normalizeCreditCode } from "./credit-code.ts";
import { MONEY_UNITS, parseMoneyInput } from "~/kernel/money.ts";
import { ORIGIN_CITIES } from "./labels.ts";
import { newPasswordField } from "~/modules/auth/password-rules.ts";

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/**
 * zod skips object-level refinements once a field has failed; cross-field checks opt back in so that every error is
 * reported at once (the refinement then sees raw values for failed fields and must not trust their types).
 */
export const EVEN_WITH_FIELD_ERRORS = { when: () => true } as const;

const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => value !== undefined && value !== "" && value !== "false");

const optionalText = (max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(z.string().max(max, message))
    .transform((value) => (value.length > 0 ? value : null));

// ───────────────────────────── account ─────────────────────────────

export const SignUpForm = z
  .object({
    mobile: z
      .string({ error: "请填写手机号码" })
      .transform((value) => value.replace(/[\s-]/g, ""))
      .pipe(z.string().min(1, "请填写手机号码").regex(MOBILE_PATTERN, "请填写 11 位中国大陆手机号码")),
    displayName: z.string({ error: "请填写您的姓名" }).trim().min(1, "请填写您的姓名").max(30, "姓名不能超过 30 个字"),
    email: optionalText(100, "电子邮箱不能超过 100 个字符").pipe(z.union([z.null(), z.email("电子邮箱格式不正确")])),
    password: newPasswordField("请设置密码"),
    passwordConfirm: z.string({ error: "请再次输入密码" }).min(1, "请再次输入密码"),
    acceptTerms: checkbox.refine((value) => value, "请阅读并同意平台用户协议和隐私政策"),
  })
  .superRefine((value, ctx) => {
    if (value.passwordConfirm !== value.password) {
      ctx.addIssue({ code: "custom", path: ["passwordConfirm"], message: "两次输入的密码不一致" });
    }
  }, EVEN_WITH_FIELD_ERRORS);

export type SignUpInput = z.output<typeof SignUpForm>;

// ───────────────────────────── entity profile ─────────────────────────────

/** Largest annual revenue accepted: 1 万亿元 — anything above is a typo. */
const MAX_REVENUE_FEN = 100_000_000_000_000n;

export function makeEnterpriseProfileForm(today: string = shanghaiToday()) {
  return (
    z
      .object({
        name: z
          .string({ error: "请填写主体名称" })
          .trim()
          .min(2, "请填写主体名称（营业执照上的全称；农户填写户主姓名）")
          .max(100, "主体名称不能超过 100 个字"),
        entityType: z.enum(EntityType, { error: "请选择主体类型" }),
        idNumber: z.string({ error: "请填写统一社会信用代码" }),
        sizeClass: z.enum(SizeClass, { error: "请选择企业规模" }),
        industryDivision: z.string({ error: "请选择所属行业" }).regex(/^\d{2}$/, "请选择所属行业"),
        regionId: z.string({ error: "请选择所在县（市、区）" }).min(1, "请选择所在县（市、区）").max(40),
        parkId: optionalText(40, "请选择园区"),
        foundedOn: z
          .string()
          .optional()
          .transform((value) => (value ?? "").trim())
          .refine((value) => value === "" || isIsoDay(value), "请填写有效的日期，例如 2018-06-01")
          .refine((value) => value === "" || value <= today, "成立日期不能晚于今天")
          .refine((value) => value === "" || value >= "1900-01-01", "成立日期不能早于 1900 年")
          .transform((value) => (value === "" ? null : value)),
        employees: z
          .string()
          .optional()
          .transform((value) => (value ?? "").trim())
          .refine((value) => value === "" || /^\d+$/.test(value), "从业人数请填写整数")
          .transform((value) => (value === "" ? null : Number(value)))
          .refine((value) => value === null || value <= 1_000_000, "从业人数不能超过 100 万人"),
        annualRevenue: z
          .string()
          .optional()
          .transform((value) => (value ?? "").trim()),
        annualRevenueUnit: z.enum(MONEY_UNITS, { error: "请选择金额单位" }).default("WAN"),
        originCity: optionalText(20, "迁出城市不能超过 20 个字"),
        declaresNoPriorLoan: checkbox,
        legalRepresentative: optionalText(30, "法定代表人姓名不能超过 30 个字"),
        contactName: z
          .string({ error: "请填写联系人" })
          .trim()
          .min(1, "请填写联系人")
          .max(30, "联系人姓名不能超过 30 个字"),
        contactPhone: z
          .string({ error: "请填写联系电话" })
          .transform((value) => value.replace(/[\s-]/g, ""))
          .pipe(
            z
              .string()
              .min(1, "请填写联系电话")
              .regex(/^(1[3-9]\d{9}|0\d{9,11})$/, "请填写 11 位手机号码或带区号的固定电话"),
          ),
        contactEmail: optionalText(100, "电子邮箱不能超过 100 个字符").pipe(
          z.union([z.null(), z.email("电子邮箱格式不正确")]),
        ),
        address: optionalText(200, "经营地址不能超过 200 个字"),
      })
      // Cross-field checks run even when another field already failed, so every error shows at once.
      .superRefine((value, ctx) => {
        const farmer = value.entityType === "FARM_HOUSEHOLD";
        const idProblem = farmer
          ? explainIdentityNumber(value.idNumber ?? "")
          : explainCreditCode(value.idNumber ?? "");
        if (idProblem) ctx.addIssue({ code: "custom", path: ["idNumber"], message: idProblem });

        const revenue = typeof value.annualRevenue === "string" ? value.annualRevenue : "";
        if (revenue !== "") {
          const parsed = parseMoneyInput(revenue, value.annualRevenueUnit === "YUAN" ? "YUAN" : "WAN");
          if (!parsed.ok) {
            ctx.addIssue({
              code: "custom",
              path: ["annualRevenue"],
              message:
                parsed.problem === "TOO_PRECISE" ? "营业收入最多精确到分" : "营业收入请填写数字，例如 350 或 350.5",
            });
          } else if (parsed.fen > MAX_REVENUE_FEN) {
            ctx.addIssue({
              code: "custom",
              path: ["annualRevenue"],
              message: "营业收入过大，请检查单位是否选错（元 / 万元）",
            });
          }
        }

        if (value.entityType === "TRANSFERRED_FIRM") {
          if (!value.originCity)
            ctx.addIssue({ code: "custom", path: ["originCity"], message: "转移企业请选择从哪个城市迁来" });
          else if (!(ORIGIN_CITIES as readonly string[]).includes(value.originCity)) {
            ctx.addIssue({ code: "custom", path: ["originCity"], message: "请从列表中选择迁出城市" });
          }
        }
      }, EVEN_WITH_FIELD_ERRORS)
      .transform((value) => {
        const idType = value.entityType === "FARM_HOUSEHOLD" ? ("FARMER_ID" as const) : ("USCC" as const);
        const idNumber =
          idType === "USCC" ? normalizeCreditCode(value.idNumber) : normalizeIdentityNumber(value.idNumber);
        const revenue =
          value.annualRevenue === "" ? null : parseMoneyInput(value.annualRevenue, value.annualRevenueUnit);
        return {
          ...value,
          idType,
          idNumber,
          annualRevenue: revenue && revenue.ok ? revenue.yuan : null,
          originCity: value.entityType === "TRANSFERRED_FIRM" ? value.originCity : null,
        };
      })
  );
}

export type EnterpriseProfileInput = z.output<ReturnType<typeof makeEnterpriseProfileForm>>;
