import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FilterPanel, TreeSelect } from "~/components/bureau/bureau-ui.tsx";
import { Badge } from "~/components/ui/badge.tsx";
import { Section } from "~/components/ui/card.tsx";
import { DataTable, LinkCell } from "~/components/ui/data-table.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { Pager } from "~/components/ui/pager.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { getDb } from "~/infra/db.server.ts";
import { bureauContext } from "~/web/bureau-context.server.ts";
import { listOverdue, OVERDUE_PAGE_SIZE, type OverdueKind } from "~/modules/bureau/overdue.server.ts";
import { deadlineKindLabel, entityTypeLabel, needStatusLabel } from "~/kernel/labels.ts";
import { DEADLINE_KINDS } from "~/kernel/statuses.ts";
import { formatShanghai } from "~/kernel/time.ts";
import { formatWanYuan } from "~/kernel/money.ts";

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
      subtitle={`超过首次响应或审批决定时限、仍未办结的需求 · ${view.regionName} · ${view.institutionName} · 数据截至 ${view.readAt}（实时）`}
    >
      <FilterPanel action="/bureau/overdue" label="筛选超期清单" grid="grid-cols-1 gap-3 sm:grid-cols-3">
        <TreeSelect name="region" id="overdue-region" defaultValue={view.values.region} nodes={view.options.regions} />
        <TreeSelect
          name="institution"
          id="overdue-institution"
          label="涉及机构"
          defaultValue={view.values.institution}
          nodes={view.options.institutions}
        />
        <SelectField
          id="overdue-kind"
          name="kind"
          label="超期类型"
          placeholder="全部"
          options={DEADLINE_KINDS.map((value) => ({
            value,
            label: `${deadlineKindLabel[value]}超期`,
          }))}
          defaultValue={kind ?? ""}
        />
      </FilterPanel>
      {problems.length > 0 ? <Notice tone="warning">{problems.join("；")}</Notice> : null}

      <Section title={`共 ${total} 项超期`}>
        {items.length === 0 ? (
          <p className="text-sm text-slate-600">当前没有超期事项。</p>
        ) : (
          <DataTable
            caption="超期清单"
            variant="ruled"
            className="min-w-[56rem]"
            rowClassName="align-top"
            dataTable="overdue"
            rows={items}
            rowKey={(item) => `${item.needId}-${item.kind}-${item.engagementInstitution ?? ""}`}
            columns={[
              {
                key: "borrower",
                header: "经营主体",
                rowHeader: true,
                cell: (item) => (
                  <LinkCell to={`/bureau/needs/${item.needId}`} note={entityTypeLabel[item.entityType]}>
                    {item.borrower}
                  </LinkCell>
                ),
              },
              {
                key: "kind",
                header: "超期类型",
                cell: (item) => (
                  <>
                    {deadlineKindLabel[item.kind]}超期
                    {item.escalated ? (
                      <Badge tone="warning" className="ml-1">
                        已催办
                      </Badge>
                    ) : null}
                  </>
                ),
              },
              {
                key: "age",
                header: "超期（工作日）",
                numeric: true,
                cell: (item) => (item.ageWorkingDays > 0 ? item.ageWorkingDays : "不足 1"),
              },
              {
                key: "due",
                header: "时限",
                className: "whitespace-nowrap tabular-nums",
                cell: (item) => item.dueAtText,
              },
              { key: "region", header: "区域", cell: (item) => item.region },
              {
                key: "institutions",
                header: "涉及机构",
                cell: (item) =>
                  item.kind === "DECISION" && item.engagementInstitution
                    ? item.engagementInstitution
                    : item.institutions.length > 0
                      ? item.institutions.join("、")
                      : "（公开需求，尚无机构响应）",
              },
              {
                key: "amount",
                header: "需求金额",
                numeric: true,
                className: "whitespace-nowrap",
                cell: (item) => formatWanYuan(item.amount),
              },
              { key: "status", header: "需求状态", cell: (item) => needStatusLabel[item.needStatus] },
            ]}
          />
        )}
        <Pager page={page} pageCount={pages} href={pageLink} className="mt-3" />
        <p className="mt-3 text-xs text-slate-500">
          超期天数为时限所在日之后至今天的工作日数（不含周末、法定节假日，含调休上班日）。联系人及联系方式不在本页显示。
        </p>
      </Section>
    </PageShell>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
