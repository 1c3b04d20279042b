import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { LeadPassKind, LeadPassReason } from "~/generated/prisma/enums.ts";
import { LeadFacts, MatchReasons } from "~/components/institution/lead-facts.tsx";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { Section } from "~/components/ui/card.tsx";
import { LinkLine, PageShell } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { EngagementStatusBadge } from "~/components/ui/status-badge.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { ChoiceGroup } from "~/components/ui/choice-group.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { TextAreaField } from "~/components/ui/textarea-field.tsx";
import { formToObject, type FieldErrors } from "~/kernel/forms.ts";
import { formatDateTime } from "~/kernel/time.ts";
import { askOriginLabel, leadPassKindLabel, leadPassReasonKind, leadPassReasonLabel } from "~/kernel/labels.ts";
import { clientIpFrom } from "~/web/client-ip.server.ts";
import { loadOurAsk, passLead } from "~/modules/engagements/asks.server.ts";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { institutionActorOf, requireInstitutionUser } from "~/web/guard.server.ts";
import { requestLead } from "~/modules/engagements/engagements.server.ts";
import { loadAnonymisedLead } from "~/modules/engagements/leads.server.ts";

export const meta: MetaFunction = () => [{ title: "线索详情 · 客户经理工作台" }];

/** The anonymised lead: no enterprise name, code or contact is read into this page's data, ever. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["OFFICER"]);
  const db = getDb();
  const lead = await loadAnonymisedLead(db, params.needId ?? "", user.institutionId);
  // Read only after the visibility check above: whether (and by when) this institution owes an answer.
  const ask = await loadOurAsk(db, lead.id, user.institutionId);
  return json({
    lead,
    ask: ask && { ...ask, askedAt: ask.askedAt.toISOString(), respondBy: ask.respondBy.toISOString() },
  });
}

type ActionData = { fieldErrors: FieldErrors; values: Record<string, unknown> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireInstitutionUser(request, ["OFFICER"]);
  const needId = params.needId ?? "";
  if (form.get("_intent") === "pass") {
    const fields = formToObject(form);
    const result = await passLead(getDb(), {
      needId,
      actor: institutionActorOf(user),
      fields,
      request: { ip: clientIpFrom(context), userAgent: request.headers.get("user-agent") },
    });
    if (!result.ok) return json<ActionData>({ fieldErrors: result.fieldErrors, values: fields }, { status: 400 });
    return redirect(`/officer/leads/${needId}?saved=passed`);
  }
  const result = await requestLead(getDb(), {
    needId,
    actor: institutionActorOf(user),
  });
  return redirect(
    `/officer/engagements/${result.engagementId}?saved=${result.status === "ACCEPTED" ? "accepted" : "requested"}`,
  );
}

const PASS_KINDS: LeadPassKind[] = ["NOT_INTERESTED", "NOT_ELIGIBLE"];
const PASS_REASONS = Object.keys(leadPassReasonLabel) as LeadPassReason[];

/** 不感兴趣 / 不符合条件 with a reason code: radios and a grouped select, so it works without JavaScript. */
function PassForm({ errors, values }: { errors: FieldErrors; values: Record<string, unknown> }) {
  const picked = typeof values.passKind === "string" ? values.passKind : "";
  return (
    <PostForm intent="pass" className="space-y-3" aria-label="回复不予对接">
      <ChoiceGroup
        name="passKind"
        type="radio"
        legend="不予对接的类型"
        size="sm"
        grid="flex flex-wrap gap-x-4"
        options={PASS_KINDS.map((kind) => ({ value: kind, label: leadPassKindLabel[kind] }))}
        selected={picked ? [picked] : []}
        error={errors.passKind}
      />
      <SelectField
        name="passReason"
        label="原因"
        placeholder="请选择原因"
        defaultValue={typeof values.passReason === "string" ? values.passReason : ""}
        error={errors.passReason}
        groups={PASS_KINDS.map((kind) => ({
          label: leadPassKindLabel[kind],
          options: PASS_REASONS.filter((reason) => (leadPassReasonKind[reason] ?? kind) === kind).map((reason) => ({
            value: reason,
            label: leadPassReasonLabel[reason],
          })),
        }))}
      />
      <TextAreaField
        name="note"
        label="补充说明（选填，不超过 500 字）"
        maxLength={500}
        defaultValue={typeof values.note === "string" ? values.note : ""}
        error={errors.note}
      />
      <SubmitButton className="btn-secondary w-full">回复不予对接</SubmitButton>
    </PostForm>
  );
}

