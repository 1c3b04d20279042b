/**
 * Changing one's own password: the current one proves it is the owner (a session alone is not enough — it may be a
 * borrowed or forgotten browser), the new one follows the sign-up rule, and every other session of the account is
 * signed out, so a password that leaked stops working everywhere at once. Audited without either password.
 */
import { z } from "zod";
import type { Role } from "~/generated/prisma/enums.ts";
import type { Db } from "~/infra/db.server.ts";
import { parseWithSchema, type FieldErrors } from "~/kernel/forms.ts";
import { hashPassword, verifyPassword } from "./password.server.ts";
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

export type ChangePasswordResult = { ok: true } | { ok: false; fieldErrors: FieldErrors };

export async function changePassword(
  db: Db,
  args: { userId: string; sessionId: string; role: Role; fields: Record<string, unknown>; ip?: string },
): Promise<ChangePasswordResult> {
  const parsed = parseWithSchema(ChangePasswordForm, args.fields);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
  const user = await db.user.findUniqueOrThrow({ where: { id: args.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, parsed.data.currentPassword))) {
    await recordAudit(db, {
      action: "PASSWORD_CHANGE_FAILED",
      actor: { userId: args.userId, role: args.role },
      subject: { type: "User", id: args.userId },
      request: { ip: args.ip },
    });
    return { ok: false, fieldErrors: { currentPassword: "当前密码不正确" } };
  }
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
