/**
 * DRAFT → OPEN. In one transaction: the status, publication and expiry dates, the first-response deadline (3 working
 * days by default, per region), a timeline event and the outbox event that makes the worker index, match and notify.
 * Nothing here touches Redis or Meilisearch, so publishing works while they are down
 * (docs/decisions/003-transactional-outbox.md). The enterprise pages call this after their own checks (consent,
 * completeness).
 */
import { databaseNow, type Db, type DbOrTx } from "~/infra/db.server.ts";
import { conflict, forbidden, notFound } from "~/kernel/errors.ts";
import { computeFirstResponseDueAt } from "~/modules/deadlines/deadlines.server.ts";
import { recordOutboxEvent } from "~/modules/outbox/outbox.server.ts";
import { recordAsks } from "~/modules/engagements/asks.server.ts";

/** A need stays open this long unless the enterprise closes it (the default validity, docs/domain.md#need-lifecycle). */
export const NEED_VALIDITY_DAYS = 90;

export interface PublishedNeed {
  id: string;
  publishedAt: Date;
  expiresAt: Date;
  firstResponseDueAt: Date;
}

/**
 * Throws a 404 response when the need does not exist, 403 when the actor is not a user of the need's enterprise,
 * 409 when the need is not a draft (the transition is illegal, nothing changes). Pass a transaction client to make
 * publishing part of a larger change (e.g. with the consent records); given the plain client it opens its own.
 */
export async function publishNeed(
  db: Db | DbOrTx,
  input: { needId: string; actorId: string; now?: Date },
): Promise<PublishedNeed> {
  return inTransaction(db, async (tx) => {
    const now = input.now ?? (await databaseNow(tx));
    const need = await tx.financingNeed.findUnique({
      where: { id: input.needId },
      select: { id: true, status: true, enterpriseId: true, regionId: true },
    });
    const actor = await tx.user.findUnique({
      where: { id: input.actorId },
      select: { enterpriseId: true, isActive: true },
    });
    if (!need) throw notFound("融资需求不存在");
    if (!actor?.isActive || actor.enterpriseId !== need.enterpriseId)
      throw forbidden("只有本企业的用户可以发布该融资需求");
    if (need.status !== "DRAFT") throw conflict("只有草稿状态的融资需求可以发布");

    const firstResponseDueAt = await computeFirstResponseDueAt(tx, { regionId: need.regionId, publishedAt: now });
    const expiresAt = new Date(now.getTime() + NEED_VALIDITY_DAYS * 86_400_000);
    // Conditional on DRAFT: of two concurrent publishes exactly one changes the row, the other gets the 409.
    const updated = await tx.financingNeed.updateMany({
      where: { id: need.id, status: "DRAFT" },
      data: { status: "OPEN", publishedAt: now, expiresAt, firstResponseDueAt },
    });
    if (updated.count === 0) throw conflict("只有草稿状态的融资需求可以发布");

    await tx.needEvent.create({
      data: {
        needId: need.id,
        actorId: input.actorId,
        type: "NEED_PUBLISHED",
        fromStatus: "DRAFT",
        toStatus: "OPEN",
        createdAt: now,
      },
    });
    await recordOutboxEvent(tx, { type: "need.published", aggregateId: need.id, payload: { needId: need.id } });
    // The institutions a DIRECTED need names are asked now; an OPEN need's are asked when matching tells them.
    const picked = await tx.needDirectedInstitution.findMany({
      where: { needId: need.id, addedByEscalation: false, need: { visibility: "DIRECTED" } },
      select: { institutionId: true },
    });
    await recordAsks(tx, {
      needId: need.id,
      institutionIds: picked.map((row) => row.institutionId),
      origin: "DIRECTED",
      at: now,
    });
    return { id: need.id, publishedAt: now, expiresAt, firstResponseDueAt };
  });
}

function inTransaction<T>(db: Db | DbOrTx, run: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return "$transaction" in db ? (db as Db).$transaction((tx) => run(tx)) : run(db);
}
