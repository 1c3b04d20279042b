import { expect, test } from "@playwright/test";

/**
 * The product page's 年化综合成本 on a phone, with and without JavaScript: the compound rate first, the simple one
 * labelled 单利, the breakdown and the repayment schedule for the amount and term entered in its GET form.
 * 春耕贷 (seed: 3.40–4.10 %, 1-point interest refund for those who qualify).
 */
const PRODUCT = "/products/seed-product-ABC-JY-SPRING";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("prices a sample loan and re-prices it from the form", { tag: "@phone" }, async ({ page }, testInfo) => {
      const response = await page.goto(PRODUCT);
      expect(response?.ok()).toBe(true);
      const cost = page.getByRole("region", { name: "年化综合成本测算" });
      await expect(cost.getByText("年化利率（复利）").first()).toBeVisible();
      await expect(cost.locator('[data-apr="compound"]').first()).toHaveText(/^\d+\.\d{2}%$/);
      await expect(cost.locator('[data-apr="simple"]').first()).toHaveText(/^单利 \d+\.\d{2}%$/);
      await expect(cost.getByText("揭阳市春耕备耕贷款贴息", { exact: false })).toBeVisible();

      await cost.getByLabel("金额（万元）").fill("10");
      await cost.getByLabel("期限（月）").fill("12");
      await cost.getByLabel("还款方式").selectOption("EQUAL_INSTALMENT");
      await cost.getByRole("button", { name: "重新测算" }).click();
      await expect(page).toHaveURL(/amount=10&term=12&method=EQUAL_INSTALMENT/);
      // 3.40 % 等额本息 over 12 months, no fees: the compound rate is (1 + 0.034/12)^12 − 1 = 3.45 %.
      await expect(cost.locator('[data-apr="compound"]').first()).toHaveText("3.45%");
      await expect(cost.locator('[data-apr="simple"]').first()).toHaveText("单利 3.40%");
      await expect(page.locator('[data-table="cost-breakdown"]')).toContainText("利息");
      await expect(page.locator('[data-table="repayment-schedule"] tbody tr')).toHaveCount(13);

      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
      await page.screenshot({
        path: testInfo.outputPath(`product-cost-${javaScriptEnabled ? "js" : "nojs"}.png`),
        fullPage: true,
      });
    });
  });
}
