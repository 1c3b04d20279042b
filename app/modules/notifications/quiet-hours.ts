/**
 * No SMS at night: between 21:00 and 08:00 Asia/Shanghai a text waits until 08:00 — unless the deadline it warns
 * about runs out before then, when waiting would make the warning useless. Deferred, never dropped.
 */
import { addCalendarDays, formatShanghai, shanghaiDay, shanghaiInstant } from "~/kernel/time.ts";

export const SMS_QUIET_FROM_HOUR = 21;
export const SMS_QUIET_UNTIL_HOUR = 8;

/** null: send now; otherwise the instant (08:00 Shanghai) the SMS may go out. */
export function smsQuietUntil(now: Date, dueAt: Date | null): Date | null {
  const hour = Number(formatShanghai(now).slice(11, 13));
  if (hour >= SMS_QUIET_UNTIL_HOUR && hour < SMS_QUIET_FROM_HOUR) return null;
  const today = shanghaiDay(now);
  const morning = shanghaiInstant(
    hour >= SMS_QUIET_FROM_HOUR ? addCalendarDays(today, 1) : today,
    SMS_QUIET_UNTIL_HOUR,
  );
  if (dueAt && dueAt > now && dueAt <= morning) return null;
  return morning;
}

/** The deadline a notification's payload names (reminders and escalations carry `dueAt`), if any. */
export function payloadDueAt(payload: unknown): Date | null {
  const text = (payload as { dueAt?: unknown } | null)?.dueAt;
  if (typeof text !== "string") return null;
  const dueAt = new Date(text);
  return Number.isNaN(dueAt.getTime()) ? null : dueAt;
}
