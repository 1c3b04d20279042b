import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Section } from "~/components/ui/card.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { StatGrid } from "~/components/ui/stat.tsx";
import { ProductStatusBadge } from "~/components/ui/status-badge.tsx";
import { formatDateTime } from "~/kernel/time.ts";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireInstitutionUser } from "~/web/guard.server.ts";
import { loadInstitutionOverview } from "~/modules/institution/overview.server.ts";
import { institutionKindLabel } from "~/kernel/labels.ts";

export const meta: MetaFunction = () => [{ title: "机构管理 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  return json(await loadInstitutionOverview(getDb(), user.institutionId));
}

export default function InstitutionAdminHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <WorkspaceNav area="admin" />
      <PageShell
        title="机构管理"
        subtitle={`${data.institution.name} · ${institutionKindLabel[data.institution.kind]}`}
      >
        <StatGrid
          items={[
            {
              label: "已上架产品",
              value: data.products.PUBLISHED,
              hint: `草稿 ${data.products.DRAFT} · 已下架 ${data.products.RETIRED}`,
            },
            {
              label: "在岗客户经理",
              value: data.officers.active,
              hint: data.officers.inactive > 0 ? `已停用 ${data.officers.inactive}` : undefined,
            },
            { label: "进行中对接", value: data.liveEngagements },
            { label: "超期未决", value: data.overdueEngagements, hint: "超过决策期限仍未给出结论" },
          ]}
        />
        <div className="grid gap-6 md:grid-cols-2">
          <Section title="最近更新的产品">
            {data.recentProducts.length === 0 ? (
              <p className="text-sm text-slate-600">还没有产品。</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {data.recentProducts.map((product) => (
                  <li key={product.id} className="flex items-center justify-between gap-2 py-2">
                    <Link to={`/institution/products/${product.id}`} className="text-brand-700 underline">
                      {product.name}
                    </Link>
                    <span className="flex items-center gap-2 text-xs text-slate-500">
                      <ProductStatusBadge status={product.status} />
                      {formatDateTime(product.updatedAt)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <div className="mt-4 flex flex-wrap gap-3">
              <Link to="/institution/products/new" className="btn-primary">
                新建产品
              </Link>
              <Link to="/institution/products" className="btn-secondary">
                全部产品
              </Link>
            </div>
          </Section>
          <Section title="服务范围与团队">
            <p className="text-sm text-slate-700">
              服务地区：{data.institution.regions.length > 0 ? data.institution.regions.join("、") : "未设置"}
            </p>
            <div className="mt-4 flex flex-wrap gap-3">
              <Link to="/institution/team" className="btn-secondary">
                管理客户经理
              </Link>
              <Link to="/institution/performance" className="btn-secondary">
                查看对接业绩
              </Link>
            </div>
          </Section>
        </div>
      </PageShell>
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
