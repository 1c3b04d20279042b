import { Link } from "@remix-run/react";
import { Badge } from "~/components/ui/badge.tsx";
import { BulletList } from "~/components/ui/card.tsx";
import { EngagementStatusBadge } from "~/components/ui/status-badge.tsx";
import type { EngagementStatus } from "~/generated/prisma/enums.ts";
import { formatDateTime } from "~/kernel/time.ts";
import { leadPlace, otherFlagLabels, type LeadBasics, type MatchReason } from "./lead-facts.tsx";

type Hit = LeadBasics & {
  id: string;
  maskedName: string;
  publishedAtTs: number | null;
  matchedToUs: boolean;
  directedToUs: boolean;
};

/** One card per anonymised lead, with why it fits our products and what we have done with it so far. */
export function LeadList({
  hits,
  reasons,
  ours,
}: {
  hits: Hit[];
  reasons: Record<string, MatchReason[]>;
  ours: Record<string, { id: string; status: string }>;
}) {
  return (
    <ul className="space-y-3" aria-label="线索列表">
      {hits.map((hit) => {
        const ourEngagement = ours[hit.id];
        const why = reasons[hit.id] ?? [];
        const tags = [
          hit.directedToUs ? "定向本行" : null,
          hit.matchedToUs ? "匹配本行产品" : null,
          hit.firstLoanCandidate ? "首贷" : null,
          ...otherFlagLabels(hit),
          ...hit.collateralLabels,
          hit.overdue ? "已超时" : null,
        ].filter((tag): tag is string => tag !== null);
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
                  {hit.entityTypeLabel} · {hit.industryLabel} · {leadPlace(hit)}
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
              {tags.map((tag, index) => (
                <Badge key={`${tag}-${index}`} tone="outline">
                  {tag}
                </Badge>
              ))}
            </div>
            {why.length > 0 ? (
              <div className="mt-3 rounded bg-brand-50 p-3 text-sm">
                <p className="font-medium text-brand-900">
                  匹配本行“{why[0]!.productName}”（{why[0]!.score} 分）
                  {why.length > 1 ? ` 等 ${why.length} 款产品` : ""}
                </p>
                <BulletList items={why[0]!.reasons.slice(0, 4)} className="mt-1" />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
