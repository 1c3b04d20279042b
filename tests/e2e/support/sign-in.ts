import { expect, type Page } from "@playwright/test";

/** Fills and posts the sign-in form as a user does (a plain HTML form: it works without JavaScript too). */
export async function submitSignIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("账号或手机号").fill(login);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

/** Signs in and waits until the account's home page (`home`) is shown. */
export async function signIn(page: Page, login: string, password: string, home: RegExp): Promise<void> {
  await submitSignIn(page, login, password);
  await expect(page).toHaveURL(home);
}
