import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { Section } from "~/components/ui/card.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { OneTimeSecret } from "~/components/ui/one-time-secret.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { SwitchForm } from "~/components/ui/switch-form.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import { getEnv } from "~/infra/env.server.ts";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { institutionActorOf, requireInstitutionUser } from "~/web/guard.server.ts";
import { formatDateTime } from "~/kernel/time.ts";
import type { FieldErrors } from "~/kernel/forms.ts";
import { domainError } from "~/kernel/errors.ts";
import {
  MAX_ENDPOINTS_PER_INSTITUTION,
  listWebhookEndpoints,
  registerWebhookEndpoint,
  rotateWebhookSecret,
  setWebhookEndpointEnabled,
  WEBHOOK_ROTATION_OVERLAP_HOURS,
} from "~/modules/institution/webhooks.server.ts";
import { loadInstitutionKind } from "~/modules/products/products.server.ts";

export const meta: MetaFunction = () => [{ title: "系统对接 · 机构管理" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const db = getDb();
  const [institution, endpoints] = await Promise.all([
    loadInstitutionKind(db, user.institutionId),
    listWebhookEndpoints(db, user.institutionId),
  ]);
  return json(
    { institutionName: institution.name, endpoints, max: MAX_ENDPOINTS_PER_INSTITUTION },
    { headers: { "Cache-Control": "no-store" } },
  );
}

type ActionData =
  | { intent: "add"; fieldErrors: FieldErrors; url: string }
  | { intent: "added"; url: string; secret: string }
  | { intent: "toggled"; message: string }
  | { intent: "rotated"; url: string; secret: string; previousSecretExpiresAt: string | null };

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const actor = institutionActorOf(user);
  const db = getDb();
  const intent = form.get("_intent");
  if (intent === "add") {
    const url = String(form.get("url") ?? "");
    const result = await registerWebhookEndpoint(db, { actor, url, production: getEnv().NODE_ENV === "production" });
    if (!result.ok) return json<ActionData>({ intent: "add", fieldErrors: result.fieldErrors, url }, { status: 400 });
    // The signing secret is in this response only: the page never shows it again.
    return json<ActionData>(
      { intent: "added", url: result.url, secret: result.secret },
      { headers: { "Cache-Control": "no-store" } },
    );
  }
  if (intent === "enable" || intent === "disable") {
    await setWebhookEndpointEnabled(db, {
      actor,
      endpointId: String(form.get("endpointId") ?? ""),
      enabled: intent === "enable",
    });
    return json<ActionData>({
      intent: "toggled",
      message:
        intent === "enable" ? "回调地址已重新启用，失败计数已清零。" : "回调地址已停用，新线索不再推送到该地址。",
    });
  }
  if (intent === "rotate") {
    const endpointId = String(form.get("endpointId") ?? "");
    const rotated = await rotateWebhookSecret(db, { actor, endpointId });
    const endpoint = (await listWebhookEndpoints(db, user.institutionId)).find((row) => row.id === endpointId);
    // Like a new endpoint's secret, the rotated one is in this response only.
    return json<ActionData>(
      {
        intent: "rotated",
        url: endpoint?.url ?? "",
        secret: rotated.secret,
        previousSecretExpiresAt: rotated.previousSecretExpiresAt?.toISOString() ?? null,
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  }
  throw domainError(400, "BAD_FORM", "无法识别的操作，请通过页面上的按钮提交");
}

export default function WebhooksPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const addErrors = actionData?.intent === "add" ? actionData.fieldErrors : {};
  return (
    <>
      <WorkspaceNav area="admin" />
      <PageShell title="系统对接" subtitle={data.institutionName}>
        {actionData?.intent === "added" ? (
          <OneTimeSecret
            title="回调地址已登记。签名密钥只显示这一次，请交给贵行系统的开发人员妥善保存："
            rows={[
              { label: "回调地址", value: actionData.url, small: true },
              { label: "签名密钥", value: actionData.secret, testId: "webhook-secret" },
            ]}
          />
        ) : null}
        {actionData?.intent === "rotated" ? (
          <OneTimeSecret
            title={`签名密钥已更换，新密钥只显示这一次。${
              actionData.previousSecretExpiresAt
                ? `在 ${formatDateTime(actionData.previousSecretExpiresAt)} 之前，每次推送同时带有新旧两个签名，请在此之前让贵行系统改用新密钥：`
                : "旧密钥已立即停用："
            }`}
            rows={[
              { label: "回调地址", value: actionData.url, small: true },
              { label: "新签名密钥", value: actionData.secret, testId: "webhook-secret" },
            ]}
          />
        ) : null}
        {actionData?.intent === "toggled" ? <Notice tone="success">{actionData.message}</Notice> : null}
        <Section title="已登记的回调地址">
          <p className="mb-3 text-sm text-slate-700">
            与本机构相关的事件（新线索、企业授权、对接进展、限时提醒、超时上报、企业撤回）会推送到这些地址（POST，JSON），
            内容与开放接口事件流 /api/v1/events 中的事件完全相同。每次推送带有 X-Jieyang-Webhook-Id、X-Jieyang-Timestamp
            和 X-Jieyang-Signature（对“事件编号.时间戳.请求体”做 HMAC-SHA256）请求头，请用签名密钥验证；更换密钥后的{" "}
            {WEBHOOK_ROTATION_OVERLAP_HOURS} 小时内同时带有新旧两个签名。连续多次推送失败的地址会被自动停用。
          </p>
          {data.endpoints.length === 0 ? (
            <p className="text-sm text-slate-600">还没有登记回调地址。</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {data.endpoints.map((endpoint) => (
                <li key={endpoint.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <p className="break-all font-mono text-xs">{endpoint.url}</p>
                    <p className="mt-1 text-xs text-slate-500">
                      登记于 {formatDateTime(endpoint.createdAt)}
                      {endpoint.consecutiveFailures > 0 ? ` · 连续失败 ${endpoint.consecutiveFailures} 次` : ""}
                    </p>
                  </div>
                  <div className="flex flex-wrap items-center gap-2">
                    <PostForm intent="rotate" fields={{ endpointId: endpoint.id }}>
                      <SubmitButton tone="secondary" size="sm">
                        更换签名密钥<span className="sr-only">：{endpoint.url}</span>
                      </SubmitButton>
                    </PostForm>
                    <SwitchForm
                      record={{ name: "endpointId", value: endpoint.id }}
                      state={
                        <span className={endpoint.isEnabled ? "text-emerald-700" : "text-red-700"}>
                          {endpoint.isEnabled
                            ? "启用中"
                            : `已停用${endpoint.disabledAt ? `（${formatDateTime(endpoint.disabledAt)}）` : ""}`}
                        </span>
                      }
                      intent={endpoint.isEnabled ? "disable" : "enable"}
                      label={endpoint.isEnabled ? "停用" : "重新启用"}
                      subject={endpoint.url}
                    />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="登记新的回调地址">
          {/* A new key after each registration empties the field (with JavaScript the input would keep the address). */}
          <PostForm
            key={actionData?.intent === "added" ? actionData.url : "add"}
            intent="add"
            className="grid gap-4"
            noValidate
          >
            <TextField
              name="url"
              label="回调地址"
              type="url"
              inputMode="url"
              required
              maxLength={500}
              defaultValue={actionData?.intent === "add" ? actionData.url : undefined}
              error={addErrors.url}
              hint={`须以 https:// 开头，指向贵行可从互联网访问的接口；每家机构最多 ${data.max} 个`}
            />
            <div>
              <SubmitButton>登记并生成签名密钥</SubmitButton>
            </div>
          </PostForm>
        </Section>
      </PageShell>
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
