/**
 * CSV the way Excel on a Chinese Windows machine reads and writes it: UTF-8 with a byte-order mark, CRLF line ends,
 * RFC 4180 quoting. Parsing tolerates a BOM, LF or CRLF, quoted fields with commas, quotes and line breaks, and
 * reports each record with the line number it starts on (what a person sees in a text editor).
 */

export const UTF8_BOM = "\uFEFF";

export interface CsvRecord {
  /** 1-based line number of the record's first character. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldStarted = false;
  for (let index = 0; index < input.length; index++) {
    const char = input[index]!;
    if (quoted) {
      if (char === '"') {
        if (input[index + 1] === '"') {
          field += '"';
          index++;
        } else quoted = false;
      } else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (char === ",") {
      fields.push(field);
      field = "";
      fieldStarted = false;
    } else if (char === "\r" || char === "\n") {
      if (char === "\r" && input[index + 1] === "\n") index++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = "";
      fieldStarted = false;
      line++;
      recordLine = line;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError(`第 ${recordLine} 行的引号没有闭合`, recordLine);
  if (fieldStarted || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  // Blank lines carry nothing.
  return records.filter((record) => record.fields.some((value) => value.trim() !== ""));
}

function escapeField(value: string): string {
  // A leading = + - @ would be run as a formula by Excel (CSV injection); prefix it with an apostrophe.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows → CSV text with a BOM and CRLF line ends. */
export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return (
    UTF8_BOM +
    rows.map((row) => row.map((value) => escapeField(value === null ? "" : String(value))).join(",")).join("\r\n") +
    "\r\n"
  );
}
