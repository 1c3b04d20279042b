/**
 * The rows of a month-end balance report, as a table (an uploaded CSV / XLSX) or as the Open API's JSON, checked
 * the same way: every problem is reported with its line (the file's line, or the 1-based index of the API's rows)
 * and nothing is stored unless every row is good. Pure: the server adds the checks that need the database.
 */
import { parseMoneyInput, type Fen } from "~/kernel/money.ts";
import { explainCreditCode } from "~/modules/enterprise/identifiers.ts";
import { normalizeCreditCode } from "~/modules/enterprise/credit-code.ts";

/** 普惠型小微: the borrower's total credit line at the institution is at most 1000 万元. */
export const INCLUSIVE_CREDIT_CAP_FEN = 1_000_000_000n;
/** Rows of one report (a large bank's month in one file); a bigger book is split by branch. */
export const MAX_BALANCE_ROWS = 200_000;

export const BALANCE_TAGS = ["INCLUSIVE", "AGRI", "GREEN", "MARINE", "TRANSFER"] as const;
export type BalanceTag = (typeof BALANCE_TAGS)[number];
export const balanceTagLabel: Record<BalanceTag, string> = {
  INCLUSIVE: "普惠",
  AGRI: "涉农",
  GREEN: "绿色",
  MARINE: "海洋",
  TRANSFER: "转移",
};

/** One row as given, every value still text (what a file cell or a JSON string holds). */
export interface BalanceRowText {
  line: number;
  month?: string;
  borrowerCode: string;
  borrowerName: string;
  loanId: string;
  productId?: string;
  tags: readonly string[];
  balance: string;
  totalCredit: string;
}

/** One checked row. */
export interface BalanceRowInput {
  line: number;
  borrowerCode: string;
  borrowerName: string;
  loanId: string;
  productId: string | null;
  tags: Record<BalanceTag, boolean>;
  /** 元 as an exact decimal string. */
  balance: string;
  balanceFen: Fen;
  totalCredit: string;
  totalCreditFen: Fen;
}

export interface LineError {
  line: number;
  reason: string;
}

/** "2026-11" → true when it is a calendar month. */
export function isMonth(text: string): boolean {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  return (
    !!match && Number(match[1]) >= 2000 && Number(match[1]) <= 2100 && Number(match[2]) >= 1 && Number(match[2]) <= 12
  );
}

/** The month before "2026-01" is "2025-12". */
export function previousMonth(month: string): string {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  return mon === 1 ? `${year - 1}-12` : `${year}-${String(mon - 1).padStart(2, "0")}`;
}

/** The last month whose month end has passed on `today` (an Asia/Shanghai day): on 2026-12-04 it is "2026-11". */
export function lastClosedMonth(today: string): string {
  return previousMonth(today.slice(0, 7));
}

/**
 * Why a report month cannot be reported on `today`, or null. A month is reported after its last day, so the
 * current and future months are refused (a balance "as of" a day still to come is a forecast, not a report).
 */
export function explainReportMonth(month: string, today: string): string | null {
  if (!isMonth(month)) return `报送月份“${month}”无效，应为 YYYY-MM 格式（如 2026-11）`;
  const latest = lastClosedMonth(today);
  if (month > latest) return `报送月份 ${month} 尚未结束，月末余额最早于次月报送（当前可报送至 ${latest}）`;
  return null;
}

const YES = new Set(["是", "y", "yes", "true", "1", "√", "✓"]);
const NO = new Set(["", "否", "n", "no", "false", "0"]);
const TAG_BY_NAME = new Map<string, BalanceTag>(
  BALANCE_TAGS.flatMap((tag) => [[tag.toLowerCase(), tag] as const, [balanceTagLabel[tag], tag] as const]),
);

/** 是 / 否 (and the usual Y/N, 1/0, TRUE/FALSE Excel writes) → a boolean; null when it is neither. */
export function parseYesNo(text: string): boolean | null {
  const value = text.trim().toLowerCase();
  if (YES.has(value)) return true;
  if (NO.has(value)) return false;
  return null;
}

/** A tag as the API or a 标签 cell names it (INCLUSIVE or 普惠 …); null when unknown. */
export function parseTag(text: string): BalanceTag | null {
  return TAG_BY_NAME.get(text.trim().toLowerCase()) ?? TAG_BY_NAME.get(text.trim()) ?? null;
}

const LOAN_ID = /^[0-9A-Za-z][0-9A-Za-z_\-./:]{0,63}$/;

