/**
 * /admin/audit — the operator's audit log: who did what to which record and when, filtered without SQL; contact
 * reveals per institution; CSV export of the filtered rows (/admin/audit.csv, itself audited).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Section } from "~/components/ui/card.tsx";
import { DataTable } from "~/components/ui/data-table.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { Pager } from "~/components/ui/pager.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import { getDb } from "~/infra/db.server.ts";
import { domainError } from "~/kernel/errors.ts";
import { parseWithSchema } from "~/kernel/forms.ts";
import { roleLabel } from "~/kernel/labels.ts";
import { formatDateTime } from "~/kernel/time.ts";
import {
  AuditLogQuerySchema,
  contactRevealsByInstitution,
  searchAuditLog,
  type AuditLogEntry,
} from "~/modules/audit/audit-log.server.ts";
import { requireUser } from "~/web/guard.server.ts";

export const meta: MetaFunction = () => [{ title: "审计日志 · 平台管理 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "ADMIN");
  const url = new URL(request.url);
  const parsed = parseWithSchema(AuditLogQuerySchema, Object.fromEntries(url.searchParams));
  if (!parsed.ok) throw domainError(400, "INVALID_FILTER", Object.values(parsed.fieldErrors)[0] ?? "筛选条件有误");
  const db = getDb();
  const [log, reveals, institutions] = await Promise.all([
    searchAuditLog(db, parsed.data),
    contactRevealsByInstitution(db, parsed.data),
    db.institution.findMany({ select: { id: true, shortName: true }, orderBy: { shortName: "asc" } }),
  ]);
  return json({ query: parsed.data, search: url.search, log, reveals, institutions });
}

function withPage(search: string, page: number): string {
  const params = new URLSearchParams(search);
  params.set("page", String(page));
  return `?${params.toString()}`;
}

function exportHref(search: string): string {
  const params = new URLSearchParams(search);
  params.delete("page");
  const query = params.toString();
  return `/admin/audit.csv${query ? `?${query}` : ""}`;
}

export default function AuditLogPage() {
  const { query, search, log, reveals, institutions } = useLoaderData<typeof loader>();
  return (
    <PageShell title="审计日志" subtitle="登录、联系方式查看、产品与配置变更等操作记录；按操作人、操作、记录和时间筛选">
      <Form method="get" className="card grid gap-3 sm:grid-cols-3" aria-label="筛选审计日志">
        <TextField
          id="audit-actor"
          name="actor"
          label="操作人（登录名、姓名或编号）"
          defaultValue={query.actor ?? ""}
        />
        <SelectField
          id="audit-action"
          name="action"
          label="操作"
          placeholder="全部操作"
          options={log.actionOptions}
          defaultValue={query.action ?? ""}
        />
        <SelectField
          id="audit-institution"
          name="institutionId"
          label="操作人所属机构"
          placeholder="全部机构"
          options={institutions.map((institution) => ({ value: institution.id, label: institution.shortName }))}
          defaultValue={query.institutionId ?? ""}
        />
        <SelectField
          id="audit-subject-type"
          name="subjectType"
          label="记录类型"
          placeholder="全部类型"
          options={log.subjectTypeOptions}
          defaultValue={query.subjectType ?? ""}
        />
        <TextField id="audit-subject" name="subjectId" label="记录编号" defaultValue={query.subjectId ?? ""} />
        <div className="grid grid-cols-2 gap-2">
          <TextField id="audit-from" name="from" type="date" label="起始日期" defaultValue={query.from ?? ""} />
          <TextField id="audit-to" name="to" type="date" label="截止日期" defaultValue={query.to ?? ""} />
        </div>
        <div className="flex flex-wrap items-end gap-3 sm:col-span-3">
          <button type="submit" className="btn-primary">
            筛选
          </button>
          <Link to="/admin/audit" className="btn-secondary">
            清除条件
          </Link>
          <a href={exportHref(search)} className="btn-secondary" download>
            导出 CSV
          </a>
          <span className="text-sm text-slate-600">共 {log.total} 条</span>
        </div>
      </Form>

      <Section title="操作记录">
        {log.entries.length === 0 ? (
          <Notice>没有符合条件的记录。</Notice>
        ) : (
          <DataTable<AuditLogEntry>
            caption="审计日志（最新在前）"
            variant="ruled"
            dense
            rows={log.entries}
            rowKey={(entry) => entry.id}
            columns={[
              { key: "at", header: "时间", cell: (entry) => formatDateTime(entry.at), className: "whitespace-nowrap" },
              { key: "action", header: "操作", cell: (entry) => entry.actionLabel, rowHeader: true },
              {
                key: "actor",
                header: "操作人",
                cell: (entry) =>
                  entry.actor ? (
                    <span>
                      {entry.actor.displayName}（{entry.actor.loginName}）
                      {entry.actorRole ? ` · ${roleLabel[entry.actorRole]}` : ""}
                      {entry.actor.institution ? ` · ${entry.actor.institution}` : ""}
                    </span>
                  ) : (
                    "系统"
                  ),
              },
              {
                key: "subject",
                header: "记录",
                cell: (entry) => `${entry.subjectLabel}${entry.subjectId ? ` · ${entry.subjectId}` : ""}`,
                className: "break-all",
              },
              { key: "ip", header: "IP", cell: (entry) => entry.ip ?? "—" },
              {
                key: "data",
                header: "详情",
                cell: (entry) => (entry.data ? <code className="break-all text-xs">{entry.data}</code> : "—"),
              },
            ]}
          />
        )}
        <Pager page={query.page} pageCount={log.pageCount} href={(page) => withPage(search, page)} className="mt-3" />
      </Section>

      <Section title={`企业联系方式查看（按机构，${reveals.from} 至 ${reveals.to}）`}>
        {reveals.rows.length === 0 ? (
          <Notice>该期间没有机构查看企业联系方式。</Notice>
        ) : (
          <DataTable
            caption="各机构查看企业联系方式的次数"
            variant="ruled"
            dense
            rows={reveals.rows}
            rowKey={(row) => row.institutionId}
            columns={[
              { key: "name", header: "机构", cell: (row) => row.name, rowHeader: true },
              { key: "reveals", header: "查看次数", cell: (row) => row.reveals, numeric: true },
              { key: "officers", header: "查看人数", cell: (row) => row.officers, numeric: true },
              {
                key: "detail",
                header: "明细",
                cell: (row) => (
                  <Link
                    className="underline underline-offset-4"
                    to={`?action=CONTACT_REVEALED&institutionId=${row.institutionId}&from=${reveals.from}&to=${reveals.to}`}
                  >
                    查看明细
                  </Link>
                ),
              },
            ]}
          />
        )}
      </Section>
    </PageShell>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
