/**
 * The loader and action bodies shared by "post a need" and "edit a draft", so both routes stay a few lines long.
 */
import { json, redirect } from "@remix-run/node";
import { getDb } from "~/infra/db.server.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireEnterpriseUser } from "~/web/guard.server.ts";
import { formToObject, parseForm, type FieldErrors } from "~/kernel/forms.ts";
import { notFound } from "~/kernel/errors.ts";
import { findCurrentConsentText } from "~/modules/needs/consent.server.ts";
import { listDirectableInstitutions, saveNeed } from "~/modules/needs/enterprise-needs.server.ts";
import { makeNeedForm } from "~/modules/needs/need-form.ts";

export async function loadNeedFormContext(db: DbOrTx, enterpriseId: string) {
  const [profile, institutions, consent] = await Promise.all([
    db.enterprise.findUnique({
      where: { id: enterpriseId },
      select: { name: true, entityType: true, industrySection: true, declaresNoPriorLoan: true },
    }),
    listDirectableInstitutions(db),
    findCurrentConsentText(db),
  ]);
  if (!profile) throw notFound("未找到您的经营主体信息，请先完成主体登记");
  return { profile, institutions, consent };
}

export type NeedFormActionData = { fieldErrors: FieldErrors; values: Record<string, string | string[]> };

export async function handleNeedFormPost(request: Request, needId: string | null): Promise<Response> {
  const form = await readFormWithCsrf(request);
  const user = await requireEnterpriseUser(request);
  const intent = form.get("_intent") === "publish" ? "publish" : "draft";
  const values = formToObject(form);
  const parsed = parseForm(makeNeedForm({ intent }), form);
  if (!parsed.ok) return json<NeedFormActionData>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const result = await saveNeed(getDb(), {
    actor: { userId: user.id, enterpriseId: user.enterpriseId },
    needId,
    input: parsed.data,
    intent,
  });
  if (!result.ok)
    return json<NeedFormActionData>({ fieldErrors: result.fieldErrors, values }, { status: result.status });
  // No waiting for matching: the need.published outbox event committed with the need, and the worker matches and
  // notifies from it (workers/processors/matching.ts); the need page shows matching under way until then.
  return redirect(`/enterprise/needs/${result.needId}?${result.published ? "published" : "saved"}=1`);
}
