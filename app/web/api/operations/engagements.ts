/**
 * Operations over an institution's engagements: the list, one engagement, progress transitions, notes, outcomes
 * (approved / disbursed / declined, corrections as new versions) and the enterprise's contact under consent.
 */
import { z } from "zod";
import { DeclineReason, EngagementStatus, OutcomeKind, OutcomeState, PolicyTool } from "~/generated/prisma/enums.ts";
import { ENGAGEMENT_LIST_MAX_LIMIT } from "~/modules/engagements/engagement-api.server.ts";
import { defineOperation } from "../operation.ts";

const STATUSES = Object.values(EngagementStatus) as [EngagementStatus, ...EngagementStatus[]];
const DECLINE_REASONS = Object.values(DeclineReason) as [DeclineReason, ...DeclineReason[]];
const POLICY_TOOLS = Object.values(PolicyTool) as [PolicyTool, ...PolicyTool[]];

const instant = z.iso.datetime({ offset: true });
const day = z.iso.date();
const yuan = z.string().regex(/^-?\d+\.\d{2}$/);

const engagementSummary = z.object({
  id: z.string(),
  needId: z.string(),
  status: z.enum(STATUSES),
  initiatedBy: z.enum(["ENTERPRISE", "INSTITUTION"]),
  requestedAt: instant,
  acceptedAt: instant.nullable(),
  contactedAt: instant.nullable(),
  decisionDueAt: instant.nullable(),
  decidedAt: instant.nullable(),
  closedAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});

const outcome = z.object({
  id: z.string(),
  version: z.number().int().min(1),
  state: z.enum(Object.values(OutcomeState) as [OutcomeState, ...OutcomeState[]]),
  kind: z.enum(Object.values(OutcomeKind) as [OutcomeKind, ...OutcomeKind[]]),
  approvedAmount: yuan.nullable(),
  disbursedAmount: yuan.nullable(),
  annualRatePercent: z.string().nullable(),
  termMonths: z.number().int().nullable(),
  decidedOn: day,
  productId: z.string().nullable(),
  policyTool: z.enum(POLICY_TOOLS).nullable(),
  firstLoan: z.boolean(),
  totalCreditAtInstitution: yuan.nullable(),
  declineReason: z.enum(DECLINE_REASONS).nullable(),
  declineReasonLabel: z.string().nullable(),
  declineNote: z.string().nullable(),
  recordedAt: instant,
});

const engagementDetail = engagementSummary.extend({ outcomes: z.array(outcome) });

const pathParams = { engagementId: "对接编号" };

/** A body that is not an object, or has a field the operation does not take, is refused naming the field. */
function bodyObjectErrors(hint = ""): { error: z.core.$ZodErrorMap } {
  return {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `无法识别的字段：${issue.keys.join("、")}${hint}`
        : issue.code === "invalid_type"
          ? "请求体须为 JSON 对象"
          : undefined,
  };
}

export const EngagementListQuerySchema = z.object({
  cursor: z.string().max(200, "cursor 无效：请使用上一页返回的 nextCursor").optional(),
  limit: z.coerce
    .number({ error: "limit 须为 1–100 的整数" })
    .int("limit 须为 1–100 的整数")
    .min(1, "limit 须为 1–100 的整数")
    .max(ENGAGEMENT_LIST_MAX_LIMIT, "limit 须为 1–100 的整数")
    .default(50),
  status: z.enum(STATUSES, { error: "status 须为对接状态之一，例如 ACCEPTED" }).optional(),
});

export const listEngagements = defineOperation({
  operationId: "listEngagements",
  method: "GET",
  path: "/api/v1/engagements",
  scope: "leads:read",
  tag: "engagements",
  summary: "本机构的对接列表（按创建时间排序，游标分页）",
  description:
    "This institution's engagements, oldest first in (createdAt, id) order, optionally of one status. Walk the " +
    "pages with `nextCursor` (null when there is no engagement at all); the order never changes, so each engagement " +
    "is returned once. For what changed since a previous walk, read the events feed.",
  query: EngagementListQuerySchema,
  response: {
    status: 200,
    description: "一页对接",
    schema: z.object({ items: z.array(engagementSummary), nextCursor: z.string().nullable(), hasMore: z.boolean() }),
  },
});

