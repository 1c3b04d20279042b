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
import { matchNeed } from "~/modules/matching/match-need.server.ts";
import { getMeili } from "../../../search/client.ts";
import { ensureIndexesOnce } from "../../../search/settings.ts";
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

/** How long a publish waits for the first matching before showing the need anyway (the worker re-matches). */
const MATCH_WAIT_MS = 4_000;

/**
 * Matches a freshly published need so the enterprise sees products at once. Best effort by design: Meilisearch
 * being slow or down must not fail the request — the need is already committed and the jobs match it again.
 */
export async function matchSoon(needId: string): Promise<void> {
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, MATCH_WAIT_MS).unref?.());
  const meili = getMeili();
  const attempt = ensureIndexesOnce(meili)
    .then(() => matchNeed(getDb(), meili, needId))
    .then(
      () => undefined,
      (error: unknown) =>
        console.warn(
          `matching need ${needId} after publish failed (the worker will retry): ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
  await Promise.race([attempt, timeout]);
}

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
  if (result.published) await matchSoon(result.needId);
  return redirect(`/enterprise/needs/${result.needId}?${result.published ? "published" : "saved"}=1`);
}
