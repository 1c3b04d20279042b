/**
 * The one error model of the domain. Domain functions throw a DomainError — a status class (the HTTP status it maps
 * to), a stable code and the Chinese message the user sees — and know nothing of HTTP or Remix. One place maps it
 * to a response for the web (app/web/domain-errors.server.ts); the workers fail such a job without retrying it,
 * since retrying cannot change the answer. A DomainError never carries a stack trace to the user.
 */
export type ErrorBody = { message: string; code: string };

export class DomainError extends Error {
  override readonly name = "DomainError";

  constructor(
    /** The HTTP status this error answers with: 4xx for what the caller can correct. */
    readonly status: number,
    /** A stable, machine-readable code, e.g. NOT_FOUND, CONFLICT, CSRF_TOKEN_INVALID. */
    readonly code: string,
    /** The Chinese message shown to the user. */
    message: string,
  ) {
    super(message);
  }

  get body(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

export function domainError(status: number, code: string, message: string): DomainError {
  return new DomainError(status, code, message);
}

export const unauthorized = (message = "请先登录后再访问此页面") => domainError(401, "UNAUTHORIZED", message);
export const forbidden = (message = "您的账号没有访问此页面的权限") => domainError(403, "FORBIDDEN", message);
export const notFound = (message = "您要找的内容不存在或已被删除") => domainError(404, "NOT_FOUND", message);
export const conflict = (message: string) => domainError(409, "CONFLICT", message);

/** Throws a 404 unless the value exists — keeps loaders flat: `const need = ensureFound(await db...)`. */
export function ensureFound<T>(value: T | null | undefined, message?: string): T {
  if (value === null || value === undefined) throw notFound(message);
  return value;
}
