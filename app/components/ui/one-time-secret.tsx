import type { ReactNode } from "react";

/**
 * A secret shown once — an officer's initial password, a webhook signing secret: it is in this response only and
 * never stored in clear text or shown again, so the page says so.
 */
export function OneTimeSecret({
  title,
  rows,
}: {
  title: ReactNode;
  rows: { label: string; value: string; testId?: string; small?: boolean }[];
}) {
  return (
    <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
      <p className="font-semibold">{title}</p>
      <dl className="mt-2 grid grid-cols-[6rem_1fr] gap-y-1">
        {rows.map((row) => (
          <div key={row.label} className="contents">
            <dt>{row.label}</dt>
            <dd className={`break-all font-mono ${row.small ? "text-xs" : "text-base"}`} data-testid={row.testId}>
              {row.value}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
