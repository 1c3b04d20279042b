/**
 * Balance report files: CSV saved by Excel (UTF-8 with or without a BOM, or GBK — what Excel on a Chinese Windows
 * machine writes for "CSV (逗号分隔)") and XLSX. Both become the same rows for `checkBalanceRows`, with the line
 * numbers the person sees in Excel.
 */
import ExcelJS from "exceljs";
import { hasForbiddenCharacter } from "~/kernel/text-input.ts";
import { CsvSyntaxError, parseCsv, toCsv, UTF8_BOM } from "~/modules/bureau/csv.ts";
import {
  BALANCE_TAGS,
  balanceTagLabel,
  parseYesNo,
  type BalanceRowText,
  type BalanceTag,
  type LineError,
} from "./rows.ts";

/** Largest file accepted: about 40,000 loans as CSV; a bigger book goes through the API or is split by branch. */
export const MAX_BALANCE_FILE_BYTES = 5 * 1024 * 1024;

type Column =
  "month" | "borrowerCode" | "borrowerName" | "loanId" | "productId" | BalanceTag | "balance" | "totalCredit";

/** The template's header, in order. */
export const BALANCE_FILE_HEADER: readonly [Column, string][] = [
  ["month", "数据月份"],
  ["borrowerCode", "借款人统一社会信用代码"],
  ["borrowerName", "借款人名称"],
  ["loanId", "贷款编号"],
  ["productId", "平台产品编号（可选）"],
  ...BALANCE_TAGS.map((tag): [Column, string] => [tag, `${balanceTagLabel[tag]}（是/否）`]),
  ["balance", "贷款余额（元）"],
  ["totalCredit", "借款人在本机构授信总额（元）"],
];

const REQUIRED: readonly Column[] = ["month", "borrowerCode", "borrowerName", "loanId", "balance", "totalCredit"];

const ALIASES = new Map<string, Column>([
  ...BALANCE_FILE_HEADER.map(([column, title]): [string, Column] => [bare(title), column]),
  ["月份", "month"],
  ["统一社会信用代码", "borrowerCode"],
  ["借款人代码", "borrowerCode"],
  ["借款人", "borrowerName"],
  ["产品编号", "productId"],
  ["贷款余额", "balance"],
  ["余额", "balance"],
  ["授信总额", "totalCredit"],
  ...BALANCE_FILE_HEADER.map(([column]): [string, Column] => [column.toLowerCase(), column]),
]);

function bare(title: string): string {
  return title
    .trim()
    .replace(/（.*?）|\(.*?\)/g, "")
    .trim()
    .toLowerCase();
}

export interface BalanceTable {
  rows: BalanceRowText[];
  errors: LineError[];
}

/** Header → column positions; an error naming the missing columns when a required one is absent. */
function readTable(records: { line: number; fields: string[] }[]): BalanceTable {
  const nonEmpty = records.filter((record) => record.fields.some((field) => field.trim() !== ""));
  const [header, ...body] = nonEmpty;
  if (!header) return { rows: [], errors: [{ line: 1, reason: "文件为空，请使用模板填写后上传" }] };
  const index = new Map<Column, number>();
  header.fields.forEach((title, position) => {
    const column = ALIASES.get(bare(title));
    if (column && !index.has(column)) index.set(column, position);
  });
  const missing = REQUIRED.filter((column) => !index.has(column));
  if (missing.length > 0) {
    const titles = missing.map((column) => BALANCE_FILE_HEADER.find(([c]) => c === column)![1]);
    return {
      rows: [],
      errors: [{ line: header.line, reason: `表头缺少列：${titles.join("、")}。请下载模板，按模板的列填写` }],
    };
  }
  if (body.length === 0) return { rows: [], errors: [{ line: header.line, reason: "除表头外没有数据行" }] };
  const errors: LineError[] = [];
  const rows: BalanceRowText[] = [];
  for (const record of body) {
    const cell = (column: Column) => {
      const position = index.get(column);
      return position === undefined ? "" : (record.fields[position] ?? "").trim();
    };
    const tags: string[] = [];
    const bad: string[] = [];
    for (const tag of BALANCE_TAGS) {
      const yes = parseYesNo(cell(tag));
      if (yes === null) bad.push(`“${balanceTagLabel[tag]}”列应填“是”或“否”，您填写的是“${cell(tag)}”`);
      else if (yes) tags.push(tag);
    }
    if (bad.length > 0) {
      errors.push({ line: record.line, reason: bad.join("；") });
      continue;
    }
    rows.push({
      line: record.line,
      month: cell("month"),
      borrowerCode: cell("borrowerCode"),
      borrowerName: cell("borrowerName"),
      loanId: cell("loanId"),
      productId: cell("productId"),
      tags,
      balance: cell("balance"),
      totalCredit: cell("totalCredit"),
    });
  }
  return { rows, errors };
}

/**
 * The text of a CSV file. UTF-8 (Excel's "CSV UTF-8") is tried strictly first; a file that is not valid UTF-8 is
 * read as GBK, which is what Excel writes for plain "CSV" on a Chinese system (GBK is a superset of GB2312).
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gbk").decode(bytes);
  }
}

function isXlsx(bytes: Uint8Array): boolean {
  // An XLSX is a ZIP archive: "PK\x03\x04".
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "是" : "否";
  if (value instanceof Date) return value.toISOString().slice(0, 7);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

async function readXlsx(bytes: Uint8Array): Promise<BalanceTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return {
      rows: [],
      errors: [{ line: 1, reason: "无法读取该 XLSX 文件，请用 Excel 另存为 .xlsx 或 CSV 后重新上传" }],
    };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { rows: [], errors: [{ line: 1, reason: "XLSX 文件中没有工作表" }] };
  const records: { line: number; fields: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values = row.values as ExcelJS.CellValue[];
    // row.values is 1-based: index 0 is always empty.
    records.push({ line, fields: values.slice(1).map((value) => cellText(value)) });
  });
  return readTable(records);
}

/** An uploaded file → rows with their lines, or the errors that stop it being read at all. */
export async function readBalanceFile(bytes: Uint8Array): Promise<BalanceTable> {
  if (bytes.length > MAX_BALANCE_FILE_BYTES)
    return { rows: [], errors: [{ line: 1, reason: "文件超过 5 MB，请按分支机构拆分后分批上传，或通过开放接口报送" }] };
  const table = isXlsx(bytes) ? await readXlsx(bytes) : readCsvText(decodeCsvBytes(bytes));
  return table;
}

export function readCsvText(text: string): BalanceTable {
  if (hasForbiddenCharacter(text))
    return { rows: [], errors: [{ line: 1, reason: "文件含有无法识别的控制字符，请用 Excel 重新另存为 CSV 后上传" }] };
  try {
    return readTable(parseCsv(text));
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { rows: [], errors: [{ line: error.line, reason: error.message }] };
    throw error;
  }
}

/** The template: the header and two example rows (an inclusive small-micro loan and an ordinary one). */
export function balanceTemplateCsv(month: string): string {
  return (
    UTF8_BOM +
    toCsv([
      BALANCE_FILE_HEADER.map(([, title]) => title),
      [
        month,
        "9144520200000003Y4",
        "揭阳市示例五金制品有限公司",
        "LN-2026-000123",
        "",
        "是",
        "否",
        "否",
        "否",
        "否",
        "850000.00",
        "2000000.00",
      ],
      [
        month,
        "9144520200000003Y4",
        "揭阳市示例五金制品有限公司",
        "LN-2026-000124",
        "",
        "是",
        "否",
        "是",
        "否",
        "否",
        "300000.00",
        "2000000.00",
      ],
    ])
  );
}
