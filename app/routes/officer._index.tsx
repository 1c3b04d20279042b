import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import type { EngagementStatus } from "~/generated/prisma/enums.ts";
import { LeadList } from "~/components/institution/lead-list.tsx";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { CheckboxField } from "~/components/ui/checkbox-field.tsx";
import { ChoiceGroup } from "~/components/ui/choice-group.tsx";
import { DataTable, LinkCell } from "~/components/ui/data-table.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { Pager } from "~/components/ui/pager.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { StatGrid } from "~/components/ui/stat.tsx";
import { EngagementStatusBadge } from "~/components/ui/status-badge.tsx";
import { TextField, RangeField } from "~/components/ui/text-field.tsx";
import { formatDateTime } from "~/kernel/time.ts";
import { getDb } from "~/infra/db.server.ts";
import { requireInstitutionUser } from "~/web/guard.server.ts";
import {
  parseLeadQuery,
  searchLeadsForOfficer,
  type LeadListing,
  type LeadQuery,
} from "~/modules/engagements/lead-search.server.ts";
import { POSTED_WITHIN } from "~/modules/engagements/lead-filters.ts";
import { listEngagements, type EngagementList } from "~/modules/engagements/lists.server.ts";
import { engagementStatusLabel } from "~/kernel/labels.ts";
import { engagementActive } from "~/kernel/statuses.ts";
import { countOverdueDecisions } from "~/modules/deadlines/deadlines.server.ts";

export const meta: MetaFunction = () => [{ title: "客户经理工作台 · 揭阳银企融资对接平台" }];

const ENGAGEMENT_STATUSES = Object.keys(engagementStatusLabel) as EngagementStatus[];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["OFFICER"]);
  const db = getDb();
  const url = new URL(request.url);
  const query = parseLeadQuery(url);
  const institution = await db.institution.findUnique({ where: { id: user.institutionId }, select: { name: true } });
  const summaryPromise = Promise.all([
    db.engagement.count({
      where: { institutionId: user.institutionId, officerId: user.id, ...engagementActive },
    }),
    countOverdueDecisions(db, { institutionId: user.institutionId }),
    db.engagement.count({ where: { institutionId: user.institutionId, officerId: user.id, status: "REQUESTED" } }),
  ]);
  let leads: LeadListing | null = null;
  let engagements: EngagementList | null = null;
  if (query.tab === "matched" || query.tab === "open") {
    leads = await searchLeadsForOfficer(db, { institutionId: user.institutionId, query });
  } else if (query.tab === "mine") {
    const statuses = query.status.filter((status): status is EngagementStatus =>
      ENGAGEMENT_STATUSES.includes(status as EngagementStatus),
    );
    engagements = await listEngagements(db, {
      institutionId: user.institutionId,
      officerId: user.id,
      statuses,
      page: query.page,
    });
  } else {
    [engagements, leads] = await Promise.all([
      listEngagements(db, { institutionId: user.institutionId, overdue: true, page: query.page }),
      searchLeadsForOfficer(db, { institutionId: user.institutionId, query: { ...query, page: 1 }, overdueOnly: true }),
    ]);
  }
  const [myActive, overdue, waiting] = await summaryPromise;
  return json({
    institutionName: institution?.name ?? "",
    query,
    leads,
    engagements,
    summary: { myActive, overdue, waiting },
  });
}

const TAB_LABELS: Record<LeadQuery["tab"], string> = {
  matched: "匹配本行产品",
  open: "全部公开线索",
  mine: "我的对接",
  overdue: "超时待办",
};

const SORT_OPTIONS = [
  { value: "", label: "默认排序" },
  { value: "newest", label: "最新发布" },
  { value: "amountDesc", label: "金额从高到低" },
  { value: "amountAsc", label: "金额从低到高" },
  { value: "expiringSoon", label: "有效期最近截止" },
  { value: "wantedSoon", label: "期望到位时间最早" },
];

const FACET_FIELDS: { facet: string; param: keyof LeadQuery; legend: string }[] = [
  { facet: "countyId", param: "region", legend: "地区" },
  { facet: "industrySection", param: "industry", legend: "行业" },
  { facet: "entityType", param: "entityType", legend: "主体类型" },
  { facet: "purposeCategory", param: "purpose", legend: "用途" },
  { facet: "collateralOffered", param: "collateral", legend: "担保方式" },
  { facet: "flags", param: "flag", legend: "需求标签" },
  { facet: "wantedKinds", param: "kind", legend: "所需服务" },
];

function pageLink(query: LeadQuery, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === "page" || value === undefined || value === "") continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  params.set("page", String(page));
  return `/officer?${params.toString()}`;
}