export const getEngagement = defineOperation({
  operationId: "getEngagement",
  method: "GET",
  path: "/api/v1/engagements/{engagementId}",
  scope: "leads:read",
  tag: "engagements",
  summary: "一笔对接：状态、时间节点和全部结果版本",
  description: "Outcomes are listed newest version first; a corrected one is `SUPERSEDED`, never edited.",
  pathParams,
  response: { status: 200, description: "对接详情", schema: engagementDetail },
  problems: [404],
});

export const TransitionBodySchema = z.strictObject(
  {
    to: z.enum(["ACCEPTED", "CONTACTED", "UNDER_REVIEW", "WITHDRAWN"], {
      error: "to 须为 ACCEPTED、CONTACTED、UNDER_REVIEW 或 WITHDRAWN（审批、放款和未通过请登记对接结果）",
    }),
    reason: z.string({ error: "reason 须为文字" }).trim().max(500, "说明不能超过 500 个字").optional(),
  },
  bodyObjectErrors(),
);

export const transitionEngagement = defineOperation({
  operationId: "transitionEngagement",
  method: "POST",
  path: "/api/v1/engagements/{engagementId}/transitions",
  scope: "engagements:write",
  tag: "engagements",
  summary: "推进对接：受理（企业已授权时）、已联系、审批中或撤回",
  description:
    "The plain progress steps of the officer's page. `ACCEPTED` needs the enterprise's consent on file. A step the " +
    "lifecycle does not allow from the current status is `409 ILLEGAL_TRANSITION`; approvals, disbursements and " +
    "declines are recorded as outcomes.",
  pathParams,
  body: TransitionBodySchema,
  response: { status: 200, description: "变更后的对接", schema: engagementDetail },
  problems: [404, 409, 422],
});

export const NoteBodySchema = z.strictObject(
  {
    text: z.string({ error: "请填写备注" }).trim().min(1, "请填写备注").max(1000, "备注不能超过 1000 个字"),
  },
  bodyObjectErrors(),
);

export const addEngagementNote = defineOperation({
  operationId: "addEngagementNote",
  method: "POST",
  path: "/api/v1/engagements/{engagementId}/notes",
  scope: "engagements:write",
  tag: "engagements",
  summary: "添加内部备注（仅本机构可见，企业看不到）",
  pathParams,
  body: NoteBodySchema,
  response: {
    status: 201,
    description: "已添加的备注",
    schema: z.object({ id: z.string(), engagementId: z.string(), text: z.string(), createdAt: instant }),
  },
  problems: [404, 422],
});

const amountText = (label: string) =>
  z
    .string({ error: `${label}须为字符串形式的金额（单位：元），例如 "500000.00"` })
    .regex(/^\d+(\.\d+)?$/, `${label}须为字符串形式的金额（单位：元），例如 "500000.00"`);
const rateText = z
  .string({ error: '年化利率须为字符串形式的百分比，例如 "3.85"' })
  .regex(/^\d+(\.\d+)?$/, '年化利率须为字符串形式的百分比，例如 "3.85"');
const term = z.number({ error: "期限须为整数（月）" }).int("期限须为整数（月）");
const dayText = (label: string) => z.string({ error: `${label}须为 YYYY-MM-DD 格式的日期` });
const optionalText = (label: string) => z.string({ error: `${label}须为文字` });
const policyTool = z.enum(POLICY_TOOLS, { error: "policyTool 须为货币政策工具代码之一" });
const unknownField = bodyObjectErrors("（或该字段不适用于此结果类型）");

export const OutcomeBodySchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject(
      {
        kind: z.literal("APPROVED"),
        amount: amountText("审批金额"),
        annualRatePercent: rateText,
        termMonths: term,
        decidedOn: dayText("审批日期"),
        productId: z.string({ error: "productId 须为本机构产品编号" }).optional(),
        policyTool: policyTool.optional(),
        note: optionalText("备注").optional(),
      },
      unknownField,
    ),
    z.strictObject(
      {
        kind: z.literal("DISBURSED"),
        amount: amountText("放款金额"),
        annualRatePercent: rateText,
        termMonths: term,
        disbursedOn: dayText("放款日期"),
        firstLoan: z.boolean({ error: "firstLoan 须为 true 或 false" }).optional(),
        totalCreditAtInstitution: amountText("授信总额").optional(),
        productId: z.string({ error: "productId 须为本机构产品编号" }).optional(),
        policyTool: policyTool.optional(),
        note: optionalText("备注").optional(),
        corrects: z.string({ error: "corrects 须为所更正的结果编号" }).max(64, "corrects 无效").optional(),
        correctionReason: optionalText("更正原因").optional(),
      },
      unknownField,
    ),
    z.strictObject(
      {
        kind: z.literal("DECLINED"),
        declineReason: z.enum(DECLINE_REASONS, { error: "declineReason 须为未通过原因代码之一" }),
        declineNote: optionalText("给企业的说明"),
        decidedOn: dayText("决定日期").optional(),
      },
      unknownField,
    ),
  ],
  { error: "kind 须为 APPROVED、DISBURSED 或 DECLINED" },
);