function amount(text: string, label: string): { fen: Fen; yuan: string } | string {
  const parsed = parseMoneyInput(text, "YUAN", { lenient: false, maxWholeDigits: 16 });
  if (parsed.ok) return { fen: parsed.fen, yuan: parsed.yuan };
  if (parsed.problem === "EMPTY") return `${label}不能为空`;
  if (parsed.problem === "TOO_PRECISE") return `${label}最多精确到分（两位小数）`;
  return `${label}须为非负金额（单位：元，如 125000.00），您填写的是“${text.trim()}”`;
}

/**
 * Checks every row of a report for `month`; returns the good rows, or every line's problems. Duplicate loans, and
 * one borrower given two different credit lines, are errors: either would make the 两增 figures depend on which
 * row happened to win.
 */
export function checkBalanceRows(
  month: string,
  given: readonly BalanceRowText[],
): { rows: BalanceRowInput[]; errors: LineError[] } {
  const rows: BalanceRowInput[] = [];
  const errors: LineError[] = [];
  if (given.length === 0) return { rows, errors: [{ line: 1, reason: "没有余额数据行" }] };
  if (given.length > MAX_BALANCE_ROWS)
    return { rows, errors: [{ line: 1, reason: `一次最多报送 ${MAX_BALANCE_ROWS} 笔贷款，请按分支机构拆分后报送` }] };
  const loanLines = new Map<string, number>();
  const creditOfBorrower = new Map<string, { fen: Fen; line: number }>();
  for (const row of given) {
    const reasons: string[] = [];
    if (row.month !== undefined && row.month.trim() !== month)
      reasons.push(`数据月份“${row.month.trim()}”与报送月份 ${month} 不符`);
    const borrowerCode = normalizeCreditCode(row.borrowerCode);
    const codeProblem = explainCreditCode(row.borrowerCode);
    if (codeProblem) reasons.push(`借款人统一社会信用代码“${row.borrowerCode.trim()}”无效：${codeProblem}`);
    const borrowerName = row.borrowerName.trim();
    if (borrowerName === "") reasons.push("借款人名称不能为空");
    else if (borrowerName.length > 100) reasons.push("借款人名称不能超过 100 个字符");
    const loanId = row.loanId.trim();
    if (loanId === "") reasons.push("贷款编号不能为空");
    else if (!LOAN_ID.test(loanId))
      reasons.push(`贷款编号“${loanId.slice(0, 64)}”无效：只能含字母、数字和 - _ . / :，最长 64 位`);
    const tags = { INCLUSIVE: false, AGRI: false, GREEN: false, MARINE: false, TRANSFER: false };
    for (const tagText of row.tags) {
      const tag = parseTag(tagText);
      if (tag) tags[tag] = true;
      else reasons.push(`标签“${tagText}”无法识别（可用：${BALANCE_TAGS.map((t) => balanceTagLabel[t]).join("、")}）`);
    }
    const balance = amount(row.balance, "贷款余额");
    if (typeof balance === "string") reasons.push(balance);
    const credit = amount(row.totalCredit, "授信总额");
    if (typeof credit === "string") reasons.push(credit);
    else if (tags.INCLUSIVE && credit.fen > INCLUSIVE_CREDIT_CAP_FEN)
      reasons.push("标记为普惠，但借款人在本机构的授信总额超过 1000 万元，不属于普惠型小微企业贷款");
    const productId = row.productId?.trim() ? row.productId.trim() : null;

    if (reasons.length === 0 && loanId) {
      const earlier = loanLines.get(loanId);
      if (earlier !== undefined) reasons.push(`贷款编号“${loanId}”与第 ${earlier} 行重复`);
      else loanLines.set(loanId, row.line);
    }
    if (reasons.length === 0 && typeof credit !== "string") {
      const known = creditOfBorrower.get(borrowerCode);
      if (known && known.fen !== credit.fen)
        reasons.push(
          `同一借款人的授信总额与第 ${known.line} 行不一致（授信总额是借款人在本机构的全部授信，每行应相同）`,
        );
      else if (!known) creditOfBorrower.set(borrowerCode, { fen: credit.fen, line: row.line });
    }
    if (reasons.length > 0 || typeof balance === "string" || typeof credit === "string") {
      errors.push({ line: row.line, reason: reasons.join("；") });
      continue;
    }
    rows.push({
      line: row.line,
      borrowerCode,
      borrowerName,
      loanId,
      productId,
      tags,
      balance: balance.yuan,
      balanceFen: balance.fen,
      totalCredit: credit.yuan,
      totalCreditFen: credit.fen,
    });
  }
  return { rows, errors };
}

/** "第 12 行：余额须为非负金额" — how a line error reads in a message. */
export function describeLineError(error: LineError): string {
  return `第 ${error.line} 行：${error.reason}`;
}
