import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";

const environment = await setUpAppEnvironment("signup", { SIGN_UP_MAX_PER_IP_PER_HOUR: "2" });
const db = environment.db;
const root = await import("~/root.tsx");
const register = await import("~/routes/register.tsx");

afterAll(async () => {
  await environment.tearDown();
});

let mobile = 13900001000;
async function signUp(client: RouteClient) {
  const { csrfToken } = await readJson<{ csrfToken: string }>(await client.get(root, "/register"));
  return client.post(register, "/register", {
    _csrf: csrfToken,
    mobile: String(mobile++),
    displayName: "陈先生",
    email: "",
    password: "Secret2026",
    passwordConfirm: "Secret2026",
    acceptTerms: "on",
  });
}

it("lets one address register a few accounts an hour, then refuses with 429 and a Chinese message, creating nothing", async () => {
  const sameAddress = () => new RouteClient("198.18.0.7");
  expect((await signUp(sameAddress())).status).toBe(302);
  expect((await signUp(sameAddress())).status).toBe(302);
  const before = await db.user.count();
  const refused = await signUp(sameAddress());
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  expect((await readJson<{ fieldErrors: Record<string, string> }>(refused)).fieldErrors._form).toMatch(
    /注册账号过于频繁/,
  );
  expect(await db.user.count()).toBe(before);
  // Another address is not affected.
  expect((await signUp(new RouteClient("198.18.0.8"))).status).toBe(302);
});
