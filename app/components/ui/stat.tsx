import type { ReactNode } from "react";

export type Stat = { label: string; value: ReactNode; hint?: string };

/** Key figures as tiles: label, the figure large, an optional note. */
export function StatGrid({ items }: { items: readonly Stat[] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {items.map((item) => (
        <div key={item.label} className="card">
          <dt className="text-sm text-slate-600">{item.label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums text-brand-800">{item.value}</dd>
          {item.hint ? <dd className="mt-1 text-xs text-slate-500">{item.hint}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

/** A compact grid of "label：count" pills, e.g. needs by status. */
export function CountList({
  rows,
  columns = 4,
  empty = "暂无数据。",
}: {
  rows: readonly { key: string; label: string; count: number }[];
  columns?: 4 | 5;
  empty?: string;
}) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className={`grid grid-cols-2 gap-2 ${columns === 5 ? "sm:grid-cols-5" : "sm:grid-cols-4"}`}>
      {rows.map((row) => (
        <li key={row.key} className="rounded border border-slate-200 px-3 py-2 text-sm">
          {row.label}：<span className="font-semibold tabular-nums">{row.count}</span>
        </li>
      ))}
    </ul>
  );
}
