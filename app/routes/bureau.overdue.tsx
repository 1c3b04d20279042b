import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/bureau/bureau-ui.tsx";
import { ErrorPage } from "~/components/error-page.tsx";
import { PageShell, Section } from "~/components/page.tsx";
import { getDb } from "~/infra/db.server.ts";
import { bureauContext } from "~/web/bureau-context.server.ts";
import { formatShanghai } from "~/modules/format.ts";
import { overdueKindLabel } from "~/modules/bureau/labels.ts";
import { listOverdue, OVERDUE_PAGE_SIZE, type OverdueKind } from "~/modules/bureau/overdue.server.ts";
import { entityTypeLabel, needStatusLabel } from "~/modules/labels.ts";
import { formatWanYuan } from "~/modules/money.ts";

export const meta: MetaFunction = () => [{ title: "超期清单 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const context = await bureauContext(db, request);
  const params = new URL(request.url).searchParams;
  const kindParam = params.get("kind");
  const kind: OverdueKind | null = kindParam === "FIRST_RESPONSE" || kindParam === "DECISION" ? kindParam : null;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get("page") ?? "1", 10) || 1));
  const { items, total } = await listOverdue(db, {
    regionIds: context.scope.regionIds,
    institutionIds: context.scope.institutionIds,
    kind,
    page,
  });
  return json({
    view: context.view,
    problems: context.problems,
    kind,
    page,
    total,
    pages: Math.max(1, Math.ceil(total / OVERDUE_PAGE_SIZE)),
    items: items.map((item) => ({ ...item, dueAtText: formatShanghai(item.dueAt) })),
  });
}

export default function BureauOverdue() {
  const { view, problems, kind, page, pages, total, items } = useLoaderData<typeof loader>();
  const pageLink = (target: number) => {
    const params = new URLSearchParams();
    if (view.values.region) params.set("region", view.values.region);
    if (view.values.institution) params.set("institution", view.values.institution);
    if (kind) params.set("kind", kind);
    params.set("page", String(target));
    return `/bureau/overdue?${params.toString()}`;
  };
  return (
    <PageShell
      title="超期清单"
      subtitle={`超过首次响应或审批决定时限、仍未办结的需求 · ${view.regionName} · ${view.institutionName}`}
    >
      <Form method="get" action="/bureau/overdue" className="card print:hidden" aria-label="筛选超期清单">
        <fieldset>
          <legend className="text-base font-semibold text-slate-900">筛选条件</legend>
          <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-3">
            <div>
              <label htmlFor="overdue-region" className="field-label">
                区域
              </label>
              <select id="overdue-region" name="region" defaultValue={view.values.region} className="field-input">
                <option value="">全部区域</option>
                {view.options.regions.map((region) => (
                  <option key={region.code} value={region.code}>
                    {"\u3000".repeat(region.depth)}
                    {region.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="overdue-institution" className="field-label">
                涉及机构
              </label>
              <select
                id="overdue-institution"
                name="institution"
                defaultValue={view.values.institution}
                className="field-input"
              >
                <option value="">全部机构</option>
                {view.options.institutions.map((institution) => (
                  <option key={institution.code} value={institution.code}>
                    {"\u3000".repeat(institution.depth)}
                    {institution.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="overdue-kind" className="field-label">
                超期类型
              </label>
              <select id="overdue-kind" name="kind" defaultValue={kind ?? ""} className="field-input">
                <option value="">全部</option>
                <option value="FIRST_RESPONSE">{overdueKindLabel.FIRST_RESPONSE}</option>
                <option value="DECISION">{overdueKindLabel.DECISION}</option>
              </select>
            </div>
          </div>
          <div className="mt-3 flex gap-3">
            <button type="submit" className="btn-primary">
              查询
            </button>
            <a href="/bureau/overdue" className="btn-secondary">
              重置
            </a>
          </div>
        </fieldset>
      </Form>
      {problems.length > 0 ? <Notice tone="warning">{problems.join("；")}</Notice> : null}

      <Section title={`共 ${total} 项超期`}>
        {items.length === 0 ? (
          <p className="text-sm text-slate-600">当前没有超期事项。</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[56rem] border-collapse text-sm" data-table="overdue">
              <caption className="sr-only">超期清单</caption>
              <thead>
                <tr className="border-b border-slate-300 bg-slate-50 text-left text-slate-700">
                  <th scope="col" className="px-2 py-2 font-medium">
                    经营主体
                  </th>
                  <th scope="col" className="px-2 py-2 font-medium">
                    超期类型
                  </th>
                  <th scope="col" className="px-2 py-2 text-right font-medium">
                    超期（工作日）
                  </th>
                  <th scope="col" className="px-2 py-2 font-medium">
                    时限
                  </th>
                  <th scope="col" className="px-2 py-2 font-medium">
                    区域
                  </th>
                  <th scope="col" className="px-2 py-2 font-medium">
                    涉及机构
                  </th>
                  <th scope="col" className="px-2 py-2 text-right font-medium">
                    需求金额
                  </th>
                  <th scope="col" className="px-2 py-2 font-medium">
                    需求状态
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr
                    key={`${item.needId}-${item.kind}-${item.engagementInstitution ?? ""}`}
                    className="border-b border-slate-100 align-top"
                  >
                    <th scope="row" className="px-2 py-2 text-left font-normal">
                      <Link to={`/bureau/needs/${item.needId}`} className="text-brand-700 underline">
                        {item.borrower}
                      </Link>
                      <span className="block text-xs text-slate-500">{entityTypeLabel[item.entityType]}</span>
                    </th>
                    <td className="px-2 py-2">
                      {overdueKindLabel[item.kind]}
                      {item.escalated ? (
                        <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800">已催办</span>
                      ) : null}
                    </td>
                    <td className="px-2 py-2 text-right tabular-nums">
                      {item.ageWorkingDays > 0 ? item.ageWorkingDays : "不足 1"}
                    </td>
                    <td className="whitespace-nowrap px-2 py-2 tabular-nums">{item.dueAtText}</td>
                    <td className="px-2 py-2">{item.region}</td>
                    <td className="px-2 py-2">
                      {item.kind === "DECISION" && item.engagementInstitution
                        ? item.engagementInstitution
                        : item.institutions.length > 0
                          ? item.institutions.join("、")
                          : "（公开需求，尚无机构响应）"}
                    </td>
                    <td className="whitespace-nowrap px-2 py-2 text-right tabular-nums">
                      {formatWanYuan(item.amount)}
                    </td>
                    <td className="px-2 py-2">{needStatusLabel[item.needStatus]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? (
          <nav aria-label="分页" className="mt-3 flex items-center gap-3 text-sm">
            {page > 1 ? (
              <Link to={pageLink(page - 1)} className="btn-secondary min-h-[40px] px-3">
                上一页
              </Link>
            ) : null}
            <span>
              第 {page} / {pages} 页
            </span>
            {page < pages ? (
              <Link to={pageLink(page + 1)} className="btn-secondary min-h-[40px] px-3">
                下一页
              </Link>
            ) : null}
          </nav>
        ) : null}
        <p className="mt-3 text-xs text-slate-500">
          超期天数为时限所在日之后至今天的工作日数（不含周末、法定节假日，含调休上班日）。联系人及联系方式不在本页显示。
        </p>
      </Section>
    </PageShell>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
