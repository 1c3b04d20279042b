/**
 * Calling Open API route modules in-process the way Remix would, with a bearer token of a freshly registered client.
 * Shared by the api tests (engagement-support.ts adds a token fetched through the token endpoint itself).
 */
import type { Db } from "~/infra/db.server.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import type { ApiScope } from "~/modules/api-clients/scopes.ts";

type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<Response>;
export type ApiRoute = { loader?: Handler; action?: Handler };

export const BANK_IP = "198.51.100.7";

export interface ApiResult {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

/**
 * One call as a bank's system makes it: a POST when `method` says so or a body is given (a JSON value, serialised,
 * or a raw string), with the bearer token and Idempotency-Key when given; the answer read back as JSON.
 */
export async function callApi(
  route: ApiRoute,
  options: {
    method?: "GET" | "POST";
    path: string;
    params?: Record<string, string>;
    authorization?: string;
    body?: unknown;
    idempotencyKey?: string;
    headers?: Record<string, string>;
  },
): Promise<ApiResult> {
  const method = options.method ?? (options.body !== undefined ? "POST" : "GET");
  const headers: Record<string, string> = { "User-Agent": "bank-los/1.0", ...options.headers };
  if (options.authorization) headers.Authorization = options.authorization;
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  if (method === "POST") headers["Content-Type"] ??= "application/json";
  const request = new Request(`http://jieyang.test${options.path}`, {
    method,
    headers,
    body:
      method === "POST"
        ? typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body ?? {})
        : undefined,
  });
  const handler = method === "POST" ? route.action : route.loader;
  if (!handler) throw new Error(`route for ${options.path} has no ${method === "POST" ? "action" : "loader"}`);
  const response = await handler({ request, params: options.params ?? {}, context: { clientIp: BANK_IP } });
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
