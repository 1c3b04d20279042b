/**
 * Changing one's own password: the current one proves it is the owner (a session alone is not enough — it may be a
 * borrowed or forgotten browser), the new one follows the sign-up rule, and every other session of the account is
 * signed out, so a password that leaked stops working everywhere at once. Audited without either password.
 *
 * The current-password check is a password oracle for whoever holds the session, so it spends the same per-account
 * and per-IP budget as sign-in (./sign-in-throttle.server.ts): wrong guesses here and at /login add up, and once
 * the budget is spent even the right password is refused until the lock expires.
 */
import { z } from "zod";
import type { Role } from "~/generated/prisma/enums.ts";
import type { Db } from "~/infra/db.server.ts";
import { parseWithSchema, type FieldErrors } from "~/kernel/forms.ts";
import { hashPassword, verifyPassword } from "./password.server.ts";
import type { SignInThrottle } from "./sign-in-throttle.server.ts";
import { newPasswordField } from "./password-rules.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";

const ChangePasswordForm = z
  .object({
    currentPassword: z.string({ error: "请输入当前密码" }).min(1, "请输入当前密码").max(128, "密码不能超过 128 个字符"),
    newPassword: newPasswordField("请设置新密码"),
    newPasswordConfirm: z.string({ error: "请再次输入新密码" }).min(1, "请再次输入新密码"),
  })
  .superRefine((value, ctx) => {
    if (value.newPasswordConfirm !== value.newPassword)
      ctx.addIssue({ code: "custom", path: ["newPasswordConfirm"], message: "两次输入的新密码不一致" });
    if (value.newPassword === value.currentPassword)
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "新密码不能与当前密码相同" });
  });

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; fieldErrors: FieldErrors; retryAfterSeconds?: undefined }
  | { ok: false; fieldErrors: FieldErrors; retryAfterSeconds: number };

export async function changePassword(
  db: Db,
  args: {
    userId: string;
    sessionId: string;
    role: Role;
    fields: Record<string, unknown>;
    ip?: string;
    throttle: SignInThrottle;
  },
): Promise<ChangePasswordResult> {
  const parsed = parseWithSchema(ChangePasswordForm, args.fields);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
  const user = await db.user.findUniqueOrThrow({
    where: { id: args.userId },
    select: { passwordHash: true, loginName: true },
  });
  const ip = args.ip ?? "unknown";
  const lockedFor = await args.throttle.lockedForSeconds(user.loginName, ip);
  if (lockedFor > 0) {
    await recordAudit(db, {
      action: "PASSWORD_CHANGE_LOCKED",
      actor: { userId: args.userId, role: args.role },
      subject: { type: "User", id: args.userId },
      request: { ip: args.ip },
    });
    const minutes = Math.ceil(lockedFor / 60);
    return {
      ok: false,
      retryAfterSeconds: lockedFor,
      fieldErrors: { currentPassword: `当前密码错误次数过多，已暂时锁定，请 ${minutes} 分钟后再试` },
    };
  }
  if (!(await verifyPassword(user.passwordHash, parsed.data.currentPassword))) {
    await args.throttle.recordFailure(user.loginName, ip);
    await recordAudit(db, {
      action: "PASSWORD_CHANGE_FAILED",
      actor: { userId: args.userId, role: args.role },
      subject: { type: "User", id: args.userId },
      request: { ip: args.ip },
    });
    return { ok: false, fieldErrors: { currentPassword: "当前密码不正确" } };
  }
  await args.throttle.recordSuccess(user.loginName);
  const passwordHash = await hashPassword(parsed.data.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: args.userId }, data: { passwordHash, mustChangePassword: false } });
    await tx.session.deleteMany({ where: { userId: args.userId, id: { not: args.sessionId } } });
    await recordAudit(tx, {
      action: "PASSWORD_CHANGED",
      actor: { userId: args.userId, role: args.role },
      subject: { type: "User", id: args.userId },
      request: { ip: args.ip },
    });
  });
  return { ok: true };
}
