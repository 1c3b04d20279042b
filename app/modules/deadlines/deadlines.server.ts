/**
 * Response deadlines (限时响应, docs/domain.md#deadlines): a published need must get a first institution response within 3
 * working days, an accepted engagement a decision within 15 (both configurable per region). Deadlines are stored on the
 * rows (FinancingNeed.firstResponseDueAt, Engagement.decisionDueAt) and a scan — a repeatable job — compares them with
 * the clock, so nothing lives in a worker's memory and a restart loses no timer.
 *
 * Exactly once: each reminder and each escalation is claimed by inserting a NeedEvent whose id is derived from the
 * deadline ("deadline-escalated-FIRST_RESPONSE-<needId>"); the primary key lets only one scanner win, and the claim
 * commits in the same transaction as its effects.
 */
import { getEnv } from "~/infra/env.server.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { recordOutboxEvent } from "~/modules/outbox/outbox.server.ts";
import type { ChannelAvailability } from "~/modules/notifications/config.server.ts";
import { notifyDeadlineReminder } from "~/modules/notifications/events.server.ts";
import { recordDeadlineReminderEvents } from "~/modules/institution-events/record.server.ts";
import { matchedInstitutionIds } from "~/modules/notifications/recipients.server.ts";
import { recordAsks } from "~/modules/engagements/asks.server.ts";
import { addWorkingDays, createWorkingCalendar, subtractWorkingDays, type WorkingCalendar } from "./working-days.ts";
import type { DeadlineKind } from "~/kernel/statuses.ts";
import { overdueDecisionWhere } from "./overdue.ts";
import { engagementAwaitingDecision, isEngagementAwaitingDecision, isNeedLive, needLive } from "~/kernel/statuses.ts";

export const DEFAULT_RESPONSE_WORKING_DAYS = 3;
/** Reminders go out this many working days before a deadline. */
export const REMINDER_LEAD_WORKING_DAYS = 1;

/** An institution's engagements overdue for a decision, optionally only those of one officer. */
export function countOverdueDecisions(
  db: DbOrTx,
  scope: { institutionId: string; officerId?: string },
  now: Date = new Date(),
): Promise<number> {
  return db.engagement.count({
    where: {
      institutionId: scope.institutionId,
      ...(scope.officerId ? { officerId: scope.officerId } : {}),
      ...overdueDecisionWhere(now),
    },
  });
}

// ───────────────────────────── calendar and rules ─────────────────────────────

const CALENDAR_MAX_AGE_MS = 60_000;
let calendarCache = new WeakMap<object, { loadedAt: number; calendar: WorkingCalendar }>();

/** The holiday calendar from CalendarDay (a few dozen rows a year), cached per client for a minute. */
export async function loadWorkingCalendar(db: DbOrTx, now = Date.now()): Promise<WorkingCalendar> {
  const cached = calendarCache.get(db);
  if (cached && now - cached.loadedAt < CALENDAR_MAX_AGE_MS) return cached.calendar;
  const rows = await db.calendarDay.findMany({ select: { date: true, kind: true } });
  const calendar = createWorkingCalendar(rows);
  calendarCache.set(db, { loadedAt: now, calendar });
  return calendar;
}

/** After an admin edits the calendar (and in tests). */
export function clearWorkingCalendarCache(): void {
  calendarCache = new WeakMap();
}

/**
 * The region's own setting, else the nearest ancestor's, else the platform default (3 for a first response;
 * DECISION_DEADLINE_WORKING_DAYS, 15 unless configured, for a decision).
 */
