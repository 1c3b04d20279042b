/**
 * Sessions as the domain knows them: who is signed in (SessionUser, what every domain function receives as the
 * actor), the `Session` rows (the truth, so signing out, idle expiry and rotation take effect at once), fresh random
 * tokens, and the hourly clean-up the worker runs. The cookie side lives in app/web/session.server.ts; keeping these
 * here lets the worker delete expired sessions without loading Remix.
 */
import { randomBytes } from "node:crypto";
import type { DbOrTx } from "~/infra/db.server.ts";
import { getEnv } from "~/infra/env.server.ts";
import type { Role } from "~/generated/prisma/enums.ts";

export type SessionUser = {
  id: string;
  sessionId: string;
  csrfToken: string;
  loginName: string;
  displayName: string;
  role: Role;
  enterpriseId: string | null;
  institutionId: string | null;
  /** Someone else chose the password: requireUser sends the user to /account/password first. */
  mustChangePassword: boolean;
};

/** Touch lastSeenAt at most once a minute so a page with several loaders does not write on every call. */
const TOUCH_INTERVAL_MS = 60_000;

export function newRandomToken(): string {
  return randomBytes(32).toString("base64url");
}

function idleExpiry(from: Date): Date {
  return new Date(from.getTime() + getEnv().SESSION_IDLE_MINUTES * 60_000);
}

/** The user of a live session (not expired, account active), sliding its idle expiry forward; null otherwise. */
export async function findSessionUser(db: DbOrTx, sessionId: string): Promise<SessionUser | null> {
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
 * Creates a fresh session for the user and returns its id. The session the browser already had, if any, is deleted
 * first, so a session id planted before sign-in (session fixation) is worthless afterwards.
 */
export async function createSession(
  db: DbOrTx,
  args: { userId: string; ip: string; userAgent: string | null; previousSessionId: string | null },
): Promise<string> {
  if (args.previousSessionId) await db.session.deleteMany({ where: { id: args.previousSessionId } });
  const now = new Date();
  const session = await db.session.create({
    data: {
      id: newRandomToken(),
      userId: args.userId,
      csrfToken: newRandomToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: idleExpiry(now),
      ip: args.ip,
      userAgent: args.userAgent?.slice(0, 300) ?? null,
    },
    select: { id: true },
  });
  return session.id;
}

export async function deleteSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Deletes sessions past their idle expiry (the worker runs this hourly); returns how many went. */
export async function deleteExpiredSessions(db: DbOrTx, now = new Date()): Promise<number> {
  return (await db.session.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
