/**
 * The Open API's view of an institution's engagements: the list (keyset-paginated), one engagement with every
 * outcome version, the contact details under consent, and outcomes posted as JSON. Every write goes through the same
 * domain functions as the officer's page (recordOutcome, amendDisbursement, changeEngagementStatus,
 * addEngagementNote), so ownership, legal transitions and the outcome form's checks hold unchanged; this file only
 * maps between the API's JSON and those functions.
 */
import type { DeclineReason, EngagementStatus, PolicyTool } from "~/generated/prisma/enums.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";
import { domainError } from "~/kernel/errors.ts";
import type { FieldErrors } from "~/kernel/forms.ts";
import { declineReasonLabel } from "~/kernel/labels.ts";
import { decimalToYuanString } from "~/kernel/money.ts";
import { decimalToRateString } from "~/kernel/rate.ts";
import { isEngagementConsented } from "~/kernel/statuses.ts";
import { dateColumnDay } from "~/kernel/time.ts";
import { amendDisbursement, findActiveConsent, loadOwnEngagement, recordOutcome } from "./engagements.server.ts";
import type { OutcomeFormKind } from "./outcome-form.ts";
import {
  auditContactReveal,
  CONSENT_REQUIRED_MESSAGE,
  contactRefusal,
  loadEnterpriseContact,
  outcomeVersionSelect,
  type RevealContext,
} from "./workspace.server.ts";

export const ENGAGEMENT_LIST_MAX_LIMIT = 100;

type OutcomeRow = Prisma.OutcomeGetPayload<{ select: typeof outcomeVersionSelect }>;

