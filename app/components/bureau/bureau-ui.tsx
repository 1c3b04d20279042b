/**
 * Building blocks of the bureau console pages: the section navigation, the GET filter form (works without
 * JavaScript; every control labelled), tables rendered from ReportTable data, server-rendered SVG charts and target
 * progress bars.
 */
import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatCell, formatValueWithUnit, pageColumnLabel } from "~/modules/bureau/format.ts";
import { cellKind, type ReportTable } from "~/modules/bureau/tables.ts";

const NAV_ITEMS = [
  { to: "/bureau", label: "监测总览", end: true },
  { to: "/bureau/targets", label: "目标管理", end: false },
  { to: "/bureau/ranking", label: "机构排名", end: false },
  { to: "/bureau/overdue", label: "超期清单", end: false },
  { to: "/bureau/report", label: "月度报告", end: false },
] as const;

export function BureauNav({ search = "" }: { search?: string }) {
  return (
    <nav aria-label="监测功能" className="border-b border-slate-200 bg-white print:hidden">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-4">
        {NAV_ITEMS.map((item) => (
          <li key={item.to}>
            <NavLink
              to={`${item.to}${search}`}
              end={item.end}
              className={({ isActive }) =>
                `inline-flex min-h-[44px] items-center border-b-2 px-3 text-sm ${
                  isActive
                    ? "border-brand-700 font-semibold text-brand-800"
                    : "border-transparent text-slate-600 hover:text-brand-800"
                }`
              }
            >
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface FilterOptions {
  regions: { code: string; name: string; depth: number }[];
  institutions: { code: string; name: string; depth: number; kind: string }[];
  years: number[];
}

export interface FilterValues {
  period: string;
  year: number;
  quarter: number;
  month: number;
  from: string;
  to: string;
  region: string;
  institution: string;
}

const indent = (depth: number) => "\u3000".repeat(depth);

/** A plain GET form: submitting it reloads the page with the filter in the address (shareable, no JS needed). */
export function FilterForm({
  action,
  values,
  options,
  showInstitution = true,
  extra,
}: {
  action: string;
  values: FilterValues;
  options: FilterOptions;
  showInstitution?: boolean;
  extra?: ReactNode;
}) {
  return (
    <Form method="get" action={action} className="card print:hidden" aria-label="筛选条件">
      <fieldset>
        <legend className="text-base font-semibold text-slate-900">筛选条件</legend>
        <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8">
          <div className="col-span-2 md:col-span-1 lg:col-span-1">
            <label htmlFor="filter-period" className="field-label">
              统计周期
            </label>
            <select id="filter-period" name="period" defaultValue={values.period} className="field-input">
              <option value="month">按月</option>
              <option value="quarter">按季度</option>
              <option value="year">按年</option>
              <option value="custom">自定义日期</option>
            </select>
          </div>
          <div>
            <label htmlFor="filter-year" className="field-label">
              年度
            </label>
            <select id="filter-year" name="year" defaultValue={values.year} className="field-input">
              {options.years.map((year) => (
                <option key={year} value={year}>
                  {year}年
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-quarter" className="field-label">
              季度<span className="sr-only">（统计周期为按季度时使用）</span>
            </label>
            <select id="filter-quarter" name="quarter" defaultValue={values.quarter} className="field-input">
              {[1, 2, 3, 4].map((quarter) => (
                <option key={quarter} value={quarter}>
                  第{quarter}季度
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-month" className="field-label">
              月份<span className="sr-only">（统计周期为按月时使用）</span>
            </label>
            <select id="filter-month" name="month" defaultValue={values.month} className="field-input">
              {Array.from({ length: 12 }, (_, index) => index + 1).map((month) => (
                <option key={month} value={month}>
                  {month}月
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-from" className="field-label">
              起始日期<span className="sr-only">（自定义日期时使用）</span>
            </label>
            <input id="filter-from" name="from" type="date" defaultValue={values.from} className="field-input" />
          </div>
          <div>
            <label htmlFor="filter-to" className="field-label">
              截止日期<span className="sr-only">（自定义日期时使用，含当日）</span>
            </label>
            <input id="filter-to" name="to" type="date" defaultValue={values.to} className="field-input" />
          </div>
          <div className="col-span-2 md:col-span-1 lg:col-span-1">
            <label htmlFor="filter-region" className="field-label">
              区域
            </label>
            <select id="filter-region" name="region" defaultValue={values.region} className="field-input">
              <option value="">全部区域</option>
              {options.regions.map((region) => (
                <option key={region.code} value={region.code}>
                  {indent(region.depth)}
                  {region.name}
                </option>
              ))}
            </select>
          </div>
          {showInstitution ? (
            <div className="col-span-2 md:col-span-1 lg:col-span-1">
              <label htmlFor="filter-institution" className="field-label">
                金融机构
              </label>
              <select
                id="filter-institution"
                name="institution"
                defaultValue={values.institution}
                className="field-input"
              >
                <option value="">全部机构</option>
                {options.institutions.map((institution) => (
                  <option key={institution.code} value={institution.code}>
                    {indent(institution.depth)}
                    {institution.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {extra}
        </div>
        <p className="mt-2 text-xs text-slate-500">
          按月使用“年度 + 月份”，按季度使用“年度 +
          季度”，按年使用“年度”，自定义使用起止日期（含截止日）。区域含下辖区县和园区，机构含其分支机构。
        </p>
        <div className="mt-3 flex flex-wrap gap-3">
          <button type="submit" className="btn-primary">
            查询
          </button>
          <a href={action} className="btn-secondary">
            重置
          </a>
        </div>
      </fieldset>
    </Form>
  );
}

export function DataTable({
  table,
  caption,
  compact = false,
}: {
  table: ReportTable;
  caption?: string;
  compact?: boolean;
}) {
  const keyValue = Boolean(table.rowKinds);
  return (
    <div className="overflow-x-auto">
      <table className={`w-full border-collapse text-sm ${compact ? "" : "min-w-[32rem]"}`} data-table={table.id}>
        <caption className="sr-only">{caption ?? table.title}</caption>
        <thead>
          <tr className="border-b border-slate-300 bg-slate-50 text-left text-slate-700">
            {table.columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={`whitespace-nowrap px-2 py-2 font-medium ${column.kind === "text" ? "" : "text-right"}`}
              >
                {keyValue ? column.label : pageColumnLabel(column.label, column.kind)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length} className="px-2 py-3 text-slate-500">
                暂无数据。
              </td>
            </tr>
          ) : (
            table.rows.map((row, rowIndex) => (
              <tr key={rowIndex} className="border-b border-slate-100 even:bg-slate-50/50">
                {table.columns.map((column, columnIndex) => {
                  const kind = cellKind(table, column, rowIndex);
                  const value = row[column.key] ?? null;
                  const text =
                    keyValue && column.key === "value" ? formatValueWithUnit(kind, value) : formatCell(kind, value);
                  return columnIndex === 0 ? (
                    <th
                      key={column.key}
                      scope="row"
                      className="whitespace-nowrap px-2 py-1.5 text-left font-normal text-slate-800"
                    >
                      {text}
                    </th>
                  ) : (
                    <td
                      key={column.key}
                      data-column={column.key}
                      className={`whitespace-nowrap px-2 py-1.5 tabular-nums ${kind === "text" && !keyValue ? "" : "text-right"}`}
                    >
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A server-rendered ECharts SVG. The numbers are in the table next to it, so the SVG is summarised, not read out. */
export function ChartFigure({ svg, label, caption }: { svg: string; label: string; caption?: string }) {
  return (
    <figure className="overflow-x-auto">
      <div
        role="img"
        aria-label={label}
        className="[&_svg]:h-auto [&_svg]:max-w-full"
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      {caption ? <figcaption className="mt-1 text-xs text-slate-500">{caption}</figcaption> : null}
    </figure>
  );
}

/**
 * Progress toward a target with the share of the year passed (序时进度) marked on the same bar. Uses <meter>-like
 * semantics via role="progressbar" so screen readers announce the completion.
 */
export function TargetBar({ completion, elapsed, label }: { completion: number; elapsed: number; label: string }) {
  const width = Math.max(0, Math.min(1, completion)) * 100;
  const marker = Math.max(0, Math.min(1, elapsed)) * 100;
  const behind = completion < elapsed;
  return (
    <div className="w-full min-w-[10rem]">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(completion * 1000) / 10}
        aria-valuetext={`完成 ${(completion * 100).toFixed(1)}%，序时进度 ${(elapsed * 100).toFixed(1)}%`}
        className="relative h-3 rounded bg-slate-200 print:border print:border-slate-400"
      >
        <div className={`h-3 rounded ${behind ? "bg-amber-500" : "bg-brand-600"}`} style={{ width: `${width}%` }} />
        <div
          className="absolute -top-1 h-5 w-0.5 bg-accent-600"
          style={{ left: `calc(${marker}% - 1px)` }}
          title="序时进度"
        />
      </div>
      <div className="mt-1 flex justify-between text-xs text-slate-600">
        <span>完成 {(completion * 100).toFixed(1)}%</span>
        <span>序时进度 {(elapsed * 100).toFixed(1)}%</span>
      </div>
    </div>
  );
}

export function Notice({
  children,
  tone = "info",
}: {
  children: ReactNode;
  tone?: "info" | "warning" | "success" | "error";
}) {
  const styles = {
    info: "border-brand-100 bg-brand-50 text-brand-900",
    warning: "border-amber-200 bg-amber-50 text-amber-900",
    success: "border-emerald-200 bg-emerald-50 text-emerald-900",
    error: "border-red-200 bg-red-50 text-red-900",
  } as const;
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-4 py-3 text-sm ${styles[tone]}`}>
      {children}
    </div>
  );
}

export function DownloadLinks({ items }: { items: { href: string; label: string }[] }) {
  return (
    <ul className="flex flex-wrap gap-2 print:hidden" aria-label="下载">
      {items.map((item) => (
        <li key={item.href}>
          <a href={item.href} download className="btn-secondary min-h-[40px] px-3 text-sm">
            {item.label}
          </a>
        </li>
      ))}
    </ul>
  );
}
