/**
 * What an enterprise does with its own financing needs: save a draft, publish it (with consent), withdraw it, close
 * it as met or unmet, republish an expired one, withdraw consent, and start a DIRECTED draft from a product.
 *
 * Rules every function keeps:
 * - Ownership: the need is looked up by id AND the signed-in user's enterprise id; another enterprise's need is a
 *   plain 404, so ids cannot be probed (no IDOR).
 * - Transitions: only those in ./need-lifecycle.ts; anything else is a 409 and nothing changes. Status updates are
 *   conditional on the status read, so a concurrent change makes the loser a 409 rather than a lost update.
 * - Each change writes its NeedEvent (timeline) and OutboxEvent (jobs) in the same transaction.
 */
import { fen, fenToYuanString, toFen, wan } from "~/kernel/money.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Collateral, EngagementStatus, NeedStatus, PurposeCategory } from "~/generated/prisma/enums.ts";
import { databaseNow, type Db, type DbOrTx } from "~/infra/db.server.ts";
import { shanghaiToday } from "~/kernel/time.ts";
import { recordNeedEvent } from "~/modules/engagements/events.server.ts";
import type { FieldErrors } from "~/kernel/forms.ts";
import { conflict, notFound } from "~/kernel/errors.ts";
import { recordOutboxEvent } from "~/modules/outbox/outbox.server.ts";
import { CONSENT_CHANGED_MESSAGE, requireCurrentConsentText } from "./consent.server.ts";
import { type NeedInput, type NeedIntent } from "./need-form.ts";
import { deriveNeedFlags } from "./need-flags.ts";
import { canDo, illegalActionMessage, type EnterpriseNeedAction } from "./need-lifecycle.ts";
import { needTermsSelect } from "./need-select.ts";
import { publishNeed } from "./publish-need.server.ts";
import { ENGAGEMENT_ACTIVE_STATUSES, ENGAGEMENT_AWAITING_DECISION_STATUSES } from "~/kernel/statuses.ts";
import type { EnterpriseActor } from "~/kernel/actors.ts";

export const NEED_NOT_FOUND_MESSAGE = "该融资需求不存在，或不属于您的企业";
const STALE_MESSAGE = "需求状态已被更新，请刷新页面后重试";

// ───────────────────────────── shared helpers ─────────────────────────────

type OwnNeed = { id: string; status: NeedStatus; visibility: "OPEN" | "DIRECTED"; regionId: string };

/** The need if it belongs to the actor's enterprise, else a 404 — the same answer whether it exists or not. */
export async function loadOwnNeed(db: DbOrTx, actor: EnterpriseActor, needId: string): Promise<OwnNeed> {
  const need = await db.financingNeed.findFirst({
    where: { id: needId, enterpriseId: actor.enterpriseId },
    select: { id: true, status: true, visibility: true, regionId: true },
  });
  if (!need) throw notFound(NEED_NOT_FOUND_MESSAGE);
  return need;
}

function assertCan(action: EnterpriseNeedAction, need: OwnNeed): void {
  if (!canDo(action, need.status)) throw conflict(illegalActionMessage(action, need.status));
}

async function changeNeedStatus(
  tx: DbOrTx,
  need: OwnNeed,
  to: NeedStatus,
  data: Prisma.FinancingNeedUpdateManyMutationInput = {},
): Promise<void> {
  const { count } = await tx.financingNeed.updateMany({
    where: { id: need.id, status: need.status },
    data: { ...data, status: to },
  });
  if (count !== 1) throw conflict(STALE_MESSAGE);
}

/**
 * Ends the need's live engagements (statuses in `statuses`) as WITHDRAWN by the enterprise, freeing their slots.
 * Each gets its own timeline event and outbox event, so the institution is told.
 */
