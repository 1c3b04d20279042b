import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { EMPTY_NEED_FORM, initialFromPosted, NeedForm } from "~/components/enterprise/need-form.tsx";
import { ErrorPage } from "~/components/error-page.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireEnterpriseUser } from "~/web/guard.server.ts";
import { handleNeedFormPost, loadNeedFormContext } from "~/web/needs/need-form-route.server.ts";

export const meta: MetaFunction = () => [{ title: "发布融资需求 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireEnterpriseUser(request);
  return json(await loadNeedFormContext(getDb(), user.enterpriseId));
}

export function action({ request }: ActionFunctionArgs) {
  return handleNeedFormPost(request, null);
}

export default function NewNeedPage() {
  const { profile, institutions, consent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const initial = actionData?.values ? initialFromPosted(actionData.values) : EMPTY_NEED_FORM;
  return (
    <main className="mx-auto w-full max-w-2xl px-4 py-6 sm:py-8">
      <Link to="/enterprise" className="text-sm text-brand-700 underline">
        ← 返回我的需求
      </Link>
      <h1 className="mt-2 text-xl font-semibold text-slate-900 sm:text-2xl">发布融资需求</h1>
      <p className="mt-1 text-sm leading-6 text-slate-600">
        {profile.name}：填写下面 5 步，平台会为您匹配贷款、担保和保险产品，金融机构将在 3 个工作日内响应。
      </p>
      <div className="mt-6">
        <NeedForm
          key={actionData ? JSON.stringify(actionData.values) : "new"}
          initial={initial}
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
