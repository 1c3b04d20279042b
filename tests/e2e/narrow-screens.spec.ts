/**
 * Every enterprise and officer page on a 375 px phone: nothing wider than the screen, so no page scrolls sideways.
 * Uses the demo accounts of the seed; each page is also captured for review.
 */
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/sign-in.ts";

const SHOTS = process.env.NARROW_SHOTS || "tests/e2e/.artifacts/narrow";

test.use({ viewport: { width: 375, height: 812 } });

async function expectNoSidewaysScroll(page: Page, path: string, shot: string) {
  await page.goto(path);
  await expect(page.locator("h1").first()).toBeVisible();
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll, `${path} is ${widths.scroll}px wide on a ${widths.client}px screen`).toBeLessThanOrEqual(
    widths.client,
  );
  await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
}

test("enterprise pages fit a 375 px screen", async ({ page }) => {
  await signIn(page, "13800000001", "Enterprise@2026", /\/enterprise/);
  await expectNoSidewaysScroll(page, "/enterprise", "enterprise-home");
  const needLink = page.locator('a[href^="/enterprise/needs/"]:not([href$="/new"])').first();
  const needPath = await needLink.getAttribute("href");
  for (const [path, shot] of [
    ["/enterprise/profile", "enterprise-profile"],
    ["/enterprise/needs/new", "enterprise-need-new"],
    ["/notifications", "enterprise-notifications"],
    ["/account/notifications", "enterprise-notification-settings"],
    ["/account/password", "enterprise-password"],
    ["/products", "products"],
    ...(needPath ? [[needPath, "enterprise-need"]] : []),
  ] as const)
    await expectNoSidewaysScroll(page, path, shot);
});

test("officer pages fit a 375 px screen, leads before the filters", async ({ page }) => {
  await signIn(page, "officer.rcb", "Officer@2026", /\/officer$/);
  await expectNoSidewaysScroll(page, "/officer", "officer-leads");
  // On a phone the leads come first; the filters sit closed behind their disclosure.
  const results = page.getByRole("region", { name: "线索结果" });
  const filters = page.locator("details", { has: page.locator("summary", { hasText: "筛选条件" }) });
  expect((await results.boundingBox())!.y).toBeLessThan((await filters.boundingBox())!.y);
  await expect(page.getByLabel("关键词")).toBeHidden();
  const leadLink = page.locator('a[href^="/officer/leads/"]').first();
  const leadPath = await leadLink.getAttribute("href");
  for (const [path, shot] of [
    ["/officer?tab=open", "officer-open"],
    ["/officer?tab=mine", "officer-mine"],
    ["/officer?tab=overdue", "officer-overdue"],
    ["/notifications", "officer-notifications"],
    ...(leadPath ? [[leadPath, "officer-lead"]] : []),
  ] as const)
    await expectNoSidewaysScroll(page, path, shot);
});
