import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input.tsx";
import { ErrorPage } from "~/components/error-page.tsx";
import { TextField } from "~/components/form-field.tsx";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireSignedIn } from "~/web/guard.server.ts";
import { changePassword } from "~/modules/auth/password-change.server.ts";
import { PASSWORD_RULE_TEXT } from "~/modules/auth/password-rules.ts";
import { roleHomePath } from "~/modules/auth/roles.ts";
import { formToObject, type FieldErrors } from "~/kernel/forms.ts";
import { clientIpFrom } from "~/web/domain-errors.server.ts";

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
  });
  if (!result.ok) return json<{ fieldErrors: FieldErrors }>({ fieldErrors: result.fieldErrors }, { status: 400 });
  return redirect(roleHomePath[user.role]);
}

export default function ChangePasswordPage() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.fieldErrors ?? {};
  const submitting = useNavigation().state === "submitting";
  return (
    <main className="mx-auto w-full max-w-md px-4 py-8 sm:py-12">
      <div className="card">
        <h1 className="text-xl font-semibold text-slate-900">修改密码</h1>
        {data.required ? (
          <p
            role="alert"
            className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          >
            您正在使用管理员设置的初始密码。为保护账号安全，请先设置只有您知道的新密码，再继续使用平台。
          </p>
        ) : (
          <p className="mt-1 text-sm text-slate-600">修改后，您在其他设备上的登录会全部退出。</p>
        )}
        <Form method="post" className="mt-6 space-y-5" noValidate>
          <CsrfInput />
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
          <button type="submit" className="btn-primary w-full" disabled={submitting}>
            {submitting ? "正在保存…" : "保存新密码"}
          </button>
        </Form>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
