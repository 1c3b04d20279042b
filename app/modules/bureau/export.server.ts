/**
 * Downloads of the bureau's tables: CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and XLSX (exceljs).
 * Amounts are exact 元 in both (the page shows 万元); shares are ratios (XLSX formats them as percentages).
 * The ledger export lists the raw ledger entries of the filter, reversals included, so every total can be traced.
 */
import { type DecimalLike, decimalToYuanString } from "~/kernel/money.ts";
import { dateColumnDay, dayToDateColumn } from "~/kernel/time.ts";
import ExcelJS from "exceljs";
import type { DbOrTx } from "~/infra/db.server.ts";
import type { LedgerMetric } from "~/generated/prisma/enums.ts";
import { toCsv } from "./csv.ts";
import { NO_POLICY_TOOL_LABEL } from "./labels.ts";
import { displayBorrowerName } from "./privacy.ts";
import type { Scope } from "./scope.server.ts";
import { cellKind, type CellKind, type CellValue, type ReportTable } from "./tables.ts";
import { entityTypeLabel, ledgerMetricLabel, policyToolLabel, productKindLabel } from "~/kernel/labels.ts";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";
/** Largest ledger export as XLSX (a workbook is built in memory); CSV has no limit beyond LEDGER_EXPORT_MAX. */
export const LEDGER_XLSX_MAX_ROWS = 100_000;
export const LEDGER_EXPORT_MAX = 2_000_000;

function exportLabel(label: string, kind: CellKind): string {
  return kind === "yuan" ? `${label}（元）` : label;
}

function csvValue(kind: CellKind, value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (kind === "share") return `${(Number(value) * 100).toFixed(1)}%`;
  if (kind === "hours") return Number(value).toFixed(1);
  return String(value);
}

/** Several tables in one CSV: a title line, the header, the rows, a blank line. */
export function tablesToCsv(tables: readonly ReportTable[], preamble: readonly string[] = []): string {
  const lines: (string | number | null)[][] = preamble.map((line) => [line]);
  if (preamble.length > 0) lines.push([]);
  for (const table of tables) {
    lines.push([table.title]);
    const valueKinds = table.rowKinds;
    lines.push(
      table.columns.map((column) =>
        valueKinds && column.key === "value" ? column.label : exportLabel(column.label, column.kind),
      ),
    );
    table.rows.forEach((row, index) => {
      lines.push(
        table.columns.map((column) => {
          const kind = cellKind(table, column, index);
          const text = csvValue(kind, row[column.key] ?? null);
          // Key–value rows say their unit.
          if (valueKinds && column.key === "value" && text !== "")
            return kind === "yuan" ? `${text} 元` : kind === "hours" ? `${text} 工作小时` : text;
          return text;
        }),
      );
    });
    lines.push([]);
  }
  return toCsv(lines);
}

function sheetName(title: string, used: Set<string>): string {
  let name = title.replace(/[\\/?*[\]:]/g, " ").slice(0, 31);
  for (let suffix = 2; used.has(name); suffix++) name = `${title.slice(0, 28)}${suffix}`;
  used.add(name);
  return name;
}

function xlsxCell(kind: CellKind, value: CellValue): { value: ExcelJS.CellValue; numFmt?: string } {
  if (value === null || value === undefined) return { value: null };
  switch (kind) {
    case "yuan":
      // Decimal(18,2) fits a double exactly to the cent far beyond any real amount (< 9e13 元).
      return { value: Number(value), numFmt: "#,##0.00" };
    case "count":
      return { value: Number(value), numFmt: "#,##0" };
    case "share":
      return { value: Number(value), numFmt: "0.0%" };
    case "hours":
      return { value: Math.round(Number(value) * 10) / 10, numFmt: "0.0" };
    default:
      return { value: String(value) };
  }
}

/** One worksheet per table, plus a 说明 sheet with the filter and data time. */
export async function tablesToXlsx(
  tables: readonly ReportTable[],
  preamble: readonly string[] = [],
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "揭阳银企融资对接平台";
  workbook.created = new Date();
  const used = new Set<string>();
  if (preamble.length > 0) {
    const about = workbook.addWorksheet(sheetName("说明", used));
    for (const line of preamble) about.addRow([line]);
    about.getColumn(1).width = 80;
  }
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title, used));
    const valueKinds = table.rowKinds;
    const header = sheet.addRow(
      table.columns.map((column) =>
        valueKinds && column.key === "value" ? column.label : exportLabel(column.label, column.kind),
      ),
    );
    header.font = { bold: true };
    table.rows.forEach((row, index) => {
      const cells = table.columns.map((column) => xlsxCell(cellKind(table, column, index), row[column.key] ?? null));
      const added = sheet.addRow(cells.map((cell) => cell.value));
      cells.forEach((cell, column) => {
        if (cell.numFmt) added.getCell(column + 1).numFmt = cell.numFmt;
      });
      if (valueKinds) {
        const kind = valueKinds[index];
        if (kind === "yuan") added.getCell(table.columns.length + 1).value = "元";
        if (kind === "hours") added.getCell(table.columns.length + 1).value = "工作小时";
      }
    });
    table.columns.forEach((column, index) => {
      sheet.getColumn(index + 1).width = Math.max(10, Math.min(36, column.label.length * 2 + 6));
    });
    sheet.views = [{ state: "frozen", ySplit: 1 }];
  }
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

