/**
 * Every route action in the app — today's and every one added later — must refuse a form post that lacks the
 * CSRF token, whoever is signed in, and must change nothing. Route files are discovered, not listed, so a new
 * action without `readFormWithCsrf` fails this test.
 */
import type { Role } from "~/generated/prisma/enums.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { createUserPerRole } from "../../support/world.ts";

const environment = await setUpAppEnvironment("csrfall");
const db = environment.db;

type RouteModule = { action?: (...args: never[]) => unknown; loader?: (...args: never[]) => unknown };
const routeModules = import.meta.glob<RouteModule>("/app/routes/**/*.{ts,tsx}", { eager: true });
const actionRoutes = Object.entries(routeModules).filter(
  ([, module]) => typeof (module as RouteModule).action === "function",
);

const ROLES: Role[] = ["ENTERPRISE", "OFFICER", "INSTITUTION_ADMIN", "BUREAU", "ADMIN"];
const loginOf = (role: Role) => `csrf.${role.toLowerCase()}`;

/** Tables a mutation could touch; their sizes must not move. */
async function tableSizes() {
  // Every schema: modules may keep tables outside "public" (e.g. the bureau's rollups).
  const rows = await db.$queryRawUnsafe<{ schema: string; table: string }[]>(`
    SELECT schemaname AS schema, relname AS table FROM pg_stat_user_tables
    WHERE relname NOT IN ('Session', 'AuditLog')`);
  const exact: Record<string, number> = {};
  for (const { schema, table } of rows) {
    const [row] = await db.$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) AS count FROM "${schema}"."${table}"`);
    exact[`${schema}.${table}`] = Number(row?.count);
  }
  return exact;
}

beforeAll(async () => {
  await createUserPerRole(db, Object.fromEntries(ROLES.map((role) => [role, loginOf(role)])) as Record<Role, string>);
});

afterAll(async () => {
  await environment.tearDown();
});

it("finds the app's actions (sanity: at least sign-in and sign-out)", () => {
  const paths = actionRoutes.map(([file]) => file);
  expect(paths).toContain("/app/routes/login.tsx");
  expect(paths).toContain("/app/routes/logout.tsx");
});

it("refuses every action posted without a CSRF token, for anonymous visitors and every role, changing nothing", async () => {
  const clients: [string, RouteClient][] = [["anonymous", new RouteClient("192.0.2.1")]];
  for (const [index, role] of ROLES.entries()) {
    const client = new RouteClient(`192.0.2.${index + 10}`);
    await signIn(client, loginOf(role));
    clients.push([role, client]);
  }
  const before = await tableSizes();
  for (const [file, module] of actionRoutes) {
    for (const [who, client] of clients) {
      // Plausible params for dynamic segments; the token check must come before any lookup.
      const response = await client.post(
        module as never,
        file,
        { intent: "submit", id: "x" },
        { params: new Proxy({}, { get: () => "x" }) as never },
      );
      // Open API routes (/api/v1) ignore cookies and authenticate by bearer token, so a browser's session cannot
      // be ridden there at all: they must refuse a cookie-only post with a 4xx like every other route.
      const refusals = file.startsWith("/app/routes/api.") ? [400, 401, 403, 415] : [401, 403];
      expect(refusals, `${file} as ${who} answered ${response.status}`).toContain(response.status);
    }
  }
  expect(await tableSizes()).toEqual(before);
});
