/**
 * Domain events → recipients → notification rows. One function per kind of event; each builds messages whose keys
 * derive from the event's subject (need, engagement, consent, outcome, escalation event), so handling an event
 * twice — or two events about the same thing — notifies each person once.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import type { DeclineReason, EngagementStatus, OutcomeKind } from "~/generated/prisma/enums.ts";
import type { OutboxEventOf, OutboxEventPayload } from "~/modules/outbox/events.ts";
import { availableChannels, type ChannelAvailability } from "./config.server.ts";
import {
  draftsForUsers,
  mergeSaveResults,
  saveNotifications,
  type Message,
  type NotificationDraft,
  type SaveResult,
} from "./notify.server.ts";
import {
  bureauUsers,
  engagementStaff,
  enterpriseUsers,
  institutionNames,
  leadInstitutionIds,
  leadRecipientsByInstitution,
  loadLeadContext,
  matchedProductNames,
  usersWithRole,
  type LeadContext,
  type Recipient,
} from "./recipients.server.ts";
import * as templates from "./templates.ts";
import { recordAsks } from "~/modules/engagements/asks.server.ts";
import { findActiveConsent } from "~/modules/engagements/engagements.server.ts";

export interface NotifyOptions {
  channels?: ChannelAvailability;
}

const EMPTY: SaveResult = { created: 0, pendingDeliveryIds: [] };

/**
 * A message to some institutions' staff. Their webhooks get the institution events instead (the same objects as the
 * Open API's events feed, app/modules/institution-events), recorded where the change happened.
 */
async function institutionDrafts(
  _db: DbOrTx,
  message: Message,
  staff: Recipient[],
  _institutionIds: string[],
  channels: ChannelAvailability,
): Promise<NotificationDraft[]> {
  return draftsForUsers(message, staff, channels);
}

/**
 * New lead: officers of the institutions the need is addressed to (DIRECTED: the chosen ones; OPEN: those whose
 * products matched), filtered by their preferences, plus the institutions' webhooks. Keyed per need × officer, so
 * re-matching after an update only tells institutions that newly match.
 */
export async function notifyMatchedLeads(
  db: DbOrTx,
  needId: string,
  options: NotifyOptions & { institutionIds?: readonly string[]; escalated?: boolean; now?: Date } = {},
): Promise<SaveResult> {
  const channels = options.channels ?? availableChannels();
  const lead = await loadLeadContext(db, needId);
  if (!lead || (lead.status !== "OPEN" && lead.status !== "IN_PROGRESS")) return EMPTY;
  let institutionIds = await leadInstitutionIds(db, lead);
  if (options.institutionIds) institutionIds = institutionIds.filter((id) => options.institutionIds!.includes(id));
  if (institutionIds.length === 0) return EMPTY;
  // Being told of an OPEN need because a product matched is being asked to respond (DIRECTED needs record their
  // asks when published or widened).
  if (lead.visibility === "OPEN")
    await recordAsks(db, { needId, institutionIds, origin: "MATCHED", at: options.now ?? new Date() });

  // Sequential throughout this module: `db` may be a transaction, i.e. one connection.
  const recipients = await leadRecipientsByInstitution(db, institutionIds, lead, {
    ignorePreferences: options.escalated,
  });
  const names = await institutionNames(db, institutionIds);
  const productNames = await matchedProductNames(db, needId);
  const drafts: NotificationDraft[] = [];
  for (const institutionId of institutionIds) {
    const message: Message = {
      key: `lead:${needId}`,
      ...templates.leadMatched({
        lead: lead.summary,
        institutionName: names.get(institutionId) ?? "贵机构",
        productNames: productNames.get(institutionId) ?? [],
        dueAt: lead.firstResponseDueAt,
        escalated: options.escalated,
        directed: lead.visibility === "DIRECTED",
      }),
      payload: { needId, institutionId },
    };
    drafts.push(
      ...(await institutionDrafts(db, message, recipients.get(institutionId) ?? [], [institutionId], channels)),
    );
  }
  return saveNotifications(db, drafts);
}

/** The events someone is told about (workers/routing.ts sends exactly these to the notifications queue). */
export type NotifiableEvent = OutboxEventOf<
  | "engagement.requested"
  | "engagement.accepted"
  | "engagement.declined"
  | "engagement.status-changed"
  | "consent.granted"
  | "consent.withdrawn"
  | "outcome.recorded"
  | "outcome.amended"
  | "need.deadline-breached"