export async function deadlineWorkingDays(db: DbOrTx, regionId: string, kind: DeadlineKind): Promise<number> {
  const seen = new Set<string>();
  let next: string | null = regionId;
  while (next && !seen.has(next) && seen.size < 8) {
    seen.add(next);
    const region: {
      parentId: string | null;
      responseDeadlineWorkingDays: number | null;
      decisionDeadlineWorkingDays: number | null;
    } | null = await db.region.findUnique({
      where: { id: next },
      select: { parentId: true, responseDeadlineWorkingDays: true, decisionDeadlineWorkingDays: true },
    });
    if (!region) break;
    const days = kind === "FIRST_RESPONSE" ? region.responseDeadlineWorkingDays : region.decisionDeadlineWorkingDays;
    if (days !== null) return days;
    next = region.parentId;
  }
  return kind === "FIRST_RESPONSE" ? DEFAULT_RESPONSE_WORKING_DAYS : getEnv().DECISION_DEADLINE_WORKING_DAYS;
}

export async function computeFirstResponseDueAt(
  db: DbOrTx,
  input: { regionId: string; publishedAt: Date },
): Promise<Date> {
  // Sequential on purpose: `db` may be a transaction (one connection).
  const days = await deadlineWorkingDays(db, input.regionId, "FIRST_RESPONSE");
  const calendar = await loadWorkingCalendar(db);
  return addWorkingDays(input.publishedAt, days, calendar);
}

export async function computeDecisionDueAt(db: DbOrTx, input: { regionId: string; acceptedAt: Date }): Promise<Date> {
  const days = await deadlineWorkingDays(db, input.regionId, "DECISION");
  const calendar = await loadWorkingCalendar(db);
  return addWorkingDays(input.acceptedAt, days, calendar);
}

/** What counts as an institution having responded to a need: it asked, accepted, declined or decided. */
const RESPONDED: Prisma.EngagementWhereInput = {
  OR: [
    { initiatedBy: "INSTITUTION" },
    { acceptedAt: { not: null } },
    { decidedAt: { not: null } },
    { status: "DECLINED" },
  ],
};

/** Records the first institution response (no-op after the first). The engagement code should call it. */
export async function recordFirstResponse(db: DbOrTx, needId: string, at: Date): Promise<boolean> {
  const result = await db.financingNeed.updateMany({
    where: { id: needId, firstRespondedAt: null },
    data: { firstRespondedAt: at },
  });
  return result.count > 0;
}

/**
 * Fills in deadlines a producer did not set (defence in depth for the event handlers): an OPEN need without
 * firstResponseDueAt, an accepted engagement without decisionDueAt. Idempotent.
 */
export async function ensureNeedDeadline(db: DbOrTx, needId: string): Promise<Date | null> {
  const need = await db.financingNeed.findUnique({
    where: { id: needId },
    select: { status: true, publishedAt: true, regionId: true, firstResponseDueAt: true },
  });
  if (!need || need.firstResponseDueAt || !need.publishedAt || need.status === "DRAFT")
    return need?.firstResponseDueAt ?? null;
  const dueAt = await computeFirstResponseDueAt(db, { regionId: need.regionId, publishedAt: need.publishedAt });
  await db.financingNeed.updateMany({
    where: { id: needId, firstResponseDueAt: null },
    data: { firstResponseDueAt: dueAt },
  });
  return dueAt;
}

export async function ensureEngagementDeadline(db: DbOrTx, engagementId: string): Promise<Date | null> {
  const engagement = await db.engagement.findUnique({
    where: { id: engagementId },
    select: { acceptedAt: true, decisionDueAt: true, decidedAt: true, need: { select: { regionId: true } } },
  });
  if (!engagement) return null;
  if (engagement.decisionDueAt || !engagement.acceptedAt || engagement.decidedAt) return engagement.decisionDueAt;
  const dueAt = await computeDecisionDueAt(db, {
    regionId: engagement.need.regionId,
    acceptedAt: engagement.acceptedAt,
  });
  await db.engagement.updateMany({ where: { id: engagementId, decisionDueAt: null }, data: { decisionDueAt: dueAt } });
  return dueAt;
}

/**
 * An engagement event may be the need's first institution response: the institution asked (its request time), or
 * it accepted or declined the enterprise's request. Records it and fills in the decision deadline if missing.
 */
