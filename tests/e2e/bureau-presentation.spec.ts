import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/sign-in.ts";

/**
 * The bureau overview on a 1366 px screen, without JavaScript: wide tables scroll inside their card instead of being
 * cut, the pie legend is drawn at its own size (≥ 12 px), the region split names 揭阳市's own row apart from the
 * total, and the period fields show only when the chosen 统计周期 uses them. Screenshots go to the artifacts folder.
 */
const SHOTS = process.env.BUREAU_SHOTS || "tests/e2e/.artifacts/bureau";

test.use({ viewport: { width: 1366, height: 900 }, javaScriptEnabled: false });

test("the overview at 1366 px: scrolling tables, readable legend, city row, period fields without JavaScript", async ({
  page,
}) => {
  mkdirSync(SHOTS, { recursive: true });
  await signIn(page, "bureau", "Bureau@2026", /\/bureau$/);
  await expect(page.getByRole("heading", { name: "银企对接监测总览" })).toBeVisible();
  await expect(page.getByText(/数据截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/).first()).toBeVisible();

  // Wide tables: the scroll box stays inside its card, and the table inside it is wider (so it scrolls).
  for (const id of ["by-region", "by-policy-tool"]) {
    const table = page.locator(`table[data-table="${id}"]`);
    const fit = await table.evaluate((element) => {
      const box = element.parentElement!;
      const card = element.closest(".card")!;
      return {
        scrolls: box.scrollWidth > box.clientWidth,
        inside: box.getBoundingClientRect().right <= card.getBoundingClientRect().right + 0.5,
        overflowX: getComputedStyle(box).overflowX,
      };
    });
    expect(fit, id).toEqual({ scrolls: true, inside: true, overflowX: "auto" });
  }

  // The city's own row and the total are told apart.
  const regionRows = page.locator('table[data-table="by-region"] tbody tr');
  await expect(regionRows.first()).toContainText("揭阳市（市本级）");
  await expect(regionRows.last()).toContainText("合计");

  // The pie is not scaled down: its legend text is at least 12 px on screen.
  const legendPx = await page
    .getByRole("img", { name: "各类经营主体放款金额占比" })
    .locator("svg")
    .evaluate((svg) => {
      const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute("width"));
      const sizes = [...svg.querySelectorAll("text")].map((text) => parseFloat(getComputedStyle(text).fontSize));
      return Math.min(...sizes) * scale;
    });
  expect(legendPx).toBeGreaterThanOrEqual(12);

  // Period fields: 按年 shows only 年度; 按季度 adds 季度; 自定义 shows only the dates — CSS alone, no JavaScript.
  const filter = page.getByRole("form", { name: "筛选条件" });
  const period = filter.getByLabel("统计周期", { exact: true });
  await period.selectOption("year");
  await expect(filter.getByLabel("年度", { exact: true })).toBeVisible();
  await expect(filter.getByLabel(/^季度/)).toBeHidden();
  await expect(filter.getByLabel(/^月份/)).toBeHidden();
  await expect(filter.getByLabel(/^起始日期/)).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/overview-1366-year.png`, fullPage: true });
  await period.selectOption("quarter");
  await expect(filter.getByLabel(/^季度/)).toBeVisible();
  await expect(filter.getByLabel(/^月份/)).toBeHidden();
  await period.selectOption("custom");
  await expect(filter.getByLabel(/^起始日期/)).toBeVisible();
  await expect(filter.getByLabel(/^截止日期/)).toBeVisible();
  await expect(filter.getByLabel("年度", { exact: true })).toBeHidden();
  await filter.getByLabel(/^起始日期/).fill("2026-01-01");
  await filter.getByLabel(/^截止日期/).fill("2026-03-31");
  await filter.getByRole("button", { name: "查询" }).click();
  await expect(page).toHaveURL(/period=custom/);
  await expect(page.getByText("2026-01-01 至 2026-03-31").first()).toBeVisible();
  await page.locator("#filter-region").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/overview-1366-custom.png`, fullPage: true });

  await page.goto("/bureau/ranking");
  await expect(page.getByText(/数据截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/).first()).toBeVisible();
  const ranking = await page.locator('table[data-table="ranking"]').evaluate((element) => {
    const box = element.parentElement!;
    const card = element.closest(".card")!;
    return box.getBoundingClientRect().right <= card.getBoundingClientRect().right + 0.5;
  });
  expect(ranking).toBe(true);
  await page.screenshot({ path: `${SHOTS}/ranking-1366.png`, fullPage: true });
});
