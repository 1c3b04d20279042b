/**
 * The enterprise journey on a phone: register an account, register the entity, post a financing need and find it
 * in "my needs" — once with JavaScript and once without (the forms are plain posts: progressive enhancement).
 * Each test creates its own account and entity, so runs and projects never collide.
 */
import { expect, test, type Page } from "@playwright/test";
import { randomInt } from "node:crypto";
import { buildCreditCode } from "../../app/modules/enterprise/credit-code.ts";

function freshIdentity() {
  const serial = randomInt(1, 2 ** 40);
  return {
    mobile: `139${String(randomInt(0, 100_000_000)).padStart(8, "0")}`,
    creditCode: buildCreditCode("445202", serial, "91"),
    name: `揭阳市测试${serial.toString(36)}塑料制品有限公司`,
  };
}

/** With JavaScript on, wait until React has hydrated so clicks go through the enhanced handlers. */
async function ready(page: Page, javaScript: boolean) {
  if (javaScript) await page.locator("form[data-hydrated=true]").first().waitFor();
}

async function registerAndFillProfile(page: Page, javaScript: boolean) {
  const who = freshIdentity();
  await page.goto("/register");
  await ready(page, javaScript);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("企业用户注册");
  await page.getByLabel("手机号码（登录账号）").fill(who.mobile);
  await page.getByLabel("您的姓名").fill("林女士");
  await page.getByLabel("设置密码").fill("Secret2026");
  await page.getByLabel("再次输入密码").fill("Secret2026");
  await page.getByLabel("我已阅读并同意平台用户协议和隐私政策").check();
  await page.getByRole("button", { name: "注册并继续登记主体" }).click();

  await expect(page).toHaveURL(/\/enterprise\/profile\?welcome=1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登记经营主体");
  await ready(page, javaScript);
  await page.getByLabel("主体类型").selectOption({ label: "小微企业" });
  await page.getByLabel("主体名称").fill(who.name);
  await page.getByLabel("统一社会信用代码").fill(who.creditCode);
  await page.getByLabel("企业规模").selectOption({ label: "小型" });
  await page.getByLabel("所属行业（国民经济行业分类）").selectOption("29");
  await page.getByLabel("所在县（市、区）").selectOption({ label: "榕城区" });
  await page.getByLabel("成立日期（选填）").fill("2016-05-20");
  await page.getByLabel("本主体从未在银行获得过贷款（首贷户）").check();
  await page.getByRole("button", { name: "完成登记" }).click();

  await expect(page).toHaveURL(/\/enterprise\?registered=1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(who.name);
  return who;
}

async function postNeed(page: Page, javaScript: boolean, description: string) {
  await page.getByRole("link", { name: "发布融资需求" }).first().click();
  await expect(page).toHaveURL(/\/enterprise\/needs\/new$/);
  await ready(page, javaScript);
  // The form carries its submission token, so a double click or a retry posts the need once.
  await expect(page.locator('form input[name="_submission"]').first()).toHaveAttribute("value", /^[\w-]{12}:/);
  // First an incomplete post: the Chinese messages appear next to the fields and nothing is saved.
  await page.getByRole("button", { name: "发布需求" }).click();
  await expect(page.getByText("请填写融资金额")).toBeVisible();
  await expect(page.getByText(/请至少选择一项担保方式/)).toBeVisible();
  await expect(page.getByText(/请阅读并勾选同意/)).toBeVisible();

  await page.getByLabel("融资金额", { exact: true }).fill("50");
  await page.getByLabel("融资期限（月）").fill("24");
  await page.getByLabel("用途类别").selectOption({ label: "设备购置" });
  await page.getByLabel("需求说明（选填）").fill(description);
  await page.getByLabel("机器设备抵押").check();
  await page.getByLabel(/我已阅读并同意《融资需求信息共享授权书》/).check();
  await page.getByRole("button", { name: "发布需求" }).click();

  await expect(page).toHaveURL(/\/enterprise\/needs\/[^/?]+\?published=1$/);
  await expect(page.getByText("需求已发布！")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("设备购置 · 50 万元");
  await expect(page.getByText("对接中（待响应）").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "匹配的金融产品" })).toBeVisible();
}

test.describe("enterprise journey", () => {
  test("registers, fills the profile, posts a need and sees it listed", { tag: "@phone" }, async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await registerAndFillProfile(page, true);
    const description = `<script>alert("xss")</script><img src=x onerror="alert(1)"> 购置注塑机`;
    await postNeed(page, true, description);
    // Whatever the enterprise typed is shown as text, never run.
    await expect(page.getByText(description)).toBeVisible();
    expect(dialogs).toEqual([]);
    // Publishing does not wait for matching: the worker matches from the outbox event and the page, polling every
    // 2 s, replaces "正在为您匹配金融产品…" with the matches.
    await expect(page.getByRole("region", { name: "匹配的金融产品" }).getByRole("link").first()).toBeVisible({
      timeout: 30_000,
    });

    await page.getByRole("link", { name: "← 我的融资需求" }).click();
    await expect(page).toHaveURL(/\/enterprise$/);
    const listed = page.getByRole("link", { name: /设备购置 · 50 万元 · 24 个月/ });
    await expect(listed).toBeVisible();
    await expect(listed).toContainText("对接中（待响应）");
    await expect(listed).toContainText("首贷");
    // Matched by the worker against the products index (the e2e setup derives it from the seed).
    await expect(listed).toContainText(/匹配产品 [1-9]\d* 个/);
    await listed.click();
    await expect(page.getByRole("region", { name: "匹配的金融产品" }).getByRole("link").first()).toBeVisible();
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test(
      "the registration, profile and need forms all post and the need is listed",
      { tag: "@phone" },
      async ({ page }) => {
        await registerAndFillProfile(page, false);
        await postNeed(page, false, "扩大产能，采购设备");
        await page.getByRole("link", { name: "← 我的融资需求" }).click();
        await expect(page.getByRole("link", { name: /设备购置 · 50 万元 · 24 个月/ })).toBeVisible();
      },
    );
  });

  test("a duplicate credit code is refused with a clear message", { tag: "@phone" }, async ({ page, browser }) => {
    const first = await registerAndFillProfile(page, true);
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: "zh-CN" });
    const other = await context.newPage();
    const who = freshIdentity();
    await other.goto("/register");
    await ready(other, true);
    await other.getByLabel("手机号码（登录账号）").fill(who.mobile);
    await other.getByLabel("您的姓名").fill("张先生");
    await other.getByLabel("设置密码").fill("Secret2026");
    await other.getByLabel("再次输入密码").fill("Secret2026");
    await other.getByLabel("我已阅读并同意平台用户协议和隐私政策").check();
    await other.getByRole("button", { name: "注册并继续登记主体" }).click();
    await expect(other).toHaveURL(/\/enterprise\/profile/);
    await ready(other, true);
    await other.getByLabel("主体类型").selectOption({ label: "小微企业" });
    await other.getByLabel("主体名称").fill("揭阳市另一家有限公司");
    await other.getByLabel("统一社会信用代码").fill(first.creditCode);
    await other.getByLabel("企业规模").selectOption({ label: "微型" });
    await other.getByLabel("所属行业（国民经济行业分类）").selectOption("29");
    await other.getByLabel("所在县（市、区）").selectOption({ label: "榕城区" });
    await other.getByRole("button", { name: "完成登记" }).click();
    await expect(other.getByText(/该统一社会信用代码已在平台登记/)).toBeVisible();
    await expect(other).toHaveURL(/\/enterprise\/profile/);
    await context.close();
  });

  test("the product supermarket is public and searchable", { tag: "@phone" }, async ({ page }) => {
    await page.goto("/products");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("金融产品超市");
    await expect(page.getByText(/共 \d+ 个产品/)).toBeVisible();
  });
});
