import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input.tsx";
import { ErrorPage } from "~/components/error-page.tsx";
import { PageShell, Section } from "~/components/page.tsx";
import { TextField } from "~/components/form-field.tsx";
import { FormAlert } from "~/components/institution/fields.tsx";
import { OneTimeSecret } from "~/components/institution/one-time-secret.tsx";
import { SwitchForm } from "~/components/institution/switch-form.tsx";
import { formatDateTime } from "~/modules/format.ts";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireInstitutionUser } from "~/web/guard.server.ts";
import { roleLabel } from "~/modules/auth/roles.ts";
import { formToObject, type FieldErrors } from "~/kernel/forms.ts";
import { domainError } from "~/kernel/errors.ts";
import { inviteOfficer, listTeam, resetOfficerPassword, setOfficerActive } from "~/modules/institution/team.server.ts";
import { loadInstitutionKind } from "~/modules/products/products.server.ts";

export const meta: MetaFunction = () => [{ title: "客户经理 · 机构管理" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const db = getDb();
  const [institution, team] = await Promise.all([
    loadInstitutionKind(db, user.institutionId),
    listTeam(db, user.institutionId),
  ]);
  return json({ institutionName: institution.name, team }, { headers: { "Cache-Control": "no-store" } });
}

type ActionData =
  | { intent: "invite"; fieldErrors: FieldErrors; values: Record<string, string | string[]> }
  | { intent: "invited" | "reset"; loginName: string; displayName: string; password: string }
  | { intent: "toggled"; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const actor = { userId: user.id, role: user.role, institutionId: user.institutionId };
  const db = getDb();
  const intent = form.get("_intent");
  if (intent === "invite") {
    const fields = formToObject(form);
    const result = await inviteOfficer(db, { actor, fields });
    if (!result.ok)
      return json<ActionData>({ intent: "invite", fieldErrors: result.fieldErrors, values: fields }, { status: 400 });
    // The one-time password is in this response only: it is never stored in clear text nor shown again.
    return json<ActionData>(
      { intent: "invited", loginName: result.loginName, displayName: result.displayName, password: result.password },
      { headers: { "Cache-Control": "no-store" } },
    );
  }
  if (intent === "reset-password") {
    const reset = await resetOfficerPassword(db, { actor, userId: String(form.get("userId") ?? "") });
    // Like an invitation's: the new one-time password is in this response only.
    return json<ActionData>({ intent: "reset", ...reset }, { headers: { "Cache-Control": "no-store" } });
  }
  if (intent === "deactivate" || intent === "reactivate") {
    const userId = String(form.get("userId") ?? "");
    await setOfficerActive(db, { actor, userId, active: intent === "reactivate" });
    return json<ActionData>({
      intent: "toggled",
      message: intent === "reactivate" ? "账号已重新启用。" : "账号已停用，已在所有设备上退出登录。",
    });
  }
  throw domainError(400, "BAD_FORM", "无法识别的操作，请通过页面上的按钮提交");
}

export default function TeamPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const inviteErrors = actionData?.intent === "invite" ? actionData.fieldErrors : {};
  const inviteValues = actionData?.intent === "invite" ? actionData.values : {};
  const value = (key: string) => (typeof inviteValues[key] === "string" ? (inviteValues[key] as string) : undefined);
  return (
    <>
      <WorkspaceNav area="admin" />
      <PageShell title="客户经理" subtitle={data.institutionName}>
        {actionData?.intent === "invited" || actionData?.intent === "reset" ? (
          <OneTimeSecret
            title={
              actionData.intent === "invited"
                ? `已为 ${actionData.displayName} 开通账号。初始密码只显示这一次，请当面或通过安全渠道告知本人：`
                : `已重置 ${actionData.displayName} 的密码，其所有登录已退出。新的初始密码只显示这一次，请当面或通过安全渠道告知本人：`
            }
            rows={[
              { label: "登录账号", value: actionData.loginName, small: true },
              { label: "初始密码", value: actionData.password, testId: "one-time-password" },
            ]}
          />
        ) : null}
        {actionData?.intent === "toggled" ? <FormAlert tone="success">{actionData.message}</FormAlert> : null}
        <Section title="团队成员">
          <div className="overflow-x-auto">
            <table className="w-full min-w-[640px] text-left text-sm">
              <caption className="sr-only">本机构的客户经理和管理员</caption>
              <thead className="text-slate-500">
                <tr>
                  <th scope="col" className="py-2 font-medium">
                    姓名
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    账号
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    角色
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    进行中对接
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    最近登录
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    状态
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.team.map((member) => (
                  <tr key={member.id}>
                    <td className="py-2">{member.displayName}</td>
                    <td className="py-2 font-mono text-xs">{member.loginName}</td>
                    <td className="py-2">{roleLabel[member.role]}</td>
                    <td className="py-2 tabular-nums">{member.activeEngagements}</td>
                    <td className="py-2">{formatDateTime(member.lastSignInAt)}</td>
                    <td className="py-2">
                      {member.role === "OFFICER" ? (
                        <div className="flex flex-wrap items-center gap-2">
                          <SwitchForm
                            record={{ name: "userId", value: member.id }}
                            state={<span>{member.isActive ? "在岗" : "已停用"}</span>}
                            intent={member.isActive ? "deactivate" : "reactivate"}
                            label={member.isActive ? "停用" : "启用"}
                            subject={member.displayName}
                            disabled={busy}
                          />
                          {member.isActive ? (
                            <SwitchForm
                              record={{ name: "userId", value: member.id }}
                              state={null}
                              intent="reset-password"
                              label="重置密码"
                              subject={member.displayName}
                              disabled={busy}
                            />
                          ) : null}
                        </div>
                      ) : (
                        <span>{member.isActive ? "在岗" : "已停用"}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="mt-2 text-xs text-slate-500">
            停用后该账号立即退出登录；其进行中的对接仍保留在本机构，可由其他客户经理跟进。
          </p>
        </Section>
        <Section title="开通客户经理账号">
          <Form method="post" className="grid gap-4 sm:grid-cols-2" noValidate>
            <CsrfInput />
            <input type="hidden" name="_intent" value="invite" />
            <TextField
              name="displayName"
              label="姓名"
              required
              maxLength={20}
              defaultValue={value("displayName")}
              error={inviteErrors.displayName}
            />
            <TextField
              name="loginName"
              label="登录账号"
              required
              maxLength={32}
              autoComplete="off"
              defaultValue={value("loginName")}
              error={inviteErrors.loginName}
              hint="例如 officer.zhang，小写字母开头"
            />
            <TextField
              name="phone"
              label="手机号（选填）"
              inputMode="tel"
              defaultValue={value("phone")}
              error={inviteErrors.phone}
            />
            <TextField
              name="email"
              label="电子邮箱（选填）"
              type="email"
              defaultValue={value("email")}
              error={inviteErrors.email}
            />
            <div className="sm:col-span-2">
              <button type="submit" className="btn-primary" disabled={busy}>
                开通账号并生成初始密码
              </button>
            </div>
          </Form>
        </Section>
      </PageShell>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
