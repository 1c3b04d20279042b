/**
 * The overdue list (限时响应 breaches) and the drill-down to one need's timeline.
 *
 * An item is overdue while it is still open past its deadline:
 *   FIRST_RESPONSE  a live need (OPEN / IN_PROGRESS) without a first response after firstResponseDueAt;
 *   DECISION        an accepted engagement (ACCEPTED / CONTACTED / UNDER_REVIEW) without a decision after
 *                   decisionDueAt.
 * This is operational, current-state data, so it is read live from the indexed source tables (deadline columns),
 * one page at a time. Age is in working days: the working days after the deadline's day up to today.
 */
import { decimalToYuanString } from "~/kernel/money.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { dateColumnDay, shanghaiToday } from "~/kernel/time.ts";
import type { EngagementStatus, EntityType, NeedStatus } from "~/generated/prisma/enums.ts";
import { displayBorrowerName, maskContactData } from "./privacy.ts";
import { andIn, empty, sql } from "./sql.server.ts";
import { ensureFound } from "~/kernel/errors.ts";
import { roleLabel } from "~/kernel/labels.ts";
import { ENGAGEMENT_AWAITING_DECISION_STATUSES, NEED_LIVE_STATUSES, type DeadlineKind } from "~/kernel/statuses.ts";

export type OverdueKind = DeadlineKind;

export interface OverdueItem {
  needId: string;
  kind: OverdueKind;
  dueAt: string;
  ageWorkingDays: number;
  needStatus: NeedStatus;
  amount: string;
  publishedAt: string | null;
  borrower: string;
  entityType: EntityType;
  region: string;
  /** Institutions involved: engaged, or picked by the enterprise. */
  institutions: string[];
  /** For DECISION items: the engagement's institution. */
  engagementInstitution: string | null;
  escalated: boolean;
}

export interface OverdueFilter {
  regionIds: string[] | null;
  institutionIds: string[] | null;
  kind: OverdueKind | null;
  page: number;
}

export const OVERDUE_PAGE_SIZE = 50;

interface OverdueRow {
  need_id: string;
  kind: OverdueKind;
  due_at: Date;
  engagement_institution: string | null;
  age: number | null;
  total: number;
}

