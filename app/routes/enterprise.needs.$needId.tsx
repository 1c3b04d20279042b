import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfInput } from "~/components/csrf-input.tsx";
import { EngagementStatusBadge, FlagChips, NeedStatusBadge } from "~/components/enterprise/badges.tsx";
import { CheckboxField, FormAlert, Notice, TextAreaField } from "~/components/enterprise/fields.tsx";
import { ErrorPage } from "~/components/error-page.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireEnterpriseUser } from "~/web/guard.server.ts";
import { formatCalendarDay, formatDate, formatDateTime, formatRatePercent } from "~/modules/format.ts";
import { describeNeedEvent } from "~/modules/enterprise/labels.ts";
import { collateralLabel, declineReasonLabel } from "~/modules/labels.ts";
import {
  engagementStatusLabel,
  institutionKindLabel,
  needStatusLabel,
  productKindLabel,
  purposeCategoryLabel,
} from "~/modules/labels.ts";
import { formatWanYuan, formatYuan } from "~/modules/money.ts";
import { findCurrentConsentText } from "~/modules/needs/consent.server.ts";
import { loadEnterpriseNeed, type EnterpriseNeedDetail } from "~/modules/needs/enterprise-need-queries.server.ts";
import { handleNeedDetailPost } from "~/web/needs/need-detail-actions.server.ts";
import { canDo } from "~/modules/needs/need-lifecycle.ts";
import type { EngagementStatus, NeedStatus } from "~/generated/prisma/enums.ts";

