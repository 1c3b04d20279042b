import { createCookie, redirect } from "@remix-run/node";
import { cookiesAreSecure, getEnv, sessionSecret } from "~/infra/env.server.ts";
import { getDb, type DbOrTx } from "~/infra/db.server.ts";
import { createSession, deleteSession, findSessionUser, type SessionUser } from "~/modules/auth/sessions.server.ts";

/**
 * The session cookie: it carries only the random session id (signed, httpOnly, SameSite=Lax, Secure in production);
 * the session itself is a database row (app/modules/auth/sessions.server.ts).
 */
const SESSION_COOKIE_NAME = "jy_session";

let sessionCookie: ReturnType<typeof createCookie> | undefined;
export function getSessionCookie() {
  const env = getEnv();
  sessionCookie ??= createCookie(SESSION_COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    secure: cookiesAreSecure(env),
    path: "/",
    secrets: [sessionSecret(env)],
  });
  return sessionCookie;
}

async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await getSessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

// Loaders of one request share a Request object; remember the lookup so a page costs one query, not one per loader.
const lookups = new WeakMap<Request, Promise<SessionUser | null>>();

export function getSessionUser(request: Request): Promise<SessionUser | null> {
  let lookup = lookups.get(request);
  if (!lookup) {
    lookup = lookUpSessionUser(request);
    lookups.set(request, lookup);
  }
  return lookup;
}

async function lookUpSessionUser(request: Request): Promise<SessionUser | null> {
  const sessionId = await readSessionId(request);
  return sessionId ? findSessionUser(getDb(), sessionId) : null;
}

/** Signs the user in: a fresh session (replacing the browser's old one) and a redirect that sets its cookie. */
export async function startUserSession(args: {
  db: DbOrTx;
  request: Request;
  userId: string;
  ip: string;
  redirectTo: string;
}): Promise<Response> {
  const sessionId = await createSession(args.db, {
    userId: args.userId,
    ip: args.ip,
    userAgent: args.request.headers.get("user-agent"),
    previousSessionId: await readSessionId(args.request),
  });
  return redirect(args.redirectTo, {
    headers: { "Set-Cookie": await getSessionCookie().serialize(sessionId) },
  });
}

export async function endUserSession(request: Request, redirectTo = "/"): Promise<Response> {
  const sessionId = await readSessionId(request);
  if (sessionId) await deleteSession(getDb(), sessionId);
  return redirect(redirectTo, {
    headers: { "Set-Cookie": await getSessionCookie().serialize("", { maxAge: 0 }) },
  });
}
