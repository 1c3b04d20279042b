import type { ReactNode } from "react";

export function PageShell({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <main className="mx-auto w-full max-w-6xl px-4 py-6 sm:py-8">
      <h1 className="text-xl font-semibold text-slate-900 sm:text-2xl">{title}</h1>
      {subtitle ? <p className="mt-1 text-sm text-slate-600">{subtitle}</p> : null}
      <div className="mt-6 space-y-6">{children}</div>
    </main>
  );
}

export function StatGrid({ items }: { items: { label: string; value: ReactNode; hint?: string }[] }) {
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

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      <div className="mt-3">{children}</div>
    </section>
  );
}

/** A compact grid of "label：count" pills, e.g. needs by status. */
export function CountList({
  rows,
  columns = 4,
}: {
  rows: { key: string; label: string; count: number }[];
  columns?: 4 | 5;
}) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">暂无数据。</p>;
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
