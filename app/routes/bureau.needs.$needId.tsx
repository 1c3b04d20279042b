import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Section } from "~/components/ui/card.tsx";
import { FactList } from "~/components/ui/fact-list.tsx";
import { LinkLine, PageShell } from "~/components/ui/page.tsx";
import { Timeline } from "~/components/ui/timeline.tsx";
import type { NeedFlag, OutcomeKind, PurposeCategory } from "~/generated/prisma/enums.ts";
import { getDb } from "~/infra/db.server.ts";
import { requireUser } from "~/web/guard.server.ts";
import { formatShanghai, formatShanghaiSeconds } from "~/kernel/time.ts";
import { loadNeedTimeline } from "~/modules/bureau/overdue.server.ts";
import {
  engagementStatusLabel,
  entityTypeLabel,
  needFlagLabel,
  needStatusLabel,
  outcomeKindLabel,
  purposeCategoryLabel,
} from "~/kernel/labels.ts";
import { formatWanYuan } from "~/kernel/money.ts";

export const meta: MetaFunction = () => [{ title: "需求办理过程 · 揭阳银企融资对接平台" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "BUREAU");
  const timeline = await loadNeedTimeline(getDb(), params.needId ?? "");
  return json({ ...timeline, readAt: formatShanghaiSeconds(new Date()) });
}

const outcomeStateLabel: Record<string, string> = { ACTIVE: "有效", SUPERSEDED: "已被更正", CANCELLED: "已撤销" };
const eventTypeLabel: Record<string, string> = {
  NEED_PUBLISHED: "发布需求",
  ENGAGEMENT_STATUS_CHANGED: "对接状态变更",
  ENGAGEMENT_REQUESTED: "发起对接",
  NOTE_ADDED: "添加备注",
  CONSENT_GRANTED: "授权查看",
  CONSENT_WITHDRAWN: "撤回授权",
  DEADLINE_ESCALATED: "超期催办",
  DEADLINE_REMINDED: "时限提醒",
  NEED_WIDENED: "扩大推送范围",
  OUTCOME_RECORDED: "登记结果",
  LEAD_PASSED: "机构明确不予对接",
};
const statusText = (status: string | null) =>
  status === null
    ? ""
    : (needStatusLabel[status as keyof typeof needStatusLabel] ??
      engagementStatusLabel[status as keyof typeof engagementStatusLabel] ??
      status);
const time = (value: string | null) => (value ? formatShanghai(value) : "—");

export default function BureauNeedTimeline() {
  const { need, engagements, events, readAt } = useLoaderData<typeof loader>();
  return (
    <PageShell
      title="需求办理过程"
      subtitle={`${need.borrower} · ${need.region} · ${formatWanYuan(need.amount)} · 数据截至 ${readAt}（实时）`}
    >
      <LinkLine to="/bureau/overdue" className="print:hidden">
        返回超期清单
      </LinkLine>
      <Section title="需求概况">
        <FactList
          facts={[
            { label: "经营主体", value: `${need.borrower}（${entityTypeLabel[need.entityType]}）` },
            { label: "所在区域", value: need.region },
            { label: "需求金额 / 期限", value: `${formatWanYuan(need.amount)} / ${need.termMonths} 个月` },
            {
              label: "用途",
              value: purposeCategoryLabel[need.purposeCategory as PurposeCategory] ?? need.purposeCategory,
            },
            {
              label: "标签",
              value: need.flags.map((flag) => needFlagLabel[flag as NeedFlag] ?? flag).join("、") || "—",
            },
            {
              label: "发布方式",
              value: need.visibility === "OPEN" ? "公开（符合条件的机构均可响应）" : "定向（企业选定的机构）",
            },
            { label: "当前状态", value: needStatusLabel[need.status] },
            { label: "发布时间", value: time(need.publishedAt) },
            { label: "首次响应时限", value: time(need.firstResponseDueAt) },
            { label: "首次响应时间", value: time(need.firstRespondedAt) },
            { label: "超期标记", value: need.overdueSince ? `自 ${time(need.overdueSince)}` : "—" },
            { label: "有效期至", value: time(need.expiresAt) },
          ]}
        />
        <p className="mt-3 text-xs text-slate-500">
          依据个人信息保护要求，本页不显示联系人、联系电话、证件号码和地址。
        </p>
      </Section>

      <Section title="机构对接">
        {engagements.length === 0 ? (
          <p className="text-sm text-slate-600">尚无机构对接。</p>
        ) : (
          <ul className="space-y-3">
            {engagements.map((engagement) => (
              <li key={engagement.id} className="rounded-md border border-slate-200 p-3 text-sm">
                <p className="font-medium">
                  {engagement.institution} · {engagementStatusLabel[engagement.status]}
                  <span className="ml-2 text-xs text-slate-500">
                    {engagement.initiatedBy === "INSTITUTION" ? "机构主动对接" : "企业发起"}
                  </span>
                </p>
                <p className="mt-1 text-slate-600">
                  发起 {time(engagement.requestedAt)} · 受理 {time(engagement.acceptedAt)} · 决定时限{" "}
                  {time(engagement.decisionDueAt)} · 决定 {time(engagement.decidedAt)}
                </p>
                {engagement.outcomes.length > 0 ? (
                  <ul className="mt-1 list-disc pl-5 text-slate-700">
                    {engagement.outcomes.map((outcome) => (
                      <li key={outcome.version}>
                        第 {outcome.version} 版（{outcomeStateLabel[outcome.state] ?? outcome.state}）：
                        {outcomeKindLabel[outcome.kind as OutcomeKind] ?? outcome.kind}
                        {outcome.disbursedAmount
                          ? `，放款 ${formatWanYuan(outcome.disbursedAmount)}`
                          : outcome.approvedAmount
                            ? `，批准 ${formatWanYuan(outcome.approvedAmount)}`
                            : ""}
                        ，{outcome.decidedOn}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="办理时间线">
        <Timeline
          items={events.map((event) => ({
            key: event.id,
            title: (
              <>
                {eventTypeLabel[event.type] ?? event.type}
                {event.fromStatus || event.toStatus ? (
                  <span className="ml-2 font-normal text-slate-600">
                    {statusText(event.fromStatus)} → {statusText(event.toStatus)}
                  </span>
                ) : null}
              </>
            ),
            meta: (
              <>
                <time className="tabular-nums">{time(event.at)}</time> · {event.actor}
              </>
            ),
            note: event.note,
          }))}
        />
      </Section>
    </PageShell>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
