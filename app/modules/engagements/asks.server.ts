/**
 * Response accounting (限时响应 per institution, docs/domain.md#response-accounting): which institutions were asked
 * to respond to a need — told because a product of theirs matched, picked for a DIRECTED need, or added when an
 * escalation widened one — by when, and whether and when each answered: a request, an acceptance or an explicit
 * pass (不感兴趣 / 不符合条件, with a reason code). The bureau's response figures are computed from these rows, so an
 * institution that ignores its leads counts against itself instead of never appearing.
 *
 * One row per need × institution (NeedAsk): the first ask wins and the first response wins, so recording twice (a
 * retried job, a re-match) changes nothing.
 */
import { z } from "zod";
import type { AskOrigin, AskResponse } from "~/generated/prisma/enums.ts";
import { LeadPassKind, LeadPassReason } from "~/generated/prisma/enums.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";
import { conflict, notFound } from "~/kernel/errors.ts";
import { parseWithSchema, type FieldErrors } from "~/kernel/forms.ts";
import { leadPassReasonKind } from "~/kernel/labels.ts";
import { isNeedLive, needLive } from "~/kernel/statuses.ts";
import { recordAudit, type AuditRequestContext } from "~/modules/audit/audit.server.ts";
import { computeFirstResponseDueAt } from "~/modules/deadlines/deadlines.server.ts";
import { recordNeedEvent, recordOutboxEvent } from "./events.server.ts";
import { loadVisibleNeed } from "./engagements.server.ts";

/**
 * Records that these institutions were asked to respond to the need now. Each ask gets its own deadline: the region's
 * first-response working days from the moment it was asked (for the asks made at publication that is the need's own
 * deadline). Institutions already asked keep their first ask. Pass a transaction to make the asks part of the change
 * that caused them.
 */
export async function recordAsks(
  db: DbOrTx,
  args: { needId: string; institutionIds: readonly string[]; origin: AskOrigin; at: Date },
): Promise<number> {
  if (args.institutionIds.length === 0) return 0;
  const need = await db.financingNeed.findUnique({
    where: { id: args.needId },
    select: { regionId: true, publishedAt: true, firstResponseDueAt: true },
  });
  if (!need?.publishedAt) return 0;
  // An ask made when the need was published shares the need's deadline exactly (no rounding drift of a few ms).
  const atPublication = need.firstResponseDueAt && args.at.getTime() <= need.publishedAt.getTime();
  const respondBy = atPublication
    ? need.firstResponseDueAt!
    : await computeFirstResponseDueAt(db, { regionId: need.regionId, publishedAt: args.at });
  const { count } = await db.needAsk.createMany({
    data: [...new Set(args.institutionIds)].map((institutionId) => ({
      needId: args.needId,
      institutionId,
      origin: args.origin,
      askedAt: args.at,
      respondBy,
    })),
    skipDuplicates: true,
  });
  return count;
}

/**
 * Asks for needs that were published without them (seeded or restored rows), from their directed institutions,
 * matches and engagements: the SQL function the migration 20261204040000_need_asks ran once. Idempotent.
 */
export async function backfillAsks(db: DbOrTx): Promise<number> {
  const [row] = await db.$queryRaw<{ added: number }[]>`SELECT bureau.backfill_need_asks() AS added`;
  return row?.added ?? 0;
}

/** The institution's first answer to an ask (no-op when it was not asked or already answered). */
export async function recordAskAnswer(
  db: DbOrTx,
  args: { needId: string; institutionId: string; response: AskResponse; at: Date; engagementId?: string | null },
): Promise<boolean> {
  const { count } = await db.needAsk.updateMany({
    where: { needId: args.needId, institutionId: args.institutionId, respondedAt: null },
    data: { respondedAt: args.at, response: args.response, engagementId: args.engagementId ?? null },
  });
  return count === 1;
}

/** The ask of this institution on this need, as its own staff may see it. */
export async function loadOurAsk(db: DbOrTx, needId: string, institutionId: string) {
  return db.needAsk.findUnique({
    where: { needId_institutionId: { needId, institutionId } },
    select: {
      origin: true,
      askedAt: true,
      respondBy: true,
      respondedAt: true,
      response: true,
      passKind: true,
      passReason: true,
      passNote: true,
    },
  });
}

export type OurAsk = NonNullable<Awaited<ReturnType<typeof loadOurAsk>>>;

