/**
 * The one gate every text input passes before a loader or action sees it: URL path params (ids), query
 * parameters, and the fields (and uploaded text files) of a form post. A character nobody can mean to type
 * (app/kernel/text-input.ts) is refused here with a 400 and a Chinese message, so no route, schema or query can
 * meet it — before this gate a NUL in any field or id reached Postgres, which answered "invalid byte sequence" and
 * the user a bare HTTP 500.
 *
 * withDomainErrors (./domain-errors.server.ts) runs it for every route module of the server build, and the tests
 * drive routes through the same wrapper, so a new route cannot forget it.
 */
import { domainError } from "~/kernel/errors.ts";
import { FORBIDDEN_CHARACTER_MESSAGE, hasForbiddenCharacter } from "~/kernel/text-input.ts";

/** Uploads the platform reads as text (the targets CSV import); their contents are checked like a field. */
const TEXT_UPLOAD = /\.(csv|txt)$/i;

const refuse = () => domainError(400, "FORBIDDEN_CHARACTER", FORBIDDEN_CHARACTER_MESSAGE);
const unreadable = () => domainError(400, "BAD_FORM", "提交的内容无法识别，请通过页面上的表单提交");

export function isFormBody(request: Request): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
}

async function checkForm(request: Request): Promise<void> {
  let form: FormData;
  try {
    // A clone: the action reads the body itself, once, as before.
    form = await request.clone().formData();
  } catch {
    throw unreadable();
  }
  for (const [key, value] of form) {
    if (hasForbiddenCharacter(key)) throw refuse();
    if (typeof value === "string") {
      if (hasForbiddenCharacter(value)) throw refuse();
      continue;
    }
    if (hasForbiddenCharacter(value.name)) throw refuse();
    if ((value.type.startsWith("text/") || TEXT_UPLOAD.test(value.name)) && hasForbiddenCharacter(await value.text()))
      throw refuse();
  }
}

/** Throws the boundary's 400 when any string inside a parsed JSON body (keys included) holds a forbidden character. */
export function refuseForbiddenJson(value: unknown, depth = 0): void {
  if (depth > 64) throw domainError(400, "BODY_TOO_DEEP", "请求体嵌套层级过深");
  if (typeof value === "string") {
    if (hasForbiddenCharacter(value)) throw refuse();
  } else if (Array.isArray(value)) {
    for (const item of value) refuseForbiddenJson(item, depth + 1);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (hasForbiddenCharacter(key)) throw refuse();
      refuseForbiddenJson(item, depth + 1);
    }
  }
}

/** Throws a 400 DomainError when any param, query parameter or form field holds a forbidden character. */
export async function refuseForbiddenInput(args: {
  request: Request;
  params?: Record<string, string | undefined>;
}): Promise<void> {
  for (const value of Object.values(args.params ?? {})) {
    if (value !== undefined && hasForbiddenCharacter(value)) throw refuse();
  }
  const url = new URL(args.request.url);
  for (const [key, value] of url.searchParams) {
    if (hasForbiddenCharacter(key) || hasForbiddenCharacter(value)) throw refuse();
  }
  if (isFormBody(args.request)) await checkForm(args.request);
}
