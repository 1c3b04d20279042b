/**
 * The 两增 check on reported balances with its inputs: the scope's sum, month by month, per region and per bank. A
 * bank that did not report a month is named as missing, and its cells say so instead of showing zero.
 */
import type { ReactNode } from "react";
import { Badge } from "~/components/ui/badge.tsx";
import { DataTable } from "~/components/ui/data-table.tsx";
import { formatWanYuan } from "~/kernel/money.ts";
import type {
  InstitutionTwoIncreases,
  TwoIncreasesSum,
  TwoIncreasesView,
} from "~/modules/balances/two-increases.server.ts";

type Check = Pick<
  TwoIncreasesSum,
  "base" | "current" | "inclusiveGrowth" | "totalGrowth" | "growthPass" | "borrowersPass"
>;

const percent = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(2)}%`);

export function PassBadge({ pass, unknown }: { pass: boolean | null; unknown: string }): ReactNode {
  return (
    <Badge tone={pass === null ? "muted" : pass ? "success" : "danger"}>
      {pass === null ? unknown : pass ? "达标" : "未达标"}
    </Badge>
  );
}

function unknownOf(check: Check): string {
  if (!check.base) return "无年初基数";
  if (!check.current) return "当月缺报";
  return "年初基数为 0";
}

function missingText(sum: TwoIncreasesSum): string {
  if (sum.missing.length === 0) return "";
  const names = (reason: "NO_BASE" | "NOT_REPORTED") =>
    sum.missing.filter((missing) => missing.reason === reason).map((missing) => missing.name);
  const parts = [];
  if (names("NOT_REPORTED").length) parts.push(`当月缺报：${names("NOT_REPORTED").join("、")}`);
  if (names("NO_BASE").length) parts.push(`无年初基数：${names("NO_BASE").join("、")}`);
  return `未计入 ${sum.missing.length} 家（${parts.join("；")}）`;
}

const checkColumns = <T extends Check>() => [
  {
    key: "inclusive",
    header: "普惠小微余额：年初 → 当月（增速）",
    numeric: true,
    cell: (row: T) =>
      row.current && row.base
        ? `${formatWanYuan(row.base.inclusive)} → ${formatWanYuan(row.current.inclusive)}（${percent(row.inclusiveGrowth)}）`
        : row.current
          ? `— → ${formatWanYuan(row.current.inclusive)}`
          : "缺报",
  },
  {
    key: "total",
    header: "各项贷款余额：年初 → 当月（增速）",
    numeric: true,
    cell: (row: T) =>
      row.current && row.base
        ? `${formatWanYuan(row.base.total)} → ${formatWanYuan(row.current.total)}（${percent(row.totalGrowth)}）`
        : row.current
          ? `— → ${formatWanYuan(row.current.total)}`
          : "缺报",
  },
  {
    key: "growth",
    header: "增速",
    cell: (row: T) => <PassBadge pass={row.growthPass} unknown={unknownOf(row)} />,
  },
  {
    key: "borrowers",
    header: "普惠小微户数：年初 → 当月",
    numeric: true,
    cell: (row: T) => `${row.base ? row.base.borrowers : "—"} → ${row.current ? row.current.borrowers : "缺报"}`,
  },
  {
    key: "borrowersPass",
    header: "户数",
    cell: (row: T) => <PassBadge pass={row.borrowersPass} unknown={unknownOf(row)} />,
  },
];

export function TwoIncreasesPanel({ view }: { view: TwoIncreasesView }) {
  const { city } = view;
  return (
    <div className="grid gap-4" data-two-increases={view.month}>
      <p className="text-sm text-slate-700">
        <strong>{city.label}</strong>，{view.month} 月末，计入 {city.counted} 家银行：增速{" "}
        <PassBadge pass={city.growthPass} unknown={unknownOf(city)} />
        ，户数 <PassBadge pass={city.borrowersPass} unknown={unknownOf(city)} />
        {city.missing.length ? <span className="block text-xs text-amber-700">{missingText(city)}</span> : null}
      </p>
      <DataTable
        caption={`${view.year}年逐月“两增”（${city.label}）`}
        variant="ruled"
        dense
        wrapperClassName="overflow-x-auto"
        className="min-w-[56rem]"
        dataTable="two-increases-months"
        rows={view.series}
        rowKey={(row) => row.month}
        columns={[
          { key: "month", header: "月份", rowHeader: true, cell: (row) => row.month },
          ...checkColumns<(typeof view.series)[number]>(),
          {
            key: "counted",
            header: "计入 / 未计入",
            cell: (row) => `${row.counted} 家${row.missing.length ? ` / ${missingText(row)}` : ""}`,
          },
        ]}
      />
      <DataTable
        caption={`${view.month} 分区域（按报送机构所在地）`}
        variant="ruled"
        dense
        wrapperClassName="overflow-x-auto"
        className="min-w-[56rem]"
        dataTable="two-increases-regions"
        rows={view.regions}
        rowKey={(row) => row.label}
        columns={[
          { key: "region", header: "区域", rowHeader: true, cell: (row) => row.label },
          ...checkColumns<TwoIncreasesSum>(),
          {
            key: "counted",
            header: "计入",
            cell: (row) => `${row.counted} 家${row.missing.length ? `（${missingText(row)}）` : ""}`,
          },
        ]}
      />
      <DataTable
        caption={`${view.month} 分机构`}
        variant="ruled"
        dense
        wrapperClassName="overflow-x-auto"
        className="min-w-[56rem]"
        dataTable="two-increases-institutions"
        rows={view.institutions}
        rowKey={(row) => row.institution.id}
        columns={[
          {
            key: "institution",
            header: "机构",
            rowHeader: true,
            cell: (row: InstitutionTwoIncreases) => (
              <>
                {row.institution.name}
                <span className="block text-xs text-slate-500">
                  {row.base
                    ? row.base.source === "ENTERED"
                      ? "年初基数：录入"
                      : "年初基数：上年 12 月报送"
                    : "无年初基数"}
                </span>
              </>
            ),
          },
          ...checkColumns<InstitutionTwoIncreases>(),
        ]}
      />
    </div>
  );
}