export async function listOverdue(
  db: DbOrTx,
  filter: OverdueFilter,
  now: Date = new Date(),
): Promise<{ items: OverdueItem[]; total: number }> {
  // Timestamps are stored as UTC without a time zone.
  const nowUtc = now.toISOString().replace("T", " ").replace("Z", "");
  // Institutions involved in a need: engaged (live), picked by the enterprise (live), or matched to one of their
  // products (from the rollup, which is enough: a need is overdue only days after it was published and matched).
  // A semi-join against this small set keeps an institution's overdue list fast at provincial scale.
  const involves = filter.institutionIds
    ? sql`AND n.id IN (
        SELECT g."needId" FROM "Engagement" g WHERE g."institutionId" = ANY(${filter.institutionIds}::text[])
        UNION SELECT d."needId" FROM "NeedDirectedInstitution" d WHERE d."institutionId" = ANY(${filter.institutionIds}::text[])
        UNION SELECT f.need_id FROM bureau.need_inst_fact f WHERE f.institution_id = ANY(${filter.institutionIds}::text[]) AND f.matched)`
    : empty;
  const responses =
    filter.kind === "DECISION"
      ? empty
      : sql`
        SELECT n.id AS need_id, 'FIRST_RESPONSE' AS kind, n."firstResponseDueAt" AS due_at, NULL::text AS engagement_institution
        FROM "FinancingNeed" n
        WHERE n."firstResponseDueAt" < ${nowUtc}::timestamp AND n."firstRespondedAt" IS NULL
          AND n.status = ANY(${[...NEED_LIVE_STATUSES]}::"NeedStatus"[])
          ${andIn('n."regionId"', filter.regionIds)} ${involves}`;
  const decisions =
    filter.kind === "FIRST_RESPONSE"
      ? empty
      : sql`
        SELECT g."needId" AS need_id, 'DECISION' AS kind, g."decisionDueAt" AS due_at, g."institutionId" AS engagement_institution
        FROM "Engagement" g
        JOIN "FinancingNeed" n ON n.id = g."needId"
        WHERE g.status = ANY(${[...ENGAGEMENT_AWAITING_DECISION_STATUSES]}::"EngagementStatus"[]) AND g."decidedAt" IS NULL
          AND g."decisionDueAt" < ${nowUtc}::timestamp
          ${andIn('n."regionId"', filter.regionIds)} ${andIn('g."institutionId"', filter.institutionIds)}`;
  const union =
    filter.kind === null
      ? sql`${responses} UNION ALL ${decisions}`
      : filter.kind === "DECISION"
        ? decisions
        : responses;
  const today = shanghaiToday(now);
  const page = Math.max(1, filter.page);
  const rows = await db.$queryRaw<OverdueRow[]>`
    WITH items AS (${union})
    SELECT i.need_id, i.kind, i.due_at, i.engagement_institution, count(*) OVER ()::int AS total,
           ((t.working_days_before + t.is_working::int) - (d.working_days_before + d.is_working::int))::int AS age
    FROM items i
    LEFT JOIN bureau.working_clock t ON t.day = ${today}::date
    LEFT JOIN bureau.working_clock d ON d.day = ((i.due_at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai')::date
    ORDER BY i.due_at ASC, i.need_id, i.kind
    LIMIT ${OVERDUE_PAGE_SIZE} OFFSET ${(page - 1) * OVERDUE_PAGE_SIZE}`;
  if (rows.length === 0) return { items: [], total: 0 };

  const needIds = [...new Set(rows.map((row) => row.need_id))];
  const institutionIds = [
    ...new Set(rows.map((row) => row.engagement_institution).filter((id): id is string => id !== null)),
  ];
  const [needs, institutions] = await Promise.all([
    db.financingNeed.findMany({
      where: { id: { in: needIds } },
      select: {
        id: true,
        status: true,
        amount: true,
        publishedAt: true,
        overdueSince: true,
        region: { select: { name: true } },
        enterprise: { select: { name: true, entityType: true } },
        engagements: { select: { institution: { select: { shortName: true } } } },
        directedInstitutions: { select: { institution: { select: { shortName: true } } } },
      },
    }),
    db.institution.findMany({ where: { id: { in: institutionIds } }, select: { id: true, shortName: true } }),
  ]);
  const needById = new Map(needs.map((need) => [need.id, need]));
  const institutionName = new Map(institutions.map((institution) => [institution.id, institution.shortName]));
  const items = rows.flatMap((row): OverdueItem[] => {
    const need = needById.get(row.need_id);
    if (!need) return [];
    return [
      {
        needId: need.id,
        kind: row.kind,
        dueAt: row.due_at.toISOString(),
        ageWorkingDays: Math.max(0, row.age ?? 0),
        needStatus: need.status,
        amount: decimalToYuanString(need.amount),
        publishedAt: need.publishedAt?.toISOString() ?? null,
        borrower: displayBorrowerName(need.enterprise.name, need.enterprise.entityType),
        entityType: need.enterprise.entityType,
        region: need.region.name,
        institutions: [
          ...new Set([
            ...need.engagements.map((engagement) => engagement.institution.shortName),
            ...need.directedInstitutions.map((directed) => directed.institution.shortName),
          ]),
        ],
        engagementInstitution: row.engagement_institution
          ? (institutionName.get(row.engagement_institution) ?? null)
          : null,
        escalated: need.overdueSince !== null,
      },
    ];
  });
  return { items, total: rows[0]!.total };
}

// ───────────────────────────── one need's timeline ─────────────────────────────

export interface NeedTimeline {
  need: {
    id: string;
    borrower: string;
    entityType: EntityType;
    region: string;
    amount: string;
    termMonths: number;
    purposeCategory: string;
    flags: string[];
    visibility: string;
    status: NeedStatus;
    publishedAt: string | null;
    firstResponseDueAt: string | null;
    firstRespondedAt: string | null;
    overdueSince: string | null;
    expiresAt: string | null;
  };
  engagements: {
    id: string;
    institution: string;
    status: EngagementStatus;
    initiatedBy: string;
    requestedAt: string;
    acceptedAt: string | null;
    decisionDueAt: string | null;
    decidedAt: string | null;
    outcomes: {
      version: number;
      state: string;
      kind: string;
      disbursedAmount: string | null;
      approvedAmount: string | null;
      decidedOn: string;
      declineReason: string | null;
    }[];
  }[];
  events: {
    id: string;
    at: string;
    type: string;
    fromStatus: string | null;
    toStatus: string | null;
    note: string | null;
    /** Role and organisation, never a person's name. */
    actor: string;
  }[];
}

