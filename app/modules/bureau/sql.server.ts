/**
 * SQL building blocks shared by the bureau queries: id-list and day-range conditions, and exact decimal sums.
 * Every value goes in as a bind parameter (Prisma.sql); only fixed column names are spliced in with Prisma.raw.
 */
import { Prisma } from "~/generated/prisma/client.ts";

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
