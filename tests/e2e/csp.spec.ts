import { expect, test, type Page } from "@playwright/test";
import { demoAccounts } from "../../prisma/seed/demo-accounts.ts";
import { signIn } from "./support/sign-in.ts";

/**
 * The Content-Security-Policy allows scripts only from this site or with the request's nonce. The page must still
 * hydrate (Remix's inline scripts carry the nonce), navigate client-side, and the browser must report no violation.
 */
function collectViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
  return violations;
}

test("the sign-in page hydrates under the nonce CSP with no violation", async ({ page }) => {
  const violations = collectViolations(page);
  const response = await page.goto("/login");
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'(;|$)/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  // Only a hydrated app navigates client-side, fetching ?_data JSON (a full page load would not).
  const navigation = page.waitForRequest((request) => request.url().includes("_data="));
  await page.locator('header a[href="/register"]').first().click();
  await navigation;
  await expect(page).toHaveURL(/\/register$/);
  expect(violations).toEqual([]);
});

test("a signed-in page hydrates and navigates client-side under the CSP", async ({ page }) => {
  const violations = collectViolations(page);
  const bureau = demoAccounts.find((account) => account.role === "BUREAU")!;
  await signIn(page, bureau.loginName, bureau.password, /\/bureau$/);
  // Only a hydrated app navigates client-side, fetching ?_data JSON (a full page load would not).
  const navigation = page.waitForRequest((request) => request.url().includes("_data="));
  await page.getByRole("link", { name: "超期清单" }).first().click();
  await navigation;
  await expect(page).toHaveURL(/\/bureau\/overdue/);
  expect(violations).toEqual([]);
});
