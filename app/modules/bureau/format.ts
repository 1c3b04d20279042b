/** How table cells read on the page (zh-CN): amounts in 万元, shares as percentages, hours with one decimal. */
import { formatWanYuan } from "~/kernel/money.ts";
import type { CellKind, CellValue } from "./tables.ts";

export function formatCell(kind: CellKind, value: CellValue): string {
  if (value === null || value === undefined) return "—";
  switch (kind) {
    case "count":
      return Number(value).toLocaleString("zh-CN");
    case "yuan":
      return formatWanYuan(String(value), { unit: false });
    case "share":
      return `${(Number(value) * 100).toFixed(1)}%`;
    case "hours":
      return Number(value).toFixed(1);
    default:
      return String(value);
  }
}

/** Column header with its unit on the page. */
export function pageColumnLabel(label: string, kind: CellKind): string {
  if (kind === "yuan") return `${label}（万元）`;
  return label;
}

/** Key–value rows carry their unit in the value. */
export function formatValueWithUnit(kind: CellKind, value: CellValue): string {
  const text = formatCell(kind, value);
  if (value === null) return text;
  if (kind === "yuan") return `${text} 万元`;
  if (kind === "hours") return `${text} 工作小时`;
  return text;
}
