import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useSearchParams } from "@remix-run/react";
import { Notice } from "~/components/ui/notice.tsx";
import { CardPage } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import { getDb } from "~/infra/db.server.ts";
import { getCommandRedis } from "~/infra/redis.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { roleHomePath } from "~/modules/auth/roles.ts";
import { attemptSignIn, SignInForm } from "~/modules/auth/sign-in.server.ts";
import { safeRedirectPath } from "~/web/safe-redirect.ts";
import { getSignInThrottle } from "~/modules/auth/sign-in-throttle.server.ts";
import { getSessionUser, startUserSession } from "~/web/session.server.ts";
import { parseForm, type FieldErrors } from "~/kernel/forms.ts";
import { clientIpFrom } from "~/web/client-ip.server.ts";

export const meta: MetaFunction = () => [{ title: "登录 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(roleHomePath[user.role]);
  return null;
}

type ActionData = { fieldErrors: FieldErrors; formError?: string; loginName?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const parsed = parseForm(SignInForm, form);
  if (!parsed.ok) {
    return json<ActionData>(
      { fieldErrors: parsed.fieldErrors, loginName: String(form.get("loginName") ?? "") },
      { status: 400 },
    );
  }
  const { loginName, password, redirectTo } = parsed.data;
  const db = getDb();
  const ip = clientIpFrom(context);
  const result = await attemptSignIn({
    db,
    throttle: getSignInThrottle(getCommandRedis()),
    loginName,
    password,
    ip,
    userAgent: request.headers.get("user-agent"),
  });
  if (!result.ok) {
    if (result.reason === "LOCKED") {
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      return json<ActionData>(
        { fieldErrors: {}, formError: `登录失败次数过多，账号已暂时锁定，请 ${minutes} 分钟后再试。`, loginName },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    return json<ActionData>(
      { fieldErrors: {}, formError: "账号或密码不正确，请重新输入。", loginName },
      { status: 401 },
    );
  }
  return startUserSession({
    db,
    request,
    userId: result.user.id,
    ip,
    redirectTo: safeRedirectPath(redirectTo, roleHomePath[result.user.role]),
  });
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors = actionData?.fieldErrors ?? {};
  return (
    <CardPage title="登录" intro="企业用户使用注册手机号登录；金融机构及部门用户使用分配的账号登录。">
      {actionData?.formError ? (
        <Notice tone="error" className="mt-4">
          {actionData.formError}
        </Notice>
      ) : null}
      <PostForm fields={{ redirectTo: searchParams.get("redirectTo") ?? "" }} className="mt-6 space-y-5" noValidate>
        <TextField
          name="loginName"
          label="账号或手机号"
          type="text"
          autoComplete="username"
          required
          defaultValue={actionData?.loginName ?? ""}
          error={errors.loginName}
        />
        <TextField
          name="password"
          label="密码"
          type="password"
          autoComplete="current-password"
          required
          error={errors.password}
        />
        <SubmitButton pendingLabel="正在登录…" className="w-full">
          登录
        </SubmitButton>
      </PostForm>
    </CardPage>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
