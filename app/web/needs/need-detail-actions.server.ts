/**
 * The posts of the need detail page (withdraw, close, republish, consent, answering a request), dispatched by their
 * `_intent`. Each calls one domain function; a 409 comes back as data so the page shows it above the buttons, while
 * 401/403/404 are thrown to the route's ErrorBoundary.
 */
import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireEnterpriseUser } from "~/web/guard.server.ts";
import { answerEngagementRequest } from "~/modules/engagements/engagements.server.ts";
import { parseWithSchema, type FieldErrors } from "~/kernel/forms.ts";
import { conflict, DomainError, domainError } from "~/kernel/errors.ts";
import { CONSENT_CHANGED_MESSAGE, requireCurrentConsentText } from "~/modules/needs/consent.server.ts";
import {
  closeNeed,
  loadOwnNeed,
  republishNeed,
  withdrawConsent,
  withdrawNeed,
} from "~/modules/needs/enterprise-needs.server.ts";
import { canDo, illegalActionMessage } from "~/modules/needs/need-lifecycle.ts";
import { inviteInstitution } from "~/modules/needs/next-institutions.server.ts";

const note = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim())
  .pipe(z.string().max(500, "说明不能超过 500 字"))
  .transform((value) => (value.length > 0 ? value : null));

const id = z.string({ error: "缺少对象编号" }).min(1, "缺少对象编号").max(40, "对象编号无效");

const NeedAction = z.discriminatedUnion(
  "_intent",
  [
    z.object({ _intent: z.literal("withdraw"), note }),
    z.object({
      _intent: z.literal("close"),
      outcome: z.enum(["MET", "UNMET"], { error: "请选择需求是否已满足" }),
      note,
    }),
    z.object({
      _intent: z.literal("republish"),
      consent: z.string().optional(),
      consentVersion: z
        .string()
        .optional()
        .transform((value) => value ?? ""),
    }),
    z.object({
      _intent: z.literal("withdraw-consent"),
      institutionId: z
        .string()
        .optional()
        .transform((value) => value || null),
    }),
    z.object({
      _intent: z.literal("accept-request"),
      engagementId: id,
      consentVersion: z
        .string()
        .optional()
        .transform((value) => value ?? ""),
    }),
    z.object({ _intent: z.literal("refuse-request"), engagementId: id }),
    z.object({
      _intent: z.literal("invite"),
      institutionId: id,
      consent: z.literal("on", { error: "请勾选同意向该机构共享企业信息" }),
      consentVersion: z
        .string()
        .optional()
        .transform((value) => value ?? ""),
    }),
  ],
  { error: "无法识别的操作，请刷新页面后重试" },
);

export type NeedDetailActionData = { error?: string; fieldErrors?: FieldErrors; intent?: string };

const DONE_MESSAGES = {
  withdraw: "withdrawn",
  close: "closed",
  "withdraw-consent": "consent-withdrawn",
  "accept-request": "request-accepted",
  "refuse-request": "request-refused",
  invite: "invited",
} as const;

export async function handleNeedDetailPost(request: Request, needId: string): Promise<Response> {
  const form = await readFormWithCsrf(request);
  const user = await requireEnterpriseUser(request);
  const fields: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") fields[key] = value;
  const parsed = parseWithSchema(NeedAction, fields);
  if (!parsed.ok) {
    return json<NeedDetailActionData>(
      { error: Object.values(parsed.fieldErrors)[0], fieldErrors: parsed.fieldErrors },
      { status: 400 },
    );
  }
  const db = getDb();
  const actor = { userId: user.id, enterpriseId: user.enterpriseId };
  const input = parsed.data;
  const here = `/enterprise/needs/${needId}`;

  try {
    switch (input._intent) {
      case "withdraw":
        await withdrawNeed(db, { actor, needId, note: input.note });
        break;
      case "close":
        await closeNeed(db, { actor, needId, met: input.outcome === "MET", note: input.note });
        break;
      case "republish": {
        const result = await republishNeed(db, {
          actor,
          needId,
          consent: Boolean(input.consent),
          consentVersion: input.consentVersion,
        });
        if (!result.ok) {
          return json<NeedDetailActionData>(
            { intent: input._intent, fieldErrors: result.fieldErrors, error: Object.values(result.fieldErrors)[0] },
            { status: result.status },
          );
        }
        // Matched by the worker from the outbox event, like a first publication (need-form-route.server.ts).
        return redirect(`/enterprise/needs/${result.needId}?published=1`);
      }
      case "withdraw-consent":
        await withdrawConsent(db, { actor, needId, institutionId: input.institutionId });
        break;
      case "accept-request":
      case "refuse-request": {
        const need = await loadOwnNeed(db, actor, needId);
        if (!canDo("answerRequest", need.status)) throw conflict(illegalActionMessage("answerRequest", need.status));
        const engagement = await db.engagement.findFirst({
          where: { id: input.engagementId, needId: need.id },
          select: { id: true },
        });
        if (!engagement) throw domainError(404, "NOT_FOUND", "该对接请求不存在");
        const accept = input._intent === "accept-request";
        const consentText = await requireCurrentConsentText(db);
        if (accept && input.consentVersion !== consentText.version) throw conflict(CONSENT_CHANGED_MESSAGE);
        await answerEngagementRequest(db, {
          engagementId: engagement.id,
          enterpriseId: user.enterpriseId,
          userId: user.id,
          accept,
          consentTextVersion: consentText.version,
        });
        break;
      }
      case "invite": {
        const consentText = await requireCurrentConsentText(db);
        if (input.consentVersion !== consentText.version) throw conflict(CONSENT_CHANGED_MESSAGE);
        await inviteInstitution(db, {
          actor,
          needId,
          institutionId: input.institutionId,
          consentTextVersion: consentText.version,
        });
        break;
      }
    }
  } catch (error) {
    if (error instanceof DomainError && error.status === 409) {
      return json<NeedDetailActionData>({ intent: input._intent, error: error.message }, { status: 409 });
    }
    throw error;
  }
  return redirect(`${here}?done=${DONE_MESSAGES[input._intent]}`);
}
