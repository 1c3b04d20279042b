/**
 * Calling Open API routes the way a bank's system does: a JSON request with a bearer token (and an Idempotency-Key
 * when given), the route module's loader or action, and the answer read back as JSON.
 */
import type { Role } from "~/generated/prisma/enums.ts";
import type { Db } from "~/infra/db.server.ts";
import type { ApiScope } from "~/modules/api-clients/scopes.ts";

type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<Response>;
export type ApiRoute = { loader?: Handler; action?: Handler };

export const BANK_IP = "198.51.100.7";

export interface ApiReply {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

export async function callApi(
  route: ApiRoute,
  options: {
    path: string;
    params?: Record<string, string>;
    authorization?: string;
    /** A JSON value (serialised) or a raw string; present means POST. */
    body?: unknown;
    idempotencyKey?: string;
    headers?: Record<string, string>;
  },
): Promise<ApiReply> {
  const post = options.body !== undefined;
  const headers: Record<string, string> = { "User-Agent": "bank-los/1.0", ...options.headers };
  if (options.authorization) headers.Authorization = options.authorization;
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  if (post) headers["Content-Type"] ??= "application/json";
  const request = new Request(`http://jieyang.test${options.path}`, {
    method: post ? "POST" : "GET",
    headers,
    body: post ? (typeof options.body === "string" ? options.body : JSON.stringify(options.body)) : undefined,
  });
  const handler = post ? route.action : route.loader;
  if (!handler) throw new Error(`route for ${options.path} has no ${post ? "action" : "loader"}`);
  const response = await handler({
    request,
    params: options.params ?? {},
    context: { clientIp: BANK_IP },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** Registers a client for the admin's institution and trades its secret for a bearer token at the token endpoint. */
export async function bearerToken(
  db: Db,
  admin: { id: string; role: Role; institutionId: string | null },
  scopes: ApiScope[],
  name = `对接系统 ${scopes.join(" ")}`,
): Promise<{ authorization: string; clientId: string; apiClientId: string }> {
  const { registerApiClient } = await import("~/modules/api-clients/clients.server.ts");
  const tokenRoute = (await import("~/routes/api.v1.oauth.token.ts")) as unknown as ApiRoute;
  const registered = await registerApiClient(db, {
    actor: { userId: admin.id, role: admin.role, institutionId: admin.institutionId! },
    fields: { name, scopes },
  });
  if (!registered.ok) throw new Error(`registration failed: ${JSON.stringify(registered.fieldErrors)}`);
  const basic = Buffer.from(`${registered.client.clientId}:${registered.clientSecret}`).toString("base64");
  const issued = await tokenRoute.action!({
    request: new Request("http://jieyang.test/api/v1/oauth/token", {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    }),
    params: {},
    context: { clientIp: BANK_IP },
  });
  if (issued.status !== 200) throw new Error(`token endpoint answered ${issued.status}`);
  const { access_token: accessToken } = (await issued.json()) as { access_token: string };
  return {
    authorization: `Bearer ${accessToken}`,
    clientId: registered.client.clientId,
    apiClientId: registered.client.id,
  };
}