const engagementSelect = {
  id: true,
  needId: true,
  status: true,
  initiatedBy: true,
  requestedAt: true,
  acceptedAt: true,
  contactedAt: true,
  decisionDueAt: true,
  decidedAt: true,
  closedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.EngagementSelect;

type EngagementRow = Prisma.EngagementGetPayload<{ select: typeof engagementSelect }>;

/** One outcome version as the API shows it: money as exact 元 strings, rates as percent strings, days as dates. */
export function toApiOutcome(row: OutcomeRow) {
  return {
    id: row.id,
    version: row.version,
    state: row.state,
    kind: row.kind,
    approvedAmount: row.approvedAmount ? decimalToYuanString(row.approvedAmount) : null,
    disbursedAmount: row.disbursedAmount ? decimalToYuanString(row.disbursedAmount) : null,
    annualRatePercent: row.annualRate ? decimalToRateString(row.annualRate) : null,
    termMonths: row.termMonths,
    decidedOn: dateColumnDay(row.decidedOn),
    productId: row.productId,
    policyTool: row.policyTool,
    firstLoan: row.firstLoanConfirmed,
    totalCreditAtInstitution: row.totalCreditAtInstitution ? decimalToYuanString(row.totalCreditAtInstitution) : null,
    declineReason: row.declineReason,
    declineReasonLabel: row.declineReason ? declineReasonLabel[row.declineReason] : null,
    declineNote: row.declineMessage,
    recordedAt: row.recordedAt.toISOString(),
  };
}

export type ApiOutcome = ReturnType<typeof toApiOutcome>;

function toApiEngagement(row: EngagementRow) {
  const iso = (value: Date | null) => value?.toISOString() ?? null;
  return {
    id: row.id,
    needId: row.needId,
    status: row.status,
    initiatedBy: row.initiatedBy,
    requestedAt: row.requestedAt.toISOString(),
    acceptedAt: iso(row.acceptedAt),
    contactedAt: iso(row.contactedAt),
    decisionDueAt: iso(row.decisionDueAt),
    decidedAt: iso(row.decidedAt),
    closedAt: iso(row.closedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ApiEngagementSummary = ReturnType<typeof toApiEngagement>;

// ───────────────────────────── the list ─────────────────────────────

interface ListPosition {
  createdAt: Date;
  id: string;
}

const invalidCursor = () => domainError(400, "INVALID_CURSOR", "cursor 无效：请使用上一页返回的 nextCursor");

export function encodeEngagementCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAt.getTime()}.${position.id}`, "utf8").toString("base64url");
}

export function decodeEngagementCursor(cursor: string): ListPosition {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalidCursor();
  const match = /^(\d{1,15})\.([a-z0-9]{1,64})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match?.[1] || !match[2]) throw invalidCursor();
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

/**
 * The institution's engagements, oldest first, in (createdAt, id) order: the order never changes, so walking the
 * pages returns each engagement once. This is a listing, not a change feed: what changed since is in the events
 * feed.
 */
export async function listInstitutionEngagements(
  db: DbOrTx,
  args: { institutionId: string; cursor?: string; limit: number; status?: EngagementStatus },
) {
  const after = args.cursor ? decodeEngagementCursor(args.cursor) : null;
  const rows = await db.engagement.findMany({
    where: {
      institutionId: args.institutionId,
      ...(args.status ? { status: args.status } : {}),
      ...(after
        ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: args.limit + 1,
    select: engagementSelect,
  });
  const page = rows.slice(0, args.limit);
  const last = page.at(-1);
  return {
    items: page.map(toApiEngagement),
    nextCursor: last ? encodeEngagementCursor(last) : (args.cursor ?? null),
    hasMore: rows.length > args.limit,
  };
}

// ───────────────────────────── one engagement ─────────────────────────────

/** One engagement of the institution with every outcome version, newest first; another institution's is a 404. */
export async function loadApiEngagement(db: DbOrTx, engagementId: string, institutionId: string) {
  const core = await loadOwnEngagement(db, engagementId, institutionId);
  const [row, outcomes] = await Promise.all([
    db.engagement.findUniqueOrThrow({ where: { id: core.id }, select: engagementSelect }),
    db.outcome.findMany({
      where: { engagementId: core.id },
      orderBy: { version: "desc" },
      select: outcomeVersionSelect,
    }),
  ]);
  return { ...toApiEngagement(row), outcomes: outcomes.map(toApiOutcome) };
}

export type ApiEngagement = Awaited<ReturnType<typeof loadApiEngagement>>;

// ───────────────────────────── contact ─────────────────────────────

export { CONSENT_REQUIRED_MESSAGE };

/**
 * The enterprise's contact, under the same rule as the officer's page (contactRefusal): a consented status, the
 * enterprise's consent for this institution still in force, and not past the retention period after a decline or
 * withdrawal (403 CONTACT_RETENTION_EXPIRED). Each answer writes a CONTACT_REVEALED audit row through the web's own
 * auditContactReveal; a refusal reveals nothing and writes none.
 */
export async function revealEngagementContact(
  db: Db,
  args: { engagementId: string; actor: InstitutionActor; reveal: RevealContext; now?: Date },
) {
  const engagement = await loadOwnEngagement(db, args.engagementId, args.actor.institutionId);
  const consent = isEngagementConsented(engagement.status)
    ? await findActiveConsent(db, engagement.need, args.actor.institutionId)
    : null;
  const refusal = contactRefusal(engagement, consent, args.now ?? new Date());
  if (refusal || !consent) {
    throw domainError(403, refusal?.code ?? "CONSENT_REQUIRED", refusal?.message ?? CONSENT_REQUIRED_MESSAGE);
  }
  const need = await db.financingNeed.findUniqueOrThrow({
    where: { id: engagement.needId },
    select: { enterpriseId: true },
  });
  const contact = await loadEnterpriseContact(db, need.enterpriseId);
  if (!contact) throw domainError(404, "NOT_FOUND", "该企业信息不存在");
  await auditContactReveal(db, {
    actor: { userId: args.actor.userId, role: args.actor.role },
    enterpriseId: need.enterpriseId,
    needId: engagement.needId,
    engagementId: engagement.id,
    reveal: args.reveal,
  });
  return {
    engagementId: engagement.id,
    needId: engagement.needId,
    consent: {
      grantedAt: consent.grantedAt.toISOString(),
      textVersion: consent.textVersion,
      general: consent.institutionId === null,
    },
    enterprise: contact,
  };
}

// ───────────────────────────── outcomes ─────────────────────────────

/** An outcome as the API takes it (already type-checked by the operation's body schema). */
export type ApiOutcomeInput =
  | {
      kind: "APPROVED";
      amount: string;
      annualRatePercent: string;
      termMonths: number;
      decidedOn: string;
      productId?: string;
      policyTool?: PolicyTool;
      note?: string;
    }
  | {
      kind: "DISBURSED";
      amount: string;
      annualRatePercent: string;
      termMonths: number;
      disbursedOn: string;
      firstLoan?: boolean;
      totalCreditAtInstitution?: string;
      productId?: string;
      policyTool?: PolicyTool;
      note?: string;
      corrects?: string;
      correctionReason?: string;
    }
  | {
      kind: "DECLINED";
      declineReason: DeclineReason;
      declineNote: string;
      decidedOn?: string;
    };

/** The officer's form field for each API field, per kind; field errors are renamed back the other way. */
const FORM_FIELDS: Record<OutcomeFormKind, Record<string, string>> = {
  APPROVED: {
    amount: "approvedAmount",
    annualRatePercent: "annualRate",
    termMonths: "termMonths",
    decidedOn: "decidedOn",
    productId: "productId",
    policyTool: "policyTool",
    note: "note",
  },
  DISBURSED: {
    amount: "disbursedAmount",
    annualRatePercent: "annualRate",
    termMonths: "termMonths",
    disbursedOn: "decidedOn",
    firstLoan: "firstLoanConfirmed",
    totalCreditAtInstitution: "totalCreditAtInstitution",
    productId: "productId",
    policyTool: "policyTool",
    note: "note",
    correctionReason: "reason",
  },
  DECLINED: { declineReason: "declineReason", declineNote: "declineMessage", decidedOn: "decidedOn" },
};

function toFormFields(input: ApiOutcomeInput): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [apiField, formField] of Object.entries(FORM_FIELDS[input.kind])) {
    const value = (input as Record<string, unknown>)[apiField];
    if (value === undefined) continue;
    // The form's parsers read what a browser posts: strings, and a checkbox that is "on" or absent.
    fields[formField] = typeof value === "boolean" ? (value ? "on" : "") : String(value);
  }
  return fields;
}

function toApiFieldErrors(kind: OutcomeFormKind, errors: FieldErrors): FieldErrors {
  const apiName = Object.fromEntries(Object.entries(FORM_FIELDS[kind]).map(([api, form]) => [form, api]));
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [apiName[field] ?? field, message]));
}

export type ApiOutcomeResult =
  { ok: true; outcome: ApiOutcome; engagementStatus: EngagementStatus } | { ok: false; fieldErrors: FieldErrors };

/**
 * Records an outcome posted through the API. `corrects` makes it a correction of the disbursement on file: a new
 * version through amendDisbursement (the old one becomes SUPERSEDED; nothing is edited in place), accepted only
 * while the named outcome is still the current one, so a client correcting from a stale read gets a 409.
 */
export async function recordApiOutcome(
  db: Db,
  args: { engagementId: string; actor: InstitutionActor; input: ApiOutcomeInput; now?: Date },
): Promise<ApiOutcomeResult> {
  const { input } = args;
  if (input.kind === "DISBURSED" && input.corrects === undefined && input.correctionReason !== undefined)
    return { ok: false, fieldErrors: { correctionReason: "更正原因只在更正放款记录（同时提供 corrects）时填写" } };
  const fields = toFormFields(input);
  let result;
  if (input.kind === "DISBURSED" && input.corrects !== undefined) {
    result = await amendDisbursement(db, {
      engagementId: args.engagementId,
      actor: args.actor,
      fields,
      reason: input.correctionReason ?? "",
      corrects: input.corrects,
      ...(args.now ? { now: args.now } : {}),
    });
  } else {
    result = await recordOutcome(db, {
      engagementId: args.engagementId,
      actor: args.actor,
      kind: input.kind,
      fields,
      ...(args.now ? { now: args.now } : {}),
    });
  }
  if (!result.ok) return { ok: false, fieldErrors: toApiFieldErrors(input.kind, result.fieldErrors) };
  const outcome = await db.outcome.findUniqueOrThrow({ where: { id: result.outcomeId }, select: outcomeVersionSelect });
  // Recording an outcome moves the engagement to the status of that name; a correction leaves it DISBURSED.
  return { ok: true, outcome: toApiOutcome(outcome), engagementStatus: input.kind };
}
