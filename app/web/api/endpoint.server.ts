/**
 * The one wrapper every Open API route goes through (`/api/v1/…`). In order: the dated API-Version header, the
 * bearer token (OAuth 2.0 client credentials, app/modules/api-clients/tokens.server.ts), the endpoint's scope, the
 * client's rate limit, the JSON body, the Idempotency-Key of a POST, then the handler — which calls the same domain
 * functions as the web routes with the client's service actor. Every refusal is a problem+json answer and changes
 * nothing; no response is cached.
 */
import type { Params } from "@remix-run/react";
import type { ZodType, z } from "zod";
import { getDb, type Db } from "~/infra/db.server.ts";
import { getCommandRedis } from "~/infra/redis.server.ts";
import { DomainError, domainError } from "~/kernel/errors.ts";
import { parseWithSchema } from "~/kernel/forms.ts";
import { FORBIDDEN_CHARACTER_MESSAGE } from "~/kernel/text-input.ts";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  requestFingerprint,
} from "~/modules/api-clients/idempotency.server.ts";
import { getApiRateLimit } from "~/modules/api-clients/rate-limit.server.ts";
import { authenticateAccessToken, invalidToken, type ApiCaller } from "~/modules/api-clients/tokens.server.ts";
import { getEnv } from "~/infra/env.server.ts";
import { clientIpFrom } from "~/web/client-ip.server.ts";
import { isUnstorableText } from "~/web/domain-errors.server.ts";
import { refuseForbiddenInput, refuseForbiddenJson } from "~/web/input-boundary.server.ts";
import type { ApiOperation } from "./operation.ts";
import { PROBLEM_CONTENT_TYPE, problemBody, problemFromError, problemResponse } from "./problem.server.ts";

/** Dated version of the API contract; a breaking change gets a new date and the old one keeps being served. */
export const API_VERSION = "2026-12-01";

/** API bodies are small JSON documents; a larger one is refused before it is parsed. */
const MAX_JSON_BODY_BYTES = 256 * 1024;

export interface ApiRequestContext {
  request: Request;
  url: URL;
  params: Params;
  caller: ApiCaller;
  db: Db;
  /** The caller's address as the server saw it, for audit rows (e.g. a contact reveal). */
  clientIp: string;
}

export interface ApiAnswer {
  status?: number;
  body: unknown;
}

type RouteArgs = { request: Request; params: Params; context?: unknown };

function baseHeaders(): Headers {
  return new Headers({ "API-Version": API_VERSION, "Cache-Control": "no-store" });
}

export function jsonAnswer(answer: ApiAnswer, headers: Headers = baseHeaders()): Response {
  headers.set("Content-Type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers });
}

function bearerToken(request: Request): string {
  const header = request.headers.get("Authorization") ?? "";
  const match = /^Bearer ([\x21-\x7e]+)$/i.exec(header.trim());
  if (!match?.[1]) throw invalidToken("缺少访问令牌：请在 Authorization 请求头中以 Bearer 方式提供");
  return match[1];
}

/** Reads a JSON body, refusing other content types, oversized bodies and malformed JSON with a 4xx. */
export async function readJsonBody(request: Request): Promise<{ text: string; value: unknown }> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json")
    throw domainError(415, "UNSUPPORTED_MEDIA_TYPE", "请求体须为 JSON（Content-Type: application/json）");
  const text = await request.text();
  if (Buffer.byteLength(text, "utf8") > MAX_JSON_BODY_BYTES)
    throw domainError(413, "BODY_TOO_LARGE", "请求体过大（上限 256 KB）");
  if (text.trim() === "") return { text, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw domainError(400, "MALFORMED_JSON", "请求体不是有效的 JSON");
  }
  refuseForbiddenJson(value);
  return { text, value };
}

/** Validates a parsed body with the endpoint's zod schema; refusals list the fields in Chinese (422). */
export function parseBody<S extends ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = parseWithSchema(schema, value);
  if (!parsed.ok) throw new BodyRefused(parsed.fieldErrors);
  return parsed.data;
}

