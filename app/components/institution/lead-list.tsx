import { Link } from "@remix-run/react";
import type { EngagementStatus } from "~/generated/prisma/enums.ts";
import { EngagementStatusBadge, Tag } from "./status-badge.tsx";
import { formatDateTime } from "~/modules/format.ts";

type Hit = {
  id: string;
  maskedName: string;
  amountText: string;
  termMonths: number;
  purposeLabel: string;
  entityTypeLabel: string;
  industryLabel: string;
  countyName: string | null;
  regionName: string;
  parkName: string | null;
  collateralLabels: string[];
  flagLabels: string[];
  firstLoanCandidate: boolean;
  visibility: string;
  overdue: boolean;
  publishedAtTs: number | null;
  description: string | null;
  matchedToUs: boolean;
  directedToUs: boolean;
};

type Reason = { productName: string; score: string; kind: string; reasons: string[] };

/** One card per anonymised lead, with why it fits our products and what we have done with it so far. */
export function LeadList({
  hits,
  reasons,
  ours,
}: {
  hits: Hit[];
  reasons: Record<string, Reason[]>;
  ours: Record<string, { id: string; status: string }>;
}) {
  return (
    <ul className="space-y-3" aria-label="线索列表">
      {hits.map((hit) => {
        const ourEngagement = ours[hit.id];
        const why = reasons[hit.id] ?? [];
        return (
          <li key={hit.id} className="card">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div>
                <h3 className="text-base font-semibold text-slate-900">
                  <Link to={`/officer/leads/${hit.id}`} className="hover:underline">
                    {hit.maskedName}
                  </Link>
                </h3>
                <p className="mt-0.5 text-sm text-slate-700">
                  <span className="font-semibold tabular-nums text-brand-800">{hit.amountText}</span> · {hit.termMonths}{" "}
                  个月 · {hit.purposeLabel}
                </p>
                <p className="mt-0.5 text-xs text-slate-500">
                  {hit.entityTypeLabel} · {hit.industryLabel} ·{" "}
                  {[hit.countyName ?? hit.regionName, hit.parkName].filter(Boolean).join(" · ")}
                  {hit.publishedAtTs
                    ? ` · 发布于 ${formatDateTime(new Date(hit.publishedAtTs * 1000).toISOString())}`
                    : ""}
                </p>
              </div>
              <div className="flex flex-col items-end gap-1">
                {ourEngagement ? (
                  <Link to={`/officer/engagements/${ourEngagement.id}`} className="text-sm text-brand-700 underline">
                    本行对接：
                    <EngagementStatusBadge status={ourEngagement.status as EngagementStatus} />
                  </Link>
                ) : (
                  <Link to={`/officer/leads/${hit.id}`} className="btn-secondary min-h-[36px] px-3 text-sm">
                    查看并对接
                  </Link>
                )}
              </div>
            </div>
            <div className="mt-2 flex flex-wrap gap-1">
              {hit.directedToUs ? <Tag>定向本行</Tag> : null}
              {hit.matchedToUs ? <Tag>匹配本行产品</Tag> : null}
              {hit.firstLoanCandidate ? <Tag>首贷</Tag> : null}
              {hit.flagLabels
                .filter((label) => label !== "首贷")
                .map((label) => (
                  <Tag key={label}>{label}</Tag>
                ))}
              {hit.collateralLabels.map((label) => (
                <Tag key={label}>{label}</Tag>
              ))}
              {hit.overdue ? <Tag>已超时</Tag> : null}
            </div>
            {why.length > 0 ? (
              <div className="mt-3 rounded bg-brand-50 p-3 text-sm">
                <p className="font-medium text-brand-900">
                  匹配本行“{why[0]!.productName}”（{why[0]!.score} 分）
                  {why.length > 1 ? ` 等 ${why.length} 款产品` : ""}
                </p>
                <ul className="mt-1 list-disc pl-5 text-slate-700">
                  {why[0]!.reasons.slice(0, 4).map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
