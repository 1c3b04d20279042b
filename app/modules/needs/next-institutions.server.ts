/**
 * After a decline or an institution's withdrawal: who to ask next, and asking them. The next institutions are the
 * ones whose products matched and that have not worked the need yet, best match first — with the decline reason in
 * mind: when collateral was short, bundles with a guarantor come first. Inviting one records the enterprise's consent
 * for that institution (consent per institution, as at publication) and a REQUESTED engagement the institution can
 * accept at once.
 */
import { getEnv } from "~/infra/env.server.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import type { DeclineReason } from "~/generated/prisma/enums.ts";
import type { EnterpriseActor } from "~/kernel/actors.ts";
import { conflict, notFound } from "~/kernel/errors.ts";
import { isNeedLive } from "~/kernel/statuses.ts";
import { isUniqueViolation } from "~/modules/engagements/engagements.server.ts";
import { recordNeedEvent, recordOutboxEvent } from "~/modules/engagements/events.server.ts";
import { loadOwnNeed } from "./enterprise-needs.server.ts";

export interface NextInstitution {
  institutionId: string;
  institutionName: string;
  productName: string;
  bundleName: string | null;
  score: string;
}

/** Match candidates of one need, as loaded for its page. */
export interface MatchCandidate {
  kind: "DIRECT" | "BUNDLE" | "NEAR_MISS";
  score: string;
  product: { institutionId: string; institution: string; name: string };
  bundle: { name: string } | null;
}

/** Institutions to ask next, best first; empty while an institution is still working the need. */
export function nextInstitutions(
  matches: readonly MatchCandidate[],
  engagedInstitutionIds: ReadonlySet<string>,
  lastDeclineReason: DeclineReason | null,
): NextInstitution[] {
  const preferBundles = lastDeclineReason === "INSUFFICIENT_COLLATERAL";
  const ordered = matches
    .filter((match) => match.kind !== "NEAR_MISS" && !engagedInstitutionIds.has(match.product.institutionId))
    .map((match, index) => ({ match, index }))
    .sort(
      (a, b) =>
        (preferBundles ? Number(b.match.kind === "BUNDLE") - Number(a.match.kind === "BUNDLE") : 0) ||
        a.index - b.index,
    );
  const seen = new Set<string>();
  const result: NextInstitution[] = [];
  for (const { match } of ordered) {
    if (seen.has(match.product.institutionId)) continue;
    seen.add(match.product.institutionId);
    result.push({
      institutionId: match.product.institutionId,
      institutionName: match.product.institution,
      productName: match.product.name,
      bundleName: match.bundle?.name ?? null,
      score: match.score,
    });
  }
  return result;
}

export const ALREADY_INVITED_MESSAGE = "该机构已对接过此需求，请在对接进展中查看";

/** The enterprise invites an institution that matched its need: consent for it, and a request it can accept. */
export async function inviteInstitution(
  db: Db,
  args: { actor: EnterpriseActor; needId: string; institutionId: string; consentTextVersion: string; now?: Date },
): Promise<{ engagementId: string }> {
  const maxActive = getEnv().MAX_ACTIVE_ENGAGEMENTS_PER_NEED;
  try {
    return await db.$transaction(async (tx) => {
      const need = await loadOwnNeed(tx, args.actor, args.needId);
      if (!isNeedLive(need.status)) throw conflict("该需求已结束对接，不能再邀请机构");
      await assertMatched(tx, need.id, args.institutionId);
      const existing = await tx.engagement.findUnique({
        where: { needId_institutionId: { needId: need.id, institutionId: args.institutionId } },
        select: { id: true },
      });
      if (existing) throw conflict(ALREADY_INVITED_MESSAGE);
      const taken = new Set(
        (
          await tx.engagement.findMany({
            where: { needId: need.id, activeSlot: { not: null } },
            select: { activeSlot: true },
          })
        ).map((row) => row.activeSlot),
      );
      const slot = Array.from({ length: maxActive }, (_, index) => index + 1).find((value) => !taken.has(value));
      if (slot === undefined) throw conflict("该需求的对接名额已满，请等待现有机构答复后再邀请");
      const now = args.now ?? new Date();
      const consent = await tx.consentRecord.create({
        data: {
          needId: need.id,
          enterpriseId: args.actor.enterpriseId,
          institutionId: args.institutionId,
          textVersion: args.consentTextVersion,
          grantedById: args.actor.userId,
          grantedAt: now,
        },
        select: { id: true },
      });
      await recordNeedEvent(tx, {
        needId: need.id,
        actorId: args.actor.userId,
        type: "CONSENT_GRANTED",
        at: now,
        data: { consentIds: [consent.id], scope: "DIRECTED", institutionIds: [args.institutionId] },
      });
      await recordOutboxEvent(tx, {
        type: "consent.granted",
        aggregateId: consent.id,
        payload: { consentId: consent.id, needId: need.id, institutionId: args.institutionId },
      });
      const engagement = await tx.engagement.create({
        data: {
          needId: need.id,
          institutionId: args.institutionId,
          initiatedBy: "ENTERPRISE",
          status: "REQUESTED",
          activeSlot: slot,
          requestedAt: now,
        },
        select: { id: true },
      });
      await recordNeedEvent(tx, {
        needId: need.id,
        engagementId: engagement.id,
        actorId: args.actor.userId,
        type: "ENGAGEMENT_REQUESTED",
        toStatus: "REQUESTED",
        at: now,
        data: { consentId: consent.id, by: "ENTERPRISE" },
      });
      await recordOutboxEvent(tx, {
        type: "engagement.requested",
        aggregateId: engagement.id,
        payload: { engagementId: engagement.id, needId: need.id, institutionId: args.institutionId },
      });
      return { engagementId: engagement.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("对接名额刚被占用，请刷新页面后重试");
    throw error;
  }
}

/** Only an active institution whose products matched the need may be invited from its page. */
async function assertMatched(db: DbOrTx, needId: string, institutionId: string): Promise<void> {
  const match = await db.match.findFirst({
    where: {
      needId,
      kind: { in: ["DIRECT", "BUNDLE"] },
      product: { institutionId, institution: { isActive: true } },
    },
    select: { id: true },
  });
  if (!match) throw notFound("该机构不在本需求的匹配结果中");
}
