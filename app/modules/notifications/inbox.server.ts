/**
 * The in-app inbox every role has (header badge, /…/notifications pages). Every function is scoped to the signed-in
 * user's id, so one user can never read or mark another's notifications.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import { needName } from "./templates.ts";

export interface InboxItem {
  id: string;
  template: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
  /** The need the message is about (from its payload), when it is about one. */
  needId: string | null;
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
    select: {
      id: true,
      template: true,
      title: true,
      body: true,
      link: true,
      createdAt: true,
      readAt: true,
      payload: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, take).map(({ payload, ...row }) => {
    const needId = (payload as { needId?: unknown } | null)?.needId;
    return { ...row, needId: typeof needId === "string" ? needId : null };
  });
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

export interface InboxGroup<T extends { needId: string | null }> {
  /** null: messages about no single need of this enterprise. */
  needId: string | null;
  /** "设备购置 50 万元", or "其他消息". */
  label: string;
  items: T[];
}

/**
 * An enterprise's messages grouped by the need they are about, the group of the newest message first. Only the
 * enterprise's own needs are looked up, so a payload naming someone else's need cannot reveal it.
 */
export async function groupInboxByNeed<T extends { needId: string | null }>(
  db: DbOrTx,
  enterpriseId: string,
  items: readonly T[],
): Promise<InboxGroup<T>[]> {
  const ids = [...new Set(items.flatMap((item) => (item.needId ? [item.needId] : [])))];
  const needs = ids.length
    ? await db.financingNeed.findMany({
        where: { id: { in: ids }, enterpriseId },
        select: { id: true, amount: true, purposeCategory: true },
      })
    : [];
  const names = new Map(
    needs.map((need) => [need.id, needName({ amount: need.amount.toFixed(2), purposeCategory: need.purposeCategory })]),
  );
  const groups = new Map<string | null, InboxGroup<T>>();
  for (const item of items) {
    const key = item.needId && names.has(item.needId) ? item.needId : null;
    let group = groups.get(key);
    if (!group) {
      group = { needId: key, label: key ? `融资需求：${names.get(key)}` : "其他消息", items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}
