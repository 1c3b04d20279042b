import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/ui/notice.tsx";
import { CardPage } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireSignedIn } from "~/web/guard.server.ts";
import { changePassword } from "~/modules/auth/password-change.server.ts";
import { getSignInThrottle } from "~/modules/auth/sign-in-throttle.server.ts";
import { getCommandRedis } from "~/infra/redis.server.ts";
import { PASSWORD_RULE_TEXT } from "~/modules/auth/password-rules.ts";
import { roleHomePath } from "~/modules/auth/roles.ts";
import { formToObject, type FieldErrors } from "~/kernel/forms.ts";
import { clientIpFrom } from "~/web/client-ip.server.ts";

export const meta: MetaFunction = () => [{ title: "修改密码 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireSignedIn(request);
  return json(
    { required: user.mustChangePassword, home: roleHomePath[user.role] },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireSignedIn(request);
  const result = await changePassword(getDb(), {
    userId: user.id,
    sessionId: user.sessionId,
    role: user.role,
    fields: formToObject(form),
    ip: clientIpFrom(context as { clientIp?: string } | undefined),
    throttle: getSignInThrottle(getCommandRedis()),
  });
  if (!result.ok && result.retryAfterSeconds !== undefined)
    return json<{ fieldErrors: FieldErrors }>(
      { fieldErrors: result.fieldErrors },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  if (!result.ok) return json<{ fieldErrors: FieldErrors }>({ fieldErrors: result.fieldErrors }, { status: 400 });
  return redirect(roleHomePath[user.role]);
}

export default function ChangePasswordPage() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.fieldErrors ?? {};
  return (
    <CardPage title="修改密码" intro={data.required ? undefined : "修改后，您在其他设备上的登录会全部退出。"}>
      {data.required ? (
        <Notice tone="warning" role="alert" className="mt-3">
          您正在使用管理员设置的初始密码。为保护账号安全，请先设置只有您知道的新密码，再继续使用平台。
        </Notice>
      ) : null}
      <PostForm className="mt-6 space-y-5" noValidate>
        <TextField
          name="currentPassword"
          label="当前密码"
          type="password"
          autoComplete="current-password"
          required
          error={errors.currentPassword}
        />
        <TextField
          name="newPassword"
          label="新密码"
          type="password"
          autoComplete="new-password"
          required
          hint={PASSWORD_RULE_TEXT}
          error={errors.newPassword}
        />
        <TextField
          name="newPasswordConfirm"
          label="再次输入新密码"
          type="password"
          autoComplete="new-password"
          required
          error={errors.newPasswordConfirm}
        />
        <SubmitButton pendingLabel="正在保存…" className="w-full">
          保存新密码
        </SubmitButton>
      </PostForm>
    </CardPage>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
