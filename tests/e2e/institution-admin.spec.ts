import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/sign-in.ts";

/**
 * The institution admin (产品经理) of 揭阳农商银行: product create with validation, publish, retire; inviting an
 * officer with a one-time password and deactivating them; the own-performance page. Every form is posted as a plain
 * HTML form, so the same steps work without client JavaScript.
 */
// Screenshots for review; Playwright empties its outputDir at every run, so a reviewer may point this elsewhere.
const SHOTS = process.env.INSTITUTION_SHOTS || "tests/e2e/.artifacts/institution";

/** 揭阳农商银行's demo admin, on the institution home page. */
async function signInAsAdmin(page: Page) {
  await signIn(page, "inst.rcb", "Inst@2026", /\/institution$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("机构管理");
}

test.describe("institution admin", () => {
  test.use({ javaScriptEnabled: false });

  test("creates a product (bad input refused in Chinese), publishes and retires it", async ({ page }) => {
    await signInAsAdmin(page);
    await page.screenshot({ path: `${SHOTS}/admin-home.png`, fullPage: true });
    await page.getByRole("link", { name: "新建产品" }).first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("新建贷款产品");

    const name = `E2E 茶园流动资金贷 ${randomBytes(2).toString("hex")}`;
    await page.getByLabel("产品名称").fill(name);
    await page.getByLabel("一句话简介").fill("茶园春茶收购季节性流动资金");
    await page.getByLabel("产品介绍").fill("面向揭西、普宁茶农和茶叶合作社，随借随还，按日计息。");
    await page.getByLabel("最低额度（元）").fill("-5");
    await page.getByLabel("最高额度（元）").fill("三百万");
    await page.getByLabel("最短期限（月）").fill("6");
    await page.getByLabel("最长期限（月）").fill("3");
    await page.getByLabel("最低年化利率（%）").fill("3.8");
    await page.getByLabel("最高年化利率（%）").fill("480");
    await page.getByRole("button", { name: "保存为草稿" }).click();
    await expect(page.getByText("最低额度不能为负数")).toBeVisible();
    await expect(page.getByText("最高额度须为数字（单位：元），最多两位小数")).toBeVisible();
    await expect(page.getByText("最长期限不能短于最短期限")).toBeVisible();
    await expect(page.getByText("最高年化利率应在 0%–24% 之间，请核对")).toBeVisible();
    await expect(page.getByText("请至少选择一项担保方式")).toBeVisible();
    await expect(page.getByText("请至少选择一项适用主体类型")).toBeVisible();
    await expect(page.getByText("请至少选择一个适用地区")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/admin-product-errors.png`, fullPage: true });

    await page.getByLabel("最低额度（元）").fill("30000");
    await page.getByLabel("最高额度（元）").fill("3000000");
    await page.getByLabel("最长期限（月）").fill("12");
    await page.getByLabel("最高年化利率（%）").fill("4.9");
    await page
      .getByRole("group", { name: /担保方式/ })
      .getByLabel("信用（免抵押）")
      .check();
    await page
      .getByRole("group", { name: /适用主体类型/ })
      .getByLabel("农民专业合作社")
      .check();
    await page
      .getByRole("group", { name: /适用主体类型/ })
      .getByLabel("家庭农场")
      .check();
    await page
      .getByRole("group", { name: /适用地区/ })
      .getByLabel("榕城区", { exact: true })
      .check();
    await page
      .getByRole("group", { name: /产品标签/ })
      .getByLabel("涉农")
      .check();
    await page.getByRole("button", { name: "保存为草稿" }).click();
    await expect(page.getByText("产品已保存为草稿")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);

    await page.getByRole("button", { name: "上架" }).click();
    await expect(page.getByText("产品已上架")).toBeVisible();
    await expect(page.getByText("当前状态：已上架")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/admin-product-published.png`, fullPage: true });

    await page.getByRole("button", { name: "下架", exact: true }).click();
    await expect(page.getByText("产品已下架")).toBeVisible();
    await expect(page.getByText("已下架的产品仅供查阅，不能修改。")).toBeVisible();

    await page.getByRole("link", { name: "产品管理" }).click();
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("已下架");
    await page.screenshot({ path: `${SHOTS}/admin-products.png`, fullPage: true });
  });

  test("invites an officer with a one-time password and deactivates them", async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole("link", { name: "客户经理" }).first().click();
    const loginName = `officer.e2e${randomBytes(2).toString("hex")}`;
    await page.getByLabel("姓名").fill("蔡晓东");
    await page.getByLabel("登录账号").fill(loginName);
    await page.getByRole("button", { name: "开通账号并生成初始密码" }).click();
    await expect(page.getByText("初始密码只显示这一次")).toBeVisible();
    const password = (await page.getByTestId("one-time-password").textContent())!.trim();
    expect(password).toMatch(/^[A-Za-z2-9]{12}$/);
    await page.screenshot({ path: `${SHOTS}/admin-team-invited.png`, fullPage: true });

    await page.getByRole("button", { name: "停用 蔡晓东" }).click();
    await expect(page.getByText("账号已停用")).toBeVisible();
    await expect(page.getByRole("button", { name: "启用 蔡晓东" })).toBeVisible();

    await page.getByRole("link", { name: "对接业绩" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("对接业绩");
    await expect(page.getByRole("table", { name: "本机构按月对接和放款统计" })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/admin-performance.png`, fullPage: true });
  });
});
