/**
 * The engagement domain (对接): an institution asks for or accepts a lead, works it through the lifecycle and
 * records the outcome. Every function takes plain arguments and a db handle, checks that the engagement belongs to
 * the acting institution (ids from a URL are never trusted alone), and writes the change, its timeline event and its
 * outbox event in one transaction. Errors are thrown as HTTP responses: 404 (not ours / not visible), 409 (illegal
 * transition, slots full, already engaged).
 */
import { Prisma } from "~/generated/prisma/client.ts";
import type { EngagementStatus } from "~/generated/prisma/enums.ts";
import { getEnv } from "~/infra/env.server.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import { parseWithSchema, type FieldErrors } from "~/kernel/forms.ts";
import { conflict, type DomainError, domainError, forbidden, notFound } from "~/kernel/errors.ts";
import { regionDirectoryCovering } from "~/modules/matching/facts.server.ts";
import { fenToYuanString, toFen } from "~/kernel/money.ts";
import { computeDecisionDueAt } from "~/modules/deadlines/deadlines.server.ts";
import { dayToDateColumn, shanghaiDay, shanghaiToday } from "~/kernel/time.ts";
import { recordNeedEvent, recordOutboxEvent } from "./events.server.ts";
import { PLAIN_OFFICER_TRANSITIONS, isLegalTransition } from "./lifecycle.ts";
import {
  approvedOutcomeSchema,
  declinedOutcomeSchema,
  disbursedOutcomeSchema,
  type OutcomeFormContext,
  type OutcomeFormKind,
} from "./outcome-form.ts";
import { engagementStatusLabel } from "~/kernel/labels.ts";
import { isEngagementFinal, isNeedLive, needLive } from "~/kernel/statuses.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";
import { recordAskAnswer } from "./asks.server.ts";

export const SLOTS_FULL_MESSAGE = "该需求的对接名额已满，暂时无法发起对接";
export const ALREADY_ENGAGED_MESSAGE = "本机构已对接过该需求，请在“我的对接”中查看";
const STALE_MESSAGE = "对接状态已被他人更新，请刷新页面后重试";