export async function recordResponseFromEngagement(
  db: DbOrTx,
  engagementId: string,
): Promise<{ firstResponse: boolean; decisionDueAt: Date | null }> {
  const engagement = await db.engagement.findUnique({
    where: { id: engagementId },
    select: {
      needId: true,
      initiatedBy: true,
      status: true,
      requestedAt: true,
      acceptedAt: true,
      decidedAt: true,
      closedAt: true,
      updatedAt: true,
    },
  });
  if (!engagement) return { firstResponse: false, decisionDueAt: null };
  const respondedAt =
    engagement.initiatedBy === "INSTITUTION"
      ? engagement.requestedAt
      : (engagement.acceptedAt ??
        (engagement.status === "DECLINED"
          ? (engagement.decidedAt ?? engagement.closedAt ?? engagement.updatedAt)
          : null));
  const firstResponse = respondedAt ? await recordFirstResponse(db, engagement.needId, respondedAt) : false;
  return { firstResponse, decisionDueAt: await ensureEngagementDeadline(db, engagementId) };
}

// ───────────────────────────── the scan ─────────────────────────────

export interface DeadlineScanOptions {
  now: Date;
  channels?: ChannelAvailability;
  /** Rows looked at per kind per run; the next run continues. */
  limit?: number;
  reminderLeadWorkingDays?: number;
}

export interface DeadlineScanResult {
  responsesBackfilled: number;
  remindersSent: number;
  escalations: { kind: DeadlineKind; needId: string; engagementId: string | null; widened: number }[];
  expired: string[];
  /** External notifications to hand to the delivery queue. */
  pendingDeliveryIds: string[];
}

const markerId = (what: "reminder" | "escalated", kind: DeadlineKind, subjectId: string) =>
  `deadline-${what}-${kind}-${subjectId}`;

export async function scanDeadlines(db: Db, options: DeadlineScanOptions): Promise<DeadlineScanResult> {
  const { now } = options;
  const limit = options.limit ?? 500;
  const lead = options.reminderLeadWorkingDays ?? REMINDER_LEAD_WORKING_DAYS;
  const calendar = await loadWorkingCalendar(db);
  // Anything due within this horizon may need a reminder now (the lead is in working days; 10 calendar days
  // per working day covers the longest holiday block).
  const horizon = new Date(now.getTime() + (lead + 1) * 10 * 86_400_000);
  const result: DeadlineScanResult = {
    responsesBackfilled: 0,
    remindersSent: 0,
    escalations: [],
    expired: [],
    pendingDeliveryIds: [],
  };

  result.responsesBackfilled = await backfillFirstResponses(db, limit);

  // First responses.
  const needs = await db.financingNeed.findMany({
    where: {
      ...needLive,
      firstRespondedAt: null,
      firstResponseDueAt: { not: null, lte: horizon },
      engagements: { none: RESPONDED },
      events: { none: { type: "DEADLINE_ESCALATED", engagementId: null } },
    },
    select: {
      id: true,
      firstResponseDueAt: true,
      events: { where: { type: "DEADLINE_REMINDER", engagementId: null }, select: { id: true } },
    },
    orderBy: { firstResponseDueAt: "asc" },
    take: limit,
  });
  for (const need of needs) {
    const dueAt = need.firstResponseDueAt!;
    if (dueAt <= now) {
      const escalation = await escalate(db, {
        kind: "FIRST_RESPONSE",
        needId: need.id,
        engagementId: null,
        dueAt,
        now,
      });
      if (escalation) result.escalations.push(escalation);
    } else if (need.events.length === 0 && subtractWorkingDays(dueAt, lead, calendar) <= now) {
      const pending = await remind(db, {
        kind: "FIRST_RESPONSE",
        needId: need.id,
        engagementId: null,
        dueAt,
        now,
        channels: options.channels,
      });
      if (pending) {
        result.remindersSent++;
        result.pendingDeliveryIds.push(...pending);
      }
    }
  }

  // Decisions.
  const engagements = await db.engagement.findMany({
    where: {
      ...engagementAwaitingDecision,
      decisionDueAt: { not: null, lte: horizon },
      events: { none: { type: "DEADLINE_ESCALATED" } },
    },
    select: {
      id: true,
      needId: true,
      decisionDueAt: true,
      events: { where: { type: "DEADLINE_REMINDER" }, select: { id: true } },
    },
    orderBy: { decisionDueAt: "asc" },
    take: limit,
  });
  for (const engagement of engagements) {
    const dueAt = engagement.decisionDueAt!;
    if (dueAt <= now) {
      const escalation = await escalate(db, {
        kind: "DECISION",
        needId: engagement.needId,
        engagementId: engagement.id,
        dueAt,
        now,
      });
      if (escalation) result.escalations.push(escalation);
    } else if (engagement.events.length === 0 && subtractWorkingDays(dueAt, lead, calendar) <= now) {
      const pending = await remind(db, {
        kind: "DECISION",
        needId: engagement.needId,
        engagementId: engagement.id,
        dueAt,
        now,
        channels: options.channels,
      });
      if (pending) {
        result.remindersSent++;
        result.pendingDeliveryIds.push(...pending);
      }
    }
  }

  result.expired = await expireNeeds(db, now, limit);
  return result;
}