export const recordEngagementOutcome = defineOperation({
  operationId: "recordEngagementOutcome",
  method: "POST",
  path: "/api/v1/engagements/{engagementId}/outcomes",
  scope: "outcomes:write",
  tag: "engagements",
  summary: "登记对接结果：审批通过、放款或未通过；放款更正登记为新版本",
  description:
    "The officer's outcome forms as JSON. Money is a decimal string in 元 (`amount`: the approved amount for " +
    "`APPROVED`, the disbursed amount for `DISBURSED`), the rate a percent string, days `YYYY-MM-DD` in Asia/" +
    "Shanghai. `firstLoan: true` confirms 征信无贷款记录 (the borrower counts once as a 首贷户). A `DECLINED` " +
    "outcome takes a coded `declineReason` (NOT_QUALIFIED 资质不符, INSUFFICIENT_COLLATERAL 抵押物不足, " +
    "CREDIT_RECORD 征信问题, BUSINESS_RISK 经营风险, QUOTA_EXHAUSTED 额度已满, ENTERPRISE_GAVE_UP 企业放弃, OTHER " +
    "其他原因) and a `declineNote` shown to the enterprise. To correct a disbursement, post `DISBURSED` again with " +
    "`corrects` (the id of the current disbursement outcome) and a `correctionReason`: a new version is recorded and " +
    "the old one becomes `SUPERSEDED`; a stale `corrects` is `409 OUTCOME_NOT_CURRENT`. Field errors are `422` " +
    "with `errors` keyed by these field names.",
  pathParams,
  body: OutcomeBodySchema,
  response: {
    status: 201,
    description: "已登记的结果版本和对接的新状态",
    schema: z.object({ engagementId: z.string(), engagementStatus: z.enum(STATUSES), outcome }),
  },
  problems: [404, 409, 422],
});

export const getEngagementContact = defineOperation({
  operationId: "getEngagementContact",
  method: "GET",
  path: "/api/v1/engagements/{engagementId}/contact",
  scope: "leads:read",
  tag: "engagements",
  summary: "企业联系方式（仅在企业授权本机构期间；每次读取均留痕）",
  description:
    "The enterprise's name, identifier and contact, only while its consent to this institution is in force and the " +
    "engagement is in a consented status. Without it the answer is `403 CONSENT_REQUIRED` (the engagement is this " +
    "institution's, so its existence is no secret; another institution's engagement is `404`). Once this " +
    "institution declined or withdrew longer ago than the retention period (DECLINED_CONTACT_RETENTION_DAYS, 30 by " +
    "default) the answer is `403 CONTACT_RETENTION_EXPIRED`. Every answered read " +
    "is recorded in the audit trail (CONTACT_REVEALED), exactly like opening the officer's page.",
  pathParams,
  response: {
    status: 200,
    description: "企业联系方式",
    schema: z.object({
      engagementId: z.string(),
      needId: z.string(),
      consent: z.object({ grantedAt: instant, textVersion: z.string(), general: z.boolean() }),
      enterprise: z.object({
        name: z.string(),
        idType: z.string(),
        idNumber: z.string(),
        legalRepresentative: z.string().nullable(),
        contactName: z.string(),
        contactPhone: z.string(),
        contactEmail: z.string().nullable(),
        address: z.string().nullable(),
        employees: z.number().int().nullable(),
        annualRevenue: yuan.nullable(),
        foundedOn: day.nullable(),
        originCity: z.string().nullable(),
        declaresNoPriorLoan: z.boolean(),
      }),
    }),
  },
  problems: [404],
});
