import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { Section } from "~/components/ui/card.tsx";
import { ChoiceGroup } from "~/components/ui/choice-group.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { OneTimeSecret } from "~/components/ui/one-time-secret.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { TextAreaField } from "~/components/ui/textarea-field.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import { getDb } from "~/infra/db.server.ts";
import { domainError } from "~/kernel/errors.ts";
import { formToObject, type FieldErrors } from "~/kernel/forms.ts";
import {
  listApiClients,
  registerApiClient,
  revokeApiClient,
  rotateApiClientSecret,
} from "~/modules/api-clients/clients.server.ts";
import { API_SCOPES, apiScopeLabel, isApiScope } from "~/modules/api-clients/scopes.ts";
import { formatDateTime } from "~/kernel/time.ts";
import { loadInstitutionKind } from "~/modules/products/products.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { institutionActorOf, requireInstitutionUser } from "~/web/guard.server.ts";

export const meta: MetaFunction = () => [{ title: "开放接口 · 机构管理" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const db = getDb();
  const actor = institutionActorOf(user);
  const [institution, clients] = await Promise.all([
    loadInstitutionKind(db, user.institutionId),
    listApiClients(db, actor),
  ]);
  return json({ institutionName: institution.name, clients }, { headers: { "Cache-Control": "no-store" } });
}

type ActionData =
  | { intent: "register"; fieldErrors: FieldErrors; values: Record<string, string | string[]> }
  | { intent: "registered" | "rotated"; name: string; clientId: string; clientSecret: string; note?: string }
  | { intent: "revoked"; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const actor = institutionActorOf(user);
  const db = getDb();
  const intent = form.get("_intent");
  const noStore = { headers: { "Cache-Control": "no-store" } };
  if (intent === "register") {
    const fields = formToObject(form);
    const result = await registerApiClient(db, { actor, fields: { ...fields, scopes: form.getAll("scopes") } });
    if (!result.ok)
      return json<ActionData>({ intent: "register", fieldErrors: result.fieldErrors, values: fields }, { status: 400 });
    // The secret is in this response only: it is stored as a hash and never shown again.
    return json<ActionData>(
      {
        intent: "registered",
        name: result.client.name,
        clientId: result.client.clientId,
        clientSecret: result.clientSecret,
      },
      noStore,
    );
  }
  const apiClientId = String(form.get("apiClientId") ?? "");
  if (intent === "rotate") {
    const overlapText = String(form.get("overlapHours") ?? "24").trim();
    if (!/^\d{1,3}$/.test(overlapText)) throw domainError(400, "BAD_OVERLAP", "过渡期请填写 0 到 720 之间的整数小时");
    const rotated = await rotateApiClientSecret(db, { actor, apiClientId, overlapHours: Number(overlapText) });
    const client = (await listApiClients(db, actor)).find((row) => row.id === apiClientId);
    return json<ActionData>(
      {
        intent: "rotated",
        name: client?.name ?? "",
        clientId: client?.clientId ?? "",
        clientSecret: rotated.clientSecret,
        note: `原密钥将于 ${formatDateTime(rotated.previousSecretsExpireAt.toISOString())} 失效。`,
      },
      noStore,
    );
  }
  if (intent === "revoke") {
    await revokeApiClient(db, { actor, apiClientId });
    return json<ActionData>({ intent: "revoked", message: "该对接系统已停用，其密钥和访问令牌立即失效。" });
  }
  throw domainError(400, "BAD_FORM", "无法识别的操作，请通过页面上的按钮提交");
}

export default function ApiClientsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.intent === "register" ? actionData.fieldErrors : {};
  const values = actionData?.intent === "register" ? actionData.values : {};
  const chosenScopes = [values.scopes ?? []].flat().filter(isApiScope);
  return (
    <>
      <WorkspaceNav area="admin" />
      <PageShell title="开放接口" subtitle={data.institutionName}>
        {actionData?.intent === "registered" || actionData?.intent === "rotated" ? (
          <OneTimeSecret
            title={`${actionData.intent === "registered" ? "对接系统已登记" : "已生成新密钥"}。客户端密钥只显示这一次，请交给贵机构系统的开发人员妥善保存：${actionData.note ?? ""}`}
            rows={[
              { label: "系统名称", value: actionData.name, small: true },
              { label: "客户端标识", value: actionData.clientId, testId: "api-client-id" },
              { label: "客户端密钥", value: actionData.clientSecret, testId: "api-client-secret" },
            ]}
          />
        ) : null}
        {actionData?.intent === "revoked" ? <Notice tone="success">{actionData.message}</Notice> : null}
        <Section title="已登记的对接系统">
          <p className="mb-3 text-sm text-slate-700">
            贵机构的信贷或客户管理系统可用客户端标识和密钥换取访问令牌（OAuth 2.0 客户端凭证方式），通过 /api/v1/
            开放接口读取线索、受理对接和登记结果。接入说明见平台文档“开放接口”。
          </p>
          {data.clients.length === 0 ? (
            <p className="text-sm text-slate-600">还没有登记对接系统。</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {data.clients.map((client) => (
                <li key={client.id} className="grid gap-2 py-3">
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <p className="font-medium">{client.name}</p>
                    <span className={client.revokedAt ? "text-red-700" : "text-emerald-700"}>
                      {client.revokedAt ? `已停用（${formatDateTime(client.revokedAt)}）` : "启用中"}
                    </span>
                  </div>
                  <p className="break-all font-mono text-xs">{client.clientId}</p>
                  <p className="text-xs text-slate-600">
                    权限：{client.scopes.map((scope) => (isApiScope(scope) ? apiScopeLabel[scope] : scope)).join("、")}
                    {client.ipAllowList.length > 0
                      ? ` · IP 白名单：${client.ipAllowList.join("，")}`
                      : " · 不限来源地址"}
                  </p>
                  <p className="text-xs text-slate-500">
                    登记于 {formatDateTime(client.createdAt)} · 最近使用：
                    {client.lastUsedAt ? formatDateTime(client.lastUsedAt) : "尚未使用"}
                    {client.secrets.length > 0
                      ? ` · 有效密钥：${client.secrets
                          .map(
                            (secret) =>
                              `${secret.hint}…${secret.expiresAt ? `（${formatDateTime(secret.expiresAt)} 失效）` : ""}`,
                          )
                          .join("，")}`
                      : ""}
                  </p>
                  {client.revokedAt ? null : (
                    <div className="flex flex-wrap items-end gap-3">
                      <PostForm intent="rotate" fields={{ apiClientId: client.id }} className="flex items-end gap-2">
                        <TextField
                          name="overlapHours"
                          id={`overlap-${client.id}`}
                          label="原密钥过渡期（小时）"
                          inputMode="numeric"
                          defaultValue="24"
                          maxLength={3}
                          className="w-40"
                        />
                        <SubmitButton tone="secondary" size="sm">
                          更换密钥<span className="sr-only">（{client.name}）</span>
                        </SubmitButton>
                      </PostForm>
                      <PostForm intent="revoke" fields={{ apiClientId: client.id }}>
                        <SubmitButton tone="secondary" size="sm">
                          停用<span className="sr-only">（{client.name}）</span>
                        </SubmitButton>
                      </PostForm>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="登记新的对接系统">
          <PostForm
            key={actionData?.intent === "registered" ? actionData.clientId : "register"}
            intent="register"
            className="grid gap-4"
            noValidate
          >
            <TextField
              name="name"
              label="系统名称"
              required
              maxLength={60}
              defaultValue={typeof values.name === "string" ? values.name : undefined}
              error={errors.name}
              hint="例如：信贷管理系统、客户关系管理系统"
            />
            <ChoiceGroup
              name="scopes"
              legend="接口权限"
              options={API_SCOPES.map((scope) => ({ value: scope, label: apiScopeLabel[scope], description: scope }))}
              selected={chosenScopes}
              error={errors.scopes ?? Object.entries(errors).find(([field]) => field.startsWith("scopes."))?.[1]}
              hint="只勾选该系统需要的权限"
            />
            <TextAreaField
              name="ipAllowList"
              label="IP 白名单（选填）"
              maxLength={2000}
              defaultValue={typeof values.ipAllowList === "string" ? values.ipAllowList : undefined}
              error={errors.ipAllowList}
              hint="每行一个 IP 地址或 CIDR 网段，例如 203.0.113.10 或 203.0.113.0/24；留空表示不限来源地址"
            />
            <div>
              <SubmitButton>登记并生成客户端密钥</SubmitButton>
            </div>
          </PostForm>
        </Section>
      </PageShell>
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
