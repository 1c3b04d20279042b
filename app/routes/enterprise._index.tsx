import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page.tsx";
import { PageShell, Section } from "~/components/page.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireEnterpriseUser } from "~/modules/auth/guard.server.ts";
import { entityTypeLabel, needStatusLabel, purposeCategoryLabel } from "~/modules/labels.ts";
import { formatWanYuan } from "~/modules/money.ts";
import { loadEnterpriseHome } from "~/modules/workspace/role-home.server.ts";

export const meta: MetaFunction = () => [{ title: "企业工作台 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  return json(await loadEnterpriseHome(getDb(), user.enterpriseId));
}

export default function EnterpriseHome() {
  const { enterprise, needs } = useLoaderData<typeof loader>();
  return (
    <PageShell title={enterprise.name} subtitle={`${entityTypeLabel[enterprise.entityType]} · ${enterprise.region.name}`}>
      <Section title="我的融资需求">
        {needs.length === 0 ? (
          <p className="text-sm text-slate-600">您还没有发布融资需求。</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {needs.map((need) => (
              <li key={need.id} className="flex flex-wrap items-baseline justify-between gap-2 py-3">
                <span className="font-medium">
                  {purposeCategoryLabel[need.purposeCategory]} · {formatWanYuan(need.amount)} · {need.termMonths} 个月
                </span>
                <span className="text-sm text-slate-600">
                  {needStatusLabel[need.status]}
                  {need.engagementCount > 0 ? ` · ${need.engagementCount} 家机构对接` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </PageShell>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
