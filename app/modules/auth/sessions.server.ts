/**
 * Sessions as the domain knows them: who is signed in (SessionUser, what every domain function receives as the
 * actor), fresh random tokens, and the hourly clean-up the worker runs. The cookie side lives in
 * app/web/session.server.ts; keeping these here lets the worker delete expired sessions without loading Remix.
 */
import { randomBytes } from "node:crypto";
import type { DbOrTx } from "~/infra/db.server.ts";
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

export function newRandomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Deletes sessions past their idle expiry (the worker runs this hourly); returns how many went. */
export async function deleteExpiredSessions(db: DbOrTx, now = new Date()): Promise<number> {
  return (await db.session.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
