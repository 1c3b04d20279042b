/**
 * Recording what concerns an institution (catalog.ts), in the caller's transaction: where an outbox event is written
 * (recordInstitutionEventsForOutbox, called by recordOutboxEvent), where a need's matched institutions are told
 * (recordMatchedLeadEvents) and where a deadline reminder is claimed (recordDeadlineReminderEvents). Each event has a
 * key naming the fact it records, unique per institution, so recording a fact twice — a retried job, a re-match —
 * adds nothing.
 *
 * Webhooks deliver these same objects: each new event gets one WEBHOOK notification row per enabled endpoint of its
 * institution, in the same transaction, with the event object as its payload (channels/webhook.server.ts posts it as
 * the body). The caller enqueues the returned delivery ids after its commit; the notification sweep picks up any it
 * could not.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import type { OutboxEvent } from "~/modules/outbox/events.ts";
import { leadInstitutionIds } from "~/modules/notifications/recipients.server.ts";
import {
  INSTITUTION_EVENT_DATA,
  institutionEventTypeLabel,
  type InstitutionEventData,
  type InstitutionEventObject,
  type InstitutionEventType,
} from "./catalog.ts";

export interface InstitutionEventDraft<T extends InstitutionEventType = InstitutionEventType> {
  institutionId: string;
  type: T;
  /** The fact, e.g. `lead:<needId>`; unique per institution. */
  key: string;
  data: InstitutionEventData<T>;
}

export interface RecordResult {
  /** Events inserted by this call (0 when every fact was already recorded). */
  recorded: number;
  /** WEBHOOK notification rows created for them: enqueue a delivery for each after the commit. */
  webhookDeliveryIds: string[];
}

const NOTHING: RecordResult = { recorded: 0, webhookDeliveryIds: [] };

function draft<T extends InstitutionEventType>(
  type: T,
  institutionId: string,
  key: string,
  data: InstitutionEventData<T>,
): InstitutionEventDraft {
  return { institutionId, type, key, data };
}

export function toInstitutionEventObject(row: {
  id: string;
  type: string;
  occurredAt: Date;
  data: Prisma.JsonValue;
}): InstitutionEventObject {
  return {
    id: row.id,
    type: row.type as InstitutionEventType,
    occurredAt: row.occurredAt.toISOString(),
    data: (row.data ?? {}) as Record<string, unknown>,
  };
}

export async function recordInstitutionEvents(
  db: DbOrTx,
  drafts: readonly InstitutionEventDraft[],
  options: { outboxEventId?: string; occurredAt?: Date } = {},
): Promise<RecordResult> {
  if (drafts.length === 0) return NOTHING;
  const occurredAt = options.occurredAt ?? new Date();
  const rows = await db.institutionEvent.createManyAndReturn({
    data: drafts.map((event) => ({
      institutionId: event.institutionId,
      type: event.type,
      key: event.key,
      // Validated at the source, like outbox payloads: a bad shape fails the change, not a client later.
      data: INSTITUTION_EVENT_DATA[event.type].parse(event.data) as Prisma.InputJsonValue,
      occurredAt,
      outboxEventId: options.outboxEventId ?? null,
    })),
    skipDuplicates: true,
    select: { id: true, institutionId: true, type: true, occurredAt: true, data: true },
  });
  if (rows.length === 0) return NOTHING;
  const endpoints = await db.webhookEndpoint.findMany({
    where: { institutionId: { in: [...new Set(rows.map((row) => row.institutionId))] }, isEnabled: true },
    select: { id: true, institutionId: true },
    orderBy: { id: "asc" },
  });
  const webhooks = rows.flatMap((row) =>
    endpoints
      .filter((endpoint) => endpoint.institutionId === row.institutionId)
      .map((endpoint) => ({
        uniqueKey: `event:${row.id}:webhook:${endpoint.id}`,
        webhookEndpointId: endpoint.id,
        channel: "WEBHOOK" as const,
        template: row.type,
        title: institutionEventTypeLabel[row.type as InstitutionEventType] ?? row.type,
        body: "",
        payload: toInstitutionEventObject(row) as unknown as Prisma.InputJsonValue,
      })),
  );
  const created =
    webhooks.length === 0
      ? []
      : await db.notification.createManyAndReturn({ data: webhooks, skipDuplicates: true, select: { id: true } });
  return { recorded: rows.length, webhookDeliveryIds: created.map((row) => row.id) };
}

