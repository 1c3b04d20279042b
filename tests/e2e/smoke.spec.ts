import { expect, test } from "@playwright/test";

test("home page shows the platform name", { tag: "@phone" }, async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.ok()).toBe(true);
  await expect(page.getByText("揭阳银企融资对接平台").first()).toBeVisible();
});
