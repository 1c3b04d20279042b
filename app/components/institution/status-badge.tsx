import type { EngagementStatus, ProductStatus } from "~/generated/prisma/enums.ts";
import { engagementStatusLabel, productStatusLabel } from "~/modules/labels.ts";

const engagementTone: Record<EngagementStatus, string> = {
  REQUESTED: "bg-amber-50 text-amber-800 ring-amber-200",
  ACCEPTED: "bg-sky-50 text-sky-800 ring-sky-200",
  CONTACTED: "bg-sky-50 text-sky-800 ring-sky-200",
  UNDER_REVIEW: "bg-indigo-50 text-indigo-800 ring-indigo-200",
  APPROVED: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  DISBURSED: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  DECLINED: "bg-slate-100 text-slate-700 ring-slate-300",
  WITHDRAWN: "bg-slate-100 text-slate-600 ring-slate-300",
};

const productTone: Record<ProductStatus, string> = {
  DRAFT: "bg-amber-50 text-amber-800 ring-amber-200",
  PUBLISHED: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  RETIRED: "bg-slate-100 text-slate-600 ring-slate-300",
};

const base = "inline-flex items-center rounded px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

export function EngagementStatusBadge({ status }: { status: EngagementStatus }) {
  return <span className={`${base} ${engagementTone[status]}`}>{engagementStatusLabel[status]}</span>;
}

export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  return <span className={`${base} ${productTone[status]}`}>{productStatusLabel[status]}</span>;
}

export function Tag({ children }: { children: string }) {
  return <span className={`${base} bg-white text-slate-700 ring-slate-300`}>{children}</span>;
}
