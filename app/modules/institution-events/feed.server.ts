/**
 * The Open API's events feed (GET /api/v1/events): an institution's events, in the order their transactions got
 * their ids, in pages a bank's system walks with a cursor and resumes after a pause.
 *
 * Exactly once, also while events are written by concurrent transactions that commit out of order: each row carries
 * the id of the transaction that inserted it (txid), and a page holds only rows whose txid is below the oldest
 * transaction still running (pg_snapshot_xmin). That set is final — every later transaction gets a larger id — so
 * the cursor (txid, id) never passes an event whose transaction commits later. A long transaction on the platform
 * delays the feed; it never makes it skip. The same technique as the leads feed (engagements/lead-feed.server.ts).
 */
import { z } from "zod";
import type { DbOrTx } from "~/infra/db.server.ts";
import { domainError } from "~/kernel/errors.ts";
import type { InstitutionEventObject } from "./catalog.ts";
import { toInstitutionEventObject } from "./record.server.ts";

export const EVENT_FEED_MAX_LIMIT = 200;

const limitMessage = `limit 须为 1–${EVENT_FEED_MAX_LIMIT} 的整数`;
const cursorMessage = "after 无效：请使用上一页返回的 nextCursor";

export const EventFeedQuerySchema = z.object({
  after: z.string().max(200, cursorMessage).optional(),
  limit: z.coerce
    .number({ error: limitMessage })
    .int(limitMessage)
    .min(1, limitMessage)
    .max(EVENT_FEED_MAX_LIMIT, limitMessage)
    .default(100),
});

export type EventFeedQuery = z.output<typeof EventFeedQuerySchema>;

interface Position {
  txid: bigint;
  id: string;
}

function encodeCursor(position: Position): string {
  return Buffer.from(`${position.txid}.${position.id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): Position {
  const invalid = domainError(400, "INVALID_CURSOR", cursorMessage);
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid;
  const match = /^(\d{1,19})\.([a-z0-9]{0,64})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match?.[1] || match[2] === undefined) throw invalid;
  return { txid: BigInt(match[1]), id: match[2] };
}

export interface EventFeedPage {
  items: InstitutionEventObject[];
  /** Pass as `after` for the next page; present even on the last page, so a client resumes from there later. */
  nextCursor: string;
  hasMore: boolean;
}

export async function readInstitutionEventFeed(
  db: DbOrTx,
  args: { institutionId: string; query: EventFeedQuery },
): Promise<EventFeedPage> {
  const { institutionId, query } = args;
  const after = query.after ? decodeCursor(query.after) : { txid: 0n, id: "" };
  const rows = await db.$queryRaw<{ id: string; type: string; occurredAt: Date; data: unknown; txid: bigint }[]>`
    SELECT e."id", e."type", e."occurredAt", e."data", e."txid" FROM "InstitutionEvent" e
    WHERE e."institutionId" = ${institutionId}
      AND e."txid" < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
      AND (e."txid", e."id") > (${after.txid}, ${after.id})
    ORDER BY e."txid", e."id"
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toInstitutionEventObject({ ...row, data: row.data as never })),
    nextCursor: last ? encodeCursor({ txid: last.txid, id: last.id }) : (query.after ?? encodeCursor(after)),
    hasMore: rows.length > query.limit,
  };
}