>;

/** `event` is already validated (workers/context.ts parseEventJob), so its payload is typed by its type. */
export async function notifyForOutboxEvent(
  db: DbOrTx,
  event: NotifiableEvent,
  options: NotifyOptions = {},
): Promise<SaveResult> {
  const channels = options.channels ?? availableChannels();
  switch (event.type) {
    case "engagement.requested":
      return engagementRequested(db, event.payload, channels);
    case "engagement.accepted":
    case "engagement.declined":
      return engagementAnswered(db, event, channels);
    case "engagement.status-changed":
      return engagementStatusChanged(db, event.payload, channels);
    case "consent.granted":
    case "consent.withdrawn":
      return consentChanged(db, event.type === "consent.granted", event.payload, channels);
    case "outcome.recorded":
    case "outcome.amended":
      return outcomeRecorded(db, event.payload, event.type === "outcome.amended", channels);
    case "need.deadline-breached":
      return deadlineBreached(db, event.payload, channels);
  }
}

async function loadEngagement(db: DbOrTx, engagementId: string) {
  return db.engagement.findUnique({
    where: { id: engagementId },
    select: {
      id: true,
      needId: true,
      institutionId: true,
      officerId: true,
      initiatedBy: true,
      status: true,
      institution: { select: { shortName: true, name: true } },
    },
  });
}

async function engagementRequested(
  db: DbOrTx,
  payload: OutboxEventPayload<"engagement.requested">,
  channels: ChannelAvailability,
): Promise<SaveResult> {
  const engagement = await loadEngagement(db, payload.engagementId);
  const lead = engagement && (await loadLeadContext(db, engagement.needId));
  if (!engagement || !lead) return EMPTY;
  const key = `engagement-requested:${engagement.id}`;
  const data = { engagementId: engagement.id, needId: engagement.needId, institutionId: engagement.institutionId };
  if (engagement.initiatedBy === "ENTERPRISE") {
    const message: Message = {
      key,
      ...templates.engagementRequestedToInstitution({ lead: lead.summary }),
      payload: data,
    };
    return saveNotifications(
      db,
      await institutionDrafts(db, message, await engagementStaff(db, engagement), [engagement.institutionId], channels),
    );
  }
  const institutionName = engagement.institution.shortName || engagement.institution.name;
  const message: Message = {
    key,
    ...templates.engagementRequestedToEnterprise({ lead: lead.summary, institutionName }),
    payload: data,
  };
  return saveNotifications(db, draftsForUsers(message, await enterpriseUsers(db, lead.enterpriseId), channels));
}

/**
 * Accepted / declined: tell the other side. The enterprise accepts an institution's request (the officer hears);
 * an institution accepts with consent on file, or declines by its decision (the enterprise hears).
 */
async function engagementAnswered(
  db: DbOrTx,
  event: OutboxEventOf<"engagement.accepted" | "engagement.declined">,
  channels: ChannelAvailability,
): Promise<SaveResult> {
  const engagement = await loadEngagement(db, event.payload.engagementId);
  const lead = engagement && (await loadLeadContext(db, engagement.needId));
  if (!engagement || !lead) return EMPTY;
  const toEnterprise = event.type === "engagement.declined" || (await acceptedBy(db, engagement.id)) !== "ENTERPRISE";
  const institutionName = engagement.institution.shortName || engagement.institution.name;
  const data = { engagementId: engagement.id, needId: engagement.needId, institutionId: engagement.institutionId };
  let rendered: templates.RenderedNotification;
  if (event.type === "engagement.accepted") {
    rendered = templates.engagementAccepted({
      needId: engagement.needId,
      institutionName,
      toEnterprise,
      lead: lead.summary,
    });
  } else {
    // An institution declines by recording a DECLINED outcome; outcome.recorded tells the enterprise, once.
    if (await hasActiveOutcome(db, engagement.id, ["DECLINED"])) return EMPTY;
    const reason = await declineReasonFor(db, engagement.id, event.payload.needEventId);
    rendered = templates.engagementDeclined({
      needId: engagement.needId,
      institutionName,
      toEnterprise,
      lead: lead.summary,
      ...reason,
    });
  }
  const message: Message = { key: `${event.type}:${engagement.id}`, ...rendered, payload: data };
  if (toEnterprise)
    return saveNotifications(db, draftsForUsers(message, await enterpriseUsers(db, lead.enterpriseId), channels));
  return saveNotifications(
    db,
    await institutionDrafts(db, message, await engagementStaff(db, engagement), [engagement.institutionId], channels),
  );
}

