/**
 * The rule for a password a person chooses (sign-up, changing it), shared by every form that sets one.
 */
import { z } from "zod";

export const PASSWORD_RULE_TEXT = "8–64 位，须同时包含字母和数字";

/** A new password: `emptyMessage` when nothing was typed, otherwise what is wrong with it, in Chinese. */
export function newPasswordField(emptyMessage: string) {
  return z
    .string({ error: emptyMessage })
    .min(1, emptyMessage)
    .min(8, `密码太短：${PASSWORD_RULE_TEXT}`)
    .max(64, `密码太长：${PASSWORD_RULE_TEXT}`)
    .refine((value) => /[A-Za-z]/.test(value) && /\d/.test(value), `密码须同时包含字母和数字（${PASSWORD_RULE_TEXT}）`);
}