/** Any filter beyond the tab: the disclosure opens so the officer sees what narrows the list. */
function hasActiveFilters(query: LeadQuery): boolean {
  return Object.entries(query).some(
    ([key, value]) => key !== "tab" && key !== "page" && (Array.isArray(value) ? value.length > 0 : Boolean(value)),
  );
}

export default function OfficerHome() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { query } = data;
  return (
    <>
      <WorkspaceNav area="officer" />
      <PageShell title="客户经理工作台" subtitle={data.institutionName}>
        <StatGrid
          items={[
            { label: "我进行中的对接", value: data.summary.myActive },
            { label: "待企业确认的请求", value: data.summary.waiting },
            { label: "本行超期未决", value: data.summary.overdue, hint: "超过决策期限仍在办理" },
          ]}
        />
        {/* The workspace navigation above switches between leads, engagements and overdue work; here, only which
            leads to show — one navigation, not two. */}
        {query.tab === "matched" || query.tab === "open" ? (
          <nav aria-label="线索范围" className="flex flex-wrap gap-2">
            {(["matched", "open"] as LeadQuery["tab"][]).map((tab) => (
              <Link
                key={tab}
                to={`/officer?tab=${tab}`}
                aria-current={query.tab === tab ? "page" : undefined}
                className={`inline-flex min-h-[44px] items-center rounded-md border px-4 text-sm ${
                  query.tab === tab
                    ? "border-brand-700 bg-brand-700 text-white"
                    : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"
                }`}
              >
                {TAB_LABELS[tab]}
              </Link>
            ))}
          </nav>
        ) : (
          <h2 className="text-lg font-semibold text-slate-900">{TAB_LABELS[query.tab]}</h2>
        )}

        {query.tab === "matched" || query.tab === "open" ? (
          <div className="grid gap-6 lg:grid-cols-4">
            <section className="space-y-3 lg:col-span-3" aria-label="线索结果">
              {data.leads && !data.leads.available ? <Notice tone="error">{data.leads.message}</Notice> : null}
              {data.leads?.available ? (
                <>
                  <p className="text-sm text-slate-600" role="status">
                    共 {data.leads.result.totalHits} 条线索{query.q ? `（关键词“${query.q}”）` : ""}
                    {query.tab === "matched" ? "，均与本行已上架产品匹配" : ""}。企业授权前仅显示匿名信息。
                  </p>
                  {data.leads.result.hits.length === 0 ? (
                    <p className="card text-sm text-slate-600">
                      没有符合条件的线索。可以减少筛选条件，或切换到“全部公开线索”。
                    </p>
                  ) : (
                    <LeadList hits={data.leads.result.hits} reasons={data.leads.reasons} ours={data.leads.ours} />
                  )}
                  <Pager
                    page={data.leads.result.page}
                    pageCount={data.leads.result.totalPages}
                    href={(page) => pageLink(query, page)}
                  />
                </>
              ) : null}
            </section>
            <details
              className="card order-last lg:order-first lg:col-span-1"
              open={hasActiveFilters(query) || undefined}
            >
              <summary className="min-h-[44px] cursor-pointer py-2 font-medium text-brand-800">
                筛选条件{hasActiveFilters(query) ? "（已筛选）" : ""}
              </summary>
              <Form method="get" className="mt-2 space-y-4" aria-label="筛选线索">
                <input type="hidden" name="tab" value={query.tab} />
                <TextField
                  name="q"
                  label="关键词"
                  type="search"
                  defaultValue={query.q}
                  placeholder="如：注塑机、春耕、渔船"
                />
                <SelectField
                  name="sort"
                  label="排序"
                  options={SORT_OPTIONS}
                  defaultValue={query.sort ?? ""}
                  hint="默认：有关键词按相关度，否则按最新发布"
                />
                {data.leads?.available
                  ? FACET_FIELDS.map(({ facet, param, legend }) => {
                      const values =
                        data.leads && data.leads.available
                          ? (data.leads.result.facets[facet as keyof typeof data.leads.result.facets] ?? [])
                          : [];
                      const selected = (query[param] as string[]) ?? [];
                      if (values.length === 0 && selected.length === 0) return null;
                      return (
                        <ChoiceGroup
                          key={facet}
                          name={param}
                          legend={legend}
                          size="sm"
                          grid="space-y-1"
                          options={values.map((value) => ({
                            value: value.value,
                            label: value.label,
                            count: value.count,
                          }))}
                          selected={selected}
                        />
                      );
                    })
                  : null}
                <RangeField
                  legend="金额（万元）"
                  inputMode="decimal"
                  min={{ name: "amountMin", label: "最低金额（万元）", defaultValue: query.amountMin }}
                  max={{ name: "amountMax", label: "最高金额（万元）", defaultValue: query.amountMax }}
                />
                <RangeField
                  legend="期限（月）"
                  inputMode="numeric"
                  min={{ name: "termMin", label: "最短期限（月）", defaultValue: query.termMin }}
                  max={{ name: "termMax", label: "最长期限（月）", defaultValue: query.termMax }}
                />
                <SelectField
                  id="lead-posted"
                  name="posted"
                  label="发布时间"
                  placeholder="不限"
                  defaultValue={query.posted ?? ""}
                  options={POSTED_WITHIN.map((days) => ({ value: days, label: `近 ${days} 天` }))}
                />
                <TextField
                  id="lead-wanted-by"
                  name="wantedBy"
                  type="date"
                  label="用款时间不晚于"
                  defaultValue={query.wantedBy ?? ""}
                />
                <CheckboxField
                  name="firstLoan"
                  size="sm"
                  label="只看首贷户"
                  defaultChecked={query.firstLoan === "on"}
                />
                <CheckboxField
                  name="directed"
                  size="sm"
                  label="只看定向本行的需求"
                  defaultChecked={query.directed === "on"}
                />
                <div className="flex gap-2">
                  <button type="submit" className="btn-primary flex-1" disabled={navigation.state === "loading"}>
                    筛选
                  </button>
                  <Link to={`/officer?tab=${query.tab}`} className="btn-secondary">
                    清除
                  </Link>
                </div>
              </Form>
            </details>
          </div>
        ) : null}

        {query.tab === "mine" && data.engagements ? (
          <section className="space-y-3" aria-label="我的对接">
            <Form method="get" className="flex flex-wrap items-end gap-3">
              <input type="hidden" name="tab" value="mine" />
              <SelectField
                name="status"
                label="对接状态"
                options={ENGAGEMENT_STATUSES.map((status) => ({ value: status, label: engagementStatusLabel[status] }))}
                placeholder="全部状态"
                defaultValue={query.status[0] ?? ""}
              />
              <button type="submit" className="btn-secondary">
                查看
              </button>
            </Form>
            <EngagementTable list={data.engagements} />
            <Pager
              page={data.engagements.page}
              pageCount={data.engagements.pageCount}
              href={(page) => pageLink(query, page)}
            />
          </section>
        ) : null}

        {query.tab === "overdue" && data.engagements ? (
          <div className="space-y-6">
            <section className="space-y-3" aria-label="超期未决的对接">
              <h2 className="text-base font-semibold text-slate-900">
                本行超过决策期限的对接（{data.engagements.total}）
              </h2>
              <EngagementTable list={data.engagements} />
            </section>
            <section className="space-y-3" aria-label="超时未响应的线索">
              <h2 className="text-base font-semibold text-slate-900">超时未获响应、可由本行承接的线索</h2>
              {data.leads && !data.leads.available ? <Notice tone="error">{data.leads.message}</Notice> : null}
              {data.leads?.available ? (
                data.leads.result.hits.length === 0 ? (
                  <p className="card text-sm text-slate-600">暂无超时线索。</p>
                ) : (
                  <LeadList hits={data.leads.result.hits} reasons={data.leads.reasons} ours={data.leads.ours} />
                )
              ) : null}
            </section>
          </div>
        ) : null}
      </PageShell>
    </>
  );
}

