import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { NeedFormPage, type NeedFormInitial } from "~/components/enterprise/need-form.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireEnterpriseUser } from "~/web/guard.server.ts";
import { yuanToWanString } from "~/kernel/money.ts";
import { conflict } from "~/kernel/errors.ts";
import { loadNeedForEditing } from "~/modules/needs/enterprise-need-queries.server.ts";
import { DECLARABLE_FLAGS } from "~/modules/needs/need-form.ts";
import { deriveNeedFlags } from "~/modules/needs/need-flags.ts";
import { canDo, illegalActionMessage } from "~/modules/needs/need-lifecycle.ts";
import { handleNeedFormPost, loadNeedFormContext } from "~/web/needs/need-form-route.server.ts";

export const meta: MetaFunction = () => [{ title: "修改需求草稿 · 揭阳银企融资对接平台" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  const db = getDb();
  const need = await loadNeedForEditing(db, user.enterpriseId, params.needId ?? "");
  if (!canDo("edit", need.status)) throw conflict(illegalActionMessage("edit", need.status));
  const context = await loadNeedFormContext(db, user.enterpriseId);
  const derived = deriveNeedFlags(context.profile, need.purposeCategory);
  const initial: NeedFormInitial = {
    amount: yuanToWanString(need.amount),
    amountUnit: "WAN",
    termMonths: String(need.termMonths),
    purposeCategory: need.purposeCategory,
    description: need.description,
    shareDescription: need.shareDescription,
    collateralOffered: need.collateralOffered,
    maxAnnualRate: need.maxAnnualRate ?? "",
    wantedBy: need.wantedBy ?? "",
    wantsLoan: need.wantsLoan,
    wantsGuarantee: need.wantsGuarantee,
    wantsInsurance: need.wantsInsurance,
    declaredFlags: need.flags.filter(
      (flag) => (DECLARABLE_FLAGS as readonly string[]).includes(flag) && !derived.includes(flag),
    ),
    visibility: need.visibility,
    institutionIds: need.institutionIds,
    allowWidening: need.allowWidening,
  };
  return json({ ...context, needId: need.id, initial });
}

export function action({ request, params }: ActionFunctionArgs) {
  return handleNeedFormPost(request, params.needId ?? "");
}

export default function EditNeedPage() {
  const { profile, institutions, consent, needId, initial } = useLoaderData<typeof loader>();
  return (
    <NeedFormPage
      back={{ to: `/enterprise/needs/${needId}`, label: "← 返回需求详情" }}
      title="修改需求草稿"
      intro="草稿只有您能看到。确认无误后点“发布需求”。"
      saved={initial}
      savedKey={needId}
      posted={useActionData<typeof action>()}
      profile={profile}
      institutions={institutions}
      consent={consent}
    />
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
