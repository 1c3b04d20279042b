import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { OutcomeHistory, Timeline } from "~/components/institution/engagement-parts.tsx";
import { LeadFacts, MatchReasons } from "~/components/institution/lead-facts.tsx";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { Section } from "~/components/ui/card.tsx";
import { CheckboxField } from "~/components/ui/checkbox-field.tsx";
import { FactList } from "~/components/ui/fact-list.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { LinkLine, PageShell } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { EngagementStatusBadge } from "~/components/ui/status-badge.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { TextAreaField } from "~/components/ui/textarea-field.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import { formatDateTime, formatNumericDate, shanghaiToday } from "~/kernel/time.ts";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { institutionActorOf, requireInstitutionUser } from "~/web/guard.server.ts";
import {
  addEngagementNote,
  amendDisbursement,
  changeEngagementStatus,
  recordOutcome,
} from "~/modules/engagements/engagements.server.ts";
import { DECLINE_REASONS, transitionActionLabel } from "~/modules/engagements/lifecycle.ts";
import { OUTCOME_KINDS, POLICY_TOOLS } from "~/modules/engagements/outcome-form.ts";
import { loadEngagementWorkspace } from "~/modules/engagements/workspace.server.ts";
import { formToObject, parseWithSchema, type FieldErrors } from "~/kernel/forms.ts";
import { domainError } from "~/kernel/errors.ts";
import { clientIpFrom } from "~/web/client-ip.server.ts";
import { declineReasonLabel, entityTypeLabel, policyToolLabel } from "~/kernel/labels.ts";

export const meta: MetaFunction = () => [{ title: "对接详情 · 客户经理工作台" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["OFFICER"]);
  const workspace = await loadEngagementWorkspace(getDb(), {
    engagementId: params.engagementId ?? "",
    actor: institutionActorOf(user),
    reveal: { ip: clientIpFrom(context), userAgent: request.headers.get("user-agent") },
  });
  return json({ ...workspace, today: shanghaiToday() }, { headers: { "Cache-Control": "no-store" } });
}

const StatusForm = z.object({
  to: z.enum(["ACCEPTED", "CONTACTED", "UNDER_REVIEW", "WITHDRAWN"], { error: "无法识别的状态" }),
  note: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().trim().max(500, "说明不能超过 500 个字").optional(),
  ),
});
const NoteForm = z.object({
  note: z.string({ error: "请填写备注" }).trim().min(1, "请填写备注").max(1000, "备注不能超过 1000 个字"),
});

type ActionData = { form: string; fieldErrors: FieldErrors; values?: Record<string, unknown> };

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireInstitutionUser(request, ["OFFICER"]);
  const actor = institutionActorOf(user);
  const engagementId = params.engagementId ?? "";
  const db = getDb();
  const intent = form.get("_intent");
  const here = `/officer/engagements/${engagementId}`;
  if (intent === "status") {
    const parsed = parseWithSchema(StatusForm, formToObject(form));
    if (!parsed.ok) return json<ActionData>({ form: "status", fieldErrors: parsed.fieldErrors }, { status: 400 });
    await changeEngagementStatus(db, { engagementId, actor, to: parsed.data.to, note: parsed.data.note ?? null });
    return redirect(`${here}?saved=status`);
  }
  if (intent === "note") {
    const parsed = parseWithSchema(NoteForm, formToObject(form));
    if (!parsed.ok) return json<ActionData>({ form: "note", fieldErrors: parsed.fieldErrors }, { status: 400 });
    await addEngagementNote(db, { engagementId, actor, note: parsed.data.note });
    return redirect(`${here}?saved=note#timeline`);
  }
  if (intent === "outcome") {
    const kind = z.enum(OUTCOME_KINDS).safeParse(form.get("kind"));
    if (!kind.success) throw domainError(400, "BAD_FORM", "无法识别的对接结果类型");
    const fields = formToObject(form);
    const result = await recordOutcome(db, { engagementId, actor, kind: kind.data, fields });
    if (!result.ok)
      return json<ActionData>({ form: kind.data, fieldErrors: result.fieldErrors, values: fields }, { status: 400 });
    return redirect(`${here}?saved=${kind.data}`);
  }
  if (intent === "amend") {
    const fields = formToObject(form);
    const result = await amendDisbursement(db, {
      engagementId,
      actor,
      fields,
      reason: String(form.get("reason") ?? ""),
    });
    if (!result.ok)
      return json<ActionData>({ form: "AMEND", fieldErrors: result.fieldErrors, values: fields }, { status: 400 });
    return redirect(`${here}?saved=amended`);
  }
  throw domainError(400, "BAD_FORM", "无法识别的操作，请通过页面上的按钮提交");
}

