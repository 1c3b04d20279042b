import { spawnSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/sign-in.ts";

/**
 * The officer's path through the institution workspace: find a lead by a Chinese keyword and a facet, accept it,
 * see the contact (only now), record the disbursement as a confirmed first loan — and another bank's officer cannot
 * open that engagement. The scenario creates its own enterprise and need (tests/e2e/support/institution-world.ts).
 */
type World = {
  needId: string;
  enterpriseName: string;
  creditCode: string;
  contactName: string;
  contactPhone: string;
  productName: string;
};

// Screenshots for review; Playwright empties its outputDir at every run, so a reviewer may point this elsewhere.
const SHOTS = process.env.INSTITUTION_SHOTS || "tests/e2e/.artifacts/institution";
let world: World;
let engagementPath = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  const run = spawnSync("npx", ["tsx", "tests/e2e/support/institution-world.ts"], {
    env: process.env,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`e2e-world failed (exit ${run.status}): ${run.stderr}`);
  const lastLine = run.stdout.trim().split("\n").pop()!;
  world = JSON.parse(lastLine) as World;
});

async function expectAnonymous(page: Page) {
  const html = await page.content();
  for (const secret of [world.enterpriseName, world.creditCode, world.contactName, world.contactPhone]) {
    expect(html, `page must not contain ${secret} before consent`).not.toContain(secret);
  }
}

test("an officer finds a lead by keyword and facet, accepts it, sees the contact and records a first-loan disbursement", async ({
  page,
}) => {
  await signIn(page, "officer.rcb", "Officer@2026", /\/officer$/);
  await page.getByRole("link", { name: "匹配本行产品" }).click();
  // The filters follow the leads behind a disclosure (leads first on a phone); it opens once a filter is set.
  await page.locator("summary", { hasText: "筛选条件" }).click();
  await page.getByLabel("关键词").fill("菌菇烘干");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/q=%E8%8F%8C/);
  const lead = page.locator("li", { has: page.locator(`a[href="/officer/leads/${world.needId}"]`) }).first();
  await expect(lead).toContainText("揭阳某食品有限公司");
  await expect(lead).toContainText(`匹配本行“${world.productName}”`);

  // Narrow with a facet: the 地区 group lists 榕城区 with its count.
  await page
    .getByRole("group", { name: "地区" })
    .getByLabel(/榕城区/)
    .check();
  await page
    .getByRole("group", { name: "用途" })
    .getByLabel(/设备购置/)
    .check();
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/region=/);
  await expect(page).toHaveURL(/purpose=EQUIPMENT_PURCHASE/);
  await expect(lead).toBeVisible();
  await expectAnonymous(page);
  await page.screenshot({ path: `${SHOTS}/officer-leads.png`, fullPage: true });

  await lead.getByRole("link", { name: "查看并对接" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("揭阳某食品有限公司");
  await expect(page.getByText("采购菌菇烘干生产线")).toBeVisible();
  await expectAnonymous(page);
  await page.screenshot({ path: `${SHOTS}/officer-lead-detail.png`, fullPage: true });

  await page.getByRole("button", { name: "受理该线索" }).click();
  await expect(page).toHaveURL(/\/officer\/engagements\/[^/?]+/);
  engagementPath = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(world.enterpriseName);
  await expect(page.getByText(world.contactPhone)).toBeVisible();
  await expect(page.getByText(world.creditCode)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/officer-engagement-accepted.png`, fullPage: true });

  await page.getByRole("button", { name: "标记为已联系企业" }).click();
  await expect(page.getByText("对接状态已更新。")).toBeVisible();
  await page.getByRole("button", { name: "提交审批（审批中）" }).click();
  await expect(page.getByRole("heading", { name: "登记审批通过" })).toBeVisible();

  const approve = page.locator("form", { has: page.getByRole("button", { name: "登记审批通过" }) });
  await approve.getByLabel("审批金额（元）").fill("500000");
  await approve.getByLabel("年化利率（%）").fill("3.95");
  await approve.getByLabel("使用产品").selectOption({ label: world.productName });
  await approve.getByRole("button", { name: "登记审批通过" }).click();
  await expect(page.getByText("审批结果已登记。")).toBeVisible();

  const disburse = page.locator("form", { has: page.getByRole("button", { name: "登记放款" }) });
  // A disbursement dated tomorrow is refused with a Chinese message and nothing is recorded.
  const tomorrow = new Date(Date.now() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  await disburse.getByLabel("放款日期").fill(tomorrow);
  await disburse.getByLabel(/授信总额/).fill("500000");
  await disburse.getByRole("button", { name: "登记放款" }).click();
  await expect(page.getByText("放款日期不能晚于今天，请在实际放款后登记")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/officer-disbursement-error.png`, fullPage: true });

  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const retry = page.locator("form", { has: page.getByRole("button", { name: "登记放款" }) });
  await retry.getByLabel("放款日期").fill(today);
  await retry.getByLabel(/授信总额/).fill("500000");
  await retry.getByLabel("使用产品").selectOption({ label: world.productName });
  await retry.getByLabel(/确认首贷户/).check();
  await retry.getByRole("button", { name: "登记放款" }).click();
  await expect(page.getByText("放款已登记")).toBeVisible();
  await expect(page.locator("span", { hasText: "对接状态：" }).first()).toContainText("已放款");
  await expect(page.getByText("已确认（征信无贷款记录）")).toBeVisible();
  await expect(page.getByText("500,000.00 元").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/officer-engagement-disbursed.png`, fullPage: true });

  await page.getByRole("link", { name: "我的对接" }).first().click();
  await expect(page.locator(`a[href="${engagementPath}"]`)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/officer-mine.png`, fullPage: true });
});

test("an officer of another bank cannot open that engagement", async ({ page }) => {
  expect(engagementPath).toMatch(/^\/officer\/engagements\//);
  await signIn(page, "officer.icbc", "Officer@2026", /\/officer$/);
  const response = await page.goto(engagementPath);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  const html = await page.content();
  for (const secret of [world.enterpriseName, world.creditCode, world.contactPhone]) expect(html).not.toContain(secret);
  await page.screenshot({ path: `${SHOTS}/other-bank-404.png`, fullPage: true });
});
