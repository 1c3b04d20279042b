import { createCookie, redirect } from "@remix-run/node";
import { cookiesAreSecure, getEnv } from "~/infra/env.server.ts";
import { getDb, type DbOrTx } from "~/infra/db.server.ts";
import { newRandomToken, type SessionUser } from "~/modules/auth/sessions.server.ts";

/**
 * Server-side sessions. The cookie carries only a random session id (signed, httpOnly, SameSite=Lax, Secure in
 * production); the row in `Session` is the truth, so signing out, idle expiry and rotation take effect at once.
 */

const SESSION_COOKIE_NAME = "jy_session";
/** Touch lastSeenAt at most once a minute so a page with several loaders does not write on every call. */
const TOUCH_INTERVAL_MS = 60_000;

let sessionCookie: ReturnType<typeof createCookie> | undefined;
export function getSessionCookie() {
  const env = getEnv();
  sessionCookie ??= createCookie(SESSION_COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    secure: cookiesAreSecure(env),
    path: "/",
    secrets: [env.SESSION_SECRET],
  });
  return sessionCookie;
}

function idleExpiry(from: Date): Date {
  return new Date(from.getTime() + getEnv().SESSION_IDLE_MINUTES * 60_000);
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
  if (!sessionId) return null;
  const db = getDb();
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      csrfToken: true,
      expiresAt: true,
      lastSeenAt: true,
      user: {
        select: {
          id: true,
          loginName: true,
          displayName: true,
          role: true,
          enterpriseId: true,
          institutionId: true,
          mustChangePassword: true,
          isActive: true,
        },
      },
    },
  });
  const now = new Date();
  if (!session || session.expiresAt <= now || !session.user.isActive) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now, expiresAt: idleExpiry(now) } });
  }
  const { isActive: _isActive, ...user } = session.user;
  return { ...user, sessionId: session.id, csrfToken: session.csrfToken };
}

/**
 * Starts a fresh session for the user. Any session the browser already had is deleted first, so a session id
 * planted before sign-in (session fixation) is worthless afterwards.
 */
export async function startUserSession(args: {
  db: DbOrTx;
  request: Request;
  userId: string;
  ip: string;
  redirectTo: string;
}): Promise<Response> {
  const previousId = await readSessionId(args.request);
  if (previousId) await args.db.session.deleteMany({ where: { id: previousId } });
  const now = new Date();
  const session = await args.db.session.create({
    data: {
      id: newRandomToken(),
      userId: args.userId,
      csrfToken: newRandomToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: idleExpiry(now),
      ip: args.ip,
      userAgent: args.request.headers.get("user-agent")?.slice(0, 300) ?? null,
    },
    select: { id: true },
  });
  return redirect(args.redirectTo, {
    headers: { "Set-Cookie": await getSessionCookie().serialize(session.id) },
  });
}

export async function endUserSession(request: Request, redirectTo = "/"): Promise<Response> {
  const sessionId = await readSessionId(request);
  if (sessionId) await getDb().session.deleteMany({ where: { id: sessionId } });
  return redirect(redirectTo, {
    headers: { "Set-Cookie": await getSessionCookie().serialize("", { maxAge: 0 }) },
  });
}