// ───────────────────────────── the ledger ─────────────────────────────

export const LEDGER_EXPORT_COLUMNS = [
  "发生日期",
  "指标",
  "金额（元）",
  "户数变动",
  "经营主体",
  "主体类型",
  "区域",
  "金融机构",
  "产品类型",
  "政策工具",
  "冲正",
  "台账键",
] as const;

type LedgerExportRow = (string | number)[];

/** Ledger entries of the scope in date order, batch by batch (keyset pagination, bounded memory). */
export async function* ledgerEntries(db: DbOrTx, scope: Scope, batchSize = 5_000): AsyncGenerator<LedgerExportRow[]> {
  let cursor: { occurredOn: Date; id: string } | null = null;
  let emitted = 0;
  for (;;) {
    const where = {
      occurredOn: { gte: dayToDateColumn(scope.from), lt: dayToDateColumn(scope.to) },
      ...(scope.regionIds ? { regionId: { in: scope.regionIds } } : {}),
      ...(scope.institutionIds ? { institutionId: { in: scope.institutionIds } } : {}),
    };
    const entries: {
      id: string;
      entryKey: string;
      metric: LedgerMetric;
      amount: DecimalLike;
      borrowerCount: number;
      entityType: keyof typeof entityTypeLabel;
      productKind: keyof typeof productKindLabel | null;
      policyTool: keyof typeof policyToolLabel | null;
      occurredOn: Date;
      reversesId: string | null;
      enterprise: { name: string };
      region: { name: string };
      institution: { name: string };
    }[] = await db.ledgerEntry.findMany({
      where: cursor
        ? {
            AND: [
              where,
              {
                OR: [
                  { occurredOn: { gt: cursor.occurredOn } },
                  { occurredOn: cursor.occurredOn, id: { gt: cursor.id } },
                ],
              },
            ],
          }
        : where,
      orderBy: [{ occurredOn: "asc" }, { id: "asc" }],
      take: batchSize,
      select: {
        id: true,
        entryKey: true,
        metric: true,
        amount: true,
        borrowerCount: true,
        entityType: true,
        productKind: true,
        policyTool: true,
        occurredOn: true,
        reversesId: true,
        enterprise: { select: { name: true } },
        region: { select: { name: true } },
        institution: { select: { name: true } },
      },
    });
    if (entries.length === 0) return;
    yield entries.map((entry) => [
      dateColumnDay(entry.occurredOn),
      ledgerMetricLabel[entry.metric],
      decimalToYuanString(entry.amount),
      entry.borrowerCount,
      displayBorrowerName(entry.enterprise.name, entry.entityType),
      entityTypeLabel[entry.entityType],
      entry.region.name,
      entry.institution.name,
      entry.productKind ? productKindLabel[entry.productKind] : "",
      entry.policyTool ? policyToolLabel[entry.policyTool] : NO_POLICY_TOOL_LABEL,
      entry.reversesId ? "是" : "",
      entry.entryKey,
    ]);
    emitted += entries.length;
    if (entries.length < batchSize || emitted >= LEDGER_EXPORT_MAX) return;
    const last = entries[entries.length - 1]!;
    cursor = { occurredOn: last.occurredOn, id: last.id };
  }
}

/** A streamed CSV of the ledger (BOM, header, rows). */
export function ledgerCsvStream(db: DbOrTx, scope: Scope, preamble: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = ledgerEntries(db, scope);
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        // toCsv adds the BOM; later chunks are plain CSV lines without it.
        controller.enqueue(encoder.encode(toCsv([...preamble.map((line) => [line]), [], [...LEDGER_EXPORT_COLUMNS]])));
        return;
      }
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(toCsv(next.value).slice(1)));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

export async function countLedgerEntries(db: DbOrTx, scope: Scope): Promise<number> {
  return db.ledgerEntry.count({
    where: {
      occurredOn: { gte: dayToDateColumn(scope.from), lt: dayToDateColumn(scope.to) },
      ...(scope.regionIds ? { regionId: { in: scope.regionIds } } : {}),
      ...(scope.institutionIds ? { institutionId: { in: scope.institutionIds } } : {}),
    },
  });
}

export async function ledgerXlsx(
  db: DbOrTx,
  scope: Scope,
  preamble: readonly string[],
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "揭阳银企融资对接平台";
  const about = workbook.addWorksheet("说明");
  for (const line of preamble) about.addRow([line]);
  about.getColumn(1).width = 80;
  const sheet = workbook.addWorksheet("台账明细");
  sheet.addRow([...LEDGER_EXPORT_COLUMNS]).font = { bold: true };
  for await (const batch of ledgerEntries(db, scope)) {
    for (const row of batch) {
      const added = sheet.addRow(row.map((value, index) => (index === 2 ? Number(value) : value)));
      added.getCell(3).numFmt = "#,##0.00";
    }
  }
  [12, 22, 16, 8, 28, 12, 14, 24, 10, 18, 6, 40].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
