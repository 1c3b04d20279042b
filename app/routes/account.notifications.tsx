import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input.tsx";
import { ErrorPage } from "~/components/error-page.tsx";
import { CheckboxField, FormAlert } from "~/components/institution/fields.tsx";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireUser } from "~/web/guard.server.ts";
import { loadChannelPreferences, saveChannelPreferences } from "~/modules/notifications/preferences.server.ts";

export const meta: MetaFunction = () => [{ title: "通知方式 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json(await loadChannelPreferences(getDb(), user.id), { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireUser(request);
  const choice = { notifyByEmail: form.get("notifyByEmail") === "on", notifyBySms: form.get("notifyBySms") === "on" };
  await saveChannelPreferences(getDb(), { userId: user.id, ...choice });
  return json({ saved: true as const, ...choice });
}

export default function NotificationChannelsPage() {
  const data = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const current = saved ?? data;
  return (
    <main className="mx-auto w-full max-w-md px-4 py-8 sm:py-12">
      <div className="card">
        <h1 className="text-xl font-semibold text-slate-900">通知方式</h1>
        <p className="mt-1 text-sm text-slate-600">
          平台内的“消息”始终保留，供您随时查看。您可以选择是否同时通过以下方式接收：
        </p>
        {saved ? (
          <div className="mt-4">
            <FormAlert tone="success">已保存。</FormAlert>
          </div>
        ) : null}
        <Form method="post" className="mt-6 space-y-4">
          <CsrfInput />
          <CheckboxField name="notifyByEmail" label="电子邮件" defaultChecked={current.notifyByEmail} />
          <p className="-mt-2 pl-6 text-xs text-slate-500">
            {data.email ? `发送到 ${data.email}` : "您尚未登记电子邮箱，登记后才会发送邮件。"}
          </p>
          <CheckboxField
            name="notifyBySms"
            label="短信（仅用于办理期限提醒和超时督办等紧急事项）"
            defaultChecked={current.notifyBySms}
          />
          <p className="-mt-2 pl-6 text-xs text-slate-500">
            {data.phone ? `发送到 ${data.phone}` : "您尚未登记手机号码，登记后才会发送短信。"}
          </p>
          <button type="submit" className="btn-primary w-full" disabled={submitting}>
            {submitting ? "正在保存…" : "保存"}
          </button>
        </Form>
        <p className="mt-4 text-sm">
          <Link to="/notifications" className="text-brand-700 underline">
            返回消息
          </Link>
        </p>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