const savedMessages: Record<string, string> = {
  accepted: "已受理该线索，企业已授权，可查看联系方式。请尽快联系企业。",
  requested: "对接请求已发送，企业同意后将显示联系方式。",
  status: "对接状态已更新。",
  note: "备注已保存。",
  APPROVED: "审批结果已登记。",
  DISBURSED: "放款已登记，将计入首贷户、普惠小微等目标统计。",
  DECLINED: "未通过结果已登记，说明已通知企业。",
  amended: "放款信息已更正，原记录保留为历史版本，目标统计将按更正后的数据调整。",
};

export default function EngagementPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("saved");
  const { engagement, lead, contact } = data;
  const errorsFor = (form: string) => (actionData?.form === form ? actionData.fieldErrors : {});
  const valueOf = (form: string, field: string) =>
    actionData?.form === form && typeof actionData.values?.[field] === "string"
      ? (actionData.values[field] as string)
      : undefined;
  const latestDisbursed = data.outcomes.find((outcome) => outcome.kind === "DISBURSED" && outcome.state === "ACTIVE");
  const productOptions = data.products.map((product) => ({ value: product.id, label: product.name }));
  const policyOptions = POLICY_TOOLS.map((tool) => ({ value: tool, label: policyToolLabel[tool] }));

  return (
    <>
      <WorkspaceNav area="officer" />
      <PageShell
        title={contact ? contact.name : lead.maskedName}
        subtitle={`${lead.amountText} · ${lead.termMonths} 个月 · ${lead.purposeLabel}`}
      >
        {saved && savedMessages[saved] && !actionData ? <Notice tone="success">{savedMessages[saved]}</Notice> : null}
        {actionData ? <Notice tone="error">提交的内容有误，请按提示修改后重新提交，本次未做任何登记。</Notice> : null}
        <div className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
          <span>
            对接状态：
            <EngagementStatusBadge status={engagement.status} />
          </span>
          <span>发起：{formatDateTime(engagement.requestedAt)}</span>
          {engagement.officer ? <span>客户经理：{engagement.officer.displayName}</span> : null}
          {engagement.decisionDueAt ? (
            <span className={engagement.overdue ? "font-semibold text-red-700" : undefined}>
              决策期限：{formatDateTime(engagement.decisionDueAt)}
              {engagement.overdue ? "（已超时）" : ""}
            </span>
          ) : null}
        </div>

        <div className="grid gap-6 lg:grid-cols-5">
          <div className="space-y-6 lg:col-span-3">
            <Section title="企业信息与联系方式">
              {contact ? (
                <div>
                  <p className="mb-2 text-xs text-slate-500">
                    企业已授权本机构查看（授权时间 {formatDateTime(data.consent?.grantedAt)}
                    ）。本次查看已记录在案，请仅用于本笔融资对接。
                  </p>
                  <FactList
                    valueClassName="break-all"
                    facts={[
                      { label: "企业名称", value: contact.name },
                      { label: contact.idType === "USCC" ? "统一社会信用代码" : "身份识别号", value: contact.idNumber },
                      { label: "联系人", value: contact.contactName },
                      { label: "联系电话", value: contact.contactPhone },
                      { label: "电子邮箱", value: contact.contactEmail ?? "未填写" },
                      { label: "法定代表人", value: contact.legalRepresentative ?? "未填写" },
                      { label: "经营地址", value: contact.address ?? "未填写" },
                      { label: "成立日期", value: formatNumericDate(contact.foundedOn) },
                      { label: "从业人数", value: contact.employees === null ? "未填写" : `${contact.employees} 人` },
                      { label: "首贷申报", value: contact.declaresNoPriorLoan ? "自报无银行贷款记录" : "有贷款记录" },
                    ]}
                  />
                </div>
              ) : (
                <p className="text-sm text-slate-700">
                  {data.contactNotice
                    ? `${data.contactNotice}，仅可查看匿名化的需求信息。`
                    : engagement.status === "REQUESTED"
                      ? "已向企业发送对接请求，企业同意后将显示企业名称和联系方式。"
                      : "企业未授权（或已撤回授权），仅可查看匿名化的需求信息。"}
                </p>
              )}
            </Section>
            <Section title="需求概要">
              <p className="mb-2 text-sm text-slate-600">
                {lead.maskedName} ·{" "}
                {entityTypeLabel[lead.entityType as keyof typeof entityTypeLabel] ?? lead.entityTypeLabel}
              </p>
              <LeadFacts lead={lead} />
            </Section>
            <Section title="与本机构产品的匹配理由">
              <MatchReasons reasons={lead.matchReasons} />
            </Section>
            <Section title="结果记录">
              <OutcomeHistory outcomes={data.outcomes} labels={data.amountLabels} />
            </Section>
          </div>

          <div className="space-y-6 lg:col-span-2">
            <Section title="办理">
              {data.actions.plain.length === 0 && !data.actions.canAccept ? (
                <p className="text-sm text-slate-600">当前状态下没有可办理的状态变更。</p>
              ) : (
                <div className="space-y-3">
                  {data.actions.canAccept ? (
                    <PostForm intent="status" fields={{ to: "ACCEPTED" }}>
                      <SubmitButton className="w-full">企业已授权，受理对接</SubmitButton>
                    </PostForm>
                  ) : null}
                  {data.actions.plain.map((to) => (
                    <PostForm key={to} intent="status" fields={{ to }} className="space-y-2">
                      {to === "WITHDRAWN" ? (
                        <TextField name="note" id={`note-${to}`} label="撤回原因（选填）" maxLength={500} />
                      ) : null}
                      <SubmitButton tone={to === "WITHDRAWN" ? "secondary" : "primary"} className="w-full">
                        {transitionActionLabel[to]}
                      </SubmitButton>
                    </PostForm>
                  ))}
                  {errorsFor("status").to ? <p className="field-error">{errorsFor("status").to}</p> : null}
                </div>
              )}
            </Section>

            {data.actions.canApprove ? (
              <Section title="登记审批通过">
                <PostForm intent="outcome" fields={{ kind: "APPROVED" }} className="space-y-3" noValidate>
                  <TextField
                    name="approvedAmount"
                    id="approved-amount"
                    label={`${data.amountLabels.approved}（元）`}
                    inputMode="decimal"
                    required
                    defaultValue={valueOf("APPROVED", "approvedAmount") ?? lead.amountExact}
                    error={errorsFor("APPROVED").approvedAmount}
                  />
                  <TextField
                    name="annualRate"
                    id="approved-rate"
                    label={engagement.institution.kind === "BANK" ? "年化利率（%）" : "费率（%）"}
                    inputMode="decimal"
                    required
                    defaultValue={valueOf("APPROVED", "annualRate")}
                    error={errorsFor("APPROVED").annualRate}
                  />
                  <TextField
                    name="termMonths"
                    id="approved-term"
                    label="期限（月）"
                    inputMode="numeric"
                    required
                    defaultValue={valueOf("APPROVED", "termMonths") ?? String(lead.termMonths)}
                    error={errorsFor("APPROVED").termMonths}
                  />
                  <TextField
                    name="decidedOn"
                    id="approved-date"
                    label="审批日期"
                    type="date"
                    required
                    max={data.today}
                    defaultValue={valueOf("APPROVED", "decidedOn") ?? data.today}
                    error={errorsFor("APPROVED").decidedOn}
                  />
                  <SelectField
                    name="productId"
                    id="approved-product"
                    label="使用产品"
                    options={productOptions}
                    placeholder="（未指定）"
                    defaultValue={valueOf("APPROVED", "productId")}
                    error={errorsFor("APPROVED").productId}
                  />
                  <SelectField
                    name="policyTool"
                    id="approved-policy"
                    label="货币政策工具"
                    options={policyOptions}
                    placeholder="（未使用）"
                    defaultValue={valueOf("APPROVED", "policyTool")}
                    error={errorsFor("APPROVED").policyTool}
                  />
                  <SubmitButton className="w-full">登记审批通过</SubmitButton>
                </PostForm>
              </Section>
            ) : null}

            {data.actions.canDisburse ? (
              <Section title={engagement.institution.kind === "BANK" ? "登记放款" : "登记出单 / 放款"}>
                <PostForm intent="outcome" fields={{ kind: "DISBURSED" }} className="space-y-3" noValidate>
                  <TextField
                    name="disbursedAmount"
                    id="disbursed-amount"
                    label={`${data.amountLabels.disbursed}（元）`}
                    inputMode="decimal"
                    required
                    defaultValue={
                      valueOf("DISBURSED", "disbursedAmount") ??
                      data.outcomes.find((o) => o.kind === "APPROVED")?.approvedAmount ??
                      ""
                    }
                    error={errorsFor("DISBURSED").disbursedAmount}
                  />
                  <TextField
                    name="annualRate"
                    id="disbursed-rate"
                    label={engagement.institution.kind === "BANK" ? "年化利率（%）" : "费率（%）"}
                    inputMode="decimal"
                    required
                    defaultValue={
                      valueOf("DISBURSED", "annualRate") ??
                      trimRate(data.outcomes.find((o) => o.kind === "APPROVED")?.annualRate)
                    }
                    error={errorsFor("DISBURSED").annualRate}
                  />
                  <TextField
                    name="termMonths"
                    id="disbursed-term"
                    label="期限（月）"
                    inputMode="numeric"
                    required
                    defaultValue={
                      valueOf("DISBURSED", "termMonths") ??
                      String(data.outcomes.find((o) => o.kind === "APPROVED")?.termMonths ?? lead.termMonths)
                    }
                    error={errorsFor("DISBURSED").termMonths}
                  />
                  <TextField
                    name="decidedOn"
                    id="disbursed-date"
                    label="放款日期"
                    type="date"
                    required
                    max={data.today}
                    defaultValue={valueOf("DISBURSED", "decidedOn") ?? data.today}
                    error={errorsFor("DISBURSED").decidedOn}
                    hint="不能晚于今天"
                  />
                  <SelectField
                    name="productId"
                    id="disbursed-product"
                    label="使用产品"
                    options={productOptions}
                    placeholder="（未指定）"
                    defaultValue={valueOf("DISBURSED", "productId")}
                    error={errorsFor("DISBURSED").productId}
                  />
                  <SelectField
                    name="policyTool"
                    id="disbursed-policy"
                    label="货币政策工具"
                    options={policyOptions}
                    placeholder="（未使用）"
                    defaultValue={valueOf("DISBURSED", "policyTool")}
                    error={errorsFor("DISBURSED").policyTool}
                  />
                  <TextField
                    name="totalCreditAtInstitution"
                    id="disbursed-total"
                    label="该企业在本机构的授信总额（元，含本笔）"
                    inputMode="decimal"
                    required={engagement.institution.kind === "BANK"}
                    defaultValue={valueOf("DISBURSED", "totalCreditAtInstitution")}
                    error={errorsFor("DISBURSED").totalCreditAtInstitution}
                    hint="用于判断是否属于普惠型小微企业贷款（单户授信总额 1000 万元及以下）"
                  />
                  <CheckboxField
                    name="firstLoanConfirmed"
                    id="disbursed-first-loan"
                    label="经查询征信，该企业此前无贷款记录（确认首贷户）"
                    size="sm"
                    defaultChecked={valueOf("DISBURSED", "firstLoanConfirmed") === "on"}
                  />
                  <SubmitButton className="w-full">登记放款</SubmitButton>
                </PostForm>
              </Section>
            ) : null}

            {data.actions.canDecline ? (
              <Section title="登记未通过">
                <PostForm intent="outcome" fields={{ kind: "DECLINED" }} className="space-y-3" noValidate>
                  <SelectField
                    name="declineReason"
                    id="decline-reason"
                    label="未通过原因"
                    required
                    options={DECLINE_REASONS.map((reason) => ({ value: reason, label: declineReasonLabel[reason] }))}
                    placeholder="请选择"
                    defaultValue={valueOf("DECLINED", "declineReason")}
                    error={errorsFor("DECLINED").declineReason}
                  />
                  <TextAreaField
                    name="declineMessage"
                    id="decline-message"
                    label="给企业的说明"
                    required
                    maxLength={500}
                    hint="企业将看到这段说明，请写明原因和可改进的方向"
                    defaultValue={valueOf("DECLINED", "declineMessage")}
                    error={errorsFor("DECLINED").declineMessage}
                  />
                  <SubmitButton tone="secondary" className="w-full">
                    登记未通过
                  </SubmitButton>
                </PostForm>
              </Section>
            ) : null}

            {data.actions.canAmend && latestDisbursed ? (
              <Section title="更正放款信息">
                <details open={actionData?.form === "AMEND"}>
                  <summary className="cursor-pointer text-sm text-brand-700 underline">
                    放款信息登记有误？展开更正
                  </summary>
                  <PostForm intent="amend" className="mt-3 space-y-3" noValidate>
                    <TextField
                      name="disbursedAmount"
                      id="amend-amount"
                      label={`${data.amountLabels.disbursed}（元）`}
                      inputMode="decimal"
                      required
                      defaultValue={valueOf("AMEND", "disbursedAmount") ?? latestDisbursed.disbursedAmount ?? ""}
                      error={errorsFor("AMEND").disbursedAmount}
                    />
                    <TextField
                      name="annualRate"
                      id="amend-rate"
                      label={engagement.institution.kind === "BANK" ? "年化利率（%）" : "费率（%）"}
                      inputMode="decimal"
                      required
                      defaultValue={valueOf("AMEND", "annualRate") ?? trimRate(latestDisbursed.annualRate)}
                      error={errorsFor("AMEND").annualRate}
                    />
                    <TextField
                      name="termMonths"
                      id="amend-term"
                      label="期限（月）"
                      inputMode="numeric"
                      required
                      defaultValue={valueOf("AMEND", "termMonths") ?? String(latestDisbursed.termMonths ?? "")}
                      error={errorsFor("AMEND").termMonths}
                    />
                    <TextField
                      name="decidedOn"
                      id="amend-date"
                      label="放款日期"
                      type="date"
                      required
                      max={data.today}
                      defaultValue={valueOf("AMEND", "decidedOn") ?? latestDisbursed.decidedOn}
                      error={errorsFor("AMEND").decidedOn}
                    />
                    <TextField
                      name="totalCreditAtInstitution"
                      id="amend-total"
                      label="该企业在本机构的授信总额（元，含本笔）"
                      inputMode="decimal"
                      required={engagement.institution.kind === "BANK"}
                      defaultValue={
                        valueOf("AMEND", "totalCreditAtInstitution") ?? latestDisbursed.totalCreditAtInstitution ?? ""
                      }
                      error={errorsFor("AMEND").totalCreditAtInstitution}
                    />
                    <input type="hidden" name="productId" value={latestDisbursed.productId ?? ""} />
                    <input type="hidden" name="policyTool" value={latestDisbursed.policyTool ?? ""} />
                    <CheckboxField
                      name="firstLoanConfirmed"
                      id="amend-first-loan"
                      label="经查询征信，该企业此前无贷款记录（确认首贷户）"
                      size="sm"
                      defaultChecked={
                        actionData?.form === "AMEND"
                          ? valueOf("AMEND", "firstLoanConfirmed") === "on"
                          : latestDisbursed.firstLoanConfirmed
                      }
                    />
                    <TextAreaField
                      name="reason"
                      id="amend-reason"
                      label="更正原因"
                      required
                      maxLength={500}
                      defaultValue={valueOf("AMEND", "reason")}
                      error={errorsFor("AMEND").reason}
                    />
                    <SubmitButton tone="secondary" className="w-full">
                      提交更正
                    </SubmitButton>
                  </PostForm>
                </details>
              </Section>
            ) : null}

            <Section title="添加备注">
              <PostForm intent="note" className="space-y-3" noValidate>
                <TextAreaField
                  name="note"
                  id="note-text"
                  label="备注（仅本机构可见）"
                  maxLength={1000}
                  error={errorsFor("note").note}
                />
                <SubmitButton tone="secondary" className="w-full">
                  保存备注
                </SubmitButton>
              </PostForm>
            </Section>

            <Section title="时间线">
              <Timeline events={data.events} />
            </Section>
            <LinkLine to="/officer?tab=mine">返回我的对接</LinkLine>
          </div>
        </div>
      </PageShell>
    </>
  );
}

function trimRate(rate: string | null | undefined): string {
  return rate ? rate.replace(/0+$/, "").replace(/\.$/, "") : "";
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
