/**
 * The Open API's events feed (GET /api/v1/events): an institution's events, in the order their transactions got
 * their ids, in pages a bank's system walks with a cursor and resumes after a pause.
 *
 * Exactly once, also while events are written by concurrent transactions that commit out of order: each row is
 * numbered (seq) as its transaction commits, by a deferred trigger holding a lock the next committing writer waits
 * for (migration institution_events), so numbers become visible strictly in order and the cursor (seq, id) never
 * passes an event that commits later. The same technique as the leads feed (engagements/lead-feed.server.ts).
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
  seq: bigint;
  id: string;
}

function encodeCursor(position: Position): string {
  return Buffer.from(`${position.seq}.${position.id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): Position {
  const invalid = domainError(400, "INVALID_CURSOR", cursorMessage);
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid;
  const match = /^(\d{1,19})\.([a-z0-9]{0,64})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match?.[1] || match[2] === undefined) throw invalid;
  return { seq: BigInt(match[1]), id: match[2] };
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
  const after = query.after ? decodeCursor(query.after) : { seq: 0n, id: "" };
  const rows = await db.$queryRaw<{ id: string; type: string; occurredAt: Date; data: unknown; seq: bigint }[]>`
    SELECT e."id", e."type", e."occurredAt", e."data", e."seq" FROM "InstitutionEvent" e
    WHERE e."institutionId" = ${institutionId}
      AND e."seq" IS NOT NULL
      AND (e."seq", e."id") > (${after.seq}, ${after.id})
    ORDER BY e."seq", e."id"
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toInstitutionEventObject({ ...row, data: row.data as never })),
    nextCursor: last ? encodeCursor({ seq: last.seq, id: last.id }) : (query.after ?? encodeCursor(after)),
    hasMore: rows.length > query.limit,
  };
}
