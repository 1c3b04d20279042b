import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { Section } from "~/components/ui/card.tsx";
import { DataTable } from "~/components/ui/data-table.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { getDb } from "~/infra/db.server.ts";
import { formatWanYuan } from "~/kernel/money.ts";
import { formatDateTime, shanghaiToday } from "~/kernel/time.ts";
import { listBalanceReports, monthMovement, submitBalanceReport } from "~/modules/balances/balances.server.ts";
import { MAX_BALANCE_FILE_BYTES, readBalanceFile } from "~/modules/balances/files.server.ts";
import { lastClosedMonth, previousMonth, type LineError } from "~/modules/balances/rows.ts";
import { loadInstitutionKind } from "~/modules/products/products.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { institutionActorOf, requireInstitutionUser } from "~/web/guard.server.ts";

export const meta: MetaFunction = () => [{ title: "贷款余额报送 · 机构管理" }];

/** Reporting the institution's book is a statistics duty of the institution admin, not of each officer. */
const ROLES = ["INSTITUTION_ADMIN"] as const;

/** The months a report may be for: the last closed month and the 23 before it. */
function reportableMonths(today: string): string[] {
  const months = [lastClosedMonth(today)];
  while (months.length < 24) months.push(previousMonth(months[months.length - 1]!));
  return months;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ROLES);
  const db = getDb();
  const today = shanghaiToday();
  const [institution, reports] = await Promise.all([
    loadInstitutionKind(db, user.institutionId),
    listBalanceReports(db, user.institutionId),
  ]);
  const latest = reports.find((report) => report.isCurrent) ?? null;
  const movement = latest ? await monthMovement(db, user.institutionId, latest.month) : null;
  return json(
    {
      institutionName: institution.name,
      isBank: institution.kind === "BANK",
      months: reportableMonths(today),
      reports,
      movement,
      maxMegabytes: MAX_BALANCE_FILE_BYTES / 1024 / 1024,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

type ActionData =
  | { ok: false; month: string; formError?: string; errors: LineError[] }
  | { ok: true; month: string; version: number; loans: number; replacedVersion: number | null };

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireInstitutionUser(request, ROLES);
  const month = String(form.get("month") ?? "").trim();
  const file = form.get("file");
  const refuse = (formError: string, status = 400) =>
    json<ActionData>({ ok: false, month, formError, errors: [] }, { status });
  if (!file || typeof file === "string" || file.size === 0) return refuse("请选择要上传的 CSV 或 XLSX 文件");
  if (file.size > MAX_BALANCE_FILE_BYTES)
    return refuse(
      `文件超过 ${MAX_BALANCE_FILE_BYTES / 1024 / 1024} MB（本次 ${(file.size / 1024 / 1024).toFixed(1)} MB），请按分支机构拆分后分批上传，或通过开放接口报送`,
      413,
    );
  const table = await readBalanceFile(new Uint8Array(await file.arrayBuffer()));
  // A file that could not be read as a table at all (empty, no header, not a spreadsheet) has nothing to check.
  if (table.rows.length === 0 && table.errors.length > 0)
    return json<ActionData>({ ok: false, month, errors: table.errors }, { status: 422 });
  const result = await submitBalanceReport(getDb(), {
    actor: institutionActorOf(user),
    month,
    rows: table.rows,
    readErrors: table.errors,
    source: "UPLOAD",
    fileName: file.name,
    today: shanghaiToday(),
  });
  if (!result.ok)
    return json<ActionData>({ ok: false, month, formError: result.formError, errors: result.errors }, { status: 422 });
  return json<ActionData>({
    ok: true,
    month,
    version: result.report.version,
    loans: result.report.loanCount,
    replacedVersion: result.replacedVersion,
  });
}

export default function BalancesPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : null;
  return (
    <>
      <WorkspaceNav area="admin" />
      <PageShell title="贷款余额报送" subtitle={data.institutionName}>
        {!data.isBank ? <Notice tone="info">贷款余额由银行机构报送，保险和担保机构无需报送。</Notice> : null}
        {result?.ok ? (
          <Notice tone="success">
            {result.month} 月末余额已报送（第 {result.version} 版，{result.loans} 笔贷款）
            {result.replacedVersion ? `，已替换第 ${result.replacedVersion} 版` : ""}。
          </Notice>
        ) : null}
        <Section title="上传月末余额">
          <p className="text-sm text-slate-700">
            每月结束后报送本机构<strong>全部</strong>贷款的月末余额（不限于通过平台发放的贷款），每笔贷款一行。
            “两增”考核以上年 12 月的报送为年初基数。同一月份再次上传将作为新版本<strong>整体替换</strong>该月数据，
            历史版本保留。上一月有、本月没有的贷款视为已结清。文件逐行检查，<strong>任何一行有误则全部不保存</strong>。
            <a href="/institution/balance-template" className="ml-1 text-brand-700 underline" download>
              下载模板（CSV）
            </a>
          </p>
          <PostForm
            encType="multipart/form-data"
            className="mt-3 grid gap-3 sm:grid-cols-[12rem_1fr_auto] sm:items-end"
            aria-label="上传月末余额"
          >
            <SelectField
              id="balance-month"
              name="month"
              label="报送月份"
              defaultValue={failed?.month ?? data.months[0]}
              options={data.months.map((month) => ({ value: month, label: month }))}
            />
            <div>
              <label htmlFor="balance-file" className="field-label">
                余额文件（CSV 或 XLSX，不超过 {data.maxMegabytes} MB）
              </label>
              <input
                id="balance-file"
                name="file"
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                className="block w-full text-sm"
                required
              />
            </div>
            <SubmitButton>上传并报送</SubmitButton>
          </PostForm>
          {failed?.formError ? (
            <Notice tone="error" className="mt-3">
              {failed.formError}
            </Notice>
          ) : null}
          {failed && failed.errors.length > 0 ? (
            <div className="mt-3" role="alert">
              <p className="text-sm font-medium text-red-800">
                报送失败，未保存任何数据。请修改以下 {failed.errors.length} 行后重新上传：
              </p>
              <DataTable
                caption="报送错误"
                variant="ruled"
                dense
                wrapperClassName="mt-2 max-h-96 overflow-auto"
                dataTable="balance-errors"
                rows={failed.errors.slice(0, 500)}
                rowKey={(error) => `${error.line}-${error.reason}`}
                columns={[
                  {
                    key: "line",
                    header: "行号",
                    className: "whitespace-nowrap tabular-nums",
                    cell: (e) => `第 ${e.line} 行`,
                  },
                  { key: "reason", header: "原因", cell: (e) => e.reason },
                ]}
              />
              {failed.errors.length > 500 ? <p className="mt-1 text-xs text-slate-500">仅列出前 500 行错误。</p> : null}
            </div>
          ) : null}
        </Section>
        {data.movement ? (
          <Section title={`${data.movement.month} 月变动`}>
            {data.movement.comparable ? (
              <p className="text-sm text-slate-700" data-testid="balance-movement">
                与 {data.movement.previousMonth} 相比：新增贷款 {data.movement.newLoans} 笔；结清{" "}
                {data.movement.closedLoans} 笔（上月余额 {formatWanYuan(data.movement.closedBalance)}）；部分还款{" "}
                {data.movement.reducedLoans} 笔，共 {formatWanYuan(data.movement.repaidOnContinuing)}。
              </p>
            ) : (
              <p className="text-sm text-slate-600">{data.movement.previousMonth} 未报送，无法计算还款和结清。</p>
            )}
          </Section>
        ) : null}
        <Section title="报送记录">
          {data.reports.length === 0 ? (
            <p className="text-sm text-slate-600">尚未报送过贷款余额。</p>
          ) : (
            <DataTable
              caption="报送记录"
              variant="ruled"
              wrapperClassName="overflow-x-auto"
              className="min-w-[40rem]"
              dataTable="balance-reports"
              rows={data.reports}
              rowKey={(report) => report.id}
              columns={[
                {
                  key: "month",
                  header: "月份",
                  rowHeader: true,
                  cell: (r) => `${r.month}（第 ${r.version} 版${r.isCurrent ? "，现行" : "，已替换"}）`,
                },
                { key: "loans", header: "贷款笔数", numeric: true, cell: (r) => r.loanCount },
                { key: "total", header: "各项贷款余额", numeric: true, cell: (r) => formatWanYuan(r.totalBalance) },
                {
                  key: "inclusive",
                  header: "普惠小微余额",
                  numeric: true,
                  cell: (r) => formatWanYuan(r.inclusiveBalance),
                },
                { key: "borrowers", header: "普惠小微户数", numeric: true, cell: (r) => `${r.inclusiveBorrowers} 户` },
                {
                  key: "by",
                  header: "报送",
                  cell: (r) =>
                    `${r.source === "API" ? "开放接口" : "上传"} · ${r.submittedBy} · ${formatDateTime(r.submittedAt)}`,
                },
              ]}
            />
          )}
        </Section>
      </PageShell>
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
