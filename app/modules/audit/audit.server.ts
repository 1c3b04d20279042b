/**
 * The audit trail: who saw or changed what (docs/domain.md#audit).
 *
 * Every module writes its rows through `recordAudit`, so the shape of a row (actor, subject, client address,
 * a bounded user agent) and the list of actions live in one place. Pass the transaction that makes the change,
 * so the change and its audit row commit together or not at all.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import type { DbOrTx } from "~/infra/db.server.ts";

/** Every action the platform audits. A new kind of change adds its name here. */
export type AuditAction =
  | "SIGN_IN"
  | "SIGN_IN_FAILED"
  | "SIGN_IN_LOCKED"
  | "PASSWORD_CHANGED"
  | "PASSWORD_CHANGE_FAILED"
  | "PASSWORD_CHANGE_LOCKED"
  | "ENTERPRISE_ACCOUNT_REGISTERED"
  | "ENTERPRISE_REGISTERED"
  | "ENTERPRISE_PROFILE_UPDATED"
  | "CONTACT_REVEALED"
  | "NOTIFICATION_CHANNELS_CHANGED"
  | "OFFICER_INVITED"
  | "OFFICER_DEACTIVATED"
  | "OFFICER_REACTIVATED"
  | "OFFICER_PASSWORD_RESET"
  | "PRODUCT_CREATED"
  | "PRODUCT_UPDATED"
  | "PRODUCT_PUBLISHED"
  | "PRODUCT_RETIRED"
  | "WEBHOOK_ENDPOINT_CREATED"
  | "WEBHOOK_ENDPOINT_ENABLED"
  | "WEBHOOK_ENDPOINT_DISABLED_BY_ADMIN"
  | "WEBHOOK_ENDPOINT_DISABLED"
  | "WEBHOOK_SECRET_ROTATED"
  | "WEBHOOK_DELIVERED"
  | "WEBHOOK_DELIVERY_FAILED"
  | "TARGET_SET"
  | "TARGET_DELETED"
  | "TARGETS_IMPORTED"
  | "API_CLIENT_REGISTERED"
  | "API_CLIENT_SECRET_ROTATED"
  | "API_CLIENT_REVOKED"
  | "AUDIT_LOG_EXPORTED"
  | "BALANCE_REPORT_SUBMITTED"
  | "BALANCE_BASELINE_SET"
  | "LEAD_PASSED";

/** The kinds of record an audit row can be about. */
export type AuditSubjectType =
  | "User"
  | "Enterprise"
  | "Product"
  | "WebhookEndpoint"
  | "Notification"
  | "Target"
  | "ApiClient"
  | "AuditLog"
  | "BalanceReport"
  | "BalanceBaseline"
  | "FinancingNeed";

/** Who acted. Absent for the platform itself (a job) or an unknown caller (a failed sign-in with no such user). */
export interface AuditActor {
  userId: string;
  role?: Role | null;
}

/** Where a request came from, when a person made it. */
export interface AuditRequestContext {
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  actor?: AuditActor | null;
  subject: { type: AuditSubjectType; id?: string | null };
  request?: AuditRequestContext;
  data?: Prisma.InputJsonValue;
}

/** User agents can be arbitrarily long; a bounded prefix is enough to recognise a client. */
const USER_AGENT_MAX_LENGTH = 300;

export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      action: entry.action,
      actorId: entry.actor?.userId ?? null,
      actorRole: entry.actor?.role ?? null,
      subjectType: entry.subject.type,
      subjectId: entry.subject.id ?? null,
      ip: entry.request?.ip ?? null,
      userAgent: entry.request?.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
      data: entry.data,
    },
    select: { id: true },
  });
}
