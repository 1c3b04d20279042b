import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EMPTY_NEED_FORM, NeedFormPage } from "~/components/enterprise/need-form.tsx";
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
  return (
    <NeedFormPage
      back={{ to: "/enterprise", label: "← 返回我的需求" }}
      title="发布融资需求"
      intro={`${profile.name}：填写下面 5 步，平台会为您匹配贷款、担保和保险产品，金融机构将在 3 个工作日内响应。`}
      saved={EMPTY_NEED_FORM}
      savedKey="new"
      posted={useActionData<typeof action>()}
      profile={profile}
      institutions={institutions}
      consent={consent}
    />
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