/** Validates the query string; a refused parameter is a 400 naming it, never silently dropped. */
export function parseQuery<S extends ZodType>(schema: S, url: URL): z.output<S> {
  const parsed = parseWithSchema(schema, Object.fromEntries(url.searchParams));
  if (!parsed.ok) {
    const [field, message] = Object.entries(parsed.fieldErrors)[0] ?? ["", "查询参数有误"];
    throw domainError(400, "INVALID_QUERY", field && field !== "_form" ? `${field}：${message}` : message);
  }
  return parsed.data;
}

class BodyRefused extends Error {
  constructor(readonly fieldErrors: Record<string, string>) {
    super("body refused");
  }
}

async function authenticate(args: RouteArgs, operation: ApiOperation, db: Db): Promise<ApiCaller> {
  const scope = operation.scope;
  if (scope === null) throw new Error(`operation ${operation.operationId} has no scope and cannot use apiGet/apiPost`);
  const ip = clientIpFrom(args.context as { clientIp?: string } | undefined);
  const caller = await authenticateAccessToken(db, { token: bearerToken(args.request), ip });
  if (!caller.scopes.includes(scope))
    throw domainError(403, "INSUFFICIENT_SCOPE", `访问令牌缺少接口权限 ${scope}，请在获取令牌时申请该权限`);
  return caller;
}

/** The loader of a POST-only endpoint: a GET is answered 405 with the allowed method. */
export function apiMethodNotAllowed(allow: "GET" | "POST"): () => Promise<Response> {
  return async () =>
    problemResponse(405, "METHOD_NOT_ALLOWED", `该接口只支持 ${allow} 请求`, {
      headers: { ...Object.fromEntries(baseHeaders()), Allow: allow },
    });
}

type Output<S extends ZodType | undefined> = S extends ZodType ? z.output<S> : undefined;

/**
 * A GET endpoint: `export const loader = apiGet(listLeads, handler)`. The query is validated with the operation's
 * `query` schema (400 naming the parameter) and handed to the handler typed.
 */
export function apiGet<Query extends ZodType | undefined>(
  operation: ApiOperation<Query, ZodType | undefined>,
  handle: (context: ApiRequestContext & { query: Output<Query> }) => Promise<ApiAnswer>,
): (args: RouteArgs) => Promise<Response> {
  if (operation.method !== "GET") throw new Error(`${operation.operationId} is not a GET operation`);
  return (args) =>
    run(args, operation, false, (context) => {
      const query = (operation.query ? parseQuery(operation.query, context.url) : undefined) as Output<Query>;
      return handle({ ...context, query });
    });
}

/**
 * A POST endpoint (`export const action = apiPost(recordOutcome, handler)`), idempotent under an Idempotency-Key.
 * The body is validated with the operation's `body` schema (422 listing the fields, stored and replayed like any
 * answer) and handed to the handler typed.
 */
export function apiPost<Body extends ZodType | undefined>(
  operation: ApiOperation<ZodType | undefined, Body>,
  handle: (context: ApiRequestContext & { body: Output<Body> }) => Promise<ApiAnswer>,
): (args: RouteArgs) => Promise<Response> {
  if (operation.method !== "POST") throw new Error(`${operation.operationId} is not a POST operation`);
  return (args) =>
    run(args, operation, true, (context) => {
      const body = (operation.body ? parseBody(operation.body, context.body) : undefined) as Output<Body>;
      return handle({ ...context, body });
    });
}

/**
 * Outside production every success answer is checked against the operation's response schema, so a test that
 * calls an endpoint also proves the published OpenAPI document describes what it really returns.
 */
function checkAnswer(operation: ApiOperation, answer: ApiAnswer): ApiAnswer {
  const status = answer.status ?? 200;
  if (status >= 400 || getEnv().NODE_ENV === "production") return answer;
  const parsed = operation.response.schema.safeParse(JSON.parse(JSON.stringify(answer.body)));
  if (!parsed.success)
    throw new Error(
      `answer of ${operation.operationId} does not match its response schema: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`,
    );
  return answer;
}