async function acceptedBy(db: DbOrTx, engagementId: string): Promise<string | null> {
  const accepted = await db.needEvent.findFirst({
    where: { engagementId, toStatus: "ACCEPTED" },
    orderBy: { createdAt: "desc" },
    select: { actor: { select: { role: true } } },
  });
  return accepted?.actor?.role ?? null;
}

async function hasActiveOutcome(db: DbOrTx, engagementId: string, kinds: OutcomeKind[]): Promise<boolean> {
  const outcome = await db.outcome.findFirst({
    where: { engagementId, kind: { in: kinds }, state: "ACTIVE" },
    select: { id: true },
  });
  return outcome !== null;
}

async function declineReasonFor(
  db: DbOrTx,
  engagementId: string,
  needEventId: string | undefined,
): Promise<{ reason: DeclineReason | null; message: string | null }> {
  const outcome = await db.outcome.findFirst({
    where: { engagementId, kind: "DECLINED", state: "ACTIVE" },
    orderBy: { version: "desc" },
    select: { declineReason: true, declineMessage: true },
  });
  if (outcome) return { reason: outcome.declineReason, message: outcome.declineMessage };
  const event = needEventId
    ? await db.needEvent.findUnique({ where: { id: needEventId }, select: { note: true } })
    : null;
  return { reason: null, message: event?.note ?? null };
}

const STATUSES_TOLD_BY_STATUS_CHANGE: ReadonlySet<EngagementStatus> = new Set([
  "CONTACTED",
  "UNDER_REVIEW",
  "WITHDRAWN",
]);

async function engagementStatusChanged(
  db: DbOrTx,
  payload: OutboxEventPayload<"engagement.status-changed">,
  channels: ChannelAvailability,
): Promise<SaveResult> {
  const engagement = await loadEngagement(db, payload.engagementId);
  const event = await db.needEvent.findUnique({
    where: { id: payload.needEventId },
    select: { fromStatus: true, toStatus: true, note: true, actor: { select: { role: true } } },
  });
  const toStatus = event?.toStatus as EngagementStatus | undefined;
  if (engagement && event?.actor?.role === "ENTERPRISE") {
    // The enterprise ended it itself: nothing to tell it. Refusing a request is the institution's answer (a
    // withdrawn consent has its own message).
    if (event.fromStatus !== "REQUESTED") return EMPTY;
    const lead = await loadLeadContext(db, engagement.needId);
    if (!lead) return EMPTY;
    const message: Message = {
      key: `engagement-status:${payload.needEventId}`,
      ...templates.engagementDeclined({
        needId: engagement.needId,
        institutionName: engagement.institution.shortName || engagement.institution.name,
        toEnterprise: false,
        lead: lead.summary,
        reason: null,
        message: null,
      }),
      payload: { engagementId: engagement.id, needId: engagement.needId, status: "WITHDRAWN" },
    };
    return saveNotifications(
      db,
      await institutionDrafts(db, message, await engagementStaff(db, engagement), [engagement.institutionId], channels),
    );
  }
  // ACCEPTED and DECLINED have their own events and messages; APPROVED and DISBURSED are outcomes, which
  // outcome.recorded announces with the amount — one message per step, not two.
  if (!engagement || !toStatus || !STATUSES_TOLD_BY_STATUS_CHANGE.has(toStatus)) return EMPTY;
  const lead = await loadLeadContext(db, engagement.needId);
  if (!lead) return EMPTY;
  const need = { enterpriseId: lead.enterpriseId };
  const message: Message = {
    key: `engagement-status:${payload.needEventId}`,
    ...templates.engagementStatusChanged({
      lead: lead.summary,
      institutionName: engagement.institution.shortName || engagement.institution.name,
      toStatus,
    }),
    payload: { engagementId: engagement.id, needId: engagement.needId, status: toStatus },
  };
  return saveNotifications(db, draftsForUsers(message, await enterpriseUsers(db, need.enterpriseId), channels));
}

