import type { ReactNode } from "react";

export type Fact = {
  label: ReactNode;
  value: ReactNode;
  key?: string;
  /** Spans both columns (a long text). */ wide?: boolean;
};

/**
 * Label–value pairs as a definition list. "inline": the label in a fixed-width column beside the value (facts of
 * a record); "stacked": the label above the value (a few headline terms).
 */
export function FactList({
  facts,
  layout = "inline",
  labelWidth = "w-28",
  valueClassName,
  className = "grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2",
}: {
  facts: readonly Fact[];
  layout?: "inline" | "stacked";
  /** The label column's width in the inline layout. */
  labelWidth?: string;
  valueClassName?: string;
  /** The list's own layout (columns, gaps, text size). */
  className?: string;
}) {
  return (
    <dl className={className}>
      {facts.map((fact, index) => {
        const key = fact.key ?? (typeof fact.label === "string" ? fact.label : String(index));
        return layout === "inline" ? (
          <div key={key} className={`flex gap-2 ${fact.wide ? "sm:col-span-2" : ""}`}>
            <dt className={`${labelWidth} shrink-0 text-slate-500`}>{fact.label}</dt>
            <dd className={`min-w-0 break-words text-slate-900 ${valueClassName ?? ""}`}>{fact.value}</dd>
          </div>
        ) : (
          <div key={key} className={fact.wide ? "sm:col-span-2" : undefined}>
            <dt className="text-slate-500">{fact.label}</dt>
            <dd className={`mt-0.5 break-words text-slate-900 ${valueClassName ?? ""}`}>{fact.value}</dd>
          </div>
        );
      })}
    </dl>
  );
}
