import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { formatWanYuan } from "../../app/kernel/money.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * A finance-bureau analyst sets a target for 惠来县, filters the overview to 惠来县 and one quarter with the plain GET
 * form, sees the funnel and the target's progress, downloads the XLSX and finds the page's numbers in it. The
 * scenario adds its own data (tests/e2e/support/bureau-world.ts) next to the demo seed.
 */
type World = { year: number; quarter: number; regionCode: string; bankName: string };

const SHOTS = "tests/e2e/.artifacts/bureau";
let world: World;

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
  const run = spawnSync("npx", ["tsx", "tests/e2e/support/bureau-world.ts"], { env: process.env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`bureau e2e-world failed (exit ${run.status}): ${run.stderr}`);
  world = JSON.parse(run.stdout.trim().split("\n").pop()!) as World;
});

/** The demo analyst, on the overview. */
async function signInAsAnalyst(page: Page) {
  await signIn(page, "bureau", "Bureau@2026", /\/bureau$/);
  await expect(page.getByRole("heading", { name: "银企对接监测总览" })).toBeVisible();
}

/** The numbers in a rendered data table, row by row (header cell first). */
async function tableRows(page: Page, id: string): Promise<string[][]> {
  return page
    .locator(`table[data-table="${id}"] tbody tr`)
    .evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll("th, td")).map((cell) => (cell.textContent ?? "").trim())),
    );
}

test("a bureau analyst sets a 惠来县 target, filters to 惠来县 and one quarter, and the XLSX has the page's numbers", async ({
  page,
}) => {
  // A journey of four page loads, a form post and an XLSX built on the server: 30 s was too tight on a loaded
  // machine (the download alone once outlasted it).
  test.setTimeout(90_000);
  await signInAsAnalyst(page);

  // Set the annual target through the form (plain POST, works without JavaScript).
  await page.getByRole("navigation", { name: "监测功能" }).getByRole("link", { name: "目标管理" }).click();
  await expect(page.getByRole("heading", { name: "年度目标与进度" })).toBeVisible();
  const form = page.getByRole("form", { name: "设置目标" });
  await form.getByLabel("年度", { exact: true }).selectOption(String(world.year));
  await form.getByLabel("指标", { exact: true }).selectOption("DISBURSED_AMOUNT");
  await form.getByLabel("区域", { exact: true }).selectOption(world.regionCode);
  await form.getByLabel("目标值").fill("5000");
  await form.getByRole("button", { name: "保存目标" }).click();
  await expect(page.getByText("目标已保存。")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/targets.png`, fullPage: true });

  // Filter the overview with the keyboard-usable GET form.
  await page.getByRole("navigation", { name: "监测功能" }).getByRole("link", { name: "监测总览" }).click();
  await expect(page.getByRole("heading", { name: "银企对接监测总览" })).toBeVisible();
  const filter = page.getByRole("form", { name: "筛选条件" });
  await filter.getByLabel("统计周期", { exact: true }).selectOption("quarter");
  await filter.getByLabel("年度", { exact: true }).selectOption(String(world.year));
  await filter.getByLabel(/^季度/).selectOption(String(world.quarter));
  await filter.getByLabel("区域", { exact: true }).selectOption(world.regionCode);
  await filter.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(new RegExp(`period=quarter.*quarter=${world.quarter}.*region=${world.regionCode}`));
  await expect(page.getByText(`${world.year}年第${world.quarter}季度 · 惠来县`)).toBeVisible();

  // The funnel: chart (server-rendered SVG) and its table.
  const funnelSection = page.getByRole("region", { name: "对接漏斗" });
  await expect(funnelSection.locator("svg")).toBeVisible();
  const funnel = await tableRows(page, "funnel");
  expect(funnel.map((row) => row[0])).toEqual(["发布需求", "匹配产品", "机构对接", "审批通过", "完成放款"]);
  const posted = Number(funnel[0]![1]!.replaceAll(",", ""));
  expect(posted).toBeGreaterThanOrEqual(3);
  expect(Number(funnel[4]![1]!.replaceAll(",", ""))).toBeGreaterThanOrEqual(1);

  // The target's progress bar, against the target and the share of the year passed.
  const progress = page.getByRole("progressbar", { name: "放款金额目标进度" }).first();
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuetext", /完成 \d+(\.\d)?%，序时进度 \d+(\.\d)?%/);
  await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });

  // Download the XLSX and compare.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "总览表格（XLSX）" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const path = await download.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const about = workbook.getWorksheet("说明")!;
  expect(String(about.getRow(3).getCell(1).value)).toContain("惠来县");

  const funnelSheet = workbook.getWorksheet("对接漏斗")!;
  funnel.forEach((row, index) => {
    expect(funnelSheet.getRow(index + 2).getCell(1).value).toBe(row[0]);
    expect(funnelSheet.getRow(index + 2).getCell(2).value).toBe(Number(row[1]!.replaceAll(",", "")));
  });

  const summary = await tableRows(page, "summary");
  const summarySheet = workbook.getWorksheet("核心指标")!;
  const sheetValue = (label: string) => {
    for (let index = 2; index <= summarySheet.rowCount; index++) {
      if (summarySheet.getRow(index).getCell(1).value === label) return summarySheet.getRow(index).getCell(2).value;
    }
    throw new Error(`${label} missing from the XLSX`);
  };
  const pageValue = (label: string) => summary.find((row) => row[0] === label)![1]!;
  // Amounts: the page shows 万元, the workbook exact 元.
  expect(formatWanYuan(String(sheetValue("放款金额")))).toBe(pageValue("放款金额"));
  expect(formatWanYuan(String(sheetValue("需求金额")))).toBe(pageValue("需求金额"));
  expect(String(sheetValue("发布需求数"))).toBe(pageValue("发布需求数").replaceAll(",", ""));
  expect(String(sheetValue("首贷户数"))).toBe(pageValue("首贷户数"));

  const regionSheet = workbook.getWorksheet("分区域")!;
  const regions = await tableRows(page, "by-region");
  expect(regionSheet.getRow(2).getCell(1).value).toBe(regions[0]![0]);
  expect(String(regionSheet.getRow(2).getCell(2).value)).toBe(regions[0]![1]!.replaceAll(",", ""));
});

test("the other bureau pages render without errors (ranking, overdue, monthly report for print)", async ({ page }) => {
  await signInAsAnalyst(page);
  await page.goto(`/bureau/ranking?period=year&year=${world.year}`);
  await expect(page.getByRole("heading", { name: "金融机构排名" })).toBeVisible();
  await expect(page.locator('table[data-table="ranking"]')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/ranking.png`, fullPage: true });

  await page.goto("/bureau/overdue");
  await expect(page.getByRole("heading", { name: "超期清单" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/overdue.png`, fullPage: true });
  const firstNeed = page.locator('table[data-table="overdue"] tbody th a').first();
  if (await firstNeed.count()) {
    await firstNeed.click();
    await expect(page.getByRole("heading", { name: "需求办理过程" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText("联系电话：");
    await page.screenshot({ path: `${SHOTS}/need-timeline.png`, fullPage: true });
  }

  await page.goto(`/bureau/report?period=month&year=${world.year}&month=8&region=${world.regionCode}`);
  await expect(page.getByRole("heading", { name: /银企融资对接工作月报/ })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "监测功能" })).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/report-print.png`, fullPage: true });
});