async function consentChanged(
  db: DbOrTx,
  granted: boolean,
  payload: OutboxEventPayload<"consent.granted">,
  channels: ChannelAvailability,
): Promise<SaveResult> {
  const lead = await loadLeadContext(db, payload.needId);
  if (!lead) return EMPTY;
  if (granted && (await consentCameWithAnotherMessage(db, payload.consentId))) return EMPTY;
  // A consent to "any qualified institution" (OPEN needs) names no one: granting it tells no one, withdrawing it
  // tells the institutions that worked the need under it and are now without consent.
  const institutionIds = payload.institutionId
    ? [payload.institutionId]
    : granted
      ? []
      : await institutionsLeftWithoutConsent(db, lead);
  const results: SaveResult[] = [];
  for (const institutionId of institutionIds) {
    const engagement = await db.engagement.findUnique({
      where: { needId_institutionId: { needId: payload.needId, institutionId } },
      select: { institutionId: true, officerId: true },
    });
    const staff = await engagementStaff(db, engagement ?? { institutionId, officerId: null });
    const message: Message = {
      key: `${granted ? "consent-granted" : "consent-withdrawn"}:${payload.consentId}`,
      ...templates.consentChanged({ granted, lead: lead.summary }),
      payload: { consentId: payload.consentId, needId: payload.needId, institutionId },
    };
    results.push(await saveNotifications(db, await institutionDrafts(db, message, staff, [institutionId], channels)));
  }
  return mergeSaveResults(results);
}

async function institutionsLeftWithoutConsent(db: DbOrTx, lead: LeadContext): Promise<string[]> {
  const engaged = await db.engagement.findMany({
    where: { needId: lead.needId },
    select: { institutionId: true },
    orderBy: { institutionId: "asc" },
  });
  const left: string[] = [];
  for (const { institutionId } of engaged) {
    if (!(await findActiveConsent(db, { id: lead.needId, visibility: lead.visibility }, institutionId)))
      left.push(institutionId);
  }
  return left;
}

/**
 * A consent given while accepting an institution's request is announced by engagement.accepted ("企业已同意对接并授权
 * 查看信息"), and one given while publishing a DIRECTED need by the new-lead message: the officer hears of it once.
 */
async function consentCameWithAnotherMessage(db: DbOrTx, consentId: string): Promise<boolean> {
  const event = await db.needEvent.findFirst({
    where: {
      OR: [
        { type: "ENGAGEMENT_STATUS_CHANGED", toStatus: "ACCEPTED", data: { path: ["consentId"], equals: consentId } },
        { type: "CONSENT_GRANTED", data: { path: ["consentIds"], array_contains: [consentId] } },
      ],
    },
    select: { id: true },
  });
  return event !== null;
}

async function outcomeRecorded(
  db: DbOrTx,
  payload: OutboxEventPayload<"outcome.recorded">,
  amended: boolean,
  channels: ChannelAvailability,
): Promise<SaveResult> {
  const outcome = await db.outcome.findUnique({
    where: { id: payload.outcomeId },
    select: {
      id: true,
      state: true,
      kind: true,
      approvedAmount: true,
      disbursedAmount: true,
      declineReason: true,
      declineMessage: true,
      engagement: {
        select: {
          id: true,
          needId: true,
          institution: { select: { shortName: true, name: true } },
          need: { select: { enterpriseId: true } },
        },
      },
    },
  });
  if (!outcome || outcome.state !== "ACTIVE") return EMPTY;
  const lead = await loadLeadContext(db, outcome.engagement.needId);
  if (!lead) return EMPTY;
  const amount = outcome.kind === "DISBURSED" ? outcome.disbursedAmount : outcome.approvedAmount;
  const message: Message = {
    key: `outcome:${outcome.id}`,
    ...templates.outcomeRecorded({
      lead: lead.summary,
      institutionName: outcome.engagement.institution.shortName || outcome.engagement.institution.name,
      kind: outcome.kind,
      amount: amount ? amount.toFixed(2) : null,
      amended,
      reason: outcome.declineReason,
      message: outcome.declineMessage,
    }),
    payload: { outcomeId: outcome.id, engagementId: outcome.engagement.id, needId: outcome.engagement.needId },
  };
  return saveNotifications(
    db,
    draftsForUsers(message, await enterpriseUsers(db, outcome.engagement.need.enterpriseId), channels),
  );
}

// ───────────────────────────── deadlines ─────────────────────────────

