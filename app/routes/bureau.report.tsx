import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import {
  ChartFigure,
  MONTH_OPTIONS,
  ReportDataTable,
  TreeSelect,
  yearOptions,
} from "~/components/bureau/bureau-ui.tsx";
import printStyles from "~/components/bureau/report-print.css";
import { BulletList, Section } from "~/components/ui/card.tsx";
import { DataTable } from "~/components/ui/data-table.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { getDb } from "~/infra/db.server.ts";
import { barChart, funnelChart } from "~/modules/bureau/charts.server.ts";
import { bureauContext } from "~/web/bureau-context.server.ts";
import { loadDashboard } from "~/modules/bureau/dashboard.server.ts";
import { formatShare, isBorrowerMetric, targetStatusLabel } from "~/modules/bureau/labels.ts";
import { deadlineKindLabel, ledgerMetricLabel } from "~/kernel/labels.ts";
import { listOverdue } from "~/modules/bureau/overdue.server.ts";
import { monthPeriod } from "~/modules/bureau/period.ts";
import { shanghaiToday } from "~/kernel/time.ts";
import { loadInstitutionRanking } from "~/modules/bureau/ranking.server.ts";
import { resolveScope } from "~/modules/bureau/scope.server.ts";
import { dashboardTables, rankingTable } from "~/modules/bureau/tables.ts";
import { checkTwoIncreases, listTargetsWithProgress } from "~/modules/bureau/targets.server.ts";
import { formatWanYuan, yuanToWanNumber } from "~/kernel/money.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStyles }];

export const meta: MetaFunction = () => [{ title: "月度报告 · 揭阳银企融资对接平台" }];

/** The report is always one calendar month; by default the last complete month. */
function reportMonth(params: URLSearchParams, today: string): { year: number; month: number } {
  const year = Number(params.get("year"));
  const month = Number(params.get("month"));
  if (params.get("period") === "month" && year >= 2000 && year <= 2100 && month >= 1 && month <= 12)
    return { year, month };
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  return m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const context = await bureauContext(db, request);
  const { year, month } = reportMonth(new URL(request.url).searchParams, context.today);
  const period = monthPeriod(year, month);
  const filter = { ...context.filter, period, institutionCode: null };
  const { scope } = resolveScope(context.trees, filter);
  const monthEnd = period.lastDay < context.today ? period.lastDay : context.today;
  const [dashboard, ranking, targets, twoIncreases, overdue] = await Promise.all([
    loadDashboard(db, scope),
    loadInstitutionRanking(db, scope, context.trees.institutions, "BANK"),
    listTargetsWithProgress(db, context.trees, year, monthEnd, { regionIds: scope.region ? [scope.region.id] : null }),
    checkTwoIncreases(db, { regionIds: scope.regionIds, institutionIds: null }, year, monthEnd),
    listOverdue(db, { regionIds: scope.regionIds, institutionIds: null, kind: null, page: 1 }),
  ]);
  const tables = dashboardTables(dashboard);
  // Ranked institutions first, then those with too few requests to rank; the circular lists ten.
  const top = rankingTable({ rows: ranking.rows.slice(0, 10) });
  const REPORT_REGION_COLUMNS = [
    "name",
    "needs",
    "needAmount",
    "matchedShare",
    "inTimeShare",
    "disbursed",
    "firstLoan",
    "inclusiveAmount",
    "agri",
  ];
  const regionTable = tables.find((table) => table.id === "by-region")!;
  const compactRegionTable = {
    ...regionTable,
    columns: regionTable.columns.filter((column) => REPORT_REGION_COLUMNS.includes(column.key)),
  };
  return json({
    title: `${scope.region?.name ?? "全市"}银企融资对接工作月报`,
    periodLabel: period.label,
    month: { year, month },
    regionCode: scope.region?.code ?? "",
    regionOptions: context.view.options.regions,
    refreshedAt: context.view.refreshedAt,
    generatedOn: shanghaiToday(),
    dashboard,
    funnelTable: tables.find((table) => table.id === "funnel")!,
    summaryTable: tables.find((table) => table.id === "summary")!,
    regionTable: compactRegionTable,
    rankingTable: top,
    best: ranking.best.map((item) => ({ name: item.institution.name, evidence: item.evidence })),
    worst: ranking.worst.map((item) => ({ name: item.institution.name, evidence: item.evidence })),
    targets,
    twoIncreases,
    overdueTotal: overdue.total,
    overdueOldest: overdue.items.slice(0, 10),
    charts: {
      funnel: funnelChart(
        dashboard.funnel.map((step) => ({ label: step.label, count: step.count })),
        620,
        260,
      ),
      regions: barChart(
        dashboard.ledger.byRegion.map((entry) => ({
          label: entry.region.name,
          value: yuanToWanNumber(entry.metrics.DISBURSED_AMOUNT.amount),
        })),
        { unit: "万元", width: 620 },
      ),
    },
  });
}

