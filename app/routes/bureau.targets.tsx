import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { FilterForm, TargetBar, yearOptions } from "~/components/bureau/bureau-ui.tsx";
import { Section } from "~/components/ui/card.tsx";
import { DataTable } from "~/components/ui/data-table.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SelectField, treeOptions } from "~/components/ui/select-field.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import type { LedgerMetric } from "~/generated/prisma/enums.ts";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireUser } from "~/web/guard.server.ts";
import { bureauContext } from "~/web/bureau-context.server.ts";
import { isBorrowerMetric, LEDGER_METRICS, targetStatusLabel } from "~/modules/bureau/labels.ts";
import { ledgerMetricLabel } from "~/kernel/labels.ts";
import { formatShanghai } from "~/kernel/time.ts";
import { loadTrees } from "~/modules/bureau/scope.server.ts";
import { TwoIncreasesPanel } from "~/components/bureau/two-increases.tsx";
import { setBalanceBaseline } from "~/modules/balances/balances.server.ts";
import { lastClosedMonth } from "~/modules/balances/rows.ts";
import { twoIncreases } from "~/modules/balances/two-increases.server.ts";
import {
  deleteTarget,
  importTargetsCsv,
  listTargetsWithProgress,
  parseTargetValue,
  saveTarget,
  type RowError,
} from "~/modules/bureau/targets.server.ts";
import { parseForm, type FieldErrors } from "~/kernel/forms.ts";
import { compareYuan, formatWanYuan, parseMoneyInput } from "~/kernel/money.ts";

export const meta: MetaFunction = () => [{ title: "年度目标 · 揭阳银企融资对接平台" }];

/** Largest CSV accepted (5,000 rows fit easily). */
const MAX_UPLOAD_BYTES = 1_000_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const context = await bureauContext(db, request);
  const { scope, trees, today, filter } = context;
  const year = filter.period.year;
  // 两增 as of the year's last reported month end: December for a past year, the last closed month for this one.
  const closed = lastClosedMonth(today);
  const twoIncreasesMonth = `${year}-12` <= closed ? `${year}-12` : closed;
  const [targets, balances] = await Promise.all([
    listTargetsWithProgress(db, trees, year, today, {
      regionIds: scope.regionIds,
      institutionIds: scope.institutionIds,
    }),
    twoIncreasesMonth.startsWith(`${year}-`)
      ? twoIncreases(db, {
          year,
          month: twoIncreasesMonth,
          institutionIds: scope.institutionIds,
          regionIds: scope.regionIds,
          scopeLabel: context.view.regionName,
        })
      : null,
  ]);
  return json({
    view: context.view,
    problems: context.problems,
    year,
    currentYear: Number(today.slice(0, 4)),
    targets: targets.map((target) => ({ ...target, updatedAt: formatShanghai(target.updatedAt) })),
    balances,
    banks: trees.institutions
      .filter((node) => node.kind === "BANK")
      .map((node) => ({ value: node.code, label: node.name })),
    metrics: LEDGER_METRICS.map((metric) => ({
      metric,
      label: ledgerMetricLabel[metric],
      borrower: isBorrowerMetric(metric),
    })),
  });
}

const SaveSchema = z.object({
  year: z.coerce.number({ message: "请选择年度" }).int().min(2000, "年度无效").max(2100, "年度无效"),
  metric: z.enum(LEDGER_METRICS as [LedgerMetric, ...LedgerMetric[]], { message: "请选择指标" }),
  region: z.string({ message: "请选择区域" }).min(1, "请选择区域"),
  institution: z.string().optional().default(""),
  value: z.string({ message: "请填写目标值" }).trim().min(1, "请填写目标值"),
});

type ActionData =
  | { intent: "save"; fieldErrors: FieldErrors; values: Record<string, string> }
  | { intent: "import"; errors: RowError[]; formError?: string }
  | { intent: "baseline"; fieldErrors: FieldErrors; values: Record<string, string> };

