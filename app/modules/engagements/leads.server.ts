/**
 * Leads (线索) as an institution sees them before consent: built by the same anonymising mapper as the search
 * index (app/modules/search-index — masked name, no credit code, no contact, shared text redacted), never from the raw
 * enterprise row. The lists of other institutions a need was directed to or matched are not shown either.
 */
import { dateColumnDay } from "~/kernel/time.ts";
import { getEnv } from "~/infra/env.server.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { loadNeedRow, regionDirectoryCovering } from "~/modules/matching/facts.server.ts";
import { toNeedDocument, type NeedDocument } from "~/modules/search-index/documents.server.ts";
import { loadVisibleNeed } from "./engagements.server.ts";
import { engagementActive, isNeedLive } from "~/kernel/statuses.ts";

/**
 * A lead document as one institution may see it: the other institutions a need was directed to or matched with are
 * cut, and only whether it was directed to this one is kept.
 */
export function toInstitutionLead(document: NeedDocument, institutionId: string) {
  const { directedInstitutionIds, matchedInstitutionIds: _matched, contentHash: _hash, ...lead } = document;
  return { ...lead, directedToUs: directedInstitutionIds.includes(institutionId) };
}

export type InstitutionLead = ReturnType<typeof toInstitutionLead>;

/** Why the need fits this institution's products: the stored match reasons, best first. */
export async function loadOurMatchReasons(db: DbOrTx, needIds: readonly string[], institutionId: string) {
  if (needIds.length === 0)
    return new Map<string, { productName: string; score: string; kind: string; reasons: string[] }[]>();
  const matches = await db.match.findMany({
    where: {
      needId: { in: [...needIds] },
      kind: { in: ["DIRECT", "BUNDLE"] },
      OR: [{ product: { institutionId } }, { bundleProduct: { institutionId } }],
    },
    orderBy: [{ needId: "asc" }, { score: "desc" }],
    select: { needId: true, kind: true, score: true, reasons: true, product: { select: { name: true } } },
  });
  const byNeed = new Map<string, { productName: string; score: string; kind: string; reasons: string[] }[]>();
  for (const match of matches) {
    const list = byNeed.get(match.needId) ?? [];
    list.push({
      productName: match.product.name,
      score: match.score.toFixed(0),
      kind: match.kind,
      reasons: match.reasons,
    });
    byNeed.set(match.needId, list);
  }
  return byNeed;
}

export async function loadAnonymisedLead(db: DbOrTx, needId: string, institutionId: string, now: Date = new Date()) {
  const access = await loadVisibleNeed(db, needId, institutionId);
  const row = await loadNeedRow(db, access.id);
  if (!row) throw new Error(`need ${needId} vanished`);
  const regions = await regionDirectoryCovering(db, [row.regionId, row.enterprise.parkId]);
  const document = toInstitutionLead(toNeedDocument(row, regions), institutionId);
  const [reasons, ours, activeCount] = await Promise.all([
    loadOurMatchReasons(db, [needId], institutionId),
    db.engagement.findUnique({
      where: { needId_institutionId: { needId, institutionId } },
      select: { id: true, status: true },
    }),
    db.engagement.count({ where: { needId, ...engagementActive } }),
  ]);
  const maxActive = getEnv().MAX_ACTIVE_ENGAGEMENTS_PER_NEED;
  return {
    ...document,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    wantedBy: dateColumnDay(row.wantedBy),
    live: isNeedLive(row.status) && (!row.expiresAt || row.expiresAt > now),
    matchReasons: reasons.get(needId) ?? [],
    ourEngagement: ours,
    slotsLeft: Math.max(0, maxActive - activeCount),
    maxActive,
  };
}

export type AnonymisedLead = Awaited<ReturnType<typeof loadAnonymisedLead>>;
