import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LeadFacts, MatchReasons } from "~/components/institution/lead-facts.tsx";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { Section } from "~/components/ui/card.tsx";
import { LinkLine, PageShell } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { EngagementStatusBadge } from "~/components/ui/status-badge.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { institutionActorOf, requireInstitutionUser } from "~/web/guard.server.ts";
import { requestLead } from "~/modules/engagements/engagements.server.ts";
import { loadAnonymisedLead } from "~/modules/engagements/leads.server.ts";

export const meta: MetaFunction = () => [{ title: "线索详情 · 客户经理工作台" }];

/** The anonymised lead: no enterprise name, code or contact is read into this page's data, ever. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["OFFICER"]);
  const lead = await loadAnonymisedLead(getDb(), params.needId ?? "", user.institutionId);
  return json({ lead });
}

export async function action({ request, params }: ActionFunctionArgs) {
  await readFormWithCsrf(request);
  const user = await requireInstitutionUser(request, ["OFFICER"]);
  const result = await requestLead(getDb(), {
    needId: params.needId ?? "",
    actor: institutionActorOf(user),
  });
  return redirect(
    `/officer/engagements/${result.engagementId}?saved=${result.status === "ACCEPTED" ? "accepted" : "requested"}`,
  );
}

export default function LeadPage() {
  const { lead } = useLoaderData<typeof loader>();
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
            <LinkLine to="/officer">返回线索列表</LinkLine>
          </div>
        </div>
      </PageShell>
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
