/**
 * Apache ECharts rendered on the server to SVG (ECharts' SSR mode), inlined into the page: the charts are readable
 * without client JavaScript, print cleanly and need no chart bundle in the browser. Every chart sits next to a
 * table with the same numbers, so the SVG is decorative for screen readers (the figure carries a summary label).
 *
 * Values plotted here are display-only floats; the exact figures are in the tables.
 */
import * as echarts from "echarts";

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const PALETTE = ["#164c88", "#2f7ab8", "#5aa0d6", "#8cc0e8", "#b4232a", "#d77a3a", "#6b8e4e", "#8c6bb1", "#7a7a7a"];

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT, color: "#334155" }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface FunnelDatum {
  label: string;
  count: number;
}

export function funnelChart(steps: readonly FunnelDatum[], width = 560, height = 300): string {
  return render(
    {
      series: [
        {
          type: "funnel",
          left: 20,
          right: 160,
          top: 10,
          bottom: 10,
          sort: "none",
          minSize: "8%",
          gap: 2,
          label: { position: "right", formatter: "{b}  {c}", fontSize: 13, color: "#1e293b" },
          labelLine: { length: 16 },
          itemStyle: { borderColor: "#fff", borderWidth: 1 },
          data: steps.map((step) => ({ name: step.label, value: step.count })),
        },
      ],
    },
    width,
    height,
  );
}

export interface BarDatum {
  label: string;
  value: number;
}

/** Horizontal bars (long Chinese category names read better on the y axis). */
export function barChart(data: readonly BarDatum[], options: { unit: string; width?: number; color?: string }): string {
  const rowHeight = 30;
  const height = Math.max(120, data.length * rowHeight + 50);
  return render(
    {
      grid: { left: 10, right: 90, top: 10, bottom: 30, containLabel: true },
      xAxis: {
        type: "value",
        name: options.unit,
        nameTextStyle: { fontSize: 12 },
        axisLabel: { fontSize: 12 },
        splitLine: { lineStyle: { color: "#e2e8f0" } },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.map((datum) => datum.label),
        axisLabel: { fontSize: 12 },
        axisTick: { show: false },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 18,
          itemStyle: { color: options.color ?? PALETTE[0] },
          label: {
            show: true,
            position: "right",
            fontSize: 12,
            formatter: (params: { value: number }) => formatChartNumber(params.value),
          },
          data: data.map((datum) => datum.value),
        },
      ],
    },
    options.width ?? 560,
    height,
  );
}

/**
 * Drawn at the width of its column (24rem), so the SVG is not scaled down and the legend stays at 13 px on screen (at
 * 560 units wide it was shrunk to about 8 px).
 */
export function pieChart(data: readonly BarDatum[], width = 380, height = 300): string {
  const total = data.reduce((sum, datum) => sum + Math.max(0, datum.value), 0);
  return render(
    {
      legend: { orient: "vertical", right: 4, top: "middle", itemGap: 8, textStyle: { fontSize: 13 } },
      series: [
        {
          type: "pie",
          radius: ["30%", "55%"],
          center: ["28%", "50%"],
          label: { show: false },
          data: data.filter((datum) => datum.value > 0).map((datum) => ({ name: datum.label, value: datum.value })),
        },
      ],
      title:
        total > 0
          ? undefined
          : { text: "暂无数据", left: "center", top: "middle", textStyle: { fontSize: 14, color: "#64748b" } },
    },
    width,
    height,
  );
}

function formatChartNumber(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("zh-CN");
  return Number(value.toFixed(2)).toLocaleString("zh-CN");
}