/** Needs still live that the institution passed on: they leave its officers' lead lists. */
export async function passedLiveNeedIds(db: DbOrTx, institutionId: string): Promise<string[]> {
  const rows = await db.needAsk.findMany({
    where: { institutionId, response: "PASSED", need: needLive },
    select: { needId: true },
    orderBy: { needId: "asc" },
    take: 2000,
  });
  return rows.map((row) => row.needId);
}

// ───────────────────────────── the explicit pass ─────────────────────────────

const values = <T extends Record<string, string>>(record: T) => Object.values(record) as [T[keyof T], ...T[keyof T][]];

/** The pass form (the web page and the Open API send the same fields). */
export const leadPassSchema = z
  .object({
    passKind: z.enum(values(LeadPassKind), { error: "请选择“不感兴趣”或“不符合条件”" }),
    passReason: z.enum(values(LeadPassReason), { error: "请选择原因" }),
    note: z
      .string()
      .trim()
      .max(500, { error: "说明不超过 500 个字" })
      .optional()
      .transform((value) => (value ? value : undefined)),
  })
  .refine((input) => (leadPassReasonKind[input.passReason] ?? input.passKind) === input.passKind, {
    path: ["passReason"],
    error: "所选原因与“不感兴趣 / 不符合条件”不一致，请重新选择",
  });

export type LeadPassResult = { ok: true } | { ok: false; fieldErrors: FieldErrors };

/**
 * An officer says the institution will not take the lead up (不感兴趣 / 不符合条件, with a reason code). It counts as
 * the institution's response to its ask — in time if before its deadline — and the lead leaves its officers' lists.
 * Only an institution that was asked and has not answered yet may pass: an unasked one owes no answer, and one that
 * already engaged ends its engagement through the engagement's own actions. Audited (LEAD_PASSED).
 */
export async function passLead(
  db: Db,
  args: {
    needId: string;
    actor: InstitutionActor;
    fields: Record<string, unknown>;
    request?: AuditRequestContext;
    now?: Date;
  },
): Promise<LeadPassResult> {
  const now = args.now ?? new Date();
  const { institutionId, userId } = args.actor;
  const need = await loadVisibleNeed(db, args.needId, institutionId);
  const parsed = parseWithSchema(leadPassSchema, args.fields);
  if (!parsed.ok) return parsed;
  if (!isNeedLive(need.status)) throw conflict("该需求已结束对接，无需再回复");
  return db.$transaction(async (tx) => {
    const ask = await tx.needAsk.findUnique({
      where: { needId_institutionId: { needId: need.id, institutionId } },
      select: { respondedAt: true, response: true },
    });
    if (!ask) throw notFound("本机构未被推送该线索，无需回复");
    if (ask.respondedAt)
      throw conflict(ask.response === "PASSED" ? "本机构已回复不予对接" : "本机构已对接该需求，请在“我的对接”中办理");
    const engaged = await tx.engagement.findUnique({
      where: { needId_institutionId: { needId: need.id, institutionId } },
      select: { id: true },
    });
    if (engaged) throw conflict("本机构已对接该需求，请在“我的对接”中办理");
    const { count } = await tx.needAsk.updateMany({
      where: { needId: need.id, institutionId, respondedAt: null },
      data: {
        respondedAt: now,
        response: "PASSED",
        passKind: parsed.data.passKind,
        passReason: parsed.data.passReason,
        passNote: parsed.data.note ?? null,
        passedById: userId,
      },
    });
    if (count !== 1) throw conflict("本机构已回复该线索，请刷新页面");
    await recordNeedEvent(tx, {
      needId: need.id,
      actorId: userId,
      type: "LEAD_PASSED",
      data: { institutionId, passKind: parsed.data.passKind, passReason: parsed.data.passReason },
    });
    await recordOutboxEvent(tx, {
      type: "lead.passed",
      aggregateId: need.id,
      payload: { needId: need.id, institutionId },
    });
    await recordAudit(tx, {
      action: "LEAD_PASSED",
      actor: { userId, role: args.actor.role },
      subject: { type: "FinancingNeed", id: need.id },
      ...(args.request ? { request: args.request } : {}),
      data: { institutionId, passKind: parsed.data.passKind, passReason: parsed.data.passReason },
    });
    return { ok: true } as const;
  });
}