export const meta: MetaFunction = () => [{ title: "需求详情 · 揭阳银企融资对接平台" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  const db = getDb();
  const [detail, consent] = await Promise.all([
    loadEnterpriseNeed(db, user.enterpriseId, params.needId ?? ""),
    findCurrentConsentText(db),
  ]);
  return json({ ...detail, consent });
}

export function action({ request, params }: ActionFunctionArgs) {
  return handleNeedDetailPost(request, params.needId ?? "");
}

const DONE: Record<string, string> = {
  withdrawn: "需求已撤回，正在对接的机构已收到通知。",
  closed: "需求已关闭。",
  "consent-withdrawn": "已撤回授权，相关机构将不能再查看您的信息。",
  "request-accepted": "已同意该机构的对接请求，机构将尽快与您联系。",
  "request-refused": "已婉拒该机构的对接请求。",
};

const ACTIVE: readonly EngagementStatus[] = ["REQUESTED", "ACCEPTED", "CONTACTED", "UNDER_REVIEW", "APPROVED"];

export default function NeedDetailPage() {
  const { need, timeline, matches, nearMisses, engagements, consents, consent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  const title = `${purposeCategoryLabel[need.purposeCategory]} · ${formatWanYuan(need.amount)}`;
  const activeConsents = consents.filter((item) => !item.withdrawnAt);

  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-6 sm:py-8">
      <Link to="/enterprise" className="text-sm text-brand-700 underline">
        ← 我的融资需求
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold text-slate-900 sm:text-2xl">{title}</h1>
        <NeedStatusBadge status={need.status} />
      </div>
      <p className="mt-1 text-sm text-slate-600">
        期限 {need.termMonths} 个月 · {need.visibility === "OPEN" ? "公开对接" : "定向对接"}
        {need.publishedAt ? ` · ${formatDate(need.publishedAt)} 发布` : " · 尚未发布"}
      </p>
      <div className="mt-2">
        <FlagChips flags={need.flags} />
      </div>

      <div className="mt-4 space-y-3">
        {searchParams.get("published") ? (
          <Notice>需求已发布！金融机构将在 3 个工作日内响应，进展会出现在本页并通知您。</Notice>
        ) : null}
        {searchParams.get("saved") ? <Notice>草稿已保存。确认无误后可以发布。</Notice> : null}
        {done && DONE[done] ? <Notice>{DONE[done]}</Notice> : null}
        {actionData?.error ? <FormAlert>{actionData.error}</FormAlert> : null}
      </div>

      <NeedActions status={need.status} needId={need.id} consent={consent} />

      <div className="mt-6 space-y-6">
        <Card title="对接进展" id="engagements">
          <Engagements engagements={engagements} needStatus={need.status} consent={consent} />
        </Card>

        <Card title="匹配的金融产品" id="matches">
          <Matches matches={matches} nearMisses={nearMisses} status={need.status} />
        </Card>

        <Card title="需求信息" id="facts">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <Fact label="融资金额">{formatYuan(need.amount)}</Fact>
            <Fact label="融资期限">{need.termMonths} 个月</Fact>
            <Fact label="资金用途">{purposeCategoryLabel[need.purposeCategory]}</Fact>
            <Fact label="可接受最高年利率">
              {need.maxAnnualRate ? formatRatePercent(need.maxAnnualRate) : "由机构报价"}
            </Fact>
            <Fact label="希望到位日期">{formatCalendarDay(need.wantedBy)}</Fact>
            <Fact label="需要的服务">
              {[need.wantsLoan && "贷款", need.wantsGuarantee && "融资担保", need.wantsInsurance && "保险"]
                .filter(Boolean)
                .join("、")}
            </Fact>
            <Fact label="担保方式">
              {need.collateralOffered.map((item) => collateralLabel[item]).join("、") || "—"}
            </Fact>
            <Fact label="有效期至">{formatDate(need.expiresAt)}</Fact>
            {need.firstResponseDueAt ? (
              <Fact label="机构应在此前响应">{formatDateTime(need.firstResponseDueAt)}</Fact>
            ) : null}
            {need.visibility === "DIRECTED" ? (
              <Fact label="定向机构">
                {need.directedInstitutions
                  .map((item) => `${item.shortName}${item.addedByEscalation ? "（超时后平台推送）" : ""}`)
                  .join("、") || "—"}
              </Fact>
            ) : null}
            <div className="sm:col-span-2">
              <dt className="text-slate-500">
                需求说明{need.shareDescription ? "（授权前对机构可见）" : "（授权后机构才能看到）"}
              </dt>
              {/* Rendered as text by React: whatever the enterprise typed (even <script>) is shown, never executed. */}
              <dd className="mt-1 whitespace-pre-wrap break-words text-slate-900">{need.description || "—"}</dd>
            </div>
          </dl>
        </Card>

        <Card title="信息共享授权" id="consents">
          {consents.length === 0 ? (
            <p className="text-sm text-slate-600">尚未授权任何机构查看您的信息。</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {consents.map((item) => (
                <li key={item.id} className="py-2">
                  <p className="font-medium">
                    {item.institution ? `授权 ${item.institution.shortName}` : "授权符合条件的金融机构（公开对接）"}
                  </p>
                  <p className="text-slate-600">
                    {formatDateTime(item.grantedAt)} 由 {item.grantedBy} 同意授权书 {item.textVersion} 版
                    {item.withdrawnAt ? ` · 已于 ${formatDateTime(item.withdrawnAt)} 撤回` : " · 有效"}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {activeConsents.length > 0 && canDo("withdrawConsent", need.status) ? (
            <Form method="post" className="mt-3">
              <CsrfInput />
              <input type="hidden" name="_intent" value="withdraw-consent" />
              <button type="submit" className="btn-secondary w-full sm:w-auto">
                撤回全部授权
              </button>
              <p className="mt-1 text-xs text-slate-500">
                撤回后，正在对接的机构将终止对接，不能再查看您的名称和联系方式。
              </p>
            </Form>
          ) : null}
        </Card>

        <Card title="进度记录" id="timeline">
          <ol className="relative space-y-4 border-l border-slate-200 pl-4 text-sm">
            {timeline.map((event) => (
              <li key={event.id}>
                <span
                  className="absolute -left-[5px] mt-1.5 h-2.5 w-2.5 rounded-full bg-brand-600"
                  aria-hidden="true"
                />
                <p className="font-medium text-slate-900">
                  {describeNeedEvent(event.type)}
                  {event.institution ? ` · ${event.institution}` : ""}
                  {event.toStatus && event.type !== "NEED_CREATED" ? ` → ${statusText(event.toStatus)}` : ""}
                </p>
                <p className="text-slate-500">
                  {formatDateTime(event.at)} · {event.actor}
                </p>
                {event.note ? (
                  <p className="mt-1 whitespace-pre-wrap break-words text-slate-700">{event.note}</p>
                ) : null}
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </main>
  );
}

function statusText(status: string): string {
  return (
    (needStatusLabel as Record<string, string>)[status] ??
    (engagementStatusLabel as Record<string, string>)[status] ??
    status
  );
}

function Card({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <div className="mt-3">{children}</div>
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  );
}

function SubmitButton({ children, tone = "secondary" }: { children: ReactNode; tone?: "primary" | "secondary" }) {
  const navigation = useNavigation();
  return (
    <button
      type="submit"
      className={`${tone === "primary" ? "btn-primary" : "btn-secondary"} w-full sm:w-auto`}
      disabled={navigation.state === "submitting"}
    >
      {children}
    </button>
  );
}

function NeedActions({
  status,
  needId,
  consent,
}: {
  status: NeedStatus;
  needId: string;
  consent: { version: string; body: string } | null;
}) {
  const actionData = useActionData<typeof action>();
  const buttons: ReactNode[] = [];
  if (canDo("edit", status)) {
    buttons.push(
      <Link key="edit" to={`/enterprise/needs/${needId}/edit`} className="btn-primary w-full sm:w-auto">
        修改并发布
      </Link>,
    );
  }
  return (
    <div className="mt-4 space-y-3">
      {buttons.length > 0 ? <div className="flex flex-col gap-3 sm:flex-row">{buttons}</div> : null}
      {canDo("close", status) ? (
        <details className="card">
          <summary className="cursor-pointer font-medium text-brand-800">关闭需求（已融到资金或不再需要）</summary>
          <Form method="post" className="mt-3 space-y-3">
            <CsrfInput />
            <input type="hidden" name="_intent" value="close" />
            <fieldset>
              <legend className="field-label">需求是否已满足？</legend>
              <label className="flex min-h-[44px] items-center gap-3">
                <input type="radio" name="outcome" value="MET" defaultChecked className="h-5 w-5" />{" "}
                已满足（已获得融资）
              </label>
              <label className="flex min-h-[44px] items-center gap-3">
                <input type="radio" name="outcome" value="UNMET" className="h-5 w-5" /> 未满足（不再需要 / 其他原因）
              </label>
            </fieldset>
            <TextAreaField name="note" label="说明（选填）" rows={2} maxLength={500} />
            <SubmitButton>确认关闭</SubmitButton>
          </Form>
        </details>
      ) : null}
      {canDo("withdraw", status) ? (
        <details className="card">
          <summary className="cursor-pointer font-medium text-brand-800">
            {status === "DRAFT" ? "删除草稿（撤回）" : "撤回需求"}
          </summary>
          <Form method="post" className="mt-3 space-y-3">
            <CsrfInput />
            <input type="hidden" name="_intent" value="withdraw" />
            <p className="text-sm text-slate-600">撤回后金融机构将不再看到这条需求，正在进行的对接会终止。</p>
            <TextAreaField name="note" label="撤回原因（选填）" rows={2} maxLength={500} />
            <SubmitButton>确认撤回</SubmitButton>
          </Form>
        </details>
      ) : null}
      {canDo("republish", status) ? (
        <div className="card space-y-3">
          <p className="font-medium">需求已过期。可以按原内容重新发布，重新计算有效期。</p>
          {consent ? (
            <Form method="post" className="space-y-3">
              <CsrfInput />
              <input type="hidden" name="_intent" value="republish" />
              <input type="hidden" name="consentVersion" value={consent.version} />
              <details className="text-sm">
                <summary className="cursor-pointer text-brand-800">
                  阅读《融资需求信息共享授权书》（版本 {consent.version}）
                </summary>
                <div className="mt-2 max-h-64 overflow-y-auto whitespace-pre-wrap text-slate-700">{consent.body}</div>
              </details>
              <CheckboxField
                name="consent"
                label={`我已阅读并同意授权书（版本 ${consent.version}）`}
                error={actionData?.intent === "republish" ? actionData.fieldErrors?.consent : undefined}
              />
              <SubmitButton tone="primary">重新发布</SubmitButton>
            </Form>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function Engagements({
  engagements,
  needStatus,
  consent,
}: {
  engagements: EnterpriseNeedDetail["engagements"];
  needStatus: NeedStatus;
  consent: { version: string } | null;
}) {
  if (engagements.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        {needStatus === "DRAFT" ? "发布后，金融机构的对接情况会显示在这里。" : "暂无金融机构对接。机构响应后会通知您。"}
      </p>
    );
  }
  return (
    <ul className="space-y-3">
      {engagements.map((engagement) => (
        <li key={engagement.id} className="rounded-md border border-slate-200 p-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="font-medium text-slate-900">
              {engagement.institution.name}
              <span className="ml-1 text-xs text-slate-500">{institutionKindLabel[engagement.institution.kind]}</span>
            </p>
            <EngagementStatusBadge status={engagement.status} />
          </div>
          <p className="mt-1 text-xs text-slate-500">
            {engagement.initiatedBy === "INSTITUTION" ? "机构发起" : "您发起"} ·{" "}
            {formatDateTime(engagement.requestedAt)}
            {engagement.acceptedAt ? ` · ${formatDateTime(engagement.acceptedAt)} 受理` : ""}
          </p>
          {engagement.outcome ? <OutcomeText outcome={engagement.outcome} /> : null}
          {engagement.status === "REQUESTED" &&
          engagement.initiatedBy === "INSTITUTION" &&
          canDo("answerRequest", needStatus) ? (
            <div className="mt-3 space-y-2">
              <p className="text-sm text-slate-700">
                该机构希望与您对接。同意后，它可以查看您的名称、代码和联系方式（按授权书 {consent?.version ?? ""} 版）。
              </p>
              <div className="flex flex-col gap-2 sm:flex-row">
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="_intent" value="accept-request" />
                  <input type="hidden" name="engagementId" value={engagement.id} />
                  <input type="hidden" name="consentVersion" value={consent?.version ?? ""} />
                  <SubmitButton tone="primary">同意并授权</SubmitButton>
                </Form>
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="_intent" value="refuse-request" />
                  <input type="hidden" name="engagementId" value={engagement.id} />
                  <SubmitButton>婉拒</SubmitButton>
                </Form>
              </div>
            </div>
          ) : null}
          {ACTIVE.includes(engagement.status) && engagement.status !== "REQUESTED" ? (
            <Form method="post" className="mt-2">
              <CsrfInput />
              <input type="hidden" name="_intent" value="withdraw-consent" />
              <input type="hidden" name="institutionId" value={engagement.institution.id} />
              <button type="submit" className="min-h-[44px] text-sm text-red-700 underline">
                终止与该机构的对接并撤回授权
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function OutcomeText({ outcome }: { outcome: NonNullable<EnterpriseNeedDetail["engagements"][number]["outcome"]> }) {
  if (outcome.kind === "DECLINED") {
    return (
      <div className="mt-2 rounded bg-red-50 p-2 text-sm text-red-900">
        <p>未通过原因：{outcome.declineReason ? declineReasonLabel[outcome.declineReason] : "未说明"}</p>
        {outcome.declineMessage ? (
          <p className="mt-1 whitespace-pre-wrap break-words">{outcome.declineMessage}</p>
        ) : null}
      </div>
    );
  }
  return (
    <p className="mt-2 rounded bg-emerald-50 p-2 text-sm text-emerald-900">
      {outcome.kind === "DISBURSED" ? "已放款" : "已审批"}
      {outcome.disbursedAmount
        ? ` ${formatWanYuan(outcome.disbursedAmount)}`
        : outcome.approvedAmount
          ? ` ${formatWanYuan(outcome.approvedAmount)}`
          : ""}
      {outcome.annualRate ? ` · 年利率 ${formatRatePercent(outcome.annualRate)}` : ""}
      {outcome.termMonths ? ` · ${outcome.termMonths} 个月` : ""}
      {outcome.productName ? ` · ${outcome.productName}` : ""}
    </p>
  );
}

function Matches({
  matches,
  nearMisses,
  status,
}: {
  matches: EnterpriseNeedDetail["matches"];
  nearMisses: EnterpriseNeedDetail["nearMisses"];
  status: NeedStatus;
}) {
  if (matches.length === 0 && nearMisses.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        {status === "DRAFT"
          ? "发布后平台会为您匹配产品。"
          : "暂未找到完全符合条件的产品，平台会在有新产品上架时重新匹配。您也可以浏览"}
        {status !== "DRAFT" ? (
          <Link to="/products" className="text-brand-700 underline">
            金融产品超市
          </Link>
        ) : null}
        {status !== "DRAFT" ? "。" : null}
      </p>
    );
  }
  return (
    <div className="space-y-5">
      {matches.length > 0 ? (
        <>
          <MatchList matches={matches.slice(0, 5)} />
          {matches.length > 5 ? (
            <details>
              <summary className="min-h-[44px] cursor-pointer py-2 text-sm font-medium text-brand-800">
                查看其余 {matches.length - 5} 个匹配产品
              </summary>
              <MatchList matches={matches.slice(5)} />
            </details>
          ) : null}
        </>
      ) : null}
      {nearMisses.length > 0 ? (
        <div>
          <h3 className="text-sm font-semibold text-slate-900">差一点匹配</h3>
          <ul className="mt-2 space-y-3">
            {nearMisses.map((match) => (
              <li key={match.id} className="rounded-md border border-dashed border-slate-300 p-3 text-sm">
                <Link to={`/products/${match.product.id}`} className="font-medium text-brand-800 underline">
                  {match.product.name}
                </Link>
                <span className="ml-1 text-xs text-slate-500">{match.product.institution}</span>
                <ul className="mt-1 space-y-0.5 text-slate-700">
                  {match.failed.map((failure, index) => (
                    <li key={index}>
                      差一点匹配：{failure.message}
                      {failure.fix ? <span className="block text-emerald-800">建议：{failure.fix}</span> : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function MatchList({ matches }: { matches: EnterpriseNeedDetail["matches"] }) {
  return (
    <ul className="space-y-3">
      {matches.map((match) => (
        <li key={match.id} className="rounded-md border border-slate-200 p-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <Link to={`/products/${match.product.id}`} className="font-medium text-brand-800 underline">
              {match.product.name}
            </Link>
            <span className="text-xs text-slate-500">
              {match.product.institution} · {productKindLabel[match.product.kind]} · 匹配度 {match.score}
            </span>
          </div>
          {match.bundle ? (
            <p className="mt-1 text-xs text-amber-800">
              组合方案：搭配 {match.bundle.institution}「{match.bundle.name}」
            </p>
          ) : null}
          <ul className="mt-2 list-disc space-y-0.5 pl-5 text-sm text-slate-700">
            {match.reasons.slice(0, 3).map((reason, index) => (
              <li key={index}>{reason}</li>
            ))}
          </ul>
          {match.reasons.length > 3 ? (
            <details className="mt-1 text-sm text-slate-700">
              <summary className="cursor-pointer py-1 text-brand-800">
                更多匹配理由（{match.reasons.length - 3}）
              </summary>
              <ul className="list-disc space-y-0.5 pl-5">
                {match.reasons.slice(3).map((reason, index) => (
                  <li key={index}>{reason}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
