import { Timeline as TimelineList } from "~/components/ui/timeline.tsx";
import type {
  DeclineReason,
  EngagementStatus,
  OutcomeKind,
  OutcomeState,
  PolicyTool,
} from "~/generated/prisma/enums.ts";
import { needEventLabel } from "~/modules/engagements/lifecycle.ts";
import { engagementStatusLabel, outcomeKindLabel, policyToolLabel } from "~/kernel/labels.ts";
import { formatMoneyYuan } from "~/kernel/money.ts";
import { formatRatePercent } from "~/kernel/rate.ts";
import { formatDateTime, formatNumericDate } from "~/kernel/time.ts";

type TimelineEvent = {
  id: string;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  createdAt: string;
  actor: { label: string } | null;
};

function statusLabel(status: string | null): string {
  return status && status in engagementStatusLabel ? engagementStatusLabel[status as EngagementStatus] : (status ?? "");
}

function eventTitle(event: TimelineEvent): string {
  if (event.type === "ENGAGEMENT_STATUS_CHANGED")
    return `${statusLabel(event.fromStatus)} → ${statusLabel(event.toStatus)}`;
  if (event.type === "OUTCOME_RECORDED" && event.toStatus) {
    return `登记结果：${outcomeKindLabel[event.toStatus as OutcomeKind] ?? event.toStatus}`;
  }
  return needEventLabel[event.type] ?? event.type;
}

/** The engagement's history; the list has the id "timeline" so a saved note can link to it. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  return (
    <TimelineList
      id="timeline"
      items={events.map((event) => ({
        key: event.id,
        title: eventTitle(event),
        meta: (
          <>
            <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
            {event.actor ? ` · ${event.actor.label}` : ""}
          </>
        ),
        note: event.note,
      }))}
    />
  );
}

type OutcomeRow = {
  id: string;
  version: number;
  state: OutcomeState;
  kind: OutcomeKind;
  approvedAmount: string | null;
  disbursedAmount: string | null;
  annualRate: string | null;
  termMonths: number | null;
  decidedOn: string;
  policyTool: PolicyTool | null;
  firstLoanConfirmed: boolean;
  totalCreditAtInstitution: string | null;
  declineReason: DeclineReason | null;
  declineReasonLabel: string | null;
  declineMessage: string | null;
  product: { name: string } | null;
  recordedBy: { displayName: string };
};

/**
 * An approval and a disbursement are different stages, each first recorded once; only a later record of the same
 * stage is a correction. So "放款登记" after "审批结论", and "更正（第 2 版）" for the second disbursement record — not
 * "第 2 版" right after the approval's "第 1 版".
 */
export function outcomeRecordLabel(
  outcome: Pick<OutcomeRow, "id" | "kind" | "version">,
  outcomes: readonly Pick<OutcomeRow, "id" | "kind" | "version">[],
): string {
  const earlierOfStage = outcomes.filter((other) => other.kind === outcome.kind && other.version < outcome.version);
  if (earlierOfStage.length > 0) return `更正（第 ${earlierOfStage.length + 1} 版）`;
  return outcome.kind === "DISBURSED" ? "放款登记" : "审批结论";
}

export function OutcomeHistory({
  outcomes,
  labels,
}: {
  outcomes: OutcomeRow[];
  labels: { approved: string; disbursed: string };
}) {
  if (outcomes.length === 0) return <p className="text-sm text-slate-600">尚未登记结果。</p>;
  return (
    <ul className="space-y-3">
      {outcomes.map((outcome) => (
        <li key={outcome.id} className="rounded border border-slate-200 p-3 text-sm">
          <p className="font-medium text-slate-900">
            {outcomeKindLabel[outcome.kind]}
            <span className="ml-2 text-xs font-normal text-slate-500">
              {outcomeRecordLabel(outcome, outcomes)} · {formatNumericDate(outcome.decidedOn)} ·{" "}
              {outcome.recordedBy.displayName}
              {outcome.state === "SUPERSEDED" ? " · 已被更正" : outcome.state === "CANCELLED" ? " · 已撤销" : ""}
            </span>
          </p>
          <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1">
            {outcome.kind === "DECLINED" ? (
              <>
                <dt className="text-slate-500">原因</dt>
                <dd>{outcome.declineReasonLabel}</dd>
                <dt className="text-slate-500">给企业的说明</dt>
                <dd className="whitespace-pre-wrap">{outcome.declineMessage}</dd>
              </>
            ) : (
              <>
                {outcome.approvedAmount ? (
                  <>
                    <dt className="text-slate-500">{labels.approved}</dt>
                    <dd className="tabular-nums">{formatMoneyYuan(outcome.approvedAmount)}</dd>
                  </>
                ) : null}
                {outcome.disbursedAmount ? (
                  <>
                    <dt className="text-slate-500">{labels.disbursed}</dt>
                    <dd className="tabular-nums">{formatMoneyYuan(outcome.disbursedAmount)}</dd>
                  </>
                ) : null}
                <dt className="text-slate-500">利率 / 费率</dt>
                <dd>{formatRatePercent(outcome.annualRate)}</dd>
                <dt className="text-slate-500">期限</dt>
                <dd>{outcome.termMonths ? `${outcome.termMonths} 个月` : "—"}</dd>
                <dt className="text-slate-500">产品</dt>
                <dd>{outcome.product?.name ?? "未指定"}</dd>
                <dt className="text-slate-500">政策工具</dt>
                <dd>{outcome.policyTool ? policyToolLabel[outcome.policyTool] : "未使用"}</dd>
                {outcome.kind === "DISBURSED" ? (
                  <>
                    <dt className="text-slate-500">首贷户</dt>
                    <dd>{outcome.firstLoanConfirmed ? "已确认（征信无贷款记录）" : "否"}</dd>
                    <dt className="text-slate-500">授信总额</dt>
                    <dd className="tabular-nums">{formatMoneyYuan(outcome.totalCreditAtInstitution)}</dd>
                  </>
                ) : null}
              </>
            )}
          </dl>
        </li>
      ))}
    </ul>
  );
}