async function backfillFirstResponses(db: Db, limit: number): Promise<number> {
  const needs = await db.financingNeed.findMany({
    where: { firstRespondedAt: null, status: { not: "DRAFT" }, engagements: { some: RESPONDED } },
    select: {
      id: true,
      engagements: {
        where: RESPONDED,
        select: {
          initiatedBy: true,
          requestedAt: true,
          acceptedAt: true,
          decidedAt: true,
          closedAt: true,
          updatedAt: true,
        },
      },
    },
    take: limit,
  });
  let count = 0;
  for (const need of needs) {
    const times = need.engagements.map((engagement) =>
      engagement.initiatedBy === "INSTITUTION"
        ? engagement.requestedAt
        : (engagement.acceptedAt ?? engagement.decidedAt ?? engagement.closedAt ?? engagement.updatedAt),
    );
    const first = new Date(Math.min(...times.map((time) => time.getTime())));
    if (await recordFirstResponse(db, need.id, first)) count++;
  }
  return count;
}

async function remind(
  db: Db,
  input: {
    kind: DeadlineKind;
    needId: string;
    engagementId: string | null;
    dueAt: Date;
    now: Date;
    channels?: ChannelAvailability;
  },
): Promise<string[] | null> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.needEvent.createMany({
      data: [
        {
          id: markerId("reminder", input.kind, input.engagementId ?? input.needId),
          needId: input.needId,
          engagementId: input.engagementId,
          type: "DEADLINE_REMINDER",
          data: { deadline: input.kind, dueAt: input.dueAt.toISOString() },
          createdAt: input.now,
        },
      ],
      skipDuplicates: true,
    });
    if (claimed.count === 0) return null;
    const saved = await notifyDeadlineReminder(
      tx,
      { kind: input.kind, needId: input.needId, engagementId: input.engagementId, dueAt: input.dueAt },
      { channels: input.channels },
    );
    const events = await recordDeadlineReminderEvents(tx, input);
    return [...saved.pendingDeliveryIds, ...events.webhookDeliveryIds];
  });
}

/**
 * Breach: flag the need overdue (since the deadline), widen a DIRECTED need to every matching institution when the
 * enterprise allowed it, record the escalation on the timeline and announce it through the outbox — the
 * notifications (institutions, bureau, newly reached institutions, enterprise) and the re-index follow from there.
 */
