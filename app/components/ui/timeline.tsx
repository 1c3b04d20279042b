import type { ReactNode } from "react";

export type TimelineItem = { key: string; title: ReactNode; meta?: ReactNode; note?: string | null };

/** What happened, newest or oldest first as given, on a vertical line; notes keep their line breaks. */
export function Timeline({
  items,
  id,
  empty = "暂无记录。",
}: {
  items: readonly TimelineItem[];
  id?: string;
  empty?: string;
}) {
  if (items.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ol id={id} className="relative space-y-4 border-l border-slate-200 pl-4 text-sm">
      {items.map((item) => (
        <li key={item.key}>
          <span aria-hidden="true" className="absolute -left-[5px] mt-1.5 h-2.5 w-2.5 rounded-full bg-brand-600" />
          <p className="font-medium text-slate-900">{item.title}</p>
          {item.meta ? <p className="text-xs text-slate-500">{item.meta}</p> : null}
          {item.note ? <p className="mt-1 whitespace-pre-wrap break-words text-slate-700">{item.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}