const BaselineSchema = z.object({
  year: z.coerce.number({ message: "请选择年度" }).int().min(2000, "年度无效").max(2100, "年度无效"),
  institution: z.string({ message: "请选择机构" }).min(1, "请选择机构"),
  totalBalance: z.string({ message: "请填写各项贷款余额" }).trim().min(1, "请填写各项贷款余额"),
  inclusiveBalance: z.string({ message: "请填写普惠型小微企业贷款余额" }).trim().min(1, "请填写普惠型小微企业贷款余额"),
  inclusiveBorrowers: z.coerce
    .number({ message: "户数须为非负整数" })
    .int("户数须为非负整数")
    .min(0, "户数须为非负整数")
    .max(100_000_000, "户数过大"),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "BUREAU");
  const form = await readFormWithCsrf(request);
  const db = getDb();
  const intent = String(form.get("_intent") ?? "");
  const back = new URL(request.url);
  back.searchParams.delete("saved");
  back.searchParams.delete("imported");
  back.searchParams.delete("deleted");

  if (intent === "delete") {
    const id = String(form.get("id") ?? "");
    await deleteTarget(db, id, user.id);
    back.searchParams.set("deleted", "1");
    return redirect(`${back.pathname}${back.search}`);
  }

  const trees = await loadTrees(db);
  if (intent === "baseline") {
    const values = Object.fromEntries(
      ["year", "institution", "totalBalance", "inclusiveBalance", "inclusiveBorrowers"].map((key) => [
        key,
        String(form.get(key) ?? ""),
      ]),
    );
    const parsed = parseForm(BaselineSchema, form);
    if (!parsed.ok) return json<ActionData>({ intent, fieldErrors: parsed.fieldErrors, values }, { status: 400 });
    const fieldErrors: FieldErrors = {};
    const node = trees.institutions.find((institution) => institution.code === parsed.data.institution);
    if (!node) fieldErrors.institution = "机构不存在";
    const money = (name: "totalBalance" | "inclusiveBalance") => {
      const result = parseMoneyInput(parsed.data[name], "WAN", { lenient: false, maxWholeDigits: 13 });
      if (!result.ok) fieldErrors[name] = "请填写以万元计的非负金额，最多 6 位小数";
      return result.ok ? result.yuan : "0.00";
    };
    const totalBalance = money("totalBalance");
    const inclusiveBalance = money("inclusiveBalance");
    if (!fieldErrors.totalBalance && !fieldErrors.inclusiveBalance && compareYuan(inclusiveBalance, totalBalance) > 0)
      fieldErrors.inclusiveBalance = "普惠型小微企业贷款余额不能大于各项贷款余额";
    if (Object.keys(fieldErrors).length > 0 || !node)
      return json<ActionData>({ intent, fieldErrors, values }, { status: 400 });
    await setBalanceBaseline(
      db,
      {
        institutionId: node.id,
        year: parsed.data.year,
        totalBalance,
        inclusiveBalance,
        inclusiveBorrowers: parsed.data.inclusiveBorrowers,
      },
      { userId: user.id, role: "BUREAU" },
    );
    back.searchParams.set("saved", "1");
    return redirect(`${back.pathname}${back.search}`);
  }
  if (intent === "import") {
    const file = form.get("file");
    let text = String(form.get("csv") ?? "");
    if (file && typeof file === "object" && "text" in file && (file as File).size > 0) {
      if ((file as File).size > MAX_UPLOAD_BYTES) {
        return json<ActionData>({ intent, errors: [], formError: "文件超过 1 MB，请拆分后分批导入" }, { status: 400 });
      }
      text = await (file as File).text();
    }
    if (text.trim() === "")
      return json<ActionData>({ intent, errors: [], formError: "请选择要导入的 CSV 文件" }, { status: 400 });
    const result = await importTargetsCsv(db, text, trees, user.id);
    if (!result.ok) return json<ActionData>({ intent, errors: result.errors }, { status: 422 });
    back.searchParams.set("imported", String(result.created + result.updated));
    return redirect(`${back.pathname}${back.search}`);
  }

  // intent === "save"
  const parsed = parseForm(SaveSchema, form);
  const values = Object.fromEntries(
    ["year", "metric", "region", "institution", "value"].map((key) => [key, String(form.get(key) ?? "")]),
  );
  if (!parsed.ok) return json<ActionData>({ intent: "save", fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const { year, metric, region, institution, value } = parsed.data;
  const fieldErrors: FieldErrors = {};
  const regionNode = trees.regions.find((node) => node.code === region);
  if (!regionNode) fieldErrors.region = "区域不存在";
  const institutionNode = institution ? trees.institutions.find((node) => node.code === institution) : null;
  if (institutionNode === undefined) fieldErrors.institution = "机构不存在";
  const parsedValue = parseTargetValue(metric, value);
  if (!parsedValue.ok) fieldErrors.value = parsedValue.reason;
  if (Object.keys(fieldErrors).length > 0 || !regionNode || !parsedValue.ok) {
    return json<ActionData>({ intent: "save", fieldErrors, values }, { status: 400 });
  }
  await saveTarget(
    db,
    { year, metric, regionId: regionNode.id, institutionId: institutionNode?.id ?? null, value: parsedValue.value },
    user.id,
  );
  back.searchParams.set("saved", "1");
  return redirect(`${back.pathname}${back.search}`);
}

export default function BureauTargets() {
  const { view, problems, year, currentYear, targets, balances, banks, metrics } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saveErrors = actionData?.intent === "save" ? actionData.fieldErrors : {};
  const saveValues = actionData?.intent === "save" ? actionData.values : null;
  const importResult = actionData?.intent === "import" ? actionData : null;
  /** Id, name, the value posted back (or the default) and the error of one field of the target form. */
  const bind = (name: string, fallback: string | undefined) => ({
    id: `target-${name}`,
    name,
    defaultValue: saveValues?.[name] ?? fallback,
    error: saveErrors[name],
  });
  const baselineErrors = actionData?.intent === "baseline" ? actionData.fieldErrors : {};
  const baselineValues = actionData?.intent === "baseline" ? actionData.values : null;
  const baselineBind = (name: string, fallback: string | undefined) => ({
    id: `baseline-${name}`,
    name,
    defaultValue: baselineValues?.[name] ?? fallback,
    error: baselineErrors[name],
  });

  return (
    <PageShell
      title="年度目标与进度"
      subtitle={`${year}年 · ${view.regionName}${` · 数据截至 ${view.refreshedAt ?? "—"}`}`}
    >
      <FilterForm action="/bureau/targets" values={view.values} options={view.options} />
      {problems.length > 0 ? <Notice tone="warning">{problems.join("；")}</Notice> : null}
      {searchParams.get("saved") ? <Notice tone="success">目标已保存。</Notice> : null}
      {searchParams.get("deleted") ? <Notice tone="success">目标已删除。</Notice> : null}
      {searchParams.get("imported") ? (
        <Notice tone="success">已导入 {searchParams.get("imported")} 条目标。</Notice>
      ) : null}

      <Section title={`“两增”检查（${year}年，按机构报送的月末贷款余额）`}>
        {balances ? (
          <TwoIncreasesPanel view={balances} />
        ) : (
          <p className="text-sm text-slate-600">该年度尚无已结束的月份。</p>
        )}
        <p className="mt-3 text-xs text-slate-500">
          口径：增速 =（当月末余额 − 年初余额）÷
          年初余额，普惠型小微企业贷款增速不低于各项贷款增速为达标；户数为普惠型小微企业贷款余额大于 0
          的借款人数，不低于年初为达标。年初基数取上年 12 月末报送；年中加入、没有上年 12
          月报送的机构可在下方录入年初基数。某月未报送的机构记为缺报，不计入合计，不按 0
          计算。区域按报送机构所在地汇总。
        </p>
      </Section>

      <Section title="录入年初基数（年中加入的机构）">
        <PostForm className="grid grid-cols-1 gap-3 md:grid-cols-5" aria-label="录入年初基数">
          <SelectField
            {...baselineBind("year", String(year))}
            label="年度"
            options={yearOptions([currentYear + 1, currentYear, currentYear - 1])}
          />
          <SelectField {...baselineBind("institution", "")} label="机构" placeholder="请选择" options={banks} />
          <TextField {...baselineBind("totalBalance", "")} label="各项贷款余额（万元）" inputMode="decimal" />
          <TextField
            {...baselineBind("inclusiveBalance", "")}
            label="普惠型小微企业贷款余额（万元）"
            inputMode="decimal"
          />
          <TextField {...baselineBind("inclusiveBorrowers", "")} label="普惠型小微企业贷款户数" inputMode="numeric" />
          <div className="md:col-span-5">
            <SubmitButton name="_intent" value="baseline">
              保存年初基数
            </SubmitButton>
            <span className="ml-3 text-xs text-slate-500">机构有上年 12 月报送时以报送为准，录入的基数不再使用。</span>
          </div>
        </PostForm>
      </Section>

      <Section title={`${year}年目标进度`}>
        {targets.length === 0 ? (
          <p className="text-sm text-slate-600">尚未设置目标。可在下方逐条设置，或上传 CSV 批量导入。</p>
        ) : (
          <DataTable
            caption={`${year}年目标进度`}
            variant="ruled"
            className="min-w-[48rem]"
            rowClassName="align-top"
            dataTable="targets"
            rows={targets}
            rowKey={(target) => target.id}
            columns={[
              { key: "metric", header: "指标", rowHeader: true, cell: (target) => ledgerMetricLabel[target.metric] },
              {
                key: "scope",
                header: "区域 / 机构",
                cell: (target) => (
                  <>
                    {target.region.name}
                    {target.institution ? (
                      <span className="block text-xs text-slate-500">{target.institution.name}</span>
                    ) : null}
                  </>
                ),
              },
              {
                key: "target",
                header: "目标",
                numeric: true,
                className: "whitespace-nowrap",
                cell: (target) =>
                  isBorrowerMetric(target.metric) ? `${Number(target.value)} 户` : formatWanYuan(target.value),
              },
              {
                key: "actual",
                header: "完成",
                numeric: true,
                className: "whitespace-nowrap",
                cell: (target) =>
                  isBorrowerMetric(target.metric) ? `${target.actual} 户` : formatWanYuan(target.actual),
              },
              {
                key: "progress",
                header: "进度",
                headerClassName: "w-64",
                cell: (target) => (
                  <TargetBar
                    completion={target.completion}
                    elapsed={target.elapsed}
                    label={`${ledgerMetricLabel[target.metric]}（${target.region.name}）目标进度`}
                  />
                ),
              },
              {
                key: "status",
                header: "状态",
                className: "whitespace-nowrap",
                cell: (target) => (
                  <>
                    <span
                      className={
                        target.status === "BEHIND" || target.status === "MISSED" ? "text-amber-700" : "text-emerald-700"
                      }
                    >
                      {targetStatusLabel[target.status]}
                    </span>
                    {target.status === "AHEAD" || target.status === "BEHIND" ? (
                      <span className="block text-xs text-slate-500">
                        {target.gapPoints >= 0 ? "超出" : "落后"} {Math.abs(target.gapPoints).toFixed(1)} 个百分点
                      </span>
                    ) : null}
                  </>
                ),
              },
              {
                key: "actions",
                header: "操作",
                headerClassName: "print:hidden",
                className: "print:hidden",
                cell: (target) => (
                  <>
                    <PostForm
                      fields={{ id: target.id }}
                      onSubmit={(event) => {
                        if (
                          !window.confirm(
                            `确定删除“${ledgerMetricLabel[target.metric]}（${target.region.name}）”目标吗？`,
                          )
                        )
                          event.preventDefault();
                      }}
                    >
                      <button type="submit" name="_intent" value="delete" className="text-sm text-red-700 underline">
                        删除
                      </button>
                    </PostForm>
                    <span className="mt-1 block text-xs text-slate-400">
                      {target.setBy ?? ""} {target.updatedAt}
                    </span>
                  </>
                ),
              },
            ]}
          />
        )}
      </Section>

      <Section title="设置目标">
        <PostForm className="grid grid-cols-1 gap-3 md:grid-cols-5" aria-label="设置目标">
          <SelectField
            {...bind("year", String(year))}
            label="年度"
            options={yearOptions([currentYear + 1, currentYear, currentYear - 1, currentYear - 2])}
          />
          <SelectField
            {...bind("metric", "DISBURSED_AMOUNT")}
            label="指标"
            options={metrics.map((option) => ({
              value: option.metric,
              label: `${option.label}（${option.borrower ? "户" : "万元"}）`,
            }))}
          />
          <SelectField
            {...bind("region", view.values.region || view.options.regions[0]?.code)}
            label="区域"
            options={treeOptions(view.options.regions)}
          />
          <SelectField
            {...bind("institution", "")}
            label="机构（可选）"
            placeholder="不限机构"
            options={treeOptions(view.options.institutions)}
          />
          <TextField {...bind("value", "")} label="目标值" inputMode="decimal" hint="金额指标填万元，户数指标填户数" />
          <div className="md:col-span-5">
            <SubmitButton name="_intent" value="save">
              保存目标
            </SubmitButton>
            <span className="ml-3 text-xs text-slate-500">
              同一年度、指标、区域和机构只保留一条目标，再次保存即为修改。
            </span>
          </div>
        </PostForm>
      </Section>

      <Section title="CSV 批量导入">
        <p className="text-sm text-slate-600">
          列依次为：年度、指标（中文名称或代码）、区域（代码或名称）、机构（代码或名称，可留空）、目标值（金额为万元，户数为户）。
          导入时逐行检查，<strong>任何一行有误则全部不导入</strong>，并列出出错的行号和原因。
          <a
            href={`/bureau/export/targets-template.csv${view.search}`}
            className="ml-1 text-brand-700 underline"
            download
          >
            下载模板（含{year}年现有目标）
          </a>
        </p>
        <PostForm
          encType="multipart/form-data"
          className="mt-3 flex flex-wrap items-end gap-3"
          aria-label="CSV 批量导入"
        >
          <div>
            <label htmlFor="targets-file" className="field-label">
              CSV 文件
            </label>
            <input
              id="targets-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              className="block text-sm"
              required
            />
          </div>
          <SubmitButton name="_intent" value="import">
            导入
          </SubmitButton>
        </PostForm>
        {importResult?.formError ? (
          <Notice tone="error" className="mt-3">
            {importResult.formError}
          </Notice>
        ) : null}
        {importResult && importResult.errors.length > 0 ? (
          <div className="mt-3" role="alert">
            <p className="text-sm font-medium text-red-800">
              导入失败，未保存任何数据。请修改以下 {importResult.errors.length} 行后重新上传：
            </p>
            <DataTable
              caption="导入错误"
              variant="ruled"
              dense
              wrapperClassName="mt-2 overflow-x-auto"
              dataTable="import-errors"
              rows={importResult.errors}
              rowKey={(error) => `${error.line}-${error.reason}`}
              columns={[
                { key: "line", header: "行号", className: "tabular-nums", cell: (error) => `第 ${error.line} 行` },
                { key: "reason", header: "原因", cell: (error) => error.reason },
              ]}
            />
          </div>
        ) : null}
      </Section>
    </PageShell>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
