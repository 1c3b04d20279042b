import { z } from "zod";
import type { DbOrTx } from "~/infra/db.server.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import { getDummyPasswordHash, verifyPassword } from "~/modules/auth/password.server.ts";
import type { SignInThrottle } from "~/modules/auth/sign-in-throttle.server.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";

export const SignInForm = z.object({
  loginName: z
    .string({ error: "请输入账号或手机号" })
    .trim()
    .min(1, "请输入账号或手机号")
    .max(64, "账号不能超过 64 个字符"),
  password: z.string({ error: "请输入密码" }).min(1, "请输入密码").max(128, "密码不能超过 128 个字符"),
  redirectTo: z.string().optional(),
});

export type SignInResult =
  | { ok: true; user: { id: string; role: Role } }
  | { ok: false; reason: "INVALID_CREDENTIALS" }
  | { ok: false; reason: "LOCKED"; retryAfterSeconds: number };

/**
 * Checks a sign-in attempt. The answer for "no such account", "wrong password" and "deactivated account" is the
 * same, and a password hash is verified in every case, so neither the message nor the timing reveals which
 * accounts exist. Every attempt is audited.
 */
export async function attemptSignIn(args: {
  db: DbOrTx;
  throttle: SignInThrottle;
  loginName: string;
  password: string;
  ip: string;
  userAgent: string | null;
}): Promise<SignInResult> {
  const { db, throttle, loginName, password, ip } = args;
  const lockedFor = await throttle.lockedForSeconds(loginName, ip);
  if (lockedFor > 0) {
    await audit(db, { action: "SIGN_IN_LOCKED", loginName, ip, userAgent: args.userAgent });
    return { ok: false, reason: "LOCKED", retryAfterSeconds: lockedFor };
  }

  const user = await db.user.findUnique({
    where: { loginName },
    select: { id: true, role: true, passwordHash: true, isActive: true },
  });
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await getDummyPasswordHash()), password);

  if (!user || !user.isActive || !passwordMatches) {
    await throttle.recordFailure(loginName, ip);
    await audit(db, { action: "SIGN_IN_FAILED", loginName, ip, userAgent: args.userAgent, actorId: user?.id });
    return { ok: false, reason: "INVALID_CREDENTIALS" };
  }

  await throttle.recordSuccess(loginName);
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await audit(db, { action: "SIGN_IN", loginName, ip, userAgent: args.userAgent, actorId: user.id, role: user.role });
  return { ok: true, user: { id: user.id, role: user.role } };
}

async function audit(
  db: DbOrTx,
  entry: {
    action: "SIGN_IN" | "SIGN_IN_FAILED" | "SIGN_IN_LOCKED";
    loginName: string;
    ip: string;
    userAgent: string | null;
    actorId?: string;
    role?: Role;
  },
) {
  await recordAudit(db, {
    action: entry.action,
    actor: entry.actorId ? { userId: entry.actorId, role: entry.role } : null,
    subject: { type: "User", id: entry.actorId },
    request: { ip: entry.ip, userAgent: entry.userAgent },
    // The attempted name helps spot password spraying; the password itself is never stored or logged.
    data: { loginName: entry.loginName.slice(0, 64) },
  });
}