function illegalTransition(from: EngagementStatus, to: EngagementStatus): DomainError {
  // A 409 with its own code, so an API client can tell "not from this status" from a lost race.
  return domainError(
    409,
    "ILLEGAL_TRANSITION",
    `当前对接状态为“${engagementStatusLabel[from]}”，不能变更为“${engagementStatusLabel[to]}”`,
  );
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

// ───────────────────────────── visibility, qualification, consent ─────────────────────────────

const needAccessSelect = {
  id: true,
  status: true,
  visibility: true,
  regionId: true,
  enterpriseId: true,
  expiresAt: true,
  wantsLoan: true,
  wantsGuarantee: true,
  wantsInsurance: true,
  enterprise: { select: { parkId: true } },
  directedInstitutions: { select: { institutionId: true } },
} satisfies Prisma.FinancingNeedSelect;

export type NeedAccess = Prisma.FinancingNeedGetPayload<{ select: typeof needAccessSelect }>;

/**
 * The need as the institution may see it (anonymised pages only): published, and either OPEN to all or directed to
 * this institution, or already engaged by it; once withdrawn, only to institutions engaged on it. Anything else is a
 * 404, so a DIRECTED need's existence does not leak.
 */
export async function loadVisibleNeed(db: DbOrTx, needId: string, institutionId: string): Promise<NeedAccess> {
  const need = await db.financingNeed.findUnique({ where: { id: needId }, select: needAccessSelect });
  if (!need || need.status === "DRAFT") throw notFound("该融资需求不存在或未向本机构开放");
  const directedToUs = need.directedInstitutions.some((item) => item.institutionId === institutionId);
  // A withdrawn need stays readable only to institutions that already worked on it.
  if (need.status !== "WITHDRAWN" && (need.visibility === "OPEN" || directedToUs)) return need;
  const engaged = await db.engagement.findUnique({
    where: { needId_institutionId: { needId, institutionId } },
    select: { id: true },
  });
  if (engaged) return need;
  throw notFound("该融资需求不存在或未向本机构开放");
}

/**
 * May this institution ask for the need? A DIRECTED need: only the institutions it names. An OPEN need: an active
 * institution of a kind the enterprise wants (bank for loans, guarantor, insurer) that serves the need's region or
 * whose products matched it.
 */
export async function assertQualified(db: DbOrTx, need: NeedAccess, institutionId: string, now: Date): Promise<void> {
  if (!isNeedLive(need.status)) throw conflict("该需求已结束对接，不能再发起对接");
  if (need.expiresAt && need.expiresAt <= now) throw conflict("该需求已过有效期，不能再发起对接");
  const institution = await db.institution.findUnique({
    where: { id: institutionId },
    select: { isActive: true, kind: true },
  });
  if (!institution?.isActive) throw forbidden("本机构当前未启用，不能发起对接");
  if (need.directedInstitutions.some((item) => item.institutionId === institutionId)) return;
  if (need.visibility !== "OPEN") throw notFound("该融资需求不存在或未向本机构开放");
  const wanted = { BANK: need.wantsLoan, GUARANTOR: need.wantsGuarantee, INSURER: need.wantsInsurance }[
    institution.kind
  ];
  if (!wanted) throw forbidden("企业未申请本机构类型的金融服务，不能发起对接");
  if (await servesNeedRegion(db, { regionId: need.regionId, parkId: need.enterprise.parkId }, institutionId)) return;
  const matched = await matchedOurProducts(db, need.id, institutionId);
  if (!matched) throw forbidden("该需求不在本机构服务区域内，不能发起对接");
}

async function servesNeedRegion(
  db: DbOrTx,
  need: { regionId: string; parkId: string | null },
  institutionId: string,
): Promise<boolean> {
  const regions = await regionDirectoryCovering(db, [need.regionId, need.parkId]);
  const chain = [...new Set([...regions.chain(need.regionId), ...regions.chain(need.parkId)])];
  const served = await db.institutionRegion.findFirst({
    where: { institutionId, regionId: { in: chain } },
    select: { regionId: true },
  });
  return served !== null;
}

async function matchedOurProducts(db: DbOrTx, needId: string, institutionId: string): Promise<boolean> {
  const match = await db.match.findFirst({
    where: {
      needId,
      kind: { in: ["DIRECT", "BUNDLE"] },
      OR: [{ product: { institutionId } }, { bundleProduct: { institutionId } }],
    },
    select: { id: true },
  });
  return match !== null;
}

/**
 * The enterprise's consent to share with this institution, still in force. A consent naming the institution always
 * counts. The general consent of an OPEN need covers, in the words of the consent text, the institutions "serving
 * your region whose products match the need" — so it counts only when both hold.
 */
export async function findActiveConsent(
  db: DbOrTx,
  need: { id: string; visibility: NeedAccess["visibility"] },
  institutionId: string,
) {
  const consents = await db.consentRecord.findMany({
    where: {
      needId: need.id,
      withdrawnAt: null,
      OR: need.visibility === "OPEN" ? [{ institutionId }, { institutionId: null }] : [{ institutionId }],
    },
    orderBy: { grantedAt: "desc" },
    select: { id: true, institutionId: true, grantedAt: true, textVersion: true },
  });
  const named = consents.find((consent) => consent.institutionId === institutionId);
  if (named) return named;
  const general = consents.find((consent) => consent.institutionId === null);
  if (!general) return null;
  const row = await db.financingNeed.findUnique({
    where: { id: need.id },
    select: { regionId: true, enterprise: { select: { parkId: true } } },
  });
  if (!row) return null;
  const covered =
    (await servesNeedRegion(db, { regionId: row.regionId, parkId: row.enterprise.parkId }, institutionId)) &&
    (await matchedOurProducts(db, need.id, institutionId));
  return covered ? general : null;
}

// ───────────────────────────── request / accept a lead ─────────────────────────────

async function markNeedResponded(tx: DbOrTx, needId: string, now: Date, accepted: boolean): Promise<void> {
  await tx.financingNeed.updateMany({ where: { id: needId, firstRespondedAt: null }, data: { firstRespondedAt: now } });
  if (accepted)
    await tx.financingNeed.updateMany({ where: { id: needId, status: "OPEN" }, data: { status: "IN_PROGRESS" } });
}

/**
 * Asks for a lead. With the enterprise's consent on file for an OPEN need the engagement is ACCEPTED at once;
 * otherwise (DIRECTED, or no consent) it is REQUESTED and waits for the enterprise's answer. Either way it takes one
 * of the need's N active slots: the free slot number goes into the insert, and the unique (needId, activeSlot) and
 * (needId, institutionId) constraints make the database the referee when officers race.
 */
export async function requestLead(
  db: Db,
  args: { needId: string; actor: InstitutionActor; now?: Date; maxActive?: number },
): Promise<{ engagementId: string; status: EngagementStatus }> {
  const now = args.now ?? new Date();
  const maxActive = args.maxActive ?? getEnv().MAX_ACTIVE_ENGAGEMENTS_PER_NEED;
  const { institutionId, userId } = args.actor;
  const need = await loadVisibleNeed(db, args.needId, institutionId);
  await assertQualified(db, need, institutionId, now);

  for (let attempt = 0; attempt <= maxActive + 1; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const existing = await tx.engagement.findUnique({
          where: { needId_institutionId: { needId: need.id, institutionId } },
          select: { id: true },
        });
        if (existing) throw conflict(ALREADY_ENGAGED_MESSAGE);
        const taken = await tx.engagement.findMany({
          where: { needId: need.id, activeSlot: { not: null } },
          select: { activeSlot: true },
        });
        const used = new Set(taken.map((row) => row.activeSlot));
        let slot: number | null = null;
        for (let candidate = 1; candidate <= maxActive; candidate++) {
          if (!used.has(candidate)) {
            slot = candidate;
            break;
          }
        }
        if (slot === null) throw conflict(SLOTS_FULL_MESSAGE);
        const consent = await findActiveConsent(tx, need, institutionId);
        const accepted = need.visibility === "OPEN" && consent !== null;
        const status: EngagementStatus = accepted ? "ACCEPTED" : "REQUESTED";
        const engagement = await tx.engagement.create({
          data: {
            needId: need.id,
            institutionId,
            officerId: userId,
            initiatedBy: "INSTITUTION",
            status,
            activeSlot: slot,
            requestedAt: now,
            acceptedAt: accepted ? now : null,
            decisionDueAt: accepted
              ? await computeDecisionDueAt(tx, { regionId: need.regionId, acceptedAt: now })
              : null,
          },
          select: { id: true },
        });
        await recordNeedEvent(tx, {
          needId: need.id,
          engagementId: engagement.id,
          actorId: userId,
          type: accepted ? "ENGAGEMENT_ACCEPTED" : "ENGAGEMENT_REQUESTED",
          toStatus: status,
          data: accepted ? { consentId: consent.id } : {},
        });
        await recordOutboxEvent(tx, {
          type: accepted ? "engagement.accepted" : "engagement.requested",
          aggregateId: engagement.id,
          payload: { engagementId: engagement.id, needId: need.id, institutionId },
        });
        await markNeedResponded(tx, need.id, now, accepted);
        await recordAskAnswer(tx, {
          needId: need.id,
          institutionId,
          response: accepted ? "ACCEPTED" : "REQUESTED",
          at: now,
          engagementId: engagement.id,
        });
        return { engagementId: engagement.id, status };
      });
    } catch (error) {
      // Another officer took the slot (or this institution's row) between our read and our insert: look again.
      if (isUniqueViolation(error)) continue;
      throw error;
    }
  }
  throw conflict(SLOTS_FULL_MESSAGE);
}