export async function loadNeedTimeline(db: DbOrTx, needId: string): Promise<NeedTimeline> {
  const need = ensureFound(
    await db.financingNeed.findUnique({
      where: { id: needId },
      select: {
        id: true,
        amount: true,
        termMonths: true,
        purposeCategory: true,
        flags: true,
        visibility: true,
        status: true,
        publishedAt: true,
        firstResponseDueAt: true,
        firstRespondedAt: true,
        overdueSince: true,
        expiresAt: true,
        region: { select: { name: true } },
        // Deliberately no contact fields (contactName/Phone/Email, legal representative, address, ID number).
        enterprise: { select: { name: true, entityType: true } },
        engagements: {
          orderBy: { requestedAt: "asc" },
          select: {
            id: true,
            status: true,
            initiatedBy: true,
            requestedAt: true,
            acceptedAt: true,
            decisionDueAt: true,
            decidedAt: true,
            institution: { select: { name: true } },
            outcomes: {
              orderBy: { version: "asc" },
              select: {
                version: true,
                state: true,
                kind: true,
                disbursedAmount: true,
                approvedAmount: true,
                decidedOn: true,
                declineReason: true,
              },
            },
          },
        },
        events: {
          orderBy: { createdAt: "asc" },
          take: 500,
          select: {
            id: true,
            createdAt: true,
            type: true,
            fromStatus: true,
            toStatus: true,
            note: true,
            actor: { select: { role: true, institution: { select: { shortName: true } } } },
            engagement: { select: { institution: { select: { shortName: true } } } },
          },
        },
      },
    }),
    "未找到该融资需求",
  );
  return {
    need: {
      id: need.id,
      borrower: displayBorrowerName(need.enterprise.name, need.enterprise.entityType),
      entityType: need.enterprise.entityType,
      region: need.region.name,
      amount: decimalToYuanString(need.amount),
      termMonths: need.termMonths,
      purposeCategory: need.purposeCategory,
      flags: need.flags,
      visibility: need.visibility,
      status: need.status,
      publishedAt: need.publishedAt?.toISOString() ?? null,
      firstResponseDueAt: need.firstResponseDueAt?.toISOString() ?? null,
      firstRespondedAt: need.firstRespondedAt?.toISOString() ?? null,
      overdueSince: need.overdueSince?.toISOString() ?? null,
      expiresAt: need.expiresAt?.toISOString() ?? null,
    },
    engagements: need.engagements.map((engagement) => ({
      id: engagement.id,
      institution: engagement.institution.name,
      status: engagement.status,
      initiatedBy: engagement.initiatedBy,
      requestedAt: engagement.requestedAt.toISOString(),
      acceptedAt: engagement.acceptedAt?.toISOString() ?? null,
      decisionDueAt: engagement.decisionDueAt?.toISOString() ?? null,
      decidedAt: engagement.decidedAt?.toISOString() ?? null,
      outcomes: engagement.outcomes.map((outcome) => ({
        version: outcome.version,
        state: outcome.state,
        kind: outcome.kind,
        disbursedAmount: outcome.disbursedAmount ? decimalToYuanString(outcome.disbursedAmount) : null,
        approvedAmount: outcome.approvedAmount ? decimalToYuanString(outcome.approvedAmount) : null,
        decidedOn: dateColumnDay(outcome.decidedOn),
        declineReason: outcome.declineReason,
      })),
    })),
    events: need.events.map((event) => {
      const role = event.actor ? roleLabel[event.actor.role] : "系统";
      const organisation =
        event.actor?.institution?.shortName ??
        (event.actor?.role === "OFFICER" ? event.engagement?.institution.shortName : null);
      return {
        id: event.id,
        at: event.createdAt.toISOString(),
        type: event.type,
        fromStatus: event.fromStatus,
        toStatus: event.toStatus,
        note: event.note ? maskContactData(event.note) : null,
        actor: organisation ? `${organisation} · ${role}` : role,
      };
    }),
  };
}
