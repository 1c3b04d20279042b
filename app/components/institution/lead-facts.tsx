import type { NeedVisibility } from "~/generated/prisma/enums.ts";
import { Badge } from "~/components/ui/badge.tsx";
import { BulletList } from "~/components/ui/card.tsx";
import { FactList } from "~/components/ui/fact-list.tsx";
import { needVisibilityLabel } from "~/kernel/labels.ts";
import { formatDateTime, formatNumericDate } from "~/kernel/time.ts";

/** What every anonymised view of a need carries — the lead list's cards and the lead and engagement pages. */
export type LeadBasics = {
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
  visibility: NeedVisibility;
  overdue: boolean;
  description: string | null;
};

type SerializedLead = LeadBasics & {
  foundedYear: number | null;
  maxAnnualRateText: string | null;
  wantedBy: string | null;
  publishedAt: string | null;
  expiresAt: string | null;
};

/** Where the need is: the county (or the region when there is none) and the park. */
export function leadPlace(lead: Pick<LeadBasics, "countyName" | "regionName" | "parkName">): string {
  return [lead.countyName ?? lead.regionName, lead.parkName].filter(Boolean).join(" · ");
}

/** The policy flags other than 首贷, which each view words on its own (self-declared vs. candidate). */
export function otherFlagLabels(lead: Pick<LeadBasics, "flagLabels">): string[] {
  return lead.flagLabels.filter((label) => label !== "首贷");
}

/** The anonymised facts of a need (no name, code or contact — those come only with consent). */
export function LeadFacts({ lead }: { lead: SerializedLead }) {
  const facts: [string, string][] = [
    ["融资金额", lead.amountText],
    ["期限", `${lead.termMonths} 个月`],
    ["用途", lead.purposeLabel],
    ["主体类型", lead.entityTypeLabel],
    ["所属行业", lead.industryLabel],
    ["所在地区", leadPlace(lead)],
    ["成立年份", lead.foundedYear ? `${lead.foundedYear} 年` : "未填写"],
    ["可提供担保", lead.collateralLabels.length > 0 ? lead.collateralLabels.join("、") : "无（希望信用类产品）"],
    ["可接受最高年化利率", lead.maxAnnualRateText ?? "未限定"],
    ["期望到位日期", lead.wantedBy ? formatNumericDate(lead.wantedBy) : "未填写"],
    ["发布时间", formatDateTime(lead.publishedAt)],
    ["有效期至", formatNumericDate(lead.expiresAt)],
  ];
  return (
    <div>
      <div className="flex flex-wrap gap-1">
        {lead.firstLoanCandidate ? <Badge tone="outline">首贷户（企业自报）</Badge> : null}
        {otherFlagLabels(lead).map((label) => (
          <Badge key={label} tone="outline">
            {label}
          </Badge>
        ))}
        <Badge tone="outline">{needVisibilityLabel[lead.visibility]}</Badge>
        {lead.overdue ? <Badge tone="outline">已超时</Badge> : null}
      </div>
      <FactList
        facts={facts.map(([label, value]) => ({ label, value }))}
        labelWidth="w-36"
        className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2"
      />
      {lead.description ? (
        <div className="mt-3 rounded bg-slate-50 p-3 text-sm text-slate-800">
          <p className="text-xs text-slate-500">企业自述（已脱敏）</p>
          <p className="mt-1 whitespace-pre-wrap">{lead.description}</p>
        </div>
      ) : null}
    </div>
  );
}

export type MatchReason = { productName: string; score: string; kind: string; reasons: string[] };

export function MatchReasons({ reasons }: { reasons: MatchReason[] }) {
  if (reasons.length === 0) {
    return (
      <p className="text-sm text-slate-600">暂无与本机构产品的匹配记录（可能尚未完成匹配，或本机构产品条件不符）。</p>
    );
  }
  return (
    <ul className="space-y-3">
      {reasons.map((match) => (
        <li key={match.productName + match.kind} className="rounded border border-slate-200 p-3">
          <p className="text-sm font-medium text-slate-900">
            {match.productName}
            <span className="ml-2 text-xs text-slate-500">
              匹配度 {match.score} 分{match.kind === "BUNDLE" ? " · 组合方案" : ""}
            </span>
          </p>
          <BulletList items={match.reasons} className="mt-1" />
        </li>
      ))}
    </ul>
  );
}
