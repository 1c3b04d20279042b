import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export type Column<Row> = {
  key: string;
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** The cell that names the row: a <th scope="row">. */
  rowHeader?: boolean;
  headerClassName?: string;
  className?: string | ((row: Row, index: number) => string);
};

/**
 * "plain": a list-like table inside a card (rows divided by hairlines); "ruled": a report table with a shaded
 * header row, for figures. `dense` tightens the rows of a ruled table.
 */
type Variant = "plain" | "ruled";

const styles: Record<
  Variant,
  { table: string; headRow: string; head: string; row: string; cell: string; dense: string }
> = {
  plain: {
    table: "w-full text-left text-sm",
    headRow: "text-slate-500",
    head: "py-2 font-medium",
    row: "",
    cell: "py-2",
    dense: "py-2",
  },
  ruled: {
    table: "w-full border-collapse text-sm",
    headRow: "border-b border-slate-300 bg-slate-50 text-left text-slate-700",
    head: "px-2 py-2 font-medium",
    row: "border-b border-slate-100",
    cell: "px-2 py-2",
    dense: "px-2 py-1.5",
  },
};

/**
 * A data table with a caption for screen readers, column headers with scope, and optionally a row-header column.
 * Wrapped in a horizontal scroller so wide tables stay usable on a phone.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  variant = "plain",
  dense = false,
  className,
  wrapperClassName = "overflow-x-auto",
  rowClassName,
  dataTable,
  emptyRow,
}: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  variant?: Variant;
  dense?: boolean;
  /** More classes for the <table> (e.g. a min-width). */
  className?: string;
  wrapperClassName?: string;
  rowClassName?: string;
  /** The `data-table` attribute (tests and exports find tables by it). */
  dataTable?: string;
  /** A single row shown when there are no rows; without it the caller shows something else instead of the table. */
  emptyRow?: ReactNode;
}) {
  const style = styles[variant];
  const pad = dense ? style.dense : style.cell;
  const join = (...classes: (string | false | undefined)[]) => classes.filter(Boolean).join(" ") || undefined;
  return (
    <div className={wrapperClassName}>
      <table className={join(style.table, className)} data-table={dataTable}>
        <caption className="sr-only">{caption}</caption>
        <thead className={variant === "plain" ? style.headRow : undefined}>
          <tr className={variant === "ruled" ? style.headRow : undefined}>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={join(style.head, column.numeric && "text-right", column.headerClassName)}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={variant === "plain" ? "divide-y divide-slate-100" : undefined}>
          {rows.length === 0 && emptyRow ? (
            <tr>
              <td colSpan={columns.length} className="px-2 py-3 text-slate-500">
                {emptyRow}
              </td>
            </tr>
          ) : (
            rows.map((row, index) => (
              <tr key={rowKey(row, index)} className={join(style.row, rowClassName)}>
                {columns.map((column) => {
                  const extra =
                    typeof column.className === "function" ? column.className(row, index) : column.className;
                  const classes = join(
                    pad,
                    column.numeric && "text-right tabular-nums",
                    column.rowHeader && "text-left font-normal",
                    extra,
                  );
                  return column.rowHeader ? (
                    <th key={column.key} scope="row" className={classes}>
                      {column.cell(row, index)}
                    </th>
                  ) : (
                    <td key={column.key} data-column={column.key} className={classes}>
                      {column.cell(row, index)}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A row's main cell: the link to the record and, under it, a line of detail (kind and code, region…). */
export function LinkCell({
  to,
  children,
  note,
  strong,
}: {
  to: string;
  children: ReactNode;
  note?: ReactNode;
  strong?: boolean;
}) {
  return (
    <>
      <Link to={to} className={`${strong ? "font-medium " : ""}text-brand-700 underline`}>
        {children}
      </Link>
      {note ? <span className="block text-xs text-slate-500">{note}</span> : null}
    </>
  );
}