async function withdrawEngagements(
  tx: DbOrTx,
  args: {
    needId: string;
    actorId: string;
    now: Date;
    statuses: readonly EngagementStatus[];
    institutionId?: string;
    note: string;
  },
): Promise<number> {
  const engagements = await tx.engagement.findMany({
    where: {
      needId: args.needId,
      status: { in: [...args.statuses] },
      ...(args.institutionId ? { institutionId: args.institutionId } : {}),
    },
    select: { id: true, status: true, institutionId: true },
  });
  let ended = 0;
  for (const engagement of engagements) {
    const { count } = await tx.engagement.updateMany({
      where: { id: engagement.id, status: engagement.status },
      data: { status: "WITHDRAWN", activeSlot: null, closedAt: args.now },
    });
    if (count !== 1) throw conflict(STALE_MESSAGE);
    const { id: needEventId } = await recordNeedEvent(tx, {
      needId: args.needId,
      engagementId: engagement.id,
      actorId: args.actorId,
      type: "ENGAGEMENT_STATUS_CHANGED",
      fromStatus: engagement.status,
      toStatus: "WITHDRAWN",
      note: args.note,
      data: { by: "ENTERPRISE" },
    });
    await recordOutboxEvent(tx, {
      type: "engagement.status-changed",
      aggregateId: engagement.id,
      payload: {
        engagementId: engagement.id,
        needId: args.needId,
        institutionId: engagement.institutionId,
        needEventId,
      },
    });
    ended++;
  }
  return ended;
}

/** Consent records for publishing: one general record for an OPEN need, one per picked institution for DIRECTED. */
async function grantPublishConsent(
  tx: DbOrTx,
  args: {
    needId: string;
    actor: EnterpriseActor;
    visibility: "OPEN" | "DIRECTED";
    institutionIds: readonly string[];
    textVersion: string;
    now: Date;
  },
): Promise<void> {
  const targets: (string | null)[] = args.visibility === "OPEN" ? [null] : [...args.institutionIds];
  const consentIds: string[] = [];
  for (const institutionId of targets) {
    const consent = await tx.consentRecord.create({
      data: {
        needId: args.needId,
        enterpriseId: args.actor.enterpriseId,
        institutionId,
        textVersion: args.textVersion,
        grantedById: args.actor.userId,
        grantedAt: args.now,
      },
      select: { id: true },
    });
    consentIds.push(consent.id);
    await recordOutboxEvent(tx, {
      type: "consent.granted",
      aggregateId: consent.id,
      payload: { consentId: consent.id, needId: args.needId, institutionId },
    });
  }
  await recordNeedEvent(tx, {
    needId: args.needId,
    actorId: args.actor.userId,
    type: "CONSENT_GRANTED",
    at: args.now,
    data: {
      consentIds,
      textVersion: args.textVersion,
      scope: args.visibility,
      institutionIds: targets.filter(Boolean) as string[],
    },
  });
}

// ───────────────────────────── save (draft or publish) ─────────────────────────────

export type SaveNeedResult =
  { ok: true; needId: string; published: boolean } | { ok: false; status: 400 | 409; fieldErrors: FieldErrors };

const enterpriseFlagSelect = {
  regionId: true,
  entityType: true,
  industrySection: true,
  declaresNoPriorLoan: true,
} satisfies Prisma.EnterpriseSelect;

function needData(input: NeedInput, enterprise: Prisma.EnterpriseGetPayload<{ select: typeof enterpriseFlagSelect }>) {
  return {
    regionId: enterprise.regionId,
    amount: input.amountYuan,
    termMonths: input.termMonths,
    purposeCategory: input.purposeCategory,
    description: input.description,
    shareDescription: input.shareDescription,
    collateralOffered: input.collateralOffered,
    maxAnnualRate: input.maxAnnualRate,
    wantedBy: input.wantedBy ? new Date(`${input.wantedBy}T00:00:00Z`) : null,
    wantsLoan: input.wantsLoan,
    wantsGuarantee: input.wantsGuarantee,
    wantsInsurance: input.wantsInsurance,
    flags: deriveNeedFlags(enterprise, input.purposeCategory, input.declaredFlags),
    visibility: input.visibility,
    allowWidening: input.allowWidening,
  };
}

/** Active institutions the enterprise may direct a need to. */
export async function listDirectableInstitutions(db: DbOrTx) {
  return db.institution.findMany({
    where: { isActive: true, OR: [{ products: { some: { status: "PUBLISHED" } } }, { isKeyPartner: true }] },
    orderBy: [{ kind: "asc" }, { isKeyPartner: "desc" }, { name: "asc" }],
    select: { id: true, name: true, shortName: true, kind: true },
  });
}

