/**
 * SQL building blocks shared by the bureau queries: id-list and day-range conditions, and exact decimal sums.
 * Every value goes in as a bind parameter (Prisma.sql); only fixed column names are spliced in with Prisma.raw.
 */
import { Prisma } from "~/generated/prisma/client.ts";
import { yuanToFen } from "~/modules/money.ts";

export const sql = Prisma.sql;
export const raw = Prisma.raw;
export const empty = Prisma.empty;
export const join = Prisma.join;
export type Sql = Prisma.Sql;

/** `AND <column> = ANY(ids)`, or nothing when ids is null (no filter). */
export function andIn(column: string, ids: readonly string[] | null): Sql {
  return ids ? sql`AND ${raw(column)} = ANY(${[...ids]}::text[])` : empty;
}

/** `(<column> >= from AND <column> < to) OR …` over day ranges; `false` when there are none. */
export function dayRanges(column: string, ranges: readonly { from: string; to: string }[]): Sql {
  if (ranges.length === 0) return sql`false`;
  return join(
    ranges.map((range) => sql`(${raw(column)} >= ${range.from}::date AND ${raw(column)} < ${range.to}::date)`),
    " OR ",
  );
}

/** Exact sum of decimal strings of 元 ("12.30" + "-0.05" → "12.25"). */
export function addYuan(...values: string[]): string {
  let fen = 0n;
  for (const value of values) fen += yuanToFen(value) ?? 0n;
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** Compares decimal strings of 元 exactly. */
export function compareYuan(a: string, b: string): number {
  const left = yuanToFen(a) ?? 0n;
  const right = yuanToFen(b) ?? 0n;
  return left < right ? -1 : left > right ? 1 : 0;
}
