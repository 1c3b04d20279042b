/**
 * The institution admin's team page: invite officers (an account with a one-time password shown once) and
 * deactivate or reactivate them. Scoped by the admin's institution; another institution's user is a 404.
 */
import { randomInt } from "node:crypto";
import { z } from "zod";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { parseWithSchema, type FieldErrors } from "~/kernel/forms.ts";
import { conflict, notFound } from "~/kernel/errors.ts";
import { isUniqueViolation } from "~/modules/engagements/engagements.server.ts";
import { optionalTextField, textField } from "./validation.ts";
import { engagementActive } from "~/kernel/statuses.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";

export const InviteOfficerForm = z.object({
  displayName: textField("姓名", { min: 2, max: 20 }),
  loginName: z
    .string({ error: "请填写登录账号" })
    .trim()
    .toLowerCase()
    .min(1, "请填写登录账号")
    .regex(/^[a-z][a-z0-9._-]{3,31}$/, "登录账号须以字母开头，4–32 位，只能包含小写字母、数字、点、下划线和连字符"),
  phone: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .trim()
      .regex(/^1[3-9]\d{9}$/, "请输入 11 位手机号码")
      .optional(),
  ),
  email: z.preprocess((value) => (value === "" ? undefined : value), z.email("电子邮箱格式不正确").optional()),
  note: optionalTextField("备注", 100),
});

// No 0/O, 1/l/I: the password is read off a screen and typed by someone else.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

export function oneTimePassword(length = 12): string {
  let password = "";
  for (let i = 0; i < length; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

export async function listTeam(db: DbOrTx, institutionId: string) {
  const users = await db.user.findMany({
    where: { institutionId, role: { in: ["OFFICER", "INSTITUTION_ADMIN"] } },
    orderBy: [{ role: "asc" }, { isActive: "desc" }, { displayName: "asc" }],
    select: {
      id: true,
      displayName: true,
      loginName: true,
      role: true,
      phone: true,
      isActive: true,
      lastSignInAt: true,
      createdAt: true,
      _count: {
        select: {
          engagements: {
            where: engagementActive,
          },
        },
      },
    },
  });
  return users.map(({ _count, ...user }) => ({
    ...user,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    activeEngagements: _count.engagements,
  }));
}

export type InviteResult =
  { ok: true; loginName: string; displayName: string; password: string } | { ok: false; fieldErrors: FieldErrors };

/** Creates an officer of the admin's institution. The password is returned once and stored only as a hash. */
export async function inviteOfficer(
  db: Db,
  args: { actor: InstitutionActor; fields: Record<string, unknown> },
): Promise<InviteResult> {
  const parsed = parseWithSchema(InviteOfficerForm, args.fields);
  if (!parsed.ok) return parsed;
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          loginName: parsed.data.loginName,
          passwordHash,
          // The admin chose it and saw it: the officer replaces it at first sign-in.
          mustChangePassword: true,
          displayName: parsed.data.displayName,
          role: "OFFICER",
          institutionId: args.actor.institutionId,
          phone: parsed.data.phone ?? null,
          email: parsed.data.email ?? null,
        },
        select: { id: true },
      });
      await recordAudit(tx, { action: "OFFICER_INVITED", actor: args.actor, subject: { type: "User", id: user.id } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, fieldErrors: { loginName: "该登录账号已被使用，请换一个" } };
    throw error;
  }
  return { ok: true, loginName: parsed.data.loginName, displayName: parsed.data.displayName, password };
}

/** An officer of the admin's own institution (admins and other institutions' staff are out of reach: 404). */
async function findOwnOfficer(db: Db, actor: InstitutionActor, userId: string) {
  const officer = await db.user.findFirst({
    where: { id: userId, institutionId: actor.institutionId, role: "OFFICER" },
    select: { id: true, isActive: true, loginName: true, displayName: true },
  });
  if (!officer) throw notFound("该客户经理不存在或不属于本机构");
  return officer;
}

/** Deactivating signs the officer out everywhere at once (sessions deleted); the history stays. */
export async function setOfficerActive(
  db: Db,
  args: { actor: InstitutionActor; userId: string; active: boolean },
): Promise<void> {
  const officer = await findOwnOfficer(db, args.actor, args.userId);
  if (officer.isActive === args.active) throw conflict(args.active ? "该账号已是启用状态" : "该账号已经停用");
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: officer.id }, data: { isActive: args.active } });
    if (!args.active) await tx.session.deleteMany({ where: { userId: officer.id } });
    await recordAudit(tx, {
      action: args.active ? "OFFICER_REACTIVATED" : "OFFICER_DEACTIVATED",
      actor: args.actor,
      subject: { type: "User", id: officer.id },
    });
  });
}

/**
 * An officer who forgot the password gets a new one-time password from the admin (returned once, stored only as a
 * hash): every session of theirs is signed out, and they must choose their own at the next sign-in.
 */
export async function resetOfficerPassword(
  db: Db,
  args: { actor: InstitutionActor; userId: string },
): Promise<{ loginName: string; displayName: string; password: string }> {
  const officer = await findOwnOfficer(db, args.actor, args.userId);
  if (!officer.isActive) throw conflict("该账号已经停用，请先启用再重置密码");
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: officer.id }, data: { passwordHash, mustChangePassword: true } });
    await tx.session.deleteMany({ where: { userId: officer.id } });
    await recordAudit(tx, {
      action: "OFFICER_PASSWORD_RESET",
      actor: args.actor,
      subject: { type: "User", id: officer.id },
    });
  });
  return { loginName: officer.loginName, displayName: officer.displayName, password };
}