// ───────────────────────────── transitions ─────────────────────────────

const engagementCoreSelect = {
  id: true,
  needId: true,
  institutionId: true,
  status: true,
  requestedAt: true,
  acceptedAt: true,
  decidedAt: true,
  closedAt: true,
  need: { select: { id: true, regionId: true, visibility: true, status: true } },
  institution: { select: { kind: true } },
} satisfies Prisma.EngagementSelect;

type EngagementCore = Prisma.EngagementGetPayload<{ select: typeof engagementCoreSelect }>;

/** The engagement if (and only if) it belongs to the acting institution; another institution's is a plain 404. */
export async function loadOwnEngagement(
  db: DbOrTx,
  engagementId: string,
  institutionId: string,
): Promise<EngagementCore> {
  const engagement = await db.engagement.findFirst({
    where: { id: engagementId, institutionId },
    select: engagementCoreSelect,
  });
  if (!engagement) throw notFound("该对接不存在或不属于本机构");
  return engagement;
}

/**
 * Moves the engagement from its current status to `to` if the lifecycle allows it. The UPDATE is conditional on the
 * status we read, so two concurrent changes cannot both apply: the loser gets a 409 and nothing changes.
 */
async function applyTransition(
  tx: DbOrTx,
  engagement: EngagementCore,
  to: EngagementStatus,
  args: { actorId: string | null; now: Date; note?: string | null; data?: Prisma.InputJsonValue },
): Promise<void> {
  const from = engagement.status;
  if (!isLegalTransition(from, to)) throw illegalTransition(from, to);
  const data: Prisma.EngagementUpdateManyMutationInput = { status: to };
  if (to === "ACCEPTED") {
    data.acceptedAt = args.now;
    data.decisionDueAt = await computeDecisionDueAt(tx, { regionId: engagement.need.regionId, acceptedAt: args.now });
  }
  if (to === "CONTACTED") data.contactedAt = args.now;
  if (to === "APPROVED" || to === "DECLINED") data.decidedAt = args.now;
  if (to === "DISBURSED" && !engagement.decidedAt) data.decidedAt = args.now;
  if (isEngagementFinal(to)) {
    // The slot goes back to the need: another institution may now engage.
    data.activeSlot = null;
    data.closedAt = args.now;
  }
  const { count } = await tx.engagement.updateMany({ where: { id: engagement.id, status: from }, data });
  if (count !== 1) throw conflict(STALE_MESSAGE);
  const event = await recordNeedEvent(tx, {
    needId: engagement.needId,
    engagementId: engagement.id,
    actorId: args.actorId,
    type: "ENGAGEMENT_STATUS_CHANGED",
    fromStatus: from,
    toStatus: to,
    note: args.note ?? null,
    ...(args.data === undefined ? {} : { data: args.data }),
  });
  const ids = { engagementId: engagement.id, needId: engagement.needId, institutionId: engagement.institutionId };
  if (to === "ACCEPTED")
    await recordOutboxEvent(tx, { type: "engagement.accepted", aggregateId: engagement.id, payload: ids });
  else if (to === "DECLINED") {
    await recordOutboxEvent(tx, {
      type: "engagement.declined",
      aggregateId: engagement.id,
      payload: { ...ids, needEventId: event.id },
    });
  } else {
    await recordOutboxEvent(tx, {
      type: "engagement.status-changed",
      aggregateId: engagement.id,
      payload: { ...ids, needEventId: event.id },
    });
  }
}

