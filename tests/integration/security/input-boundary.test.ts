/**
 * Characters nobody means to type (NUL, C0/C1 controls, bidi overrides, lone surrogates) are refused at the one
 * input boundary with a 400 and a Chinese message — in a URL id, a query parameter or any form field, signed in or
 * not — and nothing reaches Postgres. Before, a NUL answered HTTP 500 ("invalid byte sequence").
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { csrfTokenOf, signIn } from "../../support/sign-in.ts";
import { createInstitution, createInstitutionAdmin, createOfficer } from "../../support/world.ts";

const environment = await setUpAppEnvironment("input_boundary");
const db = environment.db;
const productPage = await import("~/routes/products.$productId.tsx");
const catalogue = await import("~/routes/products._index.tsx");
const login = await import("~/routes/login.tsx");
const team = await import("~/routes/institution.team.tsx");

const BAD = ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u202e", "\u2066", "\ud800", "\udfff"];

beforeAll(async () => {
  const bank = await createInstitution(db, { code: "IB-BANK" });
  await createOfficer(db, bank.id, { loginName: "officer.ib" });
  await createInstitutionAdmin(db, bank.id, { loginName: "admin.ib" });
});

afterAll(async () => {
  await environment.tearDown();
});

async function expectRefused(response: Response) {
  expect(response.status).toBe(400);
  const body = await readJson<{ code: string; message: string }>(response);
  expect(body.code).toBe("FORBIDDEN_CHARACTER");
  expect(body.message).toContain("控制字符");
}

it.each(BAD.map((ch) => [ch.charCodeAt(0).toString(16)]))(
  "refuses U+%s in a URL id without sign-in (GET /products/…)",
  async (hex) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    await expectRefused(await new RouteClient().get(productPage, `/products/x`, { productId: `x${ch}` }));
  },
);

it("refuses a NUL in a query parameter and in a parameter name", async () => {
  await expectRefused(await new RouteClient().get(catalogue, "/products?q=%00"));
  await expectRefused(await new RouteClient().get(catalogue, "/products?%E2%80%AEq=1"));
});

it("refuses a NUL in the login name, without writing an audit row", async () => {
  const client = new RouteClient("198.51.100.77");
  const csrf = await csrfTokenOf(client);
  const before = await db.auditLog.count();
  await expectRefused(
    await client.post(login, "/login", { _csrf: csrf, loginName: "officer.ib\u0000", password: "x" }),
  );
  expect(await db.auditLog.count()).toBe(before);
});

it("keeps tabs and line breaks, which multi-line text has", async () => {
  const response = await new RouteClient().get(catalogue, "/products?q=a%09b%0Ac%0Dd");
  expect(response.status).toBe(200);
});

it("refuses a forbidden character in any field of a signed-in form, changing nothing", async () => {
  const client = new RouteClient("198.51.100.78");
  const token = await signIn(client, "admin.ib");
  const users = await db.user.count();
  // A form body is UTF-8: a lone surrogate arrives as U+FFFD already, so only the others can reach a field.
  for (const ch of BAD.filter((c) => !/[\ud800-\udfff]/.test(c))) {
    const response = await client.post(team, "/institution/team", {
      _csrf: token,
      _intent: "invite",
      displayName: `王${ch}经理`,
      loginName: "new.officer",
    });
    await expectRefused(response);
  }
  expect(await db.user.count()).toBe(users);
});
