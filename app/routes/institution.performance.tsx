import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Section } from "~/components/ui/card.tsx";
import { DataTable } from "~/components/ui/data-table.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { CountList, StatGrid } from "~/components/ui/stat.tsx";
import { formatMoneyWan } from "~/kernel/money.ts";
import { formatPercent } from "~/kernel/rate.ts";
import { formatHours } from "~/kernel/time.ts";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireInstitutionUser } from "~/web/guard.server.ts";
import { loadInstitutionPerformance } from "~/modules/institution/performance.server.ts";
import { loadInstitutionKind } from "~/modules/products/products.server.ts";
import { declineReasonLabel } from "~/kernel/labels.ts";

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
          <DataTable
            caption="本机构按月对接和放款统计"
            className="min-w-[640px]"
            rows={data.months}
            rowKey={(row) => row.month}
            columns={[
              { key: "month", header: "月份", rowHeader: true, cell: (row) => `${row.month.replace("-", " 年 ")} 月` },
              { key: "requested", header: "发起对接", numeric: true, cell: (row) => row.requested },
              { key: "accepted", header: "受理", numeric: true, cell: (row) => row.accepted },
              { key: "declined", header: "未通过", numeric: true, cell: (row) => row.declined },
              {
                key: "response",
                header: "响应时长中位数",
                numeric: true,
                cell: (row) => formatHours(row.medianResponseHours),
              },
              { key: "disbursedCount", header: "放款笔数", numeric: true, cell: (row) => row.disbursedCount },
              {
                key: "disbursedAmount",
                header: "放款金额",
                numeric: true,
                cell: (row) => formatMoneyWan(row.disbursedAmount),
              },
            ]}
          />
        </Section>
        <Section title="未通过原因分布">
          <CountList
            empty="暂无未通过记录。"
            rows={data.declineReasons.map((row) => ({
              key: row.reason ?? "none",
              label: row.reason ? declineReasonLabel[row.reason] : "未填写",
              count: row.count,
            }))}
          />
        </Section>
      </PageShell>
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