/**
 * Plain status changes an officer makes without an outcome form: contacted, under review, withdrawn — and
 * ACCEPTED for a request once the enterprise's consent is on file.
 */
export async function changeEngagementStatus(
  db: Db,
  args: { engagementId: string; actor: InstitutionActor; to: EngagementStatus; note?: string | null; now?: Date },
): Promise<void> {
  const now = args.now ?? new Date();
  const engagement = await loadOwnEngagement(db, args.engagementId, args.actor.institutionId);
  if (!isLegalTransition(engagement.status, args.to)) throw illegalTransition(engagement.status, args.to);
  if (args.to === "ACCEPTED") {
    const consent = await findActiveConsent(db, engagement.need, engagement.institutionId);
    if (!consent) throw conflict("企业尚未同意本机构的对接请求，暂不能受理");
  } else if (!PLAIN_OFFICER_TRANSITIONS.includes(args.to)) {
    throw conflict("审批通过、放款和未通过需通过“登记对接结果”表单办理");
  }
  await db.$transaction(async (tx) => {
    await applyTransition(tx, engagement, args.to, { actorId: args.actor.userId, now, note: args.note ?? null });
    if (args.to === "ACCEPTED") await markNeedResponded(tx, engagement.needId, now, true);
  });
}

/** An internal note on the engagement's timeline (institution staff only; not shown to the enterprise). */
export async function addEngagementNote(
  db: Db,
  args: { engagementId: string; actor: InstitutionActor; note: string },
): Promise<{ id: string }> {
  const engagement = await loadOwnEngagement(db, args.engagementId, args.actor.institutionId);
  return recordNeedEvent(db, {
    needId: engagement.needId,
    engagementId: engagement.id,
    actorId: args.actor.userId,
    type: "NOTE_ADDED",
    note: args.note,
    data: { internal: true },
  });
}

