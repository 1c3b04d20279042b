import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { BulletList, DisclosureCard, Section } from "~/components/ui/card.tsx";
import { CheckboxField } from "~/components/ui/checkbox-field.tsx";
import { ChoiceGroup } from "~/components/ui/choice-group.tsx";
import { FactList } from "~/components/ui/fact-list.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { Page, PageHeader } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { EngagementStatusBadge, NeedFlagBadges, NeedStatusBadge } from "~/components/ui/status-badge.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { TextAreaField } from "~/components/ui/textarea-field.tsx";
import { Timeline } from "~/components/ui/timeline.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireEnterpriseUser } from "~/web/guard.server.ts";
import { formatRatePercent } from "~/kernel/rate.ts";
import { formatCalendarDay, formatDate, formatDateTime } from "~/kernel/time.ts";
import { describeNeedEvent } from "~/modules/enterprise/labels.ts";
import { findCurrentConsentText } from "~/modules/needs/consent.server.ts";
import { loadEnterpriseNeed, type EnterpriseNeedDetail } from "~/modules/needs/enterprise-need-queries.server.ts";
import { handleNeedDetailPost } from "~/web/needs/need-detail-actions.server.ts";
import { canDo } from "~/modules/needs/need-lifecycle.ts";
import {
  collateralLabel,
  declineReasonLabel,
  engagementStatusLabel,
  institutionKindLabel,
  needStatusLabel,
  needVisibilityLabel,
  outcomeKindLabel,
  productKindLabel,
  purposeCategoryLabel,
} from "~/kernel/labels.ts";
import { isEngagementActive } from "~/kernel/statuses.ts";
import { formatWanYuan, formatYuan } from "~/kernel/money.ts";
import type { NeedStatus } from "~/generated/prisma/enums.ts";

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
  invited: "已邀请该机构对接，并授权其查看您的信息。机构受理后会与您联系。",
};

export default function NeedDetailPage() {
  const { need, timeline, matches, nearMissAdvice, matchingPending, nextInstitutions, engagements, consents, consent } =
    useLoaderData<typeof loader>();
  useRevalidateWhile(matchingPending);
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  const title = `${purposeCategoryLabel[need.purposeCategory]} · ${formatWanYuan(need.amount)}`;
  const activeConsents = consents.filter((item) => !item.withdrawnAt);

  return (
    <Page width="3xl">
      <PageHeader
        back={{ to: "/enterprise", label: "← 我的融资需求" }}
        title={title}
        badge={<NeedStatusBadge status={need.status} />}
        subtitle={
          <>
            期限 {need.termMonths} 个月 · {needVisibilityLabel[need.visibility]}
            {need.publishedAt ? ` · ${formatDate(need.publishedAt)} 发布` : " · 尚未发布"}
          </>
        }
      />
      <div className="mt-2">
        <NeedFlagBadges flags={need.flags} />
      </div>

      <div className="mt-4 space-y-3">
        {searchParams.get("published") ? (
          <Notice tone="success">需求已发布！金融机构将在 3 个工作日内响应，进展会出现在本页并通知您。</Notice>
        ) : null}
        {searchParams.get("saved") ? <Notice tone="success">草稿已保存。确认无误后可以发布。</Notice> : null}
        {done && DONE[done] ? <Notice tone="success">{DONE[done]}</Notice> : null}
        {actionData?.error ? <Notice tone="error">{actionData.error}</Notice> : null}
      </div>

      <NeedActions status={need.status} needId={need.id} consent={consent} />

      <div className="mt-6 space-y-6">
        {nextInstitutions.length > 0 ? (
          <Section title="下一步：邀请其他机构" id="next">
            <NextInstitutions
              institutions={nextInstitutions}
              consent={consent}
              error={actionData?.intent === "invite" ? actionData.error : undefined}
            />
          </Section>
        ) : null}

        <Section title="对接进展" id="engagements">
          <Engagements engagements={engagements} needStatus={need.status} consent={consent} />
        </Section>

        <Section title="匹配的金融产品" id="matches">
          {matchingPending ? (
            <p role="status" className="text-sm text-slate-700" data-testid="matching-pending">
              正在为您匹配金融产品…<span className="text-slate-500">通常几秒钟即可完成，刷新本页即可查看结果。</span>
            </p>
          ) : (
            <Matches matches={matches} nearMissAdvice={nearMissAdvice} status={need.status} />
          )}
        </Section>

        <Section title="需求信息" id="facts">
          <FactList
            layout="stacked"
            className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2"
            facts={[
              { label: "融资金额", value: formatYuan(need.amount) },
              { label: "融资期限", value: `${need.termMonths} 个月` },
              { label: "资金用途", value: purposeCategoryLabel[need.purposeCategory] },
              {
                label: "可接受最高年利率",
                value: need.maxAnnualRate ? formatRatePercent(need.maxAnnualRate) : "由机构报价",
              },
              { label: "希望到位日期", value: formatCalendarDay(need.wantedBy) },
              {
                label: "需要的服务",
                value: [need.wantsLoan && "贷款", need.wantsGuarantee && "融资担保", need.wantsInsurance && "保险"]
                  .filter(Boolean)
                  .join("、"),
              },
              {
                label: "担保方式",
                value: need.collateralOffered.map((item) => collateralLabel[item]).join("、") || "—",
              },
              { label: "有效期至", value: formatDate(need.expiresAt) },
              ...(need.firstResponseDueAt
                ? [{ label: "机构应在此前响应", value: formatDateTime(need.firstResponseDueAt) }]
                : []),
              ...(need.visibility === "DIRECTED"
                ? [
                    {
                      label: "定向机构",
                      value:
                        need.directedInstitutions
                          .map((item) => `${item.shortName}${item.addedByEscalation ? "（超时后平台推送）" : ""}`)
                          .join("、") || "—",
                    },
                  ]
                : []),
              {
                label: `需求说明${need.shareDescription ? "（授权前对机构可见）" : "（授权后机构才能看到）"}`,
                // Rendered as text by React: whatever the enterprise typed (even <script>) is shown, never executed.
                value: <span className="whitespace-pre-wrap">{need.description || "—"}</span>,
                wide: true,
              },
            ]}
          />
        </Section>

        <Section title="信息共享授权" id="consents">
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
            <PostForm intent="withdraw-consent" className="mt-3">
              <SubmitButton tone="secondary" className="w-full sm:w-auto">
                撤回全部授权
              </SubmitButton>
              <p className="mt-1 text-xs text-slate-500">
                撤回后，正在对接的机构将终止对接，不能再查看您的名称和联系方式。
              </p>
            </PostForm>
          ) : null}
        </Section>

        <Section title="进度记录" id="timeline">
          <Timeline
            items={timeline.map((event) => ({
              key: event.id,
              title: (
                <>
                  {describeNeedEvent(event.type)}
                  {event.institution ? ` · ${event.institution}` : ""}
                  {event.toStatus && event.type !== "NEED_CREATED" ? ` → ${statusText(event.toStatus)}` : ""}
                </>
              ),
              meta: `${formatDateTime(event.at)} · ${event.actor}`,
              note: event.note,
            }))}
          />
        </Section>
      </div>
    </Page>
  );
}

