/**
 * POST /api/v1/oauth/token — OAuth 2.0 client credentials (RFC 6749 §4.4). The client authenticates with HTTP
 * Basic (client_id:client_secret) or with client_id and client_secret in the form body, and gets a bearer token.
 * Errors carry both RFC 6749's `error` / `error_description` (what OAuth libraries read) and the problem fields.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/infra/db.server.ts";
import { DomainError } from "~/kernel/errors.ts";
import { issueAccessToken, oauthError } from "~/modules/api-clients/tokens.server.ts";
import { API_VERSION } from "~/web/api/endpoint.server.ts";
import { problemBody } from "~/web/api/problem.server.ts";
import { clientIpFrom } from "~/web/client-ip.server.ts";

const headers = { "API-Version": API_VERSION, "Cache-Control": "no-store", Pragma: "no-cache" };

function answer(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, ...extra, "Content-Type": "application/json; charset=utf-8" },
  });
}

function basicCredentials(request: Request): { clientId: string; clientSecret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec((request.headers.get("Authorization") ?? "").trim());
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  // RFC 6749 §2.3.1: both parts are form-urlencoded inside the Basic credentials.
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")),
    };
  } catch {
    return null;
  }
}

export async function loader() {
  return answer(405, problemBody(405, "METHOD_NOT_ALLOWED", "请使用 POST 获取访问令牌"), { Allow: "POST" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  try {
    const type = (request.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/x-www-form-urlencoded")
      throw oauthError(400, "invalid_request", "请以 application/x-www-form-urlencoded 提交令牌请求");
    const text = await request.text();
    if (text.length > 4_096) throw oauthError(400, "invalid_request", "令牌请求过大");
    const form = new URLSearchParams(text);
    if (form.get("grant_type") !== "client_credentials")
      throw oauthError(400, "unsupported_grant_type", "仅支持 grant_type=client_credentials");
    const basic = basicCredentials(request);
    const clientId = basic?.clientId ?? form.get("client_id") ?? "";
    const clientSecret = basic?.clientSecret ?? form.get("client_secret") ?? "";
    const token = await issueAccessToken(getDb(), {
      clientId,
      clientSecret,
      scope: form.get("scope"),
      ip: clientIpFrom(context as { clientIp?: string }),
    });
    return answer(200, {
      access_token: token.accessToken,
      token_type: token.tokenType,
      expires_in: token.expiresIn,
      scope: token.scopes.join(" "),
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const body = {
      error: error.code,
      error_description: error.message,
      ...problemBody(error.status, error.code, error.message),
    };
    return answer(
      error.status,
      body,
      error.status === 401 ? { "WWW-Authenticate": 'Basic realm="jieyang-open-api"' } : {},
    );
  }
}
