/**
 * What an officer sees of one engagement: the anonymised lead, the timeline, the outcomes — and, once the
 * enterprise has consented to this institution and the consent is still in force, the full profile and contact.
 * Each time the contact is returned an AuditLog row CONTACT_REVEALED is written (PIPL: every reveal is traceable).
 */
import { dateColumnDay } from "~/kernel/time.ts";
import { decimalToYuanString } from "~/kernel/money.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import { LEGAL_TRANSITIONS, PLAIN_OFFICER_TRANSITIONS } from "./lifecycle.ts";
import { findActiveConsent, loadOwnEngagement } from "./engagements.server.ts";
import { loadAnonymisedLead } from "./leads.server.ts";
import { outcomeLabels } from "./outcome-form.ts";
import { declineReasonLabel } from "~/kernel/labels.ts";
import { isEngagementConsented } from "~/kernel/statuses.ts";
import { isDecisionOverdue } from "~/modules/deadlines/overdue.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";

export type RevealContext = { ip: string | null; userAgent: string | null };

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
        id: true,
        version: true,
        state: true,
        kind: true,
        approvedAmount: true,
        disbursedAmount: true,
        annualRate: true,
        termMonths: true,
        decidedOn: true,
        policyTool: true,
        productId: true,
        firstLoanConfirmed: true,
        totalCreditAtInstitution: true,
        declineReason: true,
        declineMessage: true,
        recordedAt: true,
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

  const revealed = isEngagementConsented(engagement.status) && consent !== null;
  let contact: EnterpriseContact | null = null;
  if (revealed) {
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
