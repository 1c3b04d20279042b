import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Notice } from "~/components/ui/notice.tsx";
import { Page, PageHeader } from "~/components/ui/page.tsx";
import { NeedFlagBadges, NeedStatusBadge } from "~/components/ui/status-badge.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireUser } from "~/web/guard.server.ts";
import { formatDate } from "~/kernel/time.ts";
import { loadEnterpriseProfile } from "~/modules/enterprise/registration.server.ts";
import { formatWanYuan } from "~/kernel/money.ts";
import { listEnterpriseNeeds } from "~/modules/needs/enterprise-need-queries.server.ts";
import { countUnread } from "~/modules/notifications/inbox.server.ts";
import { notFound } from "~/kernel/errors.ts";
import { entityTypeLabel, purposeCategoryLabel } from "~/kernel/labels.ts";
import { isNeedLive } from "~/kernel/statuses.ts";

export const meta: MetaFunction = () => [{ title: "我的融资需求 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "ENTERPRISE");
  // A new account registers its entity first; everything else hangs off the entity.
  if (!user.enterpriseId) throw redirect("/enterprise/profile");
  const db = getDb();
  const [profile, needs, unread] = await Promise.all([
    loadEnterpriseProfile(db, user.enterpriseId),
    listEnterpriseNeeds(db, user.enterpriseId),
    countUnread(db, user.id),
  ]);
  if (!profile) throw notFound("未找到您的经营主体信息");
  return json({
    enterprise: {
      name: profile.name,
      entityType: profile.entityType,
      region: profile.region.name,
      park: profile.park?.name ?? null,
    },
    needs,
    unread,
  });
}

export default function EnterpriseHome() {
  const { enterprise, needs, unread } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const live = needs.filter((need) => isNeedLive(need.status)).length;
  const pending = needs.reduce((sum, need) => sum + need.pendingRequests, 0);
  return (
    <Page width="3xl">
      <PageHeader
        title={enterprise.name}
        subtitle={
          <>
            {entityTypeLabel[enterprise.entityType]} · {enterprise.region}
            {enterprise.park ? ` · ${enterprise.park}` : ""} ·{" "}
            <Link to="/enterprise/profile" className="text-brand-700 underline">
              主体信息
            </Link>
          </>
        }
        actions={
          <Link to="/enterprise/needs/new" className="btn-primary w-full sm:w-auto">
            发布融资需求
          </Link>
        }
      />

      <div className="mt-4 space-y-3">
        {searchParams.get("registered") ? <Notice tone="success">主体登记成功！现在可以发布融资需求了。</Notice> : null}
        {pending > 0 ? <Notice tone="warning">有 {pending} 家金融机构请求与您对接，请在需求详情中答复。</Notice> : null}
      </div>

      <nav aria-label="快捷入口" className="mt-4 grid grid-cols-3 gap-2 text-center text-sm">
        <Link to="/products" className="card !p-3 hover:bg-slate-50">
          金融产品超市
        </Link>
        <Link to="/notifications" className="card !p-3 hover:bg-slate-50">
          消息
          {unread > 0 ? (
            <span className="ml-1 rounded-full bg-accent-600 px-1.5 text-xs text-white">{unread}</span>
          ) : null}
        </Link>
        <div className="card !p-3">
          对接中 <span className="font-semibold tabular-nums">{live}</span>
        </div>
      </nav>

      <section className="mt-6" aria-labelledby="needs-title">
        <h2 id="needs-title" className="text-base font-semibold text-slate-900">
          我的融资需求
        </h2>
        {needs.length === 0 ? (
          <div className="card mt-3 text-sm text-slate-600">
            <p>您还没有发布融资需求。填写金额、期限和用途，平台会为您匹配贷款、担保和保险产品。</p>
            <Link to="/enterprise/needs/new" className="btn-secondary mt-3">
              发布第一条需求
            </Link>
          </div>
        ) : (
          <ul className="mt-3 space-y-3">
            {needs.map((need) => (
              <li key={need.id}>
                <Link to={`/enterprise/needs/${need.id}`} className="card block hover:border-brand-600">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <span className="font-medium text-slate-900">
                      {purposeCategoryLabel[need.purposeCategory]} · {formatWanYuan(need.amount)} · {need.termMonths}{" "}
                      个月
                    </span>
                    <NeedStatusBadge status={need.status} />
                  </div>
                  <p className="mt-1 text-sm text-slate-600">
                    {need.publishedAt ? `${formatDate(need.publishedAt)} 发布` : `${formatDate(need.createdAt)} 创建`}
                    {need.status !== "DRAFT"
                      ? ` · 匹配产品 ${need.matchCount} 个 · 对接机构 ${need.engagementCount} 家`
                      : ""}
                    {need.pendingRequests > 0 ? ` · ${need.pendingRequests} 个请求待答复` : ""}
                  </p>
                  <div className="mt-2">
                    <NeedFlagBadges flags={need.flags} />
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
