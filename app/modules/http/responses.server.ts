import { json } from "@remix-run/node";

/**
 * Small helpers so every route answers errors the same way: a status code and a Chinese message that the route's
 * ErrorBoundary (or the form) shows. Thrown responses never carry stack traces.
 */
export type ErrorBody = { message: string; code: string };

export function httpError(status: number, code: string, message: string): Response {
  return json<ErrorBody>({ code, message }, { status });
}

export const unauthorized = (message = "请先登录后再访问此页面") => httpError(401, "UNAUTHORIZED", message);
export const forbidden = (message = "您的账号没有访问此页面的权限") => httpError(403, "FORBIDDEN", message);
export const notFound = (message = "您要找的内容不存在或已被删除") => httpError(404, "NOT_FOUND", message);
export const conflict = (message: string) => httpError(409, "CONFLICT", message);

/** Throws a 404 unless the value exists — keeps loaders flat: `const need = ensureFound(await db...)`. */
export function ensureFound<T>(value: T | null | undefined, message?: string): T {
  if (value === null || value === undefined) throw notFound(message);
  return value;
}

/** The client's address from the Express server (see server/index.js), which honours TRUST_PROXY. */
export function clientIpFrom(context: { clientIp?: string } | undefined): string {
  return context?.clientIp ?? "unknown";
}