export default function LeadPage() {
  const { lead, ask } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const passed = ask?.response === "PASSED";
  const owesAnswer = ask !== null && ask.respondedAt === null && !lead.ourEngagement && lead.live;
  return (
    <>
      <WorkspaceNav area="officer" />
      <PageShell
        title={lead.maskedName}
        subtitle={`${lead.amountText} · ${lead.termMonths} 个月 · ${lead.purposeLabel}`}
      >
        <div className="grid gap-6 lg:grid-cols-5">
          <div className="space-y-6 lg:col-span-3">
            <Section title="需求概要（匿名）">
              <LeadFacts lead={lead} />
            </Section>
            <Section title="为什么推荐给本机构">
              <MatchReasons reasons={lead.matchReasons} />
            </Section>
          </div>
          <div className="space-y-6 lg:col-span-2">
            {ask ? (
              <Section title="限时响应">
                <div className="space-y-2 text-sm text-slate-700">
                  <p>
                    本机构于 {formatDateTime(ask.askedAt)} 收到该线索（{askOriginLabel[ask.origin]}），须在{" "}
                    <strong>{formatDateTime(ask.respondBy)}</strong> 前回复：发起对接、受理或明确不予对接。
                  </p>
                  {passed ? (
                    <Notice tone="info">
                      已回复不予对接：{ask.passKind ? leadPassKindLabel[ask.passKind] : ""}
                      {ask.passReason ? ` · ${leadPassReasonLabel[ask.passReason]}` : ""}
                      {ask.respondedAt ? `（${formatDateTime(ask.respondedAt)}）` : ""}。该线索已移出线索列表。
                    </Notice>
                  ) : ask.respondedAt ? (
                    <p>已于 {formatDateTime(ask.respondedAt)} 回复。</p>
                  ) : null}
                </div>
              </Section>
            ) : null}
            <Section title="对接">
              {lead.ourEngagement ? (
                <div className="space-y-3 text-sm">
                  <p>
                    本机构已对接该需求：
                    <EngagementStatusBadge status={lead.ourEngagement.status} />
                  </p>
                  <Link to={`/officer/engagements/${lead.ourEngagement.id}`} className="btn-primary w-full">
                    查看对接详情
                  </Link>
                </div>
              ) : !lead.live ? (
                <p className="text-sm text-slate-700">该需求已结束或过期，不能再发起对接。</p>
              ) : lead.slotsLeft === 0 ? (
                <p className="text-sm text-slate-700">
                  该需求的对接名额（{lead.maxActive} 家）已满，暂时无法发起对接。
                </p>
              ) : passed ? (
                <p className="text-sm text-slate-700">本机构已回复不予对接。</p>
              ) : (
                <PostForm className="space-y-3">
                  <p className="text-sm text-slate-700">
                    {lead.visibility === "OPEN"
                      ? "企业发布时已授权服务本地区且产品匹配的机构查看其信息。本机构符合条件时，受理后即可查看企业名称和联系方式；不符合时，将向企业发送对接请求，企业同意后才能查看。"
                      : "这是企业定向给本机构的需求，发起后需企业同意才能查看联系方式。"}
                  </p>
                  <p className="text-xs text-slate-500">
                    剩余对接名额 {lead.slotsLeft} / {lead.maxActive}。受理后须在规定工作日内给出审批结论。
                  </p>
                  <SubmitButton className="w-full">
                    {lead.visibility === "OPEN" ? "受理该线索" : "发起对接请求"}
                  </SubmitButton>
                </PostForm>
              )}
            </Section>
            {owesAnswer ? (
              <Section title="不予对接">
                <p className="mb-3 text-sm text-slate-600">
                  不打算对接时请明确回复并说明原因：按时回复计入本机构的限时响应，不回复计为未响应。
                </p>
                <PassForm errors={actionData?.fieldErrors ?? {}} values={actionData?.values ?? {}} />
              </Section>
            ) : null}
            <LinkLine to="/officer">返回线索列表</LinkLine>
          </div>
        </div>
      </PageShell>
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
