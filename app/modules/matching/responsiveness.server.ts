/**
 * How promptly an institution answers enterprises, from its engagement history: the share of requests it answered
 * (accepted or declined) and the share it answered within 72 hours, over the last 180 days. Too little history
 * (fewer than 3 requests) is "unknown", which ranking treats as neutral, so new institutions are not punished.
 */
import { Prisma } from "~/generated/prisma/client.ts";
import type { DbOrTx } from "~/infra/db.server.ts";

export const MIN_HISTORY = 3;
const TTL_MS = 5 * 60_000;

interface Row {
  institutionId: string;
  total: number;
  responded: number;
  fast: number;
}

export function responsivenessScore(row: Pick<Row, "total" | "responded" | "fast">): number | null {
  if (row.total < MIN_HISTORY) return null;
  return 0.5 * (row.responded / row.total) + 0.5 * (row.fast / row.total);
}

const cache = new WeakMap<object, Map<string, { at: number; value: number | null }>>();

export async function loadResponsiveness(
  db: DbOrTx,
  institutionIds: readonly string[],
  options: { fresh?: boolean } = {},
): Promise<Map<string, number | null>> {
  const now = Date.now();
  const store = cache.get(db) ?? new Map<string, { at: number; value: number | null }>();
  cache.set(db, store);
  const result = new Map<string, number | null>();
  const missing: string[] = [];
  for (const id of new Set(institutionIds)) {
    const hit = store.get(id);
    if (!options.fresh && hit && now - hit.at < TTL_MS) result.set(id, hit.value);
    else missing.push(id);
  }
  if (missing.length > 0) {
    const rows = await db.$queryRaw<Row[]>`
      SELECT e."institutionId",
             count(*)::int AS total,
             count(*) FILTER (WHERE e."acceptedAt" IS NOT NULL OR e."status" = 'DECLINED')::int AS responded,
             count(*) FILTER (WHERE
               (e."acceptedAt" IS NOT NULL AND e."acceptedAt" - e."requestedAt" <= interval '72 hours') OR
               (e."acceptedAt" IS NULL AND e."status" = 'DECLINED'
                 AND COALESCE(e."decidedAt", e."closedAt", e."updatedAt") - e."requestedAt" <= interval '72 hours'))::int AS fast
      FROM "Engagement" e
      WHERE e."institutionId" IN (${Prisma.join(missing)})
        AND e."initiatedBy" = 'ENTERPRISE'
        AND e."requestedAt" >= now() - interval '180 days'
        -- still waiting but not yet late, or withdrawn before any answer: says nothing about the institution
        AND NOT (e."status" = 'REQUESTED' AND e."requestedAt" > now() - interval '72 hours')
        AND NOT (e."status" = 'WITHDRAWN' AND e."acceptedAt" IS NULL)
      GROUP BY e."institutionId"`;
    const byId = new Map(rows.map((row) => [row.institutionId, row]));
    for (const id of missing) {
      const row = byId.get(id);
      const value = row ? responsivenessScore(row) : null;
      store.set(id, { at: now, value });
      result.set(id, value);
    }
  }
  return result;
}
