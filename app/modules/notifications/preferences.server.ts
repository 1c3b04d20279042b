/**
 * The channels a user receives notifications on besides in-app messages, which are always written (the platform's
 * record of what each party was told). E-mail needs an address on file; SMS is used for urgent messages only
 * (deadline reminders and escalations) and needs a mobile number.
 */
import type { Db } from "~/infra/db.server.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";

export interface ChannelPreferences {
  notifyByEmail: boolean;
  notifyBySms: boolean;
  email: string | null;
  phone: string | null;
}

export function loadChannelPreferences(db: Db, userId: string): Promise<ChannelPreferences> {
  return db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { notifyByEmail: true, notifyBySms: true, email: true, phone: true },
  });
}

/** Saves the choice (a checkbox left unticked is "no"); audited, as it decides whether deadline reminders reach them. */
export async function saveChannelPreferences(
  db: Db,
  args: { userId: string; notifyByEmail: boolean; notifyBySms: boolean },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: args.userId },
      data: { notifyByEmail: args.notifyByEmail, notifyBySms: args.notifyBySms },
      select: { id: true },
    });
    await recordAudit(tx, {
      action: "NOTIFICATION_CHANNELS_CHANGED",
      actor: { userId: args.userId },
      subject: { type: "User", id: args.userId },
      data: { notifyByEmail: args.notifyByEmail, notifyBySms: args.notifyBySms },
    });
  });
}
