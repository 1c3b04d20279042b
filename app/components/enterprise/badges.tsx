import type { EngagementStatus, NeedFlag, NeedStatus } from "~/generated/prisma/enums.ts";
import { engagementStatusLabel, needFlagLabel, needStatusLabel } from "~/modules/labels.ts";

const needTone: Record<NeedStatus, string> = {
  DRAFT: "bg-slate-100 text-slate-700 ring-slate-300",
  OPEN: "bg-amber-50 text-amber-800 ring-amber-300",
  IN_PROGRESS: "bg-brand-50 text-brand-800 ring-brand-100",
  SUCCEEDED: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  CLOSED_UNMET: "bg-slate-100 text-slate-700 ring-slate-300",
  WITHDRAWN: "bg-slate-100 text-slate-600 ring-slate-300",
  EXPIRED: "bg-red-50 text-red-800 ring-red-200",
};

const engagementTone: Record<EngagementStatus, string> = {
  REQUESTED: "bg-amber-50 text-amber-800 ring-amber-300",
  ACCEPTED: "bg-brand-50 text-brand-800 ring-brand-100",
  CONTACTED: "bg-brand-50 text-brand-800 ring-brand-100",
  UNDER_REVIEW: "bg-brand-50 text-brand-800 ring-brand-100",
  APPROVED: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  DISBURSED: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  DECLINED: "bg-red-50 text-red-800 ring-red-200",
  WITHDRAWN: "bg-slate-100 text-slate-600 ring-slate-300",
};

const base = "inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset";

export function NeedStatusBadge({ status }: { status: NeedStatus }) {
  return <span className={`${base} ${needTone[status]}`}>{needStatusLabel[status]}</span>;
}

export function EngagementStatusBadge({ status }: { status: EngagementStatus }) {
  return <span className={`${base} ${engagementTone[status]}`}>{engagementStatusLabel[status]}</span>;
}

export function FlagChips({ flags }: { flags: readonly NeedFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="政策标签">
      {flags.map((flag) => (
        <li key={flag} className="rounded bg-brand-700 px-2 py-0.5 text-xs text-white">
          {needFlagLabel[flag]}
        </li>
      ))}
    </ul>
  );
}
