/**
 * Building blocks of the bureau console pages: the section navigation, the GET filter form (works without
 * JavaScript; every control labelled), tables rendered from ReportTable data, server-rendered SVG charts and target
 * progress bars.
 */
import { Form, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { DataTable, type Column } from "~/components/ui/data-table.tsx";
import { currentPath, SectionNav } from "~/components/ui/section-nav.tsx";
import { SelectField, treeOptions } from "~/components/ui/select-field.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
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
  const path = currentPath(useLocation().pathname);
  return (
    <SectionNav
      label="监测功能"
      className="print:hidden"
      items={NAV_ITEMS.map((item) => ({
        to: `${item.to}${search}`,
        label: item.label,
        active: item.end ? path === item.to : path === item.to || path.startsWith(`${item.to}/`),
      }))}
    />
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

/**
 * The frame of a console filter: a plain GET form, so submitting it reloads the page with the filter in the
 * address (shareable, no JS needed); 重置 goes back to the page without one.
 */
export function FilterPanel({
  action,
  label = "筛选条件",
  grid,
  note,
  className,
  children,
}: {
  action: string;
  /** Extra classes on the form (the period filter's CSS hooks). */
  className?: string;
  /** The form's accessible name. */
  label?: string;
  /** The classes laying out the controls. */
  grid: string;
  note?: string;
  children: ReactNode;
}) {
  return (
    <Form method="get" action={action} className={`card print:hidden ${className ?? ""}`} aria-label={label}>
      <fieldset>
        <legend className="text-base font-semibold text-slate-900">筛选条件</legend>
        <div className={`mt-3 grid ${grid}`}>{children}</div>
        {note ? <p className="mt-2 text-xs text-slate-500">{note}</p> : null}
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

const TREES = {
  region: { label: "区域", placeholder: "全部区域" },
  institution: { label: "金融机构", placeholder: "全部机构" },
} as const;

/** The 区域 or 金融机构 picker: the region or institution tree, each name indented by its level. */
export function TreeSelect({
  id,
  name,
  label = TREES[name].label,
  defaultValue,
  nodes,
  className,
}: {
  id: string;
  name: keyof typeof TREES;
  label?: string;
  defaultValue: string;
  nodes: readonly { code: string; name: string; depth: number }[];
  className?: string;
}) {
  return (
    <SelectField
      id={id}
      name={name}
      label={label}
      placeholder={TREES[name].placeholder}
      options={treeOptions(nodes)}
      defaultValue={defaultValue}
      className={className}
    />
  );
}

const PERIODS = [
  { value: "month", label: "按月" },
  { value: "quarter", label: "按季度" },
  { value: "year", label: "按年" },
  { value: "custom", label: "自定义日期" },
];

/** "1月" … "12月". */
export const MONTH_OPTIONS = Array.from({ length: 12 }, (_, index) => ({ value: index + 1, label: `${index + 1}月` }));

/** "2026年" for each year given. */
export const yearOptions = (years: readonly number[]) => years.map((year) => ({ value: year, label: `${year}年` }));

/** Says, to screen readers only, when a control of the filter applies. */
const when = (label: string, note: string) => (
  <>
    {label}
    <span className="sr-only">（{note}）</span>
  </>
);

/** The period, region and institution filter shared by the console pages. */
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
  const wide = "col-span-2 md:col-span-1 lg:col-span-1";
  return (
    <FilterPanel
      action={action}
      className="period-filter"
      grid="grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8"
      note="按月使用“年度 + 月份”，按季度使用“年度 + 季度”，按年使用“年度”，自定义使用起止日期（含截止日）。区域含下辖区县和园区，机构含其分支机构。"
    >
      <SelectField
        id="filter-period"
        name="period"
        label="统计周期"
        options={PERIODS}
        defaultValue={values.period}
        className={wide}
      />
      <SelectField
        id="filter-year"
        name="year"
        label="年度"
        className="period-year"
        options={yearOptions(options.years)}
        defaultValue={values.year}
      />
      <SelectField
        id="filter-quarter"
        name="quarter"
        label={when("季度", "统计周期为按季度时使用")}
        className="period-quarter"
        options={[1, 2, 3, 4].map((quarter) => ({ value: quarter, label: `第${quarter}季度` }))}
        defaultValue={values.quarter}
      />
      <SelectField
        id="filter-month"
        name="month"
        label={when("月份", "统计周期为按月时使用")}
        className="period-month"
        options={MONTH_OPTIONS}
        defaultValue={values.month}
      />
      <TextField
        id="filter-from"
        name="from"
        type="date"
        label={when("起始日期", "自定义日期时使用")}
        className="period-custom"
        defaultValue={values.from}
      />
      <TextField
        id="filter-to"
        name="to"
        type="date"
        label={when("截止日期", "自定义日期时使用，含当日")}
        className="period-custom"
        defaultValue={values.to}
      />
      <TreeSelect
        id="filter-region"
        name="region"
        defaultValue={values.region}
        nodes={options.regions}
        className={wide}
      />
      {showInstitution ? (
        <TreeSelect
          name="institution"
          id="filter-institution"
          defaultValue={values.institution}
          nodes={options.institutions}
          className={wide}
        />
      ) : null}
      {extra}
    </FilterPanel>
  );
}

type ReportRow = ReportTable["rows"][number];

/** A ReportTable on the page: amounts in 万元 (the header says so), the first column naming the row. */
export function ReportDataTable({
  table,
  caption,
  compact = false,
}: {
  table: ReportTable;
  caption?: string;
  compact?: boolean;
}) {
  const keyValue = Boolean(table.rowKinds);
  const columns: Column<ReportRow>[] = table.columns.map((column, columnIndex) => ({
    key: column.key,
    header: keyValue ? column.label : pageColumnLabel(column.label, column.kind),
    headerClassName: `whitespace-nowrap ${column.kind === "text" ? "" : "text-right"}`,
    rowHeader: columnIndex === 0,
    className: (_row, rowIndex) => {
      if (columnIndex === 0) return "whitespace-nowrap text-slate-800";
      const kind = cellKind(table, column, rowIndex);
      return `whitespace-nowrap tabular-nums ${kind === "text" && !keyValue ? "" : "text-right"}`;
    },
    cell: (row, rowIndex) => {
      const kind = cellKind(table, column, rowIndex);
      const value = row[column.key] ?? null;
      return keyValue && column.key === "value" ? formatValueWithUnit(kind, value) : formatCell(kind, value);
    },
  }));
  return (
    <>
      <DataTable
        caption={caption ?? table.title}
        columns={columns}
        rows={table.rows}
        rowKey={(_row, index) => String(index)}
        variant="ruled"
        dense
        className={compact ? undefined : "min-w-[32rem]"}
        rowClassName="even:bg-slate-50/50"
        dataTable={table.id}
        emptyRow="暂无数据。"
        // Wide tables (regions, policy tools, ranking) scroll inside their card instead of being cut by it.
        wrapperClassName="min-w-0 max-w-full overflow-x-auto"
      />
      {table.note ? <p className="mt-1 text-xs text-slate-500">{table.note}</p> : null}
    </>
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