const MATCHING_POLL_MS = 2_000;
const MATCHING_POLL_LIMIT = 15;

/**
 * While the worker has not matched the need yet, reloads the page data every 2 s for up to 30 s, so the matches
 * appear without a refresh. Without JavaScript the page says a refresh shows them; after 30 s it does too.
 */
function useRevalidateWhile(pending: boolean) {
  // revalidate is the router's own function, the same on every render: the poll restarts only when pending changes.
  const { revalidate } = useRevalidator();
  useEffect(() => {
    if (!pending) return;
    let polls = 0;
    const timer = setInterval(() => {
      polls += 1;
      if (polls > MATCHING_POLL_LIMIT) clearInterval(timer);
      else revalidate();
    }, MATCHING_POLL_MS);
    return () => clearInterval(timer);
  }, [pending, revalidate]);
}

function statusText(status: string): string {
  return (
    (needStatusLabel as Record<string, string>)[status] ??
    (engagementStatusLabel as Record<string, string>)[status] ??
    status
  );
}

/** An action that ends the need, folded away until opened: what it means, an optional note, the confirm button. */
function ConfirmCard({
  summary,
  intent,
  noteLabel,
  submit,
  children,
}: {
  summary: string;
  intent: string;
  noteLabel: string;
  submit: string;
  children: ReactNode;
}) {
  return (
    <DisclosureCard summary={summary}>
      <PostForm intent={intent} className="mt-3 space-y-3">
        {children}
        <TextAreaField name="note" label={noteLabel} rows={2} maxLength={500} />
        <SubmitButton tone="secondary" className="w-full sm:w-auto">
          {submit}
        </SubmitButton>
      </PostForm>
    </DisclosureCard>
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
  const buttonWidth = "w-full sm:w-auto";
  return (
    <div className="mt-4 space-y-3">
      {canDo("edit", status) ? (
        <div className="flex flex-col gap-3 sm:flex-row">
          <Link to={`/enterprise/needs/${needId}/edit`} className={`btn-primary ${buttonWidth}`}>
            修改并发布
          </Link>
        </div>
      ) : null}
      {canDo("close", status) ? (
        <ConfirmCard
          summary="关闭需求（已融到资金或不再需要）"
          intent="close"
          noteLabel="说明（选填）"
          submit="确认关闭"
        >
          <ChoiceGroup
            name="outcome"
            legend="需求是否已满足？"
            type="radio"
            grid="grid grid-cols-1"
            options={[
              { value: "MET", label: "已满足（已获得融资）" },
              { value: "UNMET", label: "未满足（不再需要 / 其他原因）" },
            ]}
            selected={["MET"]}
          />
        </ConfirmCard>
      ) : null}
      {canDo("withdraw", status) ? (
        <ConfirmCard
          summary={status === "DRAFT" ? "删除草稿（撤回）" : "撤回需求"}
          intent="withdraw"
          noteLabel="撤回原因（选填）"
          submit="确认撤回"
        >
          <p className="text-sm text-slate-600">撤回后金融机构将不再看到这条需求，正在进行的对接会终止。</p>
        </ConfirmCard>
      ) : null}
      {canDo("republish", status) ? (
        <div className="card space-y-3">
          <p className="font-medium">需求已过期。可以按原内容重新发布，重新计算有效期。</p>
          {consent ? (
            <PostForm intent="republish" fields={{ consentVersion: consent.version }} className="space-y-3">
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
              <SubmitButton className={buttonWidth}>重新发布</SubmitButton>
            </PostForm>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function NextInstitutions({
  institutions,
  consent,
  error,
}: {
  institutions: EnterpriseNeedDetail["nextInstitutions"];
  consent: { version: string; body: string } | null;
  error: string | undefined;
}) {
  return (
    <div className="space-y-3" data-testid="next-institutions">
      <p className="text-sm text-slate-700">
        已对接的机构未能继续办理，目前没有机构在办理您的需求。以下机构的产品也与您的需求匹配，尚未对接过，可以直接邀请；您也可以撤回需求后调整金额或期限重新发布。
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <ul className="space-y-3">
        {institutions.map((institution) => (
          <li key={institution.institutionId} className="rounded-md border border-slate-200 p-3 text-sm">
            <p className="font-medium text-slate-900">{institution.institutionName}</p>
            <p className="mt-1 break-words text-slate-700">
              匹配产品「{institution.productName}」{institution.bundleName ? `，搭配「${institution.bundleName}」` : ""}
            </p>
            {consent ? (
              <PostForm
                intent="invite"
                fields={{ institutionId: institution.institutionId, consentVersion: consent.version }}
                className="mt-2 space-y-2"
              >
                <CheckboxField
                  name="consent"
                  size="sm"
                  label={`同意向${institution.institutionName}共享企业信息和联系方式（授权书版本 ${consent.version}）`}
                />
                <SubmitButton className="w-full sm:w-auto">邀请{institution.institutionName}对接</SubmitButton>
              </PostForm>
            ) : null}
          </li>
        ))}
      </ul>
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
                <PostForm
                  intent="accept-request"
                  fields={{ engagementId: engagement.id, consentVersion: consent?.version ?? "" }}
                >
                  <SubmitButton className="w-full sm:w-auto">同意并授权</SubmitButton>
                </PostForm>
                <PostForm intent="refuse-request" fields={{ engagementId: engagement.id }}>
                  <SubmitButton tone="secondary" className="w-full sm:w-auto">
                    婉拒
                  </SubmitButton>
                </PostForm>
              </div>
            </div>
          ) : null}
          {isEngagementActive(engagement.status) && engagement.status !== "REQUESTED" ? (
            <PostForm intent="withdraw-consent" fields={{ institutionId: engagement.institution.id }} className="mt-2">
              <button type="submit" className="min-h-[44px] text-sm text-red-700 underline">
                终止与该机构的对接并撤回授权
              </button>
            </PostForm>
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
      {outcomeKindLabel[outcome.kind]}
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
  nearMissAdvice,
  status,
}: {
  matches: EnterpriseNeedDetail["matches"];
  nearMissAdvice: EnterpriseNeedDetail["nearMissAdvice"];
  status: NeedStatus;
}) {
  if (matches.length === 0 && nearMissAdvice.length === 0) {
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
      {nearMissAdvice.length > 0 ? (
        <div>
          <h3 className="text-sm font-semibold text-slate-900">差一点匹配：这样做可以匹配更多产品</h3>
          <ul className="mt-2 space-y-3" data-testid="near-miss-advice">
            {nearMissAdvice.slice(0, 5).map((entry) => (
              <li key={entry.advice} className="rounded-md border border-dashed border-slate-300 p-3 text-sm">
                <p className="font-medium text-emerald-800">
                  {entry.advice}：可匹配 {entry.products.length} 款产品
                </p>
                <p className="mt-1 break-words text-slate-700">
                  {entry.products.map((product, index) => (
                    <span key={product.id}>
                      {index > 0 ? "、" : ""}
                      <Link to={`/products/${product.id}`} className="text-brand-800 underline">
                        {product.name}
                      </Link>
                      <span className="text-xs text-slate-500">（{product.institution}）</span>
                    </span>
                  ))}
                </p>
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
            <span className="text-xs text-slate-500" data-testid="match-score" data-score={match.score}>
              {match.product.institution} · {productKindLabel[match.product.kind]} · 匹配度 {match.score}
            </span>
          </div>
          {match.bundle ? (
            <p className="mt-1 text-xs text-amber-800">
              组合方案：搭配 {match.bundle.institution}「{match.bundle.name}」
            </p>
          ) : null}
          <BulletList items={match.reasons.slice(0, 3)} className="mt-2 space-y-0.5" />
          {match.reasons.length > 3 ? (
            <details className="mt-1 text-sm text-slate-700">
              <summary className="cursor-pointer py-1 text-brand-800">
                更多匹配理由（{match.reasons.length - 3}）
              </summary>
              <BulletList items={match.reasons.slice(3)} className="space-y-0.5" />
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
