import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page.tsx";
import { PageShell, Section, StatGrid } from "~/components/page.tsx";
import { formatHours, formatMoneyWan, formatPercent } from "~/modules/format.ts";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireInstitutionUser } from "~/web/guard.server.ts";
import { declineReasonLabel } from "~/modules/labels.ts";
import { loadInstitutionPerformance } from "~/modules/institution/performance.server.ts";
import { loadInstitutionKind } from "~/modules/products/products.server.ts";

export const meta: MetaFunction = () => [{ title: "对接业绩 · 机构管理" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const db = getDb();
  const [institution, performance] = await Promise.all([
    loadInstitutionKind(db, user.institutionId),
    loadInstitutionPerformance(db, user.institutionId),
  ]);
  return json({ institutionName: institution.name, ...performance });
}

export default function PerformancePage() {
  const data = useLoaderData<typeof loader>();
  const { totals } = data;
  return (
    <>
      <WorkspaceNav area="admin" />
      <PageShell title="对接业绩" subtitle={`${data.institutionName} · 仅含本机构数据`}>
        <StatGrid
          items={[
            {
              label: "响应时长（中位数）",
              value: formatHours(totals.medianResponseHours),
              hint: "需求发布到本机构发起对接",
            },
            {
              label: "受理率",
              value: formatPercent(totals.acceptanceRate),
              hint: `${totals.accepted} / ${totals.requested} 笔对接`,
            },
            { label: "放款转化率", value: formatPercent(totals.conversionRate), hint: `${totals.disbursed} 笔放款` },
            {
              label: "累计放款",
              value: formatMoneyWan(totals.disbursedAmount),
              hint: `其中首贷户 ${totals.firstLoans} 户`,
            },
            { label: "按期决策率", value: formatPercent(totals.onTimeDecisionRate), hint: "在决策期限内给出结论" },
            { label: "超期未决", value: totals.overdueOpen, hint: "已超决策期限仍在办理" },
          ]}
        />
        <Section title="按月统计（近 12 个月）">
          <div className="overflow-x-auto">
            <table className="w-full min-w-[640px] text-left text-sm">
              <caption className="sr-only">本机构按月对接和放款统计</caption>
              <thead className="text-slate-500">
                <tr>
                  <th scope="col" className="py-2 font-medium">
                    月份
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    发起对接
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    受理
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    未通过
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    响应时长中位数
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    放款笔数
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    放款金额
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums">
                {data.months.map((row) => (
                  <tr key={row.month}>
                    <th scope="row" className="py-2 text-left font-normal">
                      {row.month.replace("-", " 年 ")} 月
                    </th>
                    <td className="py-2 text-right">{row.requested}</td>
                    <td className="py-2 text-right">{row.accepted}</td>
                    <td className="py-2 text-right">{row.declined}</td>
                    <td className="py-2 text-right">{formatHours(row.medianResponseHours)}</td>
                    <td className="py-2 text-right">{row.disbursedCount}</td>
                    <td className="py-2 text-right">{formatMoneyWan(row.disbursedAmount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
        <Section title="未通过原因分布">
          {data.declineReasons.length === 0 ? (
            <p className="text-sm text-slate-600">暂无未通过记录。</p>
          ) : (
            <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              {data.declineReasons.map((row) => (
                <li key={row.reason ?? "none"} className="rounded border border-slate-200 px-3 py-2 text-sm">
                  {row.reason ? declineReasonLabel[row.reason] : "未填写"}：
                  <span className="font-semibold tabular-nums">{row.count}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </PageShell>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
