import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { initialFromPosted, NeedForm, type NeedFormInitial } from "~/components/enterprise/need-form.tsx";
import { ErrorPage } from "~/components/error-page.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireEnterpriseUser } from "~/web/guard.server.ts";
import { yuanStringToWanInput } from "~/modules/enterprise/money-input.ts";
import { conflict } from "~/kernel/errors.ts";
import { loadNeedForEditing } from "~/modules/needs/enterprise-need-queries.server.ts";
import { DECLARABLE_FLAGS, deriveNeedFlags } from "~/modules/needs/need-form.ts";
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
    amount: yuanStringToWanInput(need.amount),
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
  const actionData = useActionData<typeof action>();
  return (
    <main className="mx-auto w-full max-w-2xl px-4 py-6 sm:py-8">
      <Link to={`/enterprise/needs/${needId}`} className="text-sm text-brand-700 underline">
        ← 返回需求详情
      </Link>
      <h1 className="mt-2 text-xl font-semibold text-slate-900 sm:text-2xl">修改需求草稿</h1>
      <p className="mt-1 text-sm text-slate-600">草稿只有您能看到。确认无误后点“发布需求”。</p>
      <div className="mt-6">
        <NeedForm
          key={actionData ? JSON.stringify(actionData.values) : needId}
          initial={actionData?.values ? initialFromPosted(actionData.values) : initial}
          errors={actionData?.fieldErrors}
          formError={actionData?.fieldErrors._form}
          profile={profile}
          institutions={institutions}
          consent={consent}
        />
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
