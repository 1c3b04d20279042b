import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { CheckboxField } from "~/components/ui/checkbox-field.tsx";
import { FormErrorSummary } from "~/components/ui/form-error-summary.tsx";
import { CardPage } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import { useFormErrors } from "~/components/ui/use-form-errors.ts";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { getSignUpThrottle } from "~/modules/auth/sign-up-throttle.server.ts";
import { getCommandRedis } from "~/infra/redis.server.ts";
import { roleHomePath } from "~/modules/auth/roles.ts";
import { getSessionUser, startUserSession } from "~/web/session.server.ts";
import { PASSWORD_RULE_TEXT } from "~/modules/auth/password-rules.ts";
import { SignUpForm } from "~/modules/enterprise/forms.ts";
import { registerEnterpriseAccount } from "~/modules/enterprise/registration.server.ts";
import { parseForm, type FieldErrors } from "~/kernel/forms.ts";
import { clientIpFrom } from "~/web/client-ip.server.ts";

export const meta: MetaFunction = () => [{ title: "企业注册 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user)
    throw redirect(user.role === "ENTERPRISE" && !user.enterpriseId ? "/enterprise/profile" : roleHomePath[user.role]);
  return null;
}

type ActionData = { fieldErrors: FieldErrors; values: { mobile: string; displayName: string; email: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const values = {
    mobile: String(form.get("mobile") ?? ""),
    displayName: String(form.get("displayName") ?? ""),
    email: String(form.get("email") ?? ""),
  };
  const parsed = parseForm(SignUpForm, form);
  if (!parsed.ok) return json<ActionData>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const db = getDb();
  const ip = clientIpFrom(context);
  const waitSeconds = await getSignUpThrottle(getCommandRedis()).consume(ip);
  if (waitSeconds > 0) {
    return json<ActionData>(
      { fieldErrors: { _form: `该网络注册账号过于频繁，请 ${Math.ceil(waitSeconds / 60)} 分钟后再试。` }, values },
      { status: 429, headers: { "Retry-After": String(waitSeconds) } },
    );
  }
  const result = await registerEnterpriseAccount(db, parsed.data, { ip, userAgent: request.headers.get("user-agent") });
  if (!result.ok) return json<ActionData>({ fieldErrors: result.fieldErrors, values }, { status: result.status });
  return startUserSession({ db, request, userId: result.userId, ip, redirectTo: "/enterprise/profile?welcome=1" });
}

export default function RegisterPage() {
  const actionData = useActionData<typeof action>();
  const { errors, formProps } = useFormErrors(actionData?.fieldErrors, () => SignUpForm);
  const values = actionData?.values;
  return (
    <CardPage
      title="企业用户注册"
      intro="第 1 步：用手机号注册账号；第 2 步：登记经营主体信息（企业、个体工商户、合作社、家庭农场或农户）。"
    >
      <FormErrorSummary errors={errors} message="请按提示修改标红的内容后再提交。" className="mt-4" />
      <PostForm className="mt-6 space-y-5" {...formProps}>
        <TextField
          name="mobile"
          label="手机号码（登录账号）"
          type="tel"
          inputMode="numeric"
          autoComplete="tel"
          required
          defaultValue={values?.mobile ?? ""}
          error={errors.mobile}
        />
        <TextField
          name="displayName"
          label="您的姓名"
          autoComplete="name"
          required
          defaultValue={values?.displayName ?? ""}
          error={errors.displayName}
          hint="经办人姓名，金融机构联系您时使用"
        />
        <TextField
          name="email"
          label="电子邮箱（选填）"
          type="email"
          autoComplete="email"
          defaultValue={values?.email ?? ""}
          error={errors.email}
        />
        <TextField
          name="password"
          label="设置密码"
          type="password"
          autoComplete="new-password"
          required
          error={errors.password}
          hint={PASSWORD_RULE_TEXT}
        />
        <TextField
          name="passwordConfirm"
          label="再次输入密码"
          type="password"
          autoComplete="new-password"
          required
          error={errors.passwordConfirm}
        />
        <CheckboxField name="acceptTerms" label="我已阅读并同意平台用户协议和隐私政策" error={errors.acceptTerms} />
        <SubmitButton pendingLabel="正在注册…" className="w-full">
          注册并继续登记主体
        </SubmitButton>
      </PostForm>
      <p className="mt-6 text-sm text-slate-600">
        已有账号？
        <Link to="/login" className="text-brand-700 underline">
          直接登录
        </Link>
      </p>
    </CardPage>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
