import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { Section } from "~/components/ui/card.tsx";
import { DataTable } from "~/components/ui/data-table.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { OneTimeSecret } from "~/components/ui/one-time-secret.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { SwitchForm } from "~/components/ui/switch-form.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import { formatDateTime } from "~/kernel/time.ts";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { institutionActorOf, requireInstitutionUser } from "~/web/guard.server.ts";
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
  const actor = institutionActorOf(user);
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
        {actionData?.intent === "toggled" ? <Notice tone="success">{actionData.message}</Notice> : null}
        <Section title="团队成员">
          <DataTable
            caption="本机构的客户经理和管理员"
            className="min-w-[640px]"
            rows={data.team}
            rowKey={(member) => member.id}
            columns={[
              { key: "name", header: "姓名", cell: (member) => member.displayName },
              { key: "loginName", header: "账号", className: "font-mono text-xs", cell: (member) => member.loginName },
              { key: "role", header: "角色", cell: (member) => roleLabel[member.role] },
              {
                key: "active",
                header: "进行中对接",
                className: "tabular-nums",
                cell: (member) => member.activeEngagements,
              },
              { key: "lastSignIn", header: "最近登录", cell: (member) => formatDateTime(member.lastSignInAt) },
              {
                key: "state",
                header: "状态",
                cell: (member) =>
                  member.role === "OFFICER" ? (
                    <div className="flex flex-wrap items-center gap-2">
                      <SwitchForm
                        record={{ name: "userId", value: member.id }}
                        state={<span>{member.isActive ? "在岗" : "已停用"}</span>}
                        intent={member.isActive ? "deactivate" : "reactivate"}
                        label={member.isActive ? "停用" : "启用"}
                        subject={member.displayName}
                      />
                      {member.isActive ? (
                        <SwitchForm
                          record={{ name: "userId", value: member.id }}
                          state={null}
                          intent="reset-password"
                          label="重置密码"
                          subject={member.displayName}
                        />
                      ) : null}
                    </div>
                  ) : (
                    <span>{member.isActive ? "在岗" : "已停用"}</span>
                  ),
              },
            ]}
          />
          <p className="mt-2 text-xs text-slate-500">
            停用后该账号立即退出登录；其进行中的对接仍保留在本机构，可由其他客户经理跟进。
          </p>
        </Section>
        <Section title="开通客户经理账号">
          <PostForm intent="invite" className="grid gap-4 sm:grid-cols-2" noValidate>
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
              <SubmitButton>开通账号并生成初始密码</SubmitButton>
            </div>
          </PostForm>
        </Section>
      </PageShell>
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
import { roleLabel } from "~/kernel/labels.ts";