function EngagementTable({ list }: { list: EngagementList }) {
  if (list.rows.length === 0) return <p className="card text-sm text-slate-600">暂无对接记录。</p>;
  return (
    <DataTable
      caption="对接列表"
      wrapperClassName="card overflow-x-auto"
      className="min-w-[720px]"
      rows={list.rows}
      rowKey={(row) => row.id}
      columns={[
        {
          key: "name",
          header: "企业（匿名）",
          cell: (row) => (
            <LinkCell to={`/officer/engagements/${row.id}`} note={row.regionName}>
              {row.maskedName}
            </LinkCell>
          ),
        },
        {
          key: "amount",
          header: "金额 / 期限",
          className: "tabular-nums",
          cell: (row) => `${row.amountText} / ${row.termMonths} 个月`,
        },
        { key: "purpose", header: "用途", cell: (row) => row.purposeLabel },
        { key: "status", header: "状态", cell: (row) => <EngagementStatusBadge status={row.status} /> },
        { key: "officer", header: "客户经理", cell: (row) => row.officerName ?? "—" },
        {
          key: "due",
          header: "决策期限",
          className: (row) => (row.overdue ? "font-semibold text-red-700" : ""),
          cell: (row) => `${formatDateTime(row.decisionDueAt)}${row.overdue ? "（已超时）" : ""}`,
        },
      ]}
    />
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
