import type { ReactNode } from "react";

/** What a badge says by its colour; status badges map each status to one of these (status-badge.tsx). */
export type BadgeTone = "neutral" | "muted" | "outline" | "info" | "warning" | "success" | "danger" | "solid";

const tones: Record<BadgeTone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  muted: "bg-slate-100 text-slate-600 ring-slate-300",
  outline: "bg-white text-slate-700 ring-slate-300",
  info: "bg-brand-50 text-brand-800 ring-brand-100",
  warning: "bg-amber-50 text-amber-800 ring-amber-200",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  danger: "bg-red-50 text-red-800 ring-red-200",
  solid: "bg-brand-700 text-white ring-brand-700",
};

/** A short label in a coloured frame: a status, a tag, a policy flag. */
export function Badge({
  tone = "neutral",
  className,
  children,
}: {
  tone?: BadgeTone;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      className={`inline-flex items-center rounded px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]} ${className ?? ""}`}
    >
      {children}
    </span>
  );
}

/** Badges in a row, as a list with a name (e.g. "政策标签"); nothing when there are none. */
export function BadgeList({
  label,
  items,
  tone,
  className,
}: {
  label: string;
  items: readonly string[];
  tone?: BadgeTone;
  className?: string;
}) {
  if (items.length === 0) return null;
  return (
    <ul className={`flex flex-wrap gap-1.5 ${className ?? ""}`} aria-label={label}>
      {items.map((item) => (
        <li key={item}>
          <Badge tone={tone}>{item}</Badge>
        </li>
      ))}
    </ul>
  );
}