/**
 * Creates or updates a DRAFT need from validated form input and, when `intent` is publish, records consent and
 * publishes it — all in one transaction, so a failed publish leaves no half-saved need behind.
 */
export async function saveNeed(
  db: Db,
  args: { actor: EnterpriseActor; needId?: string | null; input: NeedInput; intent: NeedIntent; now?: Date },
): Promise<SaveNeedResult> {
  const now = args.now ?? new Date();
  const { actor, input, intent } = args;

  const fieldErrors: FieldErrors = {};
  if (input.institutionIds.length > 0) {
    const found = await db.institution.count({ where: { id: { in: input.institutionIds }, isActive: true } });
    if (found !== input.institutionIds.length) fieldErrors.institutionIds = "所选金融机构不存在或已停用，请重新选择";
  }
  let textVersion: string | null = null;
  if (intent === "publish") {
    const current = await requireCurrentConsentText(db, now);
    if (input.consentVersion !== current.version) fieldErrors.consent = CONSENT_CHANGED_MESSAGE;
    textVersion = current.version;
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, status: 400, fieldErrors };

  const enterprise = await db.enterprise.findUnique({
    where: { id: actor.enterpriseId },
    select: enterpriseFlagSelect,
  });
  if (!enterprise) throw notFound("未找到您的经营主体信息，请先完成主体登记");
  const data = needData(input, enterprise);

  const needId = await db.$transaction(async (tx) => {
    // One clock for the row, its events and its publication: the database's (now() of this transaction).
    const at = args.now ?? (await databaseNow(tx));
    let id: string;
    if (args.needId) {
      const need = await loadOwnNeed(tx, actor, args.needId);
      assertCan(intent === "publish" ? "publish" : "edit", need);
      await changeNeedStatus(tx, need, "DRAFT", data);
      await tx.needDirectedInstitution.deleteMany({ where: { needId: need.id } });
      id = need.id;
      await recordNeedEvent(tx, { needId: id, actorId: actor.userId, type: "NEED_UPDATED" });
    } else {
      const created = await tx.financingNeed.create({
        data: { ...data, enterpriseId: actor.enterpriseId, createdById: actor.userId, status: "DRAFT", createdAt: at },
        select: { id: true },
      });
      id = created.id;
      // Published at once, the need was never a draft the user saw: its publication is its first event.
      if (intent !== "publish")
        await recordNeedEvent(tx, { needId: id, actorId: actor.userId, type: "NEED_CREATED", toStatus: "DRAFT" });
    }
    if (input.institutionIds.length > 0) {
      await tx.needDirectedInstitution.createMany({
        data: input.institutionIds.map((institutionId) => ({ needId: id, institutionId })),
      });
    }
    if (intent === "publish") {
      await grantPublishConsent(tx, {
        needId: id,
        actor,
        visibility: input.visibility,
        institutionIds: input.institutionIds,
        textVersion: textVersion!,
        now: at,
      });
      await publishNeed(tx, { needId: id, actorId: actor.userId, now: at });
    }
    return id;
  });
  return { ok: true, needId, published: intent === "publish" };
}

// ───────────────────────────── withdraw, close ─────────────────────────────

export async function withdrawNeed(
  db: Db,
  args: { actor: EnterpriseActor; needId: string; note?: string | null; now?: Date },
): Promise<void> {
  const now = args.now ?? new Date();
  await db.$transaction(async (tx) => {
    const need = await loadOwnNeed(tx, args.actor, args.needId);
    assertCan("withdraw", need);
    await changeNeedStatus(tx, need, "WITHDRAWN", { closedAt: now, closeNote: args.note ?? null });
    await withdrawEngagements(tx, {
      needId: need.id,
      actorId: args.actor.userId,
      now,
      statuses: ENGAGEMENT_ACTIVE_STATUSES,
      note: "企业已撤回该融资需求",
    });
    await recordNeedEvent(tx, {
      needId: need.id,
      actorId: args.actor.userId,
      type: "NEED_WITHDRAWN",
      fromStatus: need.status,
      toStatus: "WITHDRAWN",
      note: args.note ?? null,
    });
    await recordOutboxEvent(tx, { type: "need.withdrawn", aggregateId: need.id, payload: { needId: need.id } });
  });
}

