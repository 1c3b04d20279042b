import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CheckboxField } from "~/components/ui/checkbox-field.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { CardPage, LinkLine } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
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
  const current = saved ?? data;
  return (
    <CardPage title="通知方式" intro="平台内的“消息”始终保留，供您随时查看。您可以选择是否同时通过以下方式接收：">
      {saved ? (
        <Notice tone="success" className="mt-4">
          已保存。
        </Notice>
      ) : null}
      <PostForm className="mt-6 space-y-4">
        <CheckboxField
          name="notifyByEmail"
          label="电子邮件"
          size="sm"
          defaultChecked={current.notifyByEmail}
          hint={data.email ? `发送到 ${data.email}` : "您尚未登记电子邮箱，登记后才会发送邮件。"}
        />
        <CheckboxField
          name="notifyBySms"
          label="短信（仅用于办理期限提醒和超时督办等紧急事项）"
          size="sm"
          defaultChecked={current.notifyBySms}
          hint={data.phone ? `发送到 ${data.phone}` : "您尚未登记手机号码，登记后才会发送短信。"}
        />
        <SubmitButton pendingLabel="正在保存…" className="w-full">
          保存
        </SubmitButton>
      </PostForm>
      <LinkLine to="/notifications" className="mt-4">
        返回消息
      </LinkLine>
    </CardPage>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