/** WEBHOOK rows of these events still waiting to be sent (to enqueue after the transaction that made them). */
export async function pendingEventWebhookDeliveries(db: DbOrTx, eventIds: readonly string[]): Promise<string[]> {
  if (eventIds.length === 0) return [];
  const rows = await db.notification.findMany({
    where: {
      channel: "WEBHOOK",
      status: "PENDING",
      OR: eventIds.map((id) => ({ uniqueKey: { startsWith: `event:${id}:webhook:` } })),
    },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** The webhook deliveries of the events derived from one outbox event, once that event's transaction committed. */
export async function pendingWebhookDeliveriesOfOutboxEvent(db: DbOrTx, outboxEventId: string): Promise<string[]> {
  const events = await db.institutionEvent.findMany({ where: { outboxEventId }, select: { id: true } });
  return pendingEventWebhookDeliveries(
    db,
    events.map((event) => event.id),
  );
}

/** Institutions already told about a need (a lead.matched event), so they hear how it ends. */
async function toldInstitutionIds(db: DbOrTx, needId: string): Promise<string[]> {
  const rows = await db.institutionEvent.findMany({
    where: { key: `lead:${needId}` },
    select: { institutionId: true },
  });
  return rows.map((row) => row.institutionId);
}

async function engagedInstitutionIds(db: DbOrTx, needId: string): Promise<string[]> {
  const rows = await db.engagement.findMany({ where: { needId }, select: { institutionId: true } });
  return rows.map((row) => row.institutionId);
}

const unique = (ids: readonly string[]) => [...new Set(ids)].sort();

async function engagementEvent(
  db: DbOrTx,
  type: "engagement.requested" | "engagement.accepted" | "engagement.declined",
  engagementId: string,
): Promise<InstitutionEventDraft[]> {
  const engagement = await db.engagement.findUnique({
    where: { id: engagementId },
    select: { id: true, needId: true, institutionId: true, status: true, initiatedBy: true },
  });
  if (!engagement) return [];
  return [
    draft(type, engagement.institutionId, `${type}:${engagement.id}`, {
      engagementId: engagement.id,
      needId: engagement.needId,
      status: engagement.status,
      initiatedBy: engagement.initiatedBy,
    }),
  ];
}

/** The institution events an outbox event implies, computed in its transaction from the rows it just wrote. */
async function draftsForOutboxEvent(db: DbOrTx, event: OutboxEvent): Promise<InstitutionEventDraft[]> {
  switch (event.type) {
    case "need.published": {
      // DIRECTED: the chosen institutions know at publication; OPEN needs reach institutions by matching.
      const need = await db.financingNeed.findUnique({
        where: { id: event.payload.needId },
        select: { id: true, visibility: true },
      });
      if (need?.visibility !== "DIRECTED") return [];
      const institutionIds = await leadInstitutionIds(db, { needId: need.id, visibility: "DIRECTED" });
      return institutionIds.map((institutionId) =>
        draft("lead.matched", institutionId, `lead:${need.id}`, { needId: need.id, directed: true, escalated: false }),
      );
    }
    case "need.withdrawn": {
      const { needId } = event.payload;
      const institutionIds = unique([
        ...(await toldInstitutionIds(db, needId)),
        ...(await engagedInstitutionIds(db, needId)),
      ]);
      return institutionIds.map((institutionId) =>
        draft("need.withdrawn", institutionId, `need-withdrawn:${needId}`, { needId }),
      );
    }
    case "need.deadline-breached": {
      const { needId, engagementId, deadline, needEventId, widenedInstitutionIds } = event.payload;
      const needEvent = await db.needEvent.findUnique({ where: { id: needEventId }, select: { data: true } });
      const dueAtText = (needEvent?.data as { dueAt?: unknown } | null)?.dueAt;
      const dueAt = typeof dueAtText === "string" && !Number.isNaN(Date.parse(dueAtText)) ? dueAtText : null;
      let responsible: string[];
      if (deadline === "DECISION" && engagementId) {
        const engagement = await db.engagement.findUnique({
          where: { id: engagementId },
          select: { institutionId: true },
        });
        responsible = engagement ? [engagement.institutionId] : [];
      } else {
        responsible = await toldInstitutionIds(db, needId);
      }
      const widened = new Set(widenedInstitutionIds);
      return [
        ...unique(responsible)
          .filter((institutionId) => !widened.has(institutionId))
          .map((institutionId) =>
            draft("deadline.escalated", institutionId, `escalation:${needEventId}`, {
              needId,
              engagementId,
              deadline,
              dueAt: dueAt ? new Date(dueAt).toISOString() : null,
            }),
          ),
        ...unique(widenedInstitutionIds).map((institutionId) =>
          draft("lead.matched", institutionId, `lead:${needId}`, { needId, directed: true, escalated: true }),
        ),
      ];
    }
    case "consent.granted":
    case "consent.withdrawn": {
      const { consentId, needId, institutionId } = event.payload;
      // A consent to "any qualified institution" (OPEN needs) concerns those already taking the need up.
      const institutionIds = institutionId ? [institutionId] : unique(await engagedInstitutionIds(db, needId));
      return institutionIds.map((id) => draft(event.type, id, `${event.type}:${consentId}`, { consentId, needId }));
    }
    case "engagement.requested":
    case "engagement.accepted":
    case "engagement.declined":
      return engagementEvent(db, event.type, event.payload.engagementId);
    case "engagement.status-changed": {
      const step = await db.needEvent.findUnique({
        where: { id: event.payload.needEventId },
        select: { fromStatus: true, toStatus: true },
      });
      const engagement = await db.engagement.findUnique({
        where: { id: event.payload.engagementId },
        select: { id: true, needId: true, institutionId: true, status: true, initiatedBy: true },
      });
      // ACCEPTED, DECLINED and REQUESTED have events of their own.
      if (!engagement || !step?.toStatus || ["ACCEPTED", "DECLINED", "REQUESTED"].includes(step.toStatus)) return [];
      return [
        draft("engagement.status-changed", engagement.institutionId, `engagement-status:${event.payload.needEventId}`, {
          engagementId: engagement.id,
          needId: engagement.needId,
          status: step.toStatus,
          fromStatus: step.fromStatus ?? null,
          initiatedBy: engagement.initiatedBy,
        }),
      ];
    }
    default:
      return [];
  }
}

/** Called by recordOutboxEvent in the same transaction: the feed commits with the change, or not at all. */
export async function recordInstitutionEventsForOutbox(
  tx: DbOrTx,
  outboxEventId: string,
  event: OutboxEvent,
): Promise<RecordResult> {
  return recordInstitutionEvents(tx, await draftsForOutboxEvent(tx, event), { outboxEventId });
}

/**
 * A need's lead reached institutions (the notifications queue's `leads` job, after matching): one lead.matched per
 * institution it is addressed to — DIRECTED: the chosen ones; OPEN: those whose products matched — the same set the
 * officers are told about. Returns the webhook deliveries still pending for this need's lead events, including
 * those recorded at publication (DIRECTED), which nobody could enqueue before that transaction committed.
 */
export async function recordMatchedLeadEvents(
  db: DbOrTx,
  needId: string,
  options: { institutionIds?: readonly string[] } = {},
): Promise<RecordResult> {
  const need = await db.financingNeed.findUnique({ where: { id: needId }, select: { status: true, visibility: true } });
  if (!need || (need.status !== "OPEN" && need.status !== "IN_PROGRESS")) return NOTHING;
  let institutionIds = await leadInstitutionIds(db, { needId, visibility: need.visibility });
  if (options.institutionIds) institutionIds = institutionIds.filter((id) => options.institutionIds!.includes(id));
  const result = await recordInstitutionEvents(
    db,
    institutionIds.map((institutionId) =>
      draft("lead.matched", institutionId, `lead:${needId}`, {
        needId,
        directed: need.visibility === "DIRECTED",
        escalated: false,
      }),
    ),
  );
  const events = await db.institutionEvent.findMany({ where: { key: `lead:${needId}` }, select: { id: true } });
  const pending = await pendingEventWebhookDeliveries(
    db,
    events.map((event) => event.id),
  );
  return { recorded: result.recorded, webhookDeliveryIds: unique([...result.webhookDeliveryIds, ...pending]) };
}

/** In the transaction that claims a reminder: the institutions that answer for the deadline. */
export async function recordDeadlineReminderEvents(
  tx: DbOrTx,
  input: { kind: "FIRST_RESPONSE" | "DECISION"; needId: string; engagementId: string | null; dueAt: Date },
): Promise<RecordResult> {
  let institutionIds: string[];
  if (input.kind === "DECISION" && input.engagementId) {
    const engagement = await tx.engagement.findUnique({
      where: { id: input.engagementId },
      select: { institutionId: true },
    });
    institutionIds = engagement ? [engagement.institutionId] : [];
  } else {
    const need = await tx.financingNeed.findUnique({ where: { id: input.needId }, select: { visibility: true } });
    institutionIds = need
      ? await leadInstitutionIds(tx, { needId: input.needId, visibility: need.visibility }, { pickedOnly: true })
      : [];
  }
  return recordInstitutionEvents(
    tx,
    institutionIds.map((institutionId) =>
      draft("deadline.reminder", institutionId, `reminder:${input.kind}:${input.engagementId ?? input.needId}`, {
        needId: input.needId,
        engagementId: input.engagementId,
        deadline: input.kind,
        dueAt: input.dueAt.toISOString(),
      }),
    ),
  );
}

/** Deletes events older than `cutoff` (the retention, catalog.ts), in chunks. */
export async function pruneInstitutionEvents(db: DbOrTx, cutoff: Date, chunk = 5_000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows = await db.institutionEvent.findMany({
      where: { occurredAt: { lt: cutoff } },
      select: { id: true },
      take: chunk,
    });
    if (rows.length === 0) return deleted;
    deleted += (await db.institutionEvent.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } })).count;
  }
}
