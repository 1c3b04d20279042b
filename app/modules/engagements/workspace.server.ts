/**
 * What an officer sees of one engagement: the anonymised lead, the timeline, the outcomes — and, once the
 * enterprise has consented to this institution and the consent is still in force, the full profile and contact.
 * Each time the contact is returned an AuditLog row CONTACT_REVEALED is written (PIPL: every reveal is traceable).
 * Once the institution has declined or withdrawn, it keeps the contact only for DECLINED_CONTACT_RETENTION_DAYS;
 * contactRefusal below is the one rule, shared by this page and the Open API's contact endpoint.
 */
import { dateColumnDay, DAY_MS } from "~/kernel/time.ts";
import { decimalToYuanString } from "~/kernel/money.ts";
import type { EngagementStatus, Role } from "~/generated/prisma/enums.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import { getEnv } from "~/infra/env.server.ts";
import { LEGAL_TRANSITIONS, PLAIN_OFFICER_TRANSITIONS } from "./lifecycle.ts";
import { findActiveConsent, loadOwnEngagement } from "./engagements.server.ts";
import { loadAnonymisedLead } from "./leads.server.ts";
import { outcomeLabels } from "./outcome-form.ts";
import { declineReasonLabel } from "~/kernel/labels.ts";
import { isEngagementConsented } from "~/kernel/statuses.ts";
import { isDecisionOverdue } from "~/modules/deadlines/overdue.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Prisma } from "~/generated/prisma/client.ts";

/** The fields of one outcome version, as the officer's history and the Open API both show it. */
export const outcomeVersionSelect = {
  id: true,
  version: true,
  state: true,
  kind: true,
  approvedAmount: true,
  disbursedAmount: true,
  annualRate: true,
  termMonths: true,
  decidedOn: true,
  productId: true,
  policyTool: true,
  firstLoanConfirmed: true,
  totalCreditAtInstitution: true,
  declineReason: true,
  declineMessage: true,
  recordedAt: true,
} satisfies Prisma.OutcomeSelect;

export type RevealContext = { ip: string | null; userAgent: string | null };

export const CONSENT_REQUIRED_MESSAGE = "企业尚未授权本机构查看联系方式（或已撤回授权），仅可查看匿名化的需求信息";

export function contactRetentionExpiredMessage(retentionDays: number): string {
  return `对接已结束超过 ${retentionDays} 天，企业联系方式不再向贵机构展示`;
}

/** The statuses in which the institution has ended the engagement itself, starting the retention clock. */
const ENDED_BY_INSTITUTION: readonly EngagementStatus[] = ["DECLINED", "WITHDRAWN"];

export type ContactRefusal = { code: "CONSENT_REQUIRED" | "CONTACT_RETENTION_EXPIRED"; message: string };

/**
 * Why the enterprise's contact must not be shown to this institution now, or null when it may be: the engagement is
 * in a consented status, the consent is in force, and — if the institution declined or withdrew — that ended no
 * longer ago than the retention period. Pure, so the page and the API decide identically and nothing is written.
 */
export function contactRefusal(
  engagement: { status: EngagementStatus; decidedAt: Date | null; closedAt: Date | null },
  consent: object | null,
  now: Date,
  retentionDays: number = getEnv().DECLINED_CONTACT_RETENTION_DAYS,
): ContactRefusal | null {
  if (!isEngagementConsented(engagement.status) || consent === null) {
    return { code: "CONSENT_REQUIRED", message: CONSENT_REQUIRED_MESSAGE };
  }
  const endedAt = ENDED_BY_INSTITUTION.includes(engagement.status)
    ? (engagement.closedAt ?? engagement.decidedAt)
    : null;
  if (endedAt && now.getTime() - endedAt.getTime() > retentionDays * DAY_MS) {
    return { code: "CONTACT_RETENTION_EXPIRED", message: contactRetentionExpiredMessage(retentionDays) };
  }
  return null;
}

export async function loadEnterpriseContact(db: DbOrTx, enterpriseId: string) {
  const enterprise = await db.enterprise.findUnique({
    where: { id: enterpriseId },
    select: {
      name: true,
      idType: true,
      idNumber: true,
      legalRepresentative: true,
      contactName: true,
      contactPhone: true,
      contactEmail: true,
      address: true,
      employees: true,
      annualRevenue: true,
      foundedOn: true,
      originCity: true,
      declaresNoPriorLoan: true,
    },
  });
  if (!enterprise) return null;
  return {
    ...enterprise,
    annualRevenue: enterprise.annualRevenue ? decimalToYuanString(enterprise.annualRevenue) : null,
    foundedOn: dateColumnDay(enterprise.foundedOn),
  };
}

export type EnterpriseContact = NonNullable<Awaited<ReturnType<typeof loadEnterpriseContact>>>;

export async function auditContactReveal(
  db: DbOrTx,
  args: {
    actor: { userId: string; role: Role };
    enterpriseId: string;
    needId: string;
    engagementId: string;
    reveal: RevealContext;
  },
): Promise<void> {
  await recordAudit(db, {
    action: "CONTACT_REVEALED",
    actor: args.actor,
    subject: { type: "Enterprise", id: args.enterpriseId },
    request: args.reveal,
    data: { needId: args.needId, engagementId: args.engagementId },
  });
}