/**
 * Closes a live need as met (SUCCEEDED) or not met (CLOSED_UNMET). Engagements still in progress end as withdrawn;
 * an APPROVED one is left for its lender to record the disbursement (the ledger counts outcomes, not this status).
 */
export async function closeNeed(
  db: Db,
  args: { actor: EnterpriseActor; needId: string; met: boolean; note?: string | null; now?: Date },
): Promise<void> {
  const now = args.now ?? new Date();
  const to: NeedStatus = args.met ? "SUCCEEDED" : "CLOSED_UNMET";
  await db.$transaction(async (tx) => {
    const need = await loadOwnNeed(tx, args.actor, args.needId);
    assertCan("close", need);
    await changeNeedStatus(tx, need, to, { closedAt: now, closeNote: args.note ?? null });
    await withdrawEngagements(tx, {
      needId: need.id,
      actorId: args.actor.userId,
      now,
      // Approved engagements stay: the loan may still be disbursed after the need is closed.
      statuses: ["REQUESTED", ...ENGAGEMENT_AWAITING_DECISION_STATUSES],
      note: args.met ? "企业已关闭需求：融资需求已满足" : "企业已关闭需求：不再需要融资",
    });
    await recordNeedEvent(tx, {
      needId: need.id,
      actorId: args.actor.userId,
      type: "NEED_CLOSED",
      fromStatus: need.status,
      toStatus: to,
      note: args.note ?? null,
    });
    await recordOutboxEvent(tx, { type: "need.closed", aggregateId: need.id, payload: { needId: need.id } });
  });
}

// ───────────────────────────── consent ─────────────────────────────

/**
 * Withdraws consent for one institution, or for all (`institutionId` null). The institution's live engagement ends.
 * A general consent (OPEN need) cannot exclude one institution, so withdrawing one institution from it replaces the
 * general record by per-institution records for the institutions still working the need under it; institutions that
 * come later have to ask and wait for the enterprise's answer.
 */
export async function withdrawConsent(
  db: Db,
  args: { actor: EnterpriseActor; needId: string; institutionId: string | null; now?: Date },
): Promise<{ withdrawn: number; endedEngagements: number }> {
  const now = args.now ?? new Date();
  return db.$transaction(async (tx) => {
    const need = await loadOwnNeed(tx, args.actor, args.needId);
    assertCan("withdrawConsent", need);
    const active = await tx.consentRecord.findMany({
      where: { needId: need.id, withdrawnAt: null },
      select: { id: true, institutionId: true, textVersion: true },
    });
    const general = active.filter((record) => record.institutionId === null);
    const toWithdraw =
      args.institutionId === null
        ? active
        : active.filter((record) => record.institutionId === args.institutionId || record.institutionId === null);
    const specificForTarget = active.some((record) => record.institutionId === args.institutionId);
    if (toWithdraw.length === 0 || (args.institutionId !== null && !specificForTarget && general.length === 0)) {
      throw conflict("没有可撤回的授权：您当前未向该机构授权共享信息");
    }

    for (const record of toWithdraw) {
      const { count } = await tx.consentRecord.updateMany({
        where: { id: record.id, withdrawnAt: null },
        data: { withdrawnAt: now },
      });
      if (count !== 1) throw conflict(STALE_MESSAGE);
      await recordOutboxEvent(tx, {
        type: "consent.withdrawn",
        aggregateId: record.id,
        payload: { consentId: record.id, needId: need.id, institutionId: record.institutionId },
      });
    }

    // Institutions working the need under the general consent keep their consent, now recorded one by one.
    const carried: string[] = [];
    if (args.institutionId !== null && general.length > 0) {
      const others = await tx.engagement.findMany({
        where: {
          needId: need.id,
          status: { in: [...ENGAGEMENT_AWAITING_DECISION_STATUSES, "APPROVED"] },
          institutionId: { not: args.institutionId },
        },
        select: { institutionId: true },
      });
      const alreadySpecific = new Set(
        active.filter((record) => record.institutionId !== null).map((record) => record.institutionId),
      );
      for (const other of others) {
        if (alreadySpecific.has(other.institutionId)) continue;
        const consent = await tx.consentRecord.create({
          data: {
            needId: need.id,
            enterpriseId: args.actor.enterpriseId,
            institutionId: other.institutionId,
            textVersion: general[0]!.textVersion,
            grantedById: args.actor.userId,
            grantedAt: now,
          },
          select: { id: true },
        });
        carried.push(other.institutionId);
        await recordOutboxEvent(tx, {
          type: "consent.granted",
          aggregateId: consent.id,
          payload: { consentId: consent.id, needId: need.id, institutionId: other.institutionId },
        });
      }
    }

    const endedEngagements = await withdrawEngagements(tx, {
      needId: need.id,
      actorId: args.actor.userId,
      now,
      statuses: ENGAGEMENT_ACTIVE_STATUSES,
      ...(args.institutionId ? { institutionId: args.institutionId } : {}),
      note: "企业已撤回信息共享授权",
    });
    await recordNeedEvent(tx, {
      needId: need.id,
      actorId: args.actor.userId,
      type: "CONSENT_WITHDRAWN",
      data: {
        institutionId: args.institutionId,
        consentIds: toWithdraw.map((record) => record.id),
        carriedToInstitutionIds: carried,
      },
    });
    return { withdrawn: toWithdraw.length, endedEngagements };
  });
}