/** A numbered part of the report; print styles (report-print.css) lay these out on A4. */
function ReportSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Section title={title} className="report-section" bodyClassName="mt-3 space-y-3 text-sm leading-6">
      {children}
    </Section>
  );
}

/** Institutions singled out, each with the figures behind it; nothing when there are none. */
function Standouts({ title, items }: { title: string; items: { name: string; evidence: string[] }[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <p className="font-medium">{title}</p>
      <BulletList items={items.map((item) => `${item.name}：${item.evidence.join("；")}。`)} />
    </div>
  );
}

export default function BureauReport() {
  const data = useLoaderData<typeof loader>();
  const { dashboard, twoIncreases } = data;
  const { needs, ledger, response } = dashboard;
  return (
    <main className="report-page mx-auto w-full max-w-4xl space-y-5 px-4 py-6">
      <Form method="get" className="card flex flex-wrap items-end gap-3 print:hidden" aria-label="选择报告月份">
        <input type="hidden" name="period" value="month" />
        <SelectField
          id="report-year"
          name="year"
          label="年度"
          options={yearOptions(Array.from({ length: 5 }, (_, index) => Number(data.generatedOn.slice(0, 4)) - index))}
          defaultValue={data.month.year}
        />
        <SelectField
          id="report-month"
          name="month"
          label="月份"
          options={MONTH_OPTIONS}
          defaultValue={data.month.month}
        />
        <TreeSelect name="region" id="report-region" defaultValue={data.regionCode} nodes={data.regionOptions} />
        <button type="submit" className="btn-primary">
          生成报告
        </button>
        <button type="button" className="btn-secondary" onClick={() => window.print()}>
          打印 / 另存为 PDF
        </button>
      </Form>

      <header className="text-center">
        <h1 className="text-2xl font-bold tracking-wide text-slate-900">{data.title}</h1>
        <p className="mt-1 text-sm text-slate-600">
          （{data.periodLabel}） · 数据截至 {data.refreshedAt ?? "—"} · 揭阳市地方金融工作局
        </p>
      </header>

      {needs.total.needs === 0 && ledger.total.DISBURSED_AMOUNT.amount === "0.00" ? (
        <Notice>本月暂无对接数据。</Notice>
      ) : null}

      <ReportSection title="一、总体情况">
        <p>
          本月平台共发布融资需求 <strong>{needs.total.needs}</strong> 笔，需求金额{" "}
          <strong>{formatWanYuan(needs.total.amount)}</strong>； 其中匹配到金融产品 {needs.total.matched} 笔（匹配率{" "}
          {formatShare(needs.total.matched, needs.total.needs)}）， 按时获得首次响应 {needs.total.respondedInTime}{" "}
          笔（限时响应率 {formatShare(needs.total.respondedInTime, needs.total.responseDue)}）， 首次响应时长中位数{" "}
          {response.medianHours === null ? "—" : `${response.medianHours.toFixed(1)} 个工作小时`}。
        </p>
        <p>
          本月金融机构通过平台放款 <strong>{formatWanYuan(ledger.total.DISBURSED_AMOUNT.amount)}</strong>，新增首贷户{" "}
          <strong>{ledger.total.FIRST_LOAN_BORROWER.borrowers}</strong> 户；普惠型小微企业贷款{" "}
          {formatWanYuan(ledger.total.INCLUSIVE_SMALL_MICRO_AMOUNT.amount)}、
          {ledger.total.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers} 户；涉农贷款{" "}
          {formatWanYuan(ledger.total.AGRI_AMOUNT.amount)}，绿色贷款 {formatWanYuan(ledger.total.GREEN_AMOUNT.amount)}
          ，海洋经济贷款 {formatWanYuan(ledger.total.MARINE_AMOUNT.amount)}，转移企业贷款{" "}
          {formatWanYuan(ledger.total.TRANSFER_FIRM_AMOUNT.amount)}。
        </p>
        <ReportDataTable table={data.summaryTable} compact />
      </ReportSection>

      <ReportSection title="二、对接转化">
        <ChartFigure svg={data.charts.funnel} label="本月对接漏斗" />
        <ReportDataTable table={data.funnelTable} compact />
      </ReportSection>

      <ReportSection title="三、分区域情况">
        <ChartFigure svg={data.charts.regions} label="各区域放款金额（万元）" />
        <ReportDataTable table={data.regionTable} />
      </ReportSection>

      <ReportSection title={`四、${data.month.year}年目标进度与“两增”`}>
        {data.targets.length === 0 ? (
          <p>尚未设置年度目标。</p>
        ) : (
          <DataTable
            caption={`${data.month.year}年目标进度`}
            variant="ruled"
            dense
            dataTable="report-targets"
            rows={data.targets}
            rowKey={(target) => target.id}
            columns={[
              { key: "metric", header: "指标", rowHeader: true, cell: (target) => ledgerMetricLabel[target.metric] },
              {
                key: "scope",
                header: "区域 / 机构",
                cell: (target) => `${target.region.name}${target.institution ? ` · ${target.institution.name}` : ""}`,
              },
              {
                key: "target",
                header: "目标",
                numeric: true,
                cell: (target) =>
                  isBorrowerMetric(target.metric) ? `${Number(target.value)} 户` : formatWanYuan(target.value),
              },
              {
                key: "actual",
                header: "累计完成",
                numeric: true,
                cell: (target) =>
                  isBorrowerMetric(target.metric) ? `${target.actual} 户` : formatWanYuan(target.actual),
              },
              {
                key: "completion",
                header: "完成率 / 序时进度",
                numeric: true,
                cell: (target) => `${(target.completion * 100).toFixed(1)}% / ${(target.elapsed * 100).toFixed(1)}%`,
              },
              { key: "status", header: "状态", cell: (target) => targetStatusLabel[target.status] },
            ]}
          />
        )}
        <p>
          “两增”：普惠型小微企业贷款本年新增 {formatWanYuan(twoIncreases.inclusive.addedThisYear)}，增速{" "}
          {twoIncreases.inclusive.growth === null
            ? "—（无年初基数）"
            : `${(twoIncreases.inclusive.growth * 100).toFixed(2)}%`}
          ，各项放款增速{" "}
          {twoIncreases.allLoans.growth === null
            ? "—（无年初基数）"
            : `${(twoIncreases.allLoans.growth * 100).toFixed(2)}%`}
          ，
          {twoIncreases.growthPass === null
            ? "暂无法判断增速是否达标"
            : twoIncreases.growthPass
              ? "增速达标"
              : "增速未达标"}
          ； 普惠小微贷款户数由年初 {twoIncreases.borrowers.atStart} 户变为 {twoIncreases.borrowers.atEnd} 户，
          {twoIncreases.borrowersPass ? "户数达标" : "户数未达标"}。
        </p>
      </ReportSection>

      <ReportSection title="五、金融机构表现">
        <Standouts title="表现突出：" items={data.best} />
        <Standouts title="有待改进：" items={data.worst} />
        <ReportDataTable table={data.rankingTable} />
      </ReportSection>

      <ReportSection title="六、超期未办结情况">
        <p>
          截至报告生成日（{data.generatedOn}），共有 {data.overdueTotal} 项超过响应或审批时限仍未办结
          {data.overdueOldest.length > 0 ? "，超期最久的如下" : ""}。
        </p>
        {data.overdueOldest.length > 0 ? (
          <ol className="list-decimal pl-5">
            {data.overdueOldest.map((item) => (
              <li key={`${item.needId}-${item.kind}`}>
                {item.borrower}（{item.region}，{formatWanYuan(item.amount)}）：
                {deadlineKindLabel[item.kind]}超期 {item.ageWorkingDays} 个工作日
                {item.engagementInstitution
                  ? `，经办机构 ${item.engagementInstitution}`
                  : item.institutions.length > 0
                    ? `，涉及 ${item.institutions.join("、")}`
                    : ""}
              </li>
            ))}
          </ol>
        ) : null}
      </ReportSection>

      <p className="text-center text-xs text-slate-500">
        口径说明：需求按发布日期统计其当前进展；金额与户数取自目标台账（按放款决定日期，含更正冲销）；工作日按国务院节假日安排计算。
      </p>
    </main>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