export async function loadEngagementWorkspace(
  db: Db,
  args: { engagementId: string; actor: InstitutionActor; reveal: RevealContext; now?: Date },
) {
  const core = await loadOwnEngagement(db, args.engagementId, args.actor.institutionId);
  const [engagement, lead, events, outcomes, products, consent] = await Promise.all([
    db.engagement.findUniqueOrThrow({
      where: { id: core.id },
      select: {
        id: true,
        status: true,
        initiatedBy: true,
        requestedAt: true,
        acceptedAt: true,
        contactedAt: true,
        decisionDueAt: true,
        decidedAt: true,
        closedAt: true,
        officer: { select: { displayName: true } },
        need: { select: { enterpriseId: true } },
        institution: { select: { name: true, kind: true } },
      },
    }),
    loadAnonymisedLead(db, core.needId, args.actor.institutionId),
    db.needEvent.findMany({
      where: { engagementId: core.id },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        type: true,
        fromStatus: true,
        toStatus: true,
        note: true,
        createdAt: true,
        actor: { select: { displayName: true, role: true, institutionId: true } },
      },
    }),
    db.outcome.findMany({
      where: { engagementId: core.id },
      orderBy: { version: "desc" },
      select: {
        ...outcomeVersionSelect,
        product: { select: { name: true } },
        recordedBy: { select: { displayName: true } },
      },
    }),
    db.product.findMany({
      where: { institutionId: args.actor.institutionId },
      orderBy: [{ status: "asc" }, { name: "asc" }],
      select: { id: true, name: true, status: true },
    }),
    findActiveConsent(db, core.need, args.actor.institutionId),
  ]);

  const refusal = contactRefusal(engagement, consent, args.now ?? new Date());
  let contact: EnterpriseContact | null = null;
  if (!refusal) {
    contact = await loadEnterpriseContact(db, engagement.need.enterpriseId);
    await auditContactReveal(db, {
      actor: { userId: args.actor.userId, role: args.actor.role },
      enterpriseId: engagement.need.enterpriseId,
      needId: core.needId,
      engagementId: core.id,
      reveal: args.reveal,
    });
  }
  const next = LEGAL_TRANSITIONS[engagement.status];
  const { need: _need, ...engagementView } = engagement;
  return {
    engagement: {
      ...engagementView,
      requestedAt: engagement.requestedAt.toISOString(),
      acceptedAt: engagement.acceptedAt?.toISOString() ?? null,
      contactedAt: engagement.contactedAt?.toISOString() ?? null,
      decisionDueAt: engagement.decisionDueAt?.toISOString() ?? null,
      decidedAt: engagement.decidedAt?.toISOString() ?? null,
      closedAt: engagement.closedAt?.toISOString() ?? null,
      overdue: isDecisionOverdue(engagement, args.now ?? new Date()),
    },
    lead,
    consent: consent
      ? {
          grantedAt: consent.grantedAt.toISOString(),
          textVersion: consent.textVersion,
          general: consent.institutionId === null,
        }
      : null,
    contact,
    /** Shown instead of the contact once the retention period after a decline or withdrawal has passed. */
    contactNotice: refusal?.code === "CONTACT_RETENTION_EXPIRED" ? refusal.message : null,
    events: events.map((event) => ({
      ...event,
      actor: event.actor ? { label: eventActorLabel(event.actor, args.actor.institutionId) } : null,
      createdAt: event.createdAt.toISOString(),
    })),
    outcomes: outcomes.map((outcome) => ({
      ...outcome,
      approvedAmount: outcome.approvedAmount ? decimalToYuanString(outcome.approvedAmount) : null,
      disbursedAmount: outcome.disbursedAmount ? decimalToYuanString(outcome.disbursedAmount) : null,
      annualRate: outcome.annualRate?.toFixed(4) ?? null,
      totalCreditAtInstitution: outcome.totalCreditAtInstitution
        ? decimalToYuanString(outcome.totalCreditAtInstitution)
        : null,
      decidedOn: dateColumnDay(outcome.decidedOn),
      recordedAt: outcome.recordedAt.toISOString(),
      declineReasonLabel: outcome.declineReason ? declineReasonLabel[outcome.declineReason] : null,
    })),
    products,
    amountLabels: outcomeLabels(engagement.institution.kind),
    actions: {
      plain: next.filter((status) => PLAIN_OFFICER_TRANSITIONS.includes(status)),
      canAccept: next.includes("ACCEPTED") && consent !== null,
      canApprove: next.includes("APPROVED"),
      canDisburse: next.includes("DISBURSED"),
      canDecline: next.includes("DECLINED"),
      canAmend: engagement.status === "DISBURSED",
    },
  };
}

export type EngagementWorkspace = Awaited<ReturnType<typeof loadEngagementWorkspace>>;

/**
 * Who did it, as an institution may see it: its own staff by name; the enterprise's people only as "企业" (their
 * names are personal data and stay hidden unless revealed under consent, with an audit row); others by role.
 */
function eventActorLabel(
  actor: { displayName: string; role: Role; institutionId: string | null },
  viewerInstitutionId: string,
): string {
  if ((actor.role === "OFFICER" || actor.role === "INSTITUTION_ADMIN") && actor.institutionId === viewerInstitutionId) {
    return actor.displayName;
  }
  const byRole: Record<Role, string> = {
    ENTERPRISE: "企业",
    OFFICER: "其他机构",
    INSTITUTION_ADMIN: "其他机构",
    BUREAU: "监管部门",
    ADMIN: "平台",
  };
  return byRole[actor.role];
}
