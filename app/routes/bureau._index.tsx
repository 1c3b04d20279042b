import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ChartFigure, DownloadLinks, FilterForm, ReportDataTable, TargetBar } from "~/components/bureau/bureau-ui.tsx";
import { Section } from "~/components/ui/card.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { StatGrid } from "~/components/ui/stat.tsx";
import { getDb } from "~/infra/db.server.ts";
import { barChart, funnelChart, pieChart } from "~/modules/bureau/charts.server.ts";
import { bureauContext } from "~/web/bureau-context.server.ts";
import { loadDashboard } from "~/modules/bureau/dashboard.server.ts";
import { formatCell } from "~/modules/bureau/format.ts";
import { formatShare, isBorrowerMetric, targetStatusLabel } from "~/modules/bureau/labels.ts";
import { queryAverageRates } from "~/modules/bureau/rates.server.ts";
import { averageRateTable, dashboardTables, splitRegionName } from "~/modules/bureau/tables.ts";
import { listTargetsWithProgress } from "~/modules/bureau/targets.server.ts";
import { entityTypeLabel, ledgerMetricLabel } from "~/kernel/labels.ts";
import { formatWanYuan, yuanToWanNumber } from "~/kernel/money.ts";

export const meta: MetaFunction = () => [{ title: "监测总览 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const context = await bureauContext(db, request);
  const { scope, trees, today, filter } = context;
  const targetRegionIds = scope.region
    ? [scope.region.id]
    : trees.regions.filter((region) => region.depth === 0).map((region) => region.id);
  const [dashboard, averageRates, targets] = await Promise.all([
    loadDashboard(db, scope),
    queryAverageRates(db, scope, trees),
    listTargetsWithProgress(db, trees, filter.period.year, today, {
      regionIds: targetRegionIds,
      institutionIds: scope.institution ? [scope.institution.id] : null,
    }),
  ]);
  const { ledger } = dashboard;
  const charts = {
    funnel: funnelChart(dashboard.funnel.map((step) => ({ label: step.label, count: step.count }))),
    focus: barChart(
      (
        [
          ["放款金额", ledger.total.DISBURSED_AMOUNT.amount],
          ["普惠小微", ledger.total.INCLUSIVE_SMALL_MICRO_AMOUNT.amount],
          ["涉农", ledger.total.AGRI_AMOUNT.amount],
          ["绿色", ledger.total.GREEN_AMOUNT.amount],
          ["海洋", ledger.total.MARINE_AMOUNT.amount],
          ["转移企业", ledger.total.TRANSFER_FIRM_AMOUNT.amount],
        ] as const
      ).map(([label, amount]) => ({ label, value: yuanToWanNumber(amount) })),
      { unit: "万元" },
    ),
    regions: barChart(
      ledger.byRegion.map((entry) => ({
        label: splitRegionName(entry.region, ledger.byRegion),
        value: yuanToWanNumber(entry.metrics.DISBURSED_AMOUNT.amount),
      })),
      { unit: "万元", color: "#2f7ab8" },
    ),
    entityTypes: pieChart(
      ledger.byEntityType.map((entry) => ({
        label: entityTypeLabel[entry.entityType],
        value: yuanToWanNumber(entry.metrics.DISBURSED_AMOUNT.amount),
      })),
    ),
  };
  return json({
    view: context.view,
    problems: context.problems,
    institutionFiltered: scope.institution !== null,
    dashboard,
    // The rate table travels with the others so the page and the downloads list the same tables.
    tables: [...dashboardTables(dashboard), averageRateTable(averageRates)],
    rateTotal: averageRates.total,
    charts,
    targets,
  });
}

export default function BureauDashboard() {
  const { view, problems, institutionFiltered, dashboard, tables, rateTotal, charts, targets } =
    useLoaderData<typeof loader>();
  const { needs, ledger, response, funnel, institutionResponses: asks } = dashboard;
  const table = (id: string) => tables.find((candidate) => candidate.id === id)!;
  const rateTable = table("average-rates");
  const exportHref = (file: string) => `/bureau/export/${file}${view.search}`;
  return (
    <PageShell
      title="银企对接监测总览"
      subtitle={`${view.periodLabel} · ${view.regionName} · ${view.institutionName}${` · 数据截至 ${view.refreshedAt ?? "—"}`}`}
    >
      <FilterForm action="/bureau" values={view.values} options={view.options} />
      {problems.length > 0 ? <Notice tone="warning">{problems.join("；")}</Notice> : null}
      {institutionFiltered ? (
        <Notice>已按机构筛选：需求为与该机构产品匹配或与其对接的需求，各环节与响应时长均为该机构自身的情况。</Notice>
      ) : null}

      <StatGrid
        items={[
          {
            label: "发布需求",
            value: formatCell("count", needs.total.needs),
            hint: `需求金额 ${formatWanYuan(needs.total.amount)}`,
          },
          {
            label: "匹配率",
            value: formatShare(needs.total.matched, needs.total.needs),
            hint: `${needs.total.matched} 笔匹配到产品或有机构对接`,
          },
          {
            label: "机构限时响应率",
            value: formatShare(asks.respondedInTime, asks.due),
            hint: `${asks.respondedInTime}/${asks.due} 次推送按时响应，${asks.unanswered} 次未响应（与机构排名同一口径）`,
          },
          {
            label: "机构首次响应中位数",
            value: asks.medianHours === null ? "—" : `${asks.medianHours.toFixed(1)} 工作小时`,
            hint: `明确不予对接 ${asks.passed} 次`,
          },
          {
            label: "需求按时获首次响应",
            value: formatShare(needs.total.respondedInTime, needs.total.responseDue),
            hint: `${needs.total.respondedInTime}/${needs.total.responseDue} 笔需求；中位 ${response.medianHours === null ? "—" : `${response.medianHours.toFixed(1)} 工作小时`}`,
          },
          { label: "放款金额", value: formatWanYuan(ledger.total.DISBURSED_AMOUNT.amount), hint: "台账净额（含冲正）" },
          { label: "首贷户", value: `${ledger.total.FIRST_LOAN_BORROWER.borrowers} 户` },
          { label: "普惠小微贷款", value: formatWanYuan(ledger.total.INCLUSIVE_SMALL_MICRO_AMOUNT.amount) },
          { label: "普惠小微贷款户数", value: `${ledger.total.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers} 户` },
          ...(
            [
              ["贷款加权平均利率", rateTotal.all],
              ["普惠小微贷款平均利率", rateTotal.inclusive],
            ] as const
          ).map(([label, rate]) => ({
            label,
            value: rate.rate === null ? "—" : `${rate.rate}%`,
            hint: `基于 ${formatWanYuan(rate.amount)}、${rate.loans} 笔放款`,
          })),
        ]}
      />

      <Section title="对接漏斗">
        <div className="grid gap-4 lg:grid-cols-2">
          <ChartFigure
            svg={charts.funnel}
            label={`对接漏斗：${funnel.map((step) => `${step.label} ${step.count}`).join("，")}`}
            caption="按期内发布的需求统计其目前进展"
          />
          <ReportDataTable table={table("funnel")} compact />
        </div>
      </Section>

      <Section title="重点领域贷款">
        <div className="grid gap-4 lg:grid-cols-2">
          <ChartFigure
            svg={charts.focus}
            label="放款、普惠小微、涉农、绿色、海洋、转移企业贷款金额（万元）"
            caption="按台账发生日期统计，单位万元"
          />
          <ReportDataTable table={table("summary")} compact />
        </div>
      </Section>

      <Section title={`${view.period.year}年目标进度`}>
        {targets.length === 0 ? (
          <p className="text-sm text-slate-600">
            {view.regionName}尚未设置{view.period.year}年目标。
            <Link to={`/bureau/targets${view.search}`} className="text-brand-700 underline">
              去设置目标
            </Link>
          </p>
        ) : (
          <ul className="space-y-3" aria-label="目标进度">
            {targets.map((target) => (
              <li key={target.id} className="grid gap-2 sm:grid-cols-[16rem_1fr_10rem] sm:items-center">
                <div className="text-sm">
                  <span className="font-medium">{ledgerMetricLabel[target.metric]}</span>
                  <span className="block text-xs text-slate-500">
                    {target.region.name}
                    {target.institution ? ` · ${target.institution.name}` : ""}
                  </span>
                </div>
                <TargetBar
                  completion={target.completion}
                  elapsed={target.elapsed}
                  label={`${ledgerMetricLabel[target.metric]}目标进度`}
                />
                <div className="text-right text-sm tabular-nums">
                  {isBorrowerMetric(target.metric)
                    ? `${target.actual} / ${Number(target.value)} 户`
                    : `${formatWanYuan(target.actual)} / ${formatWanYuan(target.value)}`}
                  <span
                    className={`block text-xs ${target.status === "BEHIND" || target.status === "MISSED" ? "text-amber-700" : "text-emerald-700"}`}
                  >
                    {targetStatusLabel[target.status]}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="分区域">
        <ChartFigure svg={charts.regions} label="各区域放款金额（万元）" caption="放款金额，单位万元" />
        <div className="mt-3">
          <ReportDataTable table={table("by-region")} />
        </div>
      </Section>

      <Section title="分经营主体类型">
        <div className="grid gap-4 lg:grid-cols-[24rem_minmax(0,1fr)]">
          <ChartFigure svg={charts.entityTypes} label="各类经营主体放款金额占比" caption="放款金额占比" />
          <ReportDataTable table={table("by-entity-type")} />
        </div>
      </Section>

      <Section title="融资成本">
        <p className="mb-3 text-sm text-slate-600">{rateTable.note}</p>
        <ReportDataTable table={rateTable} />
      </Section>

      <Section title="分产品类型与货币政策工具">
        <div className="space-y-4">
          <ReportDataTable table={table("by-product-kind")} />
          <ReportDataTable table={table("by-policy-tool")} />
        </div>
      </Section>

      <Section title="导出">
        <p className="mb-3 text-sm text-slate-600">
          导出当前筛选条件下的数据；金额以元为单位，CSV 为带 BOM 的 UTF-8 编码，可直接用 Excel 打开。
        </p>
        <DownloadLinks
          items={[
            { href: exportHref("dashboard.xlsx"), label: "总览表格（XLSX）" },
            { href: exportHref("dashboard.csv"), label: "总览表格（CSV）" },
            { href: exportHref("ledger.xlsx"), label: "台账明细（XLSX）" },
            { href: exportHref("ledger.csv"), label: "台账明细（CSV）" },
          ]}
        />
      </Section>
    </PageShell>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