// ───────────────────────────── republish ─────────────────────────────

const republishSelect = {
  ...needTermsSelect,
  regionId: true,
  directedInstitutions: { where: { addedByEscalation: false }, select: { institutionId: true } },
} satisfies Prisma.FinancingNeedSelect;

/**
 * An expired need is history (it stays EXPIRED for the statistics); republishing posts a fresh copy with new
 * consent and a new validity period, linked both ways in the timelines.
 */
export async function republishNeed(
  db: Db,
  args: { actor: EnterpriseActor; needId: string; consentVersion: string; consent: boolean; now?: Date },
): Promise<SaveNeedResult> {
  const now = args.now ?? new Date();
  const current = await requireCurrentConsentText(db, now);
  if (!args.consent)
    return { ok: false, status: 400, fieldErrors: { consent: "重新发布前请阅读并勾选同意《融资需求信息共享授权书》" } };
  if (args.consentVersion !== current.version)
    return { ok: false, status: 400, fieldErrors: { consent: CONSENT_CHANGED_MESSAGE } };
  const enterprise = await db.enterprise.findUnique({
    where: { id: args.actor.enterpriseId },
    select: enterpriseFlagSelect,
  });
  if (!enterprise) throw notFound("未找到您的经营主体信息");

  const needId = await db.$transaction(async (tx) => {
    const old = await tx.financingNeed.findFirst({
      where: { id: args.needId, enterpriseId: args.actor.enterpriseId },
      select: republishSelect,
    });
    if (!old) throw notFound(NEED_NOT_FOUND_MESSAGE);
    assertCan("republish", old);
    const today = new Date(`${shanghaiToday(now)}T00:00:00Z`);
    const directed = await tx.institution.findMany({
      where: { id: { in: old.directedInstitutions.map((item) => item.institutionId) }, isActive: true },
      select: { id: true },
    });
    const visibility = old.visibility === "DIRECTED" && directed.length === 0 ? "OPEN" : old.visibility;
    const created = await tx.financingNeed.create({
      data: {
        enterpriseId: args.actor.enterpriseId,
        createdById: args.actor.userId,
        regionId: enterprise.regionId,
        amount: old.amount,
        termMonths: old.termMonths,
        purposeCategory: old.purposeCategory,
        description: old.description,
        shareDescription: old.shareDescription,
        collateralOffered: old.collateralOffered,
        maxAnnualRate: old.maxAnnualRate,
        wantedBy: old.wantedBy && old.wantedBy >= today ? old.wantedBy : null,
        wantsLoan: old.wantsLoan,
        wantsGuarantee: old.wantsGuarantee,
        wantsInsurance: old.wantsInsurance,
        flags: deriveNeedFlags(enterprise, old.purposeCategory, old.flags),
        visibility,
        allowWidening: old.allowWidening,
        status: "DRAFT",
        directedInstitutions:
          visibility === "DIRECTED"
            ? { create: directed.map((institution) => ({ institutionId: institution.id })) }
            : undefined,
      },
      select: { id: true },
    });
    await recordNeedEvent(tx, {
      needId: created.id,
      actorId: args.actor.userId,
      type: "NEED_CREATED",
      toStatus: "DRAFT",
      data: { republishedFrom: old.id },
    });
    await recordNeedEvent(tx, {
      needId: old.id,
      actorId: args.actor.userId,
      type: "NEED_REPUBLISHED",
      data: { newNeedId: created.id },
    });
    await grantPublishConsent(tx, {
      needId: created.id,
      actor: args.actor,
      visibility,
      institutionIds: directed.map((institution) => institution.id),
      textVersion: current.version,
      now,
    });
    await publishNeed(tx, { needId: created.id, actorId: args.actor.userId, now });
    return created.id;
  });
  return { ok: true, needId, published: true };
}

