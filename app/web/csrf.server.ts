import { randomBytes, timingSafeEqual } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { cookiesAreSecure, getEnv, sessionSecret } from "~/infra/env.server.ts";
import { domainError } from "~/kernel/errors.ts";
import { newRandomToken } from "~/modules/auth/sessions.server.ts";
import { crossOriginError, isCrossOrigin } from "~/web/origin.server.ts";
import { getSessionUser } from "~/web/session.server.ts";

/**
 * CSRF protection for every form post.
 * - Signed in: the synchronizer token stored with the server-side session.
 * - Anonymous (sign-in, registration): a signed double-submit cookie.
 * Every action calls `requireCsrf` (or `readFormWithCsrf`) before touching anything; forms render the token with
 * <CsrfInput/>. A cross-site request additionally fails the Origin check when the browser sends one.
 */
export const CSRF_FIELD = "_csrf";

let anonymousCookie: ReturnType<typeof createCookie> | undefined;
function getAnonymousCsrfCookie() {
  const env = getEnv();
  anonymousCookie ??= createCookie("jy_csrf", {
    httpOnly: true,
    sameSite: "lax",
    secure: cookiesAreSecure(env),
    path: "/",
    secrets: [sessionSecret(env)],
  });
  return anonymousCookie;
}

/** A fresh token per page load for the page's submission tokens (app/components/ui/csrf-input.tsx). */
export function newFormToken(): string {
  return randomBytes(9).toString("base64url");
}

/** The token the current page must embed, plus a Set-Cookie header when an anonymous token was just issued. */
export async function issueCsrfToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const user = await getSessionUser(request);
  if (user) return { token: user.csrfToken, setCookie: null };
  const existing: unknown = await getAnonymousCsrfCookie().parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && existing.length > 0) return { token: existing, setCookie: null };
  const token = newRandomToken();
  return { token, setCookie: await getAnonymousCsrfCookie().serialize(token) };
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const rejected = () => domainError(403, "CSRF", "页面已过期或请求来源不明，请刷新页面后重新提交");

/** Throws a 403 unless the form carries the token that belongs to this browser. */
export async function requireCsrf(request: Request, form: FormData): Promise<void> {
  const submitted = form.get(CSRF_FIELD);
  if (isCrossOrigin(request.headers)) throw crossOriginError();
  if (typeof submitted !== "string" || submitted.length === 0) throw rejected();
  const user = await getSessionUser(request);
  let expected: unknown;
  if (user) expected = user.csrfToken;
  else expected = await getAnonymousCsrfCookie().parse(request.headers.get("Cookie"));
  if (typeof expected !== "string" || !sameToken(submitted, expected)) throw rejected();
}

/** Reads a urlencoded/multipart form and checks its CSRF token in one step. */
export async function readFormWithCsrf(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw domainError(400, "BAD_FORM", "提交的内容无法识别，请通过页面上的表单提交");
  }
  await requireCsrf(request, form);
  return form;
}
