/**
 * Calling Open API route modules in-process the way Remix would, with a bearer token of a freshly registered client.
 * Shared by the products and events tests.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { Db } from "~/infra/db.server.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import type { ApiScope } from "~/modules/api-clients/scopes.ts";

export type ApiRoute = {
  loader?: (args: LoaderFunctionArgs) => Promise<Response>;
  action?: (args: ActionFunctionArgs) => Promise<Response>;
};

export const BANK_IP = "198.51.100.7";

export interface ApiResult {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

export async function callApi(
  route: ApiRoute,
  options: {
    method?: "GET" | "POST";
    path: string;
    params?: Record<string, string>;
    authorization: string;
    body?: unknown;
    idempotencyKey?: string;
  },
): Promise<ApiResult> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Authorization: options.authorization };
  if (method === "POST") headers["Content-Type"] = "application/json";
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  const request = new Request(`http://jieyang.test${options.path}`, {
    method,
    headers,
    body: method === "POST" ? JSON.stringify(options.body ?? {}) : undefined,
  });
  const handler = method === "POST" ? route.action : route.loader;
  const response = await handler!({ request, params: options.params ?? {}, context: { clientIp: BANK_IP } });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** Registers a client for the admin's institution and returns `Bearer <token>` for the given scopes. */
export async function bearerFor(
  db: Db,
  admin: { id: string; role: Role; institutionId: string | null },
  scopes: ApiScope[],
): Promise<string> {
  const clients = await import("~/modules/api-clients/clients.server.ts");
  const { issueAccessToken } = await import("~/modules/api-clients/tokens.server.ts");
  const registered = await clients.registerApiClient(db, {
    actor: { userId: admin.id, role: admin.role, institutionId: admin.institutionId! },
    fields: { name: `对接系统 ${scopes.join(" ")}`, scopes },
  });
  if (!registered.ok) throw new Error(`registration failed: ${JSON.stringify(registered.fieldErrors)}`);
  const token = await issueAccessToken(db, {
    clientId: registered.client.clientId,
    clientSecret: registered.clientSecret,
    ip: BANK_IP,
  });
  return `Bearer ${token.accessToken}`;
}
