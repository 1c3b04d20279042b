/**
 * Open API errors as RFC 9457 problem details: `application/problem+json` with the HTTP status, a stable `code`
 * clients can branch on, and a Chinese `detail` a bank officer can read. Field errors of a refused body go in
 * `errors` (field → message), as the web forms show them.
 */
import { DomainError } from "~/kernel/errors.ts";
import type { FieldErrors } from "~/kernel/forms.ts";

export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldErrors;
}

export function problemBody(status: number, code: string, detail: string, errors?: FieldErrors): Problem {
  return { type: "about:blank", title: TITLES[status] ?? "Error", status, code, detail, ...(errors ? { errors } : {}) };
}

export function problemResponse(
  status: number,
  code: string,
  detail: string,
  options: { errors?: FieldErrors; headers?: HeadersInit } = {},
): Response {
  const headers = new Headers(options.headers);
  headers.set("Content-Type", PROBLEM_CONTENT_TYPE);
  return new Response(JSON.stringify(problemBody(status, code, detail, options.errors)), { status, headers });
}

/** A thrown DomainError keeps its status, code and message; anything else is a 500 that reveals nothing. */
export function problemFromError(error: unknown, headers?: HeadersInit): Response {
  if (error instanceof DomainError) return problemResponse(error.status, error.code, error.message, { headers });
  return problemResponse(500, "INTERNAL_ERROR", "服务器内部错误，请稍后重试；如持续出现请联系平台运维", { headers });
}

/** A handler's answer for fields the domain refused: 422 with every field's Chinese message, like a refused body. */
export function fieldErrorsAnswer(fieldErrors: FieldErrors): { status: 422; body: Problem } {
  const first = Object.values(fieldErrors)[0] ?? "请求内容有误";
  return { status: 422, body: problemBody(422, "VALIDATION_FAILED", first, fieldErrors) };
}