// ───────────────────────────── outcomes ─────────────────────────────

export type OutcomeResult = { ok: true; outcomeId: string } | { ok: false; fieldErrors: FieldErrors };

/** Everything the outcome forms need to know about this engagement to validate their input. */
export async function outcomeFormContext(
  db: DbOrTx,
  engagement: EngagementCore,
  now: Date,
): Promise<OutcomeFormContext> {
  const [approved, products] = await Promise.all([
    db.outcome.findFirst({
      where: { engagementId: engagement.id, kind: "APPROVED", state: "ACTIVE" },
      orderBy: { version: "desc" },
      select: { approvedAmount: true },
    }),
    db.product.findMany({ where: { institutionId: engagement.institutionId }, select: { id: true } }),
  ]);
  return {
    today: shanghaiToday(now),
    earliest: shanghaiDay(engagement.requestedAt),
    institutionKind: engagement.institution.kind,
    approvedAmountFen: approved?.approvedAmount ? toFen(approved.approvedAmount) : null,
    productIds: products.map((product) => product.id),
  };
}

type OutcomeColumns = Omit<Prisma.OutcomeUncheckedCreateInput, "engagementId" | "version" | "recordedById">;

/** Validates an outcome form against the engagement's context and maps it to columns (Decimal from strings). */
function parseOutcome(
  kind: OutcomeFormKind,
  context: OutcomeFormContext,
  fields: Record<string, unknown>,
): { ok: true; data: OutcomeColumns; note: string | null } | { ok: false; fieldErrors: FieldErrors } {
  let data: OutcomeColumns;
  let note: string | null = null;
  if (kind === "APPROVED") {
    const parsed = parseWithSchema(approvedOutcomeSchema(context), fields);
    if (!parsed.ok) return parsed;
    const input = parsed.data;
    note = input.note ?? null;
    data = {
      kind: "APPROVED",
      approvedAmount: input.approvedAmount,
      annualRate: input.annualRate,
      termMonths: input.termMonths,
      decidedOn: dayToDateColumn(input.decidedOn),
      productId: input.productId ?? null,
      policyTool: input.policyTool ?? null,
    };
  } else if (kind === "DISBURSED") {
    const parsed = parseWithSchema(disbursedOutcomeSchema(context), fields);
    if (!parsed.ok) return parsed;
    const input = parsed.data;
    note = input.note ?? null;
    const approved = context.approvedAmountFen;
    data = {
      kind: "DISBURSED",
      approvedAmount: approved === null ? input.disbursedAmount : fenToYuanString(approved),
      disbursedAmount: input.disbursedAmount,
      annualRate: input.annualRate,
      termMonths: input.termMonths,
      decidedOn: dayToDateColumn(input.decidedOn),
      productId: input.productId ?? null,
      policyTool: input.policyTool ?? null,
      firstLoanConfirmed: input.firstLoanConfirmed,
      totalCreditAtInstitution: input.totalCreditAtInstitution ?? null,
    };
  } else {
    const parsed = parseWithSchema(declinedOutcomeSchema(context), fields);
    if (!parsed.ok) return parsed;
    const input = parsed.data;
    data = {
      kind: "DECLINED",
      decidedOn: dayToDateColumn(input.decidedOn),
      declineReason: input.declineReason,
      declineMessage: input.declineMessage,
    };
  }
  return { ok: true, data, note };
}