async function run(
  args: RouteArgs,
  operation: ApiOperation,
  write: boolean,
  handleUnchecked: (context: ApiRequestContext & { body?: unknown }) => Promise<ApiAnswer>,
): Promise<Response> {
  const handle = async (context: ApiRequestContext & { body?: unknown }) =>
    checkAnswer(operation, await handleUnchecked(context));
  const headers = baseHeaders();
  const db = getDb();
  const url = new URL(args.request.url);
  try {
    if (write !== (args.request.method === "POST"))
      return problemResponse(405, "METHOD_NOT_ALLOWED", `该接口不支持 ${args.request.method} 请求`, {
        headers: { ...Object.fromEntries(headers), Allow: write ? "POST" : "GET" },
      });
    // The web's input boundary, answered here as a problem document (ids, query; the JSON body is checked below).
    await refuseForbiddenInput({ request: args.request, params: args.params });
    const caller = await authenticate(args, operation, db);
    const waitSeconds = await getApiRateLimit(getCommandRedis()).consume(caller.apiClientId);
    if (waitSeconds > 0) {
      headers.set("Retry-After", String(waitSeconds));
      return problemResponse(429, "RATE_LIMITED", `调用过于频繁，请在 ${waitSeconds} 秒后重试`, { headers });
    }
    const context: ApiRequestContext = {
      request: args.request,
      url,
      params: args.params,
      caller,
      db,
      clientIp: clientIpFrom(args.context as { clientIp?: string } | undefined),
    };
    if (!write) return jsonAnswer(await handle(context), headers);

    const { text, value } = await readJsonBody(args.request);
    const key = args.request.headers.get("Idempotency-Key");
    if (key === null) {
      const given = await answerOrRefusal(() => handle({ ...context, body: value }));
      return replay({ status: given.status ?? 200, body: given.body }, headers);
    }
    const claim = await claimIdempotencyKey(db, {
      apiClientId: caller.apiClientId,
      key,
      method: "POST",
      path: url.pathname,
      fingerprint: requestFingerprint("POST", url.pathname, text),
    });
    if (claim.kind === "replay") {
      headers.set("Idempotent-Replayed", "true");
      return replay(claim.answer, headers);
    }
    let answer: ApiAnswer & { status: number };
    try {
      const given = await answerOrRefusal(() => handle({ ...context, body: value }));
      answer = { status: given.status ?? 200, body: given.body };
    } catch (error) {
      await completeIdempotencyKey(db, claim.recordId, { status: 500, body: null });
      throw error;
    }
    await completeIdempotencyKey(db, claim.recordId, answer);
    return replay(answer, headers);
  } catch (error) {
    if (isUnstorableText(error))
      return problemResponse(400, "FORBIDDEN_CHARACTER", FORBIDDEN_CHARACTER_MESSAGE, { headers });
    if (!(error instanceof DomainError)) console.error("[api] unexpected error", error);
    return problemFromError(error, headers);
  }
}

/** A refusal the handler answers (a 4xx DomainError, a refused body) is an answer too: it is stored and replayed. */
async function answerOrRefusal(run: () => Promise<ApiAnswer>): Promise<ApiAnswer> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BodyRefused) {
      const first = Object.values(error.fieldErrors)[0] ?? "请求内容有误";
      return { status: 422, body: problemBody(422, "VALIDATION_FAILED", first, error.fieldErrors) };
    }
    if (error instanceof DomainError && error.status < 500)
      return { status: error.status, body: problemBody(error.status, error.code, error.message) };
    throw error;
  }
}

/** Every answer of 400 or more is a problem document, so its content type follows from its status. */
function replay(answer: { status: number; body: unknown }, headers: Headers): Response {
  if (answer.status < 400) return jsonAnswer(answer, headers);
  headers.set("Content-Type", PROBLEM_CONTENT_TYPE);
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}
