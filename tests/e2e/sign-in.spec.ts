import { expect, test } from "@playwright/test";
import { demoAccounts } from "../../prisma/seed/demo-accounts.ts";
import { signIn, submitSignIn } from "./support/sign-in.ts";

const headings: Record<string, RegExp> = {
  ENTERPRISE: /有限公司|合作社|家庭农场|经营部|商行|农户|厂|店/,
  OFFICER: /客户经理工作台/,
  INSTITUTION_ADMIN: /机构管理/,
  BUREAU: /银企对接监测总览/,
  ADMIN: /平台管理/,
};
const homePaths: Record<string, string> = {
  ENTERPRISE: "/enterprise",
  OFFICER: "/officer",
  INSTITUTION_ADMIN: "/institution",
  BUREAU: "/bureau",
  ADMIN: "/admin",
};

// One demo account per role is enough to prove each lands on its own home page.
const onePerRole = [...new Map(demoAccounts.map((account) => [account.role, account])).values()];

for (const account of onePerRole) {
  test(
    `demo ${account.role} (${account.loginName}) signs in and lands on its home page`,
    { tag: "@phone" },
    async ({ page }) => {
      await signIn(page, account.loginName, account.password, new RegExp(`${homePaths[account.role]}$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(headings[account.role]!);
      await page.getByRole("button", { name: "退出登录" }).click();
      await expect(page).toHaveURL(/\/login$/);
    },
  );
}

test("a wrong password shows a clear Chinese message and stays on the sign-in page", async ({ page }) => {
  await submitSignIn(page, "bureau", "not-the-password");
  await expect(page.getByRole("alert")).toHaveText("账号或密码不正确，请重新输入。");
  await expect(page).toHaveURL(/\/login$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the sign-in form still works (progressive enhancement)", { tag: "@phone" }, async ({ page }) => {
    const admin = demoAccounts.find((account) => account.role === "ADMIN")!;
    await signIn(page, admin.loginName, admin.password, /\/admin$/);
  });
});

test("a signed-out visitor gets a Chinese 401 page with a sign-in link", async ({ page }) => {
  const response = await page.goto("/bureau");
  expect(response?.status()).toBe(401);
  await expect(page.getByRole("heading", { name: "请先登录" })).toBeVisible();
  await expect(page.getByRole("link", { name: "登录" }).first()).toBeVisible();
});