// ───────────────────────────── apply for a product ─────────────────────────────

const PURPOSE_FOR_FLAG: [string, PurposeCategory][] = [
  ["GREEN", "GREEN_RETROFIT"],
  ["MARINE", "MARINE_AQUACULTURE"],
  ["AGRI", "SPRING_FARMING"],
  ["TECH", "RESEARCH_AND_DEVELOPMENT"],
];

function clampBigint(value: bigint, min: bigint, max: bigint): bigint {
  return value < min ? min : value > max ? max : value;
}

/**
 * "Apply with my profile": a DIRECTED draft for the product's institution, pre-filled to fit the product (amount,
 * term, collateral it accepts, the kind of service). The enterprise reviews it on the edit page, then publishes.
 */
export async function startNeedFromProduct(
  db: Db,
  args: { actor: EnterpriseActor; productId: string; now?: Date },
): Promise<{ needId: string }> {
  const now = args.now ?? new Date();
  const product = await db.product.findFirst({
    where: { id: args.productId, status: "PUBLISHED", institution: { isActive: true } },
    select: {
      id: true,
      name: true,
      kind: true,
      institutionId: true,
      minAmount: true,
      maxAmount: true,
      minTermMonths: true,
      maxTermMonths: true,
      acceptedCollateral: true,
      flags: true,
    },
  });
  if (!product) throw notFound("该金融产品不存在或已下架");
  const enterprise = await db.enterprise.findUnique({
    where: { id: args.actor.enterpriseId },
    select: enterpriseFlagSelect,
  });
  if (!enterprise) throw notFound("未找到您的经营主体信息，请先完成主体登记");

  const amountFen = fen(clampBigint(wan(50), toFen(product.minAmount), toFen(product.maxAmount)));
  const amount = fenToYuanString(amountFen);
  const termMonths = Math.min(Math.max(12, product.minTermMonths), product.maxTermMonths);
  const purposeCategory =
    PURPOSE_FOR_FLAG.find(([flag]) => (product.flags as string[]).includes(flag))?.[1] ?? "WORKING_CAPITAL";
  const collateral: Collateral[] = product.acceptedCollateral.includes("CREDIT")
    ? ["CREDIT"]
    : product.acceptedCollateral.slice(0, 1).length > 0
      ? product.acceptedCollateral.slice(0, 1)
      : ["CREDIT"];

  const needId = await db.$transaction(async (tx) => {
    const created = await tx.financingNeed.create({
      data: {
        enterpriseId: args.actor.enterpriseId,
        createdById: args.actor.userId,
        regionId: enterprise.regionId,
        amount,
        termMonths,
        purposeCategory,
        description: `申请“${product.name}”`,
        collateralOffered: collateral,
        wantsLoan: product.kind === "LOAN",
        wantsGuarantee: product.kind === "GUARANTEE",
        wantsInsurance: product.kind === "INSURANCE",
        flags: deriveNeedFlags(enterprise, purposeCategory),
        visibility: "DIRECTED",
        status: "DRAFT",
        createdAt: now,
        directedInstitutions: { create: [{ institutionId: product.institutionId }] },
      },
      select: { id: true },
    });
    await recordNeedEvent(tx, {
      needId: created.id,
      actorId: args.actor.userId,
      type: "NEED_CREATED",
      toStatus: "DRAFT",
      data: { fromProductId: product.id },
    });
    return created.id;
  });
  return { needId };
}
