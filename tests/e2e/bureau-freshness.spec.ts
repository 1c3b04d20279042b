import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support/sign-in.ts";

/**
 * Freshness: a disbursement an officer records appears on the bureau overview within 10 s — the ledger worker posts
 * it and asks for a rollup refresh at once, instead of waiting for the 5-minute schedule. The overview is polled by
 * reloading it (no fixed sleep). The need is the scenario's own (tests/e2e/support/institution-world.ts).
 */
type World = { needId: string; productName: string };

const SHOTS = process.env.BUREAU_SHOTS || "tests/e2e/.artifacts/bureau";
let world: World;

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
  const run = spawnSync("npx", ["tsx", "tests/e2e/support/institution-world.ts"], {
    env: process.env,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`e2e-world failed (exit ${run.status}): ${run.stderr}`);
  world = JSON.parse(run.stdout.trim().split("\n").pop()!) as World;
});

/** The overview's 放款金额 tile in 万元, and its 数据截至 line. */
async function disbursedWan(page: Page): Promise<{ wan: number; asOf: string }> {
  const tile = page.locator("dl > div", { has: page.locator("dt", { hasText: /^放款金额$/ }) });
  const text = (await tile.locator("dd").first().textContent()) ?? "";
  const subtitle =
    (await page
      .getByText(/数据截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/)
      .first()
      .textContent()) ?? "";
  return { wan: Number(text.replace(/[^\d.-]/g, "")), asOf: subtitle.match(/数据截至 ([\d-]+ [\d:]+)/)?.[1] ?? "" };
}

test("a disbursement recorded by an officer is on the bureau overview within 10 seconds", async ({ browser }) => {
  test.setTimeout(90_000);
  const bureau = await browser.newPage();
  await signIn(bureau, "bureau", "Bureau@2026", /\/bureau$/);
  await expect(bureau.getByRole("heading", { name: "银企对接监测总览" })).toBeVisible();
  const before = await disbursedWan(bureau);

  const officer = await browser.newPage();
  await signIn(officer, "officer.rcb", "Officer@2026", /\/officer$/);
  await officer.goto(`/officer/leads/${world.needId}`);
  await officer.getByRole("button", { name: "受理该线索" }).click();
  await expect(officer).toHaveURL(/\/officer\/engagements\/[^/?]+/);
  await officer.getByRole("button", { name: "标记为已联系企业" }).click();
  await expect(officer.getByText("对接状态已更新。")).toBeVisible();
  await officer.getByRole("button", { name: "提交审批（审批中）" }).click();
  const approve = officer.locator("form", { has: officer.getByRole("button", { name: "登记审批通过" }) });
  await approve.getByLabel("审批金额（元）").fill("500000");
  await approve.getByLabel("年化利率（%）").fill("3.95");
  await approve.getByLabel("使用产品").selectOption({ label: world.productName });
  await approve.getByRole("button", { name: "登记审批通过" }).click();
  await expect(officer.getByText("审批结果已登记。")).toBeVisible();
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const disburse = officer.locator("form", { has: officer.getByRole("button", { name: "登记放款" }) });
  await disburse.getByLabel("放款日期").fill(today);
  await disburse.getByLabel(/授信总额/).fill("500000");
  await disburse.getByLabel("使用产品").selectOption({ label: world.productName });
  await disburse.getByRole("button", { name: "登记放款" }).click();
  await expect(officer.getByText("放款已登记")).toBeVisible();
  const recordedAt = Date.now();

  // 500,000 元 = 50 万元 more, within 10 s of the officer seeing "放款已登记".
  await expect
    .poll(
      async () => {
        await bureau.reload();
        return Math.round(((await disbursedWan(bureau)).wan - before.wan) * 100) / 100;
      },
      { timeout: 10_000, intervals: [250, 500, 1_000] },
    )
    .toBe(50);
  const after = await disbursedWan(bureau);
  expect(after.asOf > before.asOf).toBe(true);
  console.log(`[freshness] disbursement visible on the overview ${Date.now() - recordedAt} ms after it was recorded`);
  await bureau.setViewportSize({ width: 1366, height: 900 });
  await bureau.screenshot({ path: `${SHOTS}/overview-fresh-1366.png`, fullPage: true });
});
