/**
 * The header's unread-notification badge: the signed-in user's unread in-app count, or null for visitors.
 * For the root loader (owned by the foundation): `unread: await unreadNotificationCount(request)`.
 * One COUNT on an indexed (recipientId, channel, readAt) prefix per page view.
 */
import { getDb } from "~/infra/db.server.ts";
import { getSessionUser } from "~/modules/auth/session.server.ts";
import { countUnread } from "~/modules/notifications/inbox.server.ts";

export async function unreadNotificationCount(request: Request): Promise<number | null> {
  const user = await getSessionUser(request);
  if (!user) return null;
  return countUnread(getDb(), user.id);
}
