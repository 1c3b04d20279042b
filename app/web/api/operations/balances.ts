/** Operations over month-end loan balance reports: report a month, read the month's current version. */
import { z } from "zod";
import type { BalanceReportSummary } from "~/modules/balances/balances.server.ts";
import { BALANCE_TAGS } from "~/modules/balances/rows.ts";
import { defineOperation } from "../operation.ts";

const decimalString = z.string({ message: '金额须为字符串形式的十进制数（元），如 "125000.00"' }).max(32, "金额过长");

export const BalanceRowSchema = z.object(
  {
    borrowerCode: z.string({ message: "请提供借款人统一社会信用代码" }).max(40, "统一社会信用代码过长"),
    borrowerName: z.string({ message: "请提供借款人名称" }).max(200, "借款人名称过长"),
    loanId: z.string({ message: "请提供贷款编号" }).max(100, "贷款编号过长"),
    productCode: z.string({ message: "productCode 须为字符串" }).max(64, "产品编号过长").optional(),
    tags: z
      .array(z.string({ message: "标签须为字符串" }).max(20, "标签过长"), { message: "tags 须为标签数组" })
      .max(BALANCE_TAGS.length * 2, "标签过多")
      .default([])
      .describe(`Any of ${BALANCE_TAGS.join(", ")} (or 普惠, 涉农, 绿色, 海洋, 转移).`),
    balance: decimalString.describe("Outstanding balance at the month end, 元, at most 2 decimals."),
    totalCredit: decimalString.describe("The borrower's total credit line at the institution, 元 (decides 普惠型)."),
  },
  { message: "rows 的每一项须为一笔贷款的 JSON 对象" },
);

export const BalanceReportBodySchema = z.object(
  {
    month: z.string({ message: "请提供报送月份 month（YYYY-MM）" }).max(7, "month 应为 YYYY-MM"),
    rows: z.array(BalanceRowSchema, { message: "rows 须为贷款余额数组" }).min(1, "rows 不能为空"),
  },
  { message: '请求体须为 JSON 对象：{ "month": "2026-11", "rows": [...] }' },
);

const ReportSchema = z.object({
  id: z.string(),
  month: z.string(),
  version: z.number().int(),
  replacedVersion: z.number().int().nullable(),
  loanCount: z.number().int(),
  totalBalance: z.string(),
  inclusiveBalance: z.string(),
  inclusiveBorrowers: z.number().int(),
  agriBalance: z.string(),
  greenBalance: z.string(),
  marineBalance: z.string(),
  transferBalance: z.string(),
  submittedAt: z.string(),
});

export const submitBalanceReportOperation = defineOperation({
  operationId: "submitBalanceReport",
  method: "POST",
  path: "/api/v1/balance-reports",
  scope: "balances:write",
  tag: "balances",
  summary: "报送月末贷款余额：整月全部贷款，同月再次报送即为新版本并整体替换",
  description:
    "All of the institution's loans outstanding at the end of `month` (a month that has ended), one row per loan. " +
    "Checked line by line like the workspace upload: any bad row refuses the whole report (422, `errors` keyed " +
    "`rows[i]`, each message starting 第 i+1 行) and nothing is stored. Borrowers need not be registered on the " +
    "platform. Reporting a month again stores a new version that replaces it.",
  body: BalanceReportBodySchema,
  response: { status: 201, description: "已保存的报送（现行版本）", schema: ReportSchema },
  problems: [403, 409, 413, 415, 422],
});

export const getBalanceReportOperation = defineOperation({
  operationId: "getBalanceReport",
  method: "GET",
  path: "/api/v1/balance-reports/{month}",
  scope: "balances:write",
  tag: "balances",
  summary: "查看某月现行的余额报送（汇总）",
  pathParams: { month: "报送月份，YYYY-MM" },
  response: { status: 200, description: "该月现行版本的汇总", schema: ReportSchema.omit({ replacedVersion: true }) },
  problems: [404],
});

/** A stored report as both balance-report operations answer it: its version and totals, never its rows. */
export function balanceReportAnswer(report: BalanceReportSummary) {
  return {
    id: report.id,
    month: report.month,
    version: report.version,
    loanCount: report.loanCount,
    totalBalance: report.totalBalance,
    inclusiveBalance: report.inclusiveBalance,
    inclusiveBorrowers: report.inclusiveBorrowers,
    agriBalance: report.agriBalance,
    greenBalance: report.greenBalance,
    marineBalance: report.marineBalance,
    transferBalance: report.transferBalance,
    submittedAt: report.submittedAt,
  };
}
