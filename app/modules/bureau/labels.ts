/**
 * Units and report wording for what the bureau console reports (metric names are in app/kernel/labels.ts). Shared by
 * pages, exports and the CSV import.
 */
import type { LedgerMetric } from "~/generated/prisma/enums.ts";

export const LEDGER_METRICS: readonly LedgerMetric[] = [
  "DISBURSED_AMOUNT",
  "FIRST_LOAN_BORROWER",
  "INCLUSIVE_SMALL_MICRO_AMOUNT",
  "INCLUSIVE_SMALL_MICRO_BORROWER",
  "AGRI_AMOUNT",
  "GREEN_AMOUNT",
  "MARINE_AMOUNT",
  "TRANSFER_FIRM_AMOUNT",
];

/** Borrower metrics count households/firms (户); the others are amounts in 元. */
export function isBorrowerMetric(metric: LedgerMetric): boolean {
  return metric === "FIRST_LOAN_BORROWER" || metric === "INCLUSIVE_SMALL_MICRO_BORROWER";
}

export const NO_POLICY_TOOL_LABEL = "未使用政策工具";
export const UNKNOWN_PRODUCT_KIND_LABEL = "未注明";

export const periodKindLabel = { month: "月度", quarter: "季度", year: "年度", custom: "自定义" } as const;

export const targetStatusLabel: Record<"AHEAD" | "BEHIND" | "DONE" | "MISSED" | "NOT_STARTED", string> = {
  AHEAD: "达到序时进度",
  BEHIND: "落后序时进度",
  DONE: "已完成",
  MISSED: "未完成",
  NOT_STARTED: "未开始",
};

/** "12.3%" or "—" when there is nothing to divide by. */
export function formatShare(numerator: number, denominator: number): string {
  if (denominator <= 0) return "—";
  return `${((numerator / denominator) * 100).toFixed(1)}%`;
}

export function formatCount(value: number): string {
  return value.toLocaleString("zh-CN");
}

/** Working seconds → "12.5 工作小时". */
export function formatWorkingHours(seconds: number | null): string {
  if (seconds === null) return "—";
  return `${(seconds / 3600).toFixed(1)} 工作小时`;
}
