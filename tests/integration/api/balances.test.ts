/**
 * POST /api/v1/balance-reports and GET /api/v1/balance-reports/{month} through a real client and token: the same
 * checks as the upload (422 with every bad row, nothing stored), Idempotency-Key replay and conflict, scope and
 * institution isolation.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { nextCreditCode } from "../../support/world.ts";
import { actorOf, buildWorld, type World } from "../institution/scenario.ts";

const environment = await setUpAppEnvironment("api_balances");
const db = environment.db;
const clients = await import("~/modules/api-clients/clients.server.ts");
const tokenRoute = await import("~/routes/api.v1.oauth.token.ts");
const reportsRoute = await import("~/routes/api.v1.balance-reports._index.ts");
const monthRoute = await import("~/routes/api.v1.balance-reports.$month.ts");

type Route = {
  loader?: (args: LoaderFunctionArgs) => Promise<Response>;
  action?: (args: ActionFunctionArgs) => Promise<Response>;
};

async function call(
  route: Route,
  options: {
    method?: "GET" | "POST";
    path: string;
    params?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
  },
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const method = options.method ?? "GET";
  const request = new Request(`http://jieyang.test${options.path}`, {
    method,
    headers: options.headers,
    body: method === "POST" ? (options.body ?? "") : undefined,
  });
  const handler = method === "POST" ? route.action : route.loader;
  const response = await handler!({ request, params: options.params ?? {}, context: { clientIp: "198.51.100.9" } });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

async function bearer(adminKey: "adminA" | "adminB", scopes: string[]): Promise<string> {
  const result = await clients.registerApiClient(db, {
    actor: actorOf(world.users[adminKey]),
    fields: { name: `余额报送 ${scopes.join(" ")}`, scopes },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  const issued = await call(tokenRoute, {
    method: "POST",
    path: "/api/v1/oauth/token",
    headers: {
      Authorization: `Basic ${Buffer.from(`${result.client.clientId}:${result.clientSecret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: form.toString(),
  });
  return `Bearer ${String(issued.json.access_token)}`;
}

const post = (authorization: string, body: unknown, key?: string) =>
  call(reportsRoute, {
    method: "POST",
    path: "/api/v1/balance-reports",
    headers: {
      Authorization: authorization,
      "Content-Type": "application/json",
      ...(key ? { "Idempotency-Key": key } : {}),
    },
    body: JSON.stringify(body),
  });

let world: World;
let writerA = "";
const borrowers = [nextCreditCode(), nextCreditCode()];
const goodBody = {
  month: "2026-10",
  rows: [
    {
      borrowerCode: borrowers[0],
      borrowerName: "揭阳市甲公司",
      loanId: "API-1",
      tags: ["INCLUSIVE"],
      balance: "500000.00",
      totalCredit: "800000",
    },
    {
      borrowerCode: borrowers[1],
      borrowerName: "揭阳市乙公司",
      loanId: "API-2",
      tags: ["涉农"],
      balance: "1200000.10",
      totalCredit: "30000000",
    },
  ],
};

beforeAll(async () => {
  world = await buildWorld(db);
  writerA = await bearer("adminA", ["balances:write"]);
});
afterAll(async () => {
  await environment.tearDown();
});

describe("POST /api/v1/balance-reports", () => {
  it("refuses bad rows with every line's problem (422 problem+json) and stores nothing", async () => {
    const answer = await post(writerA, {
      month: "2026-10",
      rows: [
        goodBody.rows[0],
        { ...goodBody.rows[1], balance: "-3" },
        { ...goodBody.rows[1], loanId: "API-1", borrowerCode: "91445200MA4UQ0X12Q" },
      ],
    });
    expect(answer.status).toBe(422);
    expect(answer.headers.get("Content-Type")).toContain("application/problem+json");
    expect(answer.json.code).toBe("BALANCE_ROWS_INVALID");
    const errors = answer.json.errors as Record<string, string>;
    expect(Object.keys(errors)).toEqual(["rows[1]", "rows[2]"]);
    expect(errors["rows[1]"]).toContain("第 2 行：贷款余额须为非负金额");
    expect(errors["rows[2]"]).toContain("借款人统一社会信用代码“91445200MA4UQ0X12Q”无效");
    const unended = await post(writerA, { ...goodBody, month: "2099-01" });
    expect([unended.status, unended.json.code]).toEqual([422, "INVALID_MONTH"]);
    const malformed = await post(writerA, { month: "2026-10", rows: [{ borrowerCode: 1 }] });
    expect(malformed.status).toBe(422);
    expect(await db.balanceReport.count()).toBe(0);
  });

  it("stores a good report once under an Idempotency-Key, and answers 409 to the key with another body", async () => {
    const first = await post(writerA, goodBody, "bal-2026-10");
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      month: "2026-10",
      version: 1,
      replacedVersion: null,
      loanCount: 2,
      totalBalance: "1700000.10",
      inclusiveBalance: "500000.00",
      inclusiveBorrowers: 1,
      agriBalance: "1200000.10",
    });
    const replayed = await post(writerA, goodBody, "bal-2026-10");
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replayed.json.id).toBe(first.json.id);
    const conflict = await post(writerA, { ...goodBody, rows: goodBody.rows.slice(0, 1) }, "bal-2026-10");
    expect(conflict.status).toBe(409);
    expect(await db.balanceReport.count()).toBe(1);

    const again = await post(writerA, { ...goodBody, rows: goodBody.rows.slice(0, 1) }, "bal-2026-10-v2");
    expect(again.json).toMatchObject({ version: 2, replacedVersion: 1, loanCount: 1 });
    const read = await call(monthRoute, {
      path: "/api/v1/balance-reports/2026-10",
      params: { month: "2026-10" },
      headers: { Authorization: writerA },
    });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ version: 2, loanCount: 1, totalBalance: "500000.00" });
  });

  it("refuses a token without balances:write, and never shows one institution's report to another", async () => {
    const before = await db.balanceReport.count();
    const reader = await bearer("adminA", ["leads:read"]);
    expect((await post(reader, goodBody)).status).toBe(403);
    expect((await post("Bearer jyt_forged", goodBody)).status).toBe(401);
    const writerB = await bearer("adminB", ["balances:write"]);
    const other = await call(monthRoute, {
      path: "/api/v1/balance-reports/2026-10",
      params: { month: "2026-10" },
      headers: { Authorization: writerB },
    });
    expect(other.status).toBe(404);
    const bad = await call(monthRoute, {
      path: "/api/v1/balance-reports/x",
      params: { month: "x" },
      headers: { Authorization: writerA },
    });
    expect(bad.status).toBe(404);
    expect(await db.balanceReport.count()).toBe(before);
  });
});