/**
 * Records an outcome and moves the engagement to the matching status (APPROVED, DISBURSED or DECLINED). The input is
 * the raw form: it is validated here, against this engagement, so a worker or a test calling the domain gets the
 * same protection as the page. A disbursement writes `outcome.recorded` for the ledger and marks the need succeeded.
 */
export async function recordOutcome(
  db: Db,
  args: {
    engagementId: string;
    actor: InstitutionActor;
    kind: OutcomeFormKind;
    fields: Record<string, unknown>;
    now?: Date;
  },
): Promise<OutcomeResult> {
  const now = args.now ?? new Date();
  const engagement = await loadOwnEngagement(db, args.engagementId, args.actor.institutionId);
  if (!isLegalTransition(engagement.status, args.kind)) throw illegalTransition(engagement.status, args.kind);
  const context = await outcomeFormContext(db, engagement, now);

  const parsed = parseOutcome(args.kind, context, args.fields);
  if (!parsed.ok) return parsed;
  const { data, note } = parsed;

  const outcomeId = await db.$transaction(async (tx) => {
    await applyTransition(tx, engagement, args.kind, {
      actorId: args.actor.userId,
      now,
      note: args.kind === "DECLINED" ? (data.declineMessage ?? null) : note,
      data: args.kind === "DECLINED" ? { declineReason: data.declineReason ?? null } : {},
    });
    const last = await tx.outcome.findFirst({
      where: { engagementId: engagement.id },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    const outcome = await tx.outcome.create({
      data: {
        ...data,
        engagementId: engagement.id,
        version: (last?.version ?? 0) + 1,
        recordedById: args.actor.userId,
        recordedAt: now,
      },
      select: { id: true },
    });
    await recordNeedEvent(tx, {
      needId: engagement.needId,
      engagementId: engagement.id,
      actorId: args.actor.userId,
      type: "OUTCOME_RECORDED",
      toStatus: args.kind,
      data: { outcomeId: outcome.id, kind: args.kind },
    });
    await recordOutboxEvent(tx, {
      type: "outcome.recorded",
      aggregateId: outcome.id,
      payload: { outcomeId: outcome.id, engagementId: engagement.id },
    });
    if (args.kind === "DISBURSED") {
      const { count } = await tx.financingNeed.updateMany({
        where: { id: engagement.needId, ...needLive },
        data: { status: "SUCCEEDED", closedAt: now },
      });
      if (count === 1) {
        await recordNeedEvent(tx, {
          needId: engagement.needId,
          engagementId: engagement.id,
          actorId: args.actor.userId,
          type: "NEED_SUCCEEDED",
          fromStatus: engagement.need.status,
          toStatus: "SUCCEEDED",
        });
        await recordOutboxEvent(tx, {
          type: "need.closed",
          aggregateId: engagement.needId,
          payload: { needId: engagement.needId },
        });
      }
    }
    return outcome.id;
  });
  return { ok: true, outcomeId };
}

// ───────────────────────────── the enterprise's answer to a request ─────────────────────────────

/**
 * The enterprise accepts (consenting to share its profile and contact with this institution) or declines an
 * institution's request. For the enterprise pages; scoped by the enterprise id of the signed-in user.
 */
export async function answerEngagementRequest(
  db: Db,
  args: {
    engagementId: string;
    enterpriseId: string;
    userId: string;
    accept: boolean;
    consentTextVersion: string;
    now?: Date;
  },
): Promise<void> {
  const now = args.now ?? new Date();
  const engagement = await db.engagement.findFirst({
    where: { id: args.engagementId, need: { enterpriseId: args.enterpriseId } },
    select: engagementCoreSelect,
  });
  if (!engagement) throw notFound("该对接请求不存在");
  if (engagement.status !== "REQUESTED")
    throw illegalTransition(engagement.status, args.accept ? "ACCEPTED" : "WITHDRAWN");
  await db.$transaction(async (tx) => {
    if (args.accept) {
      const consent = await tx.consentRecord.create({
        data: {
          needId: engagement.needId,
          enterpriseId: args.enterpriseId,
          institutionId: engagement.institutionId,
          textVersion: args.consentTextVersion,
          grantedById: args.userId,
          grantedAt: now,
        },
        select: { id: true },
      });
      await recordOutboxEvent(tx, {
        type: "consent.granted",
        aggregateId: consent.id,
        payload: { consentId: consent.id, needId: engagement.needId, institutionId: engagement.institutionId },
      });
      await applyTransition(tx, engagement, "ACCEPTED", { actorId: args.userId, now, data: { consentId: consent.id } });
      await markNeedResponded(tx, engagement.needId, now, true);
    } else {
      await applyTransition(tx, engagement, "WITHDRAWN", { actorId: args.userId, now, note: "企业婉拒了本次对接请求" });
    }
  });
}

// ───────────────────────────── amendments ─────────────────────────────

/**
 * Corrects a recorded disbursement (wrong amount, date, rate, first-loan flag…). Outcomes are never edited in place:
 * the correction is a new version, the previous one becomes SUPERSEDED, and `outcome.amended` lets the ledger reverse
 * the old entries and post the new ones. The engagement stays DISBURSED.
 */
export async function amendDisbursement(
  db: Db,
  args: {
    engagementId: string;
    actor: InstitutionActor;
    fields: Record<string, unknown>;
    reason: string;
    /** The outcome the caller means to correct; refused unless it is still the current disbursement. */
    corrects?: string;
    now?: Date;
  },
): Promise<OutcomeResult> {
  const now = args.now ?? new Date();
  const engagement = await loadOwnEngagement(db, args.engagementId, args.actor.institutionId);
  if (engagement.status !== "DISBURSED") throw conflict("只有已放款的对接可以更正放款信息");
  const reason = args.reason.trim();
  if (reason.length < 2 || reason.length > 500)
    return { ok: false, fieldErrors: { reason: "请填写更正原因（2–500 个字）" } };
  const previous = await db.outcome.findFirst({
    where: { engagementId: engagement.id, kind: "DISBURSED", state: "ACTIVE" },
    orderBy: { version: "desc" },
    select: { id: true },
  });
  if (!previous) throw conflict("没有可更正的放款记录");
  if (args.corrects !== undefined && args.corrects !== previous.id)
    throw domainError(409, "OUTCOME_NOT_CURRENT", "所更正的记录不是当前有效的放款记录，请重新读取对接后再更正");
  const parsed = parseOutcome("DISBURSED", await outcomeFormContext(db, engagement, now), args.fields);
  if (!parsed.ok) return parsed;
  const outcomeId = await db.$transaction(async (tx) => {
    const { count } = await tx.outcome.updateMany({
      where: { id: previous.id, state: "ACTIVE" },
      data: { state: "SUPERSEDED" },
    });
    if (count !== 1) throw conflict(STALE_MESSAGE);
    const last = await tx.outcome.findFirst({
      where: { engagementId: engagement.id },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    const outcome = await tx.outcome.create({
      data: {
        ...parsed.data,
        engagementId: engagement.id,
        version: (last?.version ?? 0) + 1,
        recordedById: args.actor.userId,
        recordedAt: now,
      },
      select: { id: true },
    });
    await recordNeedEvent(tx, {
      needId: engagement.needId,
      engagementId: engagement.id,
      actorId: args.actor.userId,
      type: "OUTCOME_AMENDED",
      toStatus: "DISBURSED",
      note: reason,
      data: { outcomeId: outcome.id, previousOutcomeId: previous.id },
    });
    await recordOutboxEvent(tx, {
      type: "outcome.amended",
      aggregateId: outcome.id,
      payload: { outcomeId: outcome.id, engagementId: engagement.id, previousOutcomeId: previous.id },
    });
    return outcome.id;
  });
  return { ok: true, outcomeId };
}