/** Who answers for a deadline: the engagement's staff (decision) or the institutions the need was addressed to. */
async function responsibleStaff(
  db: DbOrTx,
  lead: LeadContext,
  kind: templates.DeadlineKind,
  engagementId: string | null,
  options: { includeAdmins: boolean },
): Promise<{ institutionIds: string[]; staff: Recipient[] }> {
  if (kind === "DECISION" && engagementId) {
    const engagement = await db.engagement.findUnique({
      where: { id: engagementId },
      select: { institutionId: true, officerId: true },
    });
    if (!engagement) return { institutionIds: [], staff: [] };
    return { institutionIds: [engagement.institutionId], staff: await engagementStaff(db, engagement, options) };
  }
  const institutionIds = await leadInstitutionIds(db, lead, { pickedOnly: true });
  const byInstitution = await leadRecipientsByInstitution(db, institutionIds, lead);
  const staff = [...byInstitution.values()].flat();
  if (options.includeAdmins) staff.push(...(await usersWithRole(db, institutionIds, ["INSTITUTION_ADMIN"])));
  return { institutionIds, staff };
}

/** One reminder per deadline per person, however often the scan runs. */
export async function notifyDeadlineReminder(
  db: DbOrTx,
  input: { kind: templates.DeadlineKind; needId: string; engagementId: string | null; dueAt: Date },
  options: NotifyOptions = {},
): Promise<SaveResult> {
  const channels = options.channels ?? availableChannels();
  const lead = await loadLeadContext(db, input.needId);
  if (!lead) return EMPTY;
  const { institutionIds, staff } = await responsibleStaff(db, lead, input.kind, input.engagementId, {
    includeAdmins: false,
  });
  const message: Message = {
    key: `reminder:${input.kind}:${input.engagementId ?? input.needId}`,
    ...templates.deadlineReminder({ kind: input.kind, lead: lead.summary, dueAt: input.dueAt }),
    payload: {
      needId: input.needId,
      engagementId: input.engagementId,
      deadline: input.kind,
      dueAt: input.dueAt.toISOString(),
    },
    urgent: true,
  };
  return saveNotifications(db, await institutionDrafts(db, message, staff, institutionIds, channels));
}

async function deadlineBreached(
  db: DbOrTx,
  payload: OutboxEventPayload<"need.deadline-breached">,
  channels: ChannelAvailability,
): Promise<SaveResult> {
  const lead = await loadLeadContext(db, payload.needId);
  const event = await db.needEvent.findUnique({ where: { id: payload.needEventId }, select: { data: true } });
  if (!lead || !event) return EMPTY;
  const dueAtText = (event.data as { dueAt?: string } | null)?.dueAt;
  const dueAt = dueAtText ? new Date(dueAtText) : new Date();
  const kind = payload.deadline;
  const key = `escalation:${payload.needEventId}`;
  const data = {
    needId: payload.needId,
    engagementId: payload.engagementId,
    deadline: kind,
    dueAt: dueAt.toISOString(),
  };

  const responsible = await responsibleStaff(db, lead, kind, payload.engagementId, { includeAdmins: true });
  const responsibleIds = responsible.institutionIds.filter((id) => !payload.widenedInstitutionIds.includes(id));
  const names = await institutionNames(db, responsibleIds);

  const toInstitutions: Message = {
    key: `${key}:institution`,
    ...templates.deadlineEscalatedToInstitution({ kind, lead: lead.summary, dueAt }),
    payload: data,
    urgent: true,
  };
  const toBureau: Message = {
    key: `${key}:bureau`,
    ...templates.deadlineEscalatedToBureau({
      kind,
      lead: lead.summary,
      dueAt,
      institutionNames: [...names.values()],
      widenedCount: payload.widenedInstitutionIds.length,
    }),
    payload: data,
  };
  const results = [
    await saveNotifications(db, [
      ...(await institutionDrafts(db, toInstitutions, responsible.staff, responsibleIds, channels)),
      ...draftsForUsers(toBureau, await bureauUsers(db), channels),
    ]),
  ];
  if (payload.widenedInstitutionIds.length > 0) {
    results.push(
      await notifyMatchedLeads(db, payload.needId, {
        channels,
        institutionIds: payload.widenedInstitutionIds,
        escalated: true,
      }),
    );
    const toEnterprise: Message = {
      key: `${key}:enterprise`,
      ...templates.deadlineEscalatedToEnterprise({
        lead: lead.summary,
        widenedCount: payload.widenedInstitutionIds.length,
      }),
      payload: { needId: payload.needId },
    };
    results.push(
      await saveNotifications(db, draftsForUsers(toEnterprise, await enterpriseUsers(db, lead.enterpriseId), channels)),
    );
  }
  return mergeSaveResults(results);
}
