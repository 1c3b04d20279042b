/**
 * The in-app inbox every role has (header badge, /…/notifications pages). Every function is scoped to the signed-in
 * user's id, so one user can never read or mark another's notifications.
 */
import type { DbOrTx } from "~/infra/db.server.ts";

export interface InboxItem {
  id: string;
  template: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface InboxPage {
  items: InboxItem[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export async function listInbox(
  db: DbOrTx,
  userId: string,
  options: { unreadOnly?: boolean; take?: number; cursor?: string | null } = {},
): Promise<InboxPage> {
  const take = Math.min(Math.max(options.take ?? 20, 1), 100);
  const rows = await db.notification.findMany({
    where: { recipientId: userId, channel: "IN_APP", ...(options.unreadOnly ? { readAt: null } : {}) },
    select: { id: true, template: true, title: true, body: true, link: true, createdAt: true, readAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, take);
  return { items, nextCursor: rows.length > take ? items[items.length - 1]!.id : null };
}

export function countUnread(db: DbOrTx, userId: string): Promise<number> {
  return db.notification.count({ where: { recipientId: userId, channel: "IN_APP", readAt: null } });
}

/** Marks one of the user's notifications read; false when it is not theirs, not in-app or already read. */
export async function markRead(db: DbOrTx, userId: string, notificationId: string, now = new Date()): Promise<boolean> {
  const result = await db.notification.updateMany({
    where: { id: notificationId, recipientId: userId, channel: "IN_APP", readAt: null },
    data: { readAt: now },
  });
  return result.count > 0;
}

export async function markAllRead(db: DbOrTx, userId: string, now = new Date()): Promise<number> {
  const result = await db.notification.updateMany({
    where: { recipientId: userId, channel: "IN_APP", readAt: null },
    data: { readAt: now },
  });
  return result.count;
}