async function escalate(
  db: Db,
  input: { kind: DeadlineKind; needId: string; engagementId: string | null; dueAt: Date; now: Date },
): Promise<DeadlineScanResult["escalations"][number] | null> {
  return db.$transaction(async (tx) => {
    const need = await tx.financingNeed.findUnique({
      where: { id: input.needId },
      select: { status: true, visibility: true, allowWidening: true, firstRespondedAt: true, overdueSince: true },
    });
    if (!need || !isNeedLive(need.status)) return null;
    if (input.kind === "FIRST_RESPONSE") {
      // Re-check inside the transaction: a response may have arrived since the candidate query.
      const responded =
        need.firstRespondedAt !== null ||
        (await tx.engagement.count({ where: { needId: input.needId, ...RESPONDED } })) > 0;
      if (responded) return null;
    } else {
      const engagement = await tx.engagement.findUnique({
        where: { id: input.engagementId! },
        select: { status: true, decidedAt: true },
      });
      if (!engagement || engagement.decidedAt || !isEngagementAwaitingDecision(engagement.status)) return null;
    }

    const eventId = markerId("escalated", input.kind, input.engagementId ?? input.needId);
    let widened: string[] = [];
    if (need.visibility === "DIRECTED" && need.allowWidening) {
      const directed = new Set(
        (
          await tx.needDirectedInstitution.findMany({
            where: { needId: input.needId },
            select: { institutionId: true },
          })
        ).map((row) => row.institutionId),
      );
      widened = (await matchedInstitutionIds(tx, input.needId)).filter((id) => !directed.has(id));
    }
    const claimed = await tx.needEvent.createMany({
      data: [
        {
          id: eventId,
          needId: input.needId,
          engagementId: input.engagementId,
          type: "DEADLINE_ESCALATED",
          note: input.kind === "FIRST_RESPONSE" ? "首次响应超时，已上报并扩大推送" : "审批决定超时，已上报",
          data: { deadline: input.kind, dueAt: input.dueAt.toISOString(), widenedInstitutionIds: widened },
          createdAt: input.now,
        },
      ],
      skipDuplicates: true,
    });
    if (claimed.count === 0) return null;

    if (!need.overdueSince) {
      await tx.financingNeed.updateMany({
        where: { id: input.needId, overdueSince: null },
        data: { overdueSince: input.dueAt },
      });
    }
    if (widened.length > 0) {
      await tx.needDirectedInstitution.createMany({
        data: widened.map((institutionId) => ({
          needId: input.needId,
          institutionId,
          addedByEscalation: true,
          createdAt: input.now,
        })),
        skipDuplicates: true,
      });
      await recordAsks(tx, { needId: input.needId, institutionIds: widened, origin: "ESCALATED", at: input.now });
    }
    await recordOutboxEvent(tx, {
      type: "need.deadline-breached",
      aggregateId: input.needId,
      payload: {
        needId: input.needId,
        deadline: input.kind,
        engagementId: input.engagementId,
        widenedInstitutionIds: widened,
        needEventId: eventId,
      },
    });
    return { kind: input.kind, needId: input.needId, engagementId: input.engagementId, widened: widened.length };
  });
}

/** OPEN needs past their validity (90 days) expire; needs with engagements under way (IN_PROGRESS) do not. */
async function expireNeeds(db: Db, now: Date, limit: number): Promise<string[]> {
  const due = await db.financingNeed.findMany({
    where: { status: "OPEN", expiresAt: { lte: now } },
    select: { id: true },
    orderBy: { expiresAt: "asc" },
    take: limit,
  });
  const expired: string[] = [];
  for (const { id } of due) {
    const done = await db.$transaction(async (tx) => {
      const updated = await tx.financingNeed.updateMany({
        where: { id, status: "OPEN" },
        data: { status: "EXPIRED", closedAt: now },
      });
      if (updated.count === 0) return false;
      await tx.needEvent.create({
        data: { needId: id, type: "NEED_EXPIRED", fromStatus: "OPEN", toStatus: "EXPIRED", createdAt: now },
      });
      await recordOutboxEvent(tx, { type: "need.expired", aggregateId: id, payload: { needId: id } });
      return true;
    });
    if (done) expired.push(id);
  }
  return expired;
}
