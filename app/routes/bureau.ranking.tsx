import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DownloadLinks, FilterForm, ReportDataTable } from "~/components/bureau/bureau-ui.tsx";
import { BulletList, Section } from "~/components/ui/card.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import type { InstitutionKind } from "~/generated/prisma/enums.ts";
import { getDb } from "~/infra/db.server.ts";
import { bureauContext } from "~/web/bureau-context.server.ts";
import { loadInstitutionRanking, type Highlight } from "~/modules/bureau/ranking.server.ts";
import { MIN_REQUESTS_FOR_HIGHLIGHT, SCORE_WEIGHTS } from "~/modules/bureau/ranking-rules.ts";
import { rankingTable } from "~/modules/bureau/tables.ts";
import { institutionKindLabel } from "~/kernel/labels.ts";

export const meta: MetaFunction = () => [{ title: "机构排名 · 揭阳银企融资对接平台" }];

const KINDS: InstitutionKind[] = ["BANK", "GUARANTOR", "INSURER"];

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const context = await bureauContext(db, request);
  const kindParam = new URL(request.url).searchParams.get("kind");
  const kind: InstitutionKind = KINDS.includes(kindParam as InstitutionKind) ? (kindParam as InstitutionKind) : "BANK";
  const ranking = await loadInstitutionRanking(db, context.scope, context.trees.institutions, kind);
  return json({
    view: context.view,
    problems: context.problems,
    kind,
    table: rankingTable(ranking),
    best: ranking.best.map(plainHighlight),
    worst: ranking.worst.map(plainHighlight),
    averages: ranking.averages,
    ranked: ranking.rows.filter((row) => row.rank !== null).length,
  });
}

const plainHighlight = (highlight: Highlight) => ({
  name: highlight.institution.name,
  code: highlight.institution.code,
  score: highlight.score,
  rank: highlight.rank,
  evidence: highlight.evidence,
});

function HighlightList({
  title,
  tone,
  items,
}: {
  title: string;
  tone: "good" | "bad";
  items: ReturnType<typeof plainHighlight>[];
}) {
  return (
    <div
      className={`rounded-md border p-4 ${tone === "good" ? "border-emerald-200 bg-emerald-50/50" : "border-red-200 bg-red-50/40"}`}
    >
      <h3 className={`font-semibold ${tone === "good" ? "text-emerald-900" : "text-red-900"}`}>{title}</h3>
      {items.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">样本不足，暂不评出。</p>
      ) : (
        <ol className="mt-2 space-y-3">
          {items.map((item) => (
            <li key={item.code} data-highlight={tone}>
              <p className="font-medium">
                第 {item.rank} 名 · {item.name}
                <span className="ml-2 text-sm text-slate-600">综合得分 {item.score.toFixed(1)}</span>
              </p>
              <BulletList items={item.evidence} className="mt-1" />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export default function BureauRanking() {
  const { view, problems, kind, table, best, worst, ranked } = useLoaderData<typeof loader>();
  const exportSearch = `${view.search}&kind=${kind}`;
  return (
    <PageShell
      title="金融机构排名"
      subtitle={`${view.periodLabel} · ${view.regionName} · ${institutionKindLabel[kind]}${` · 数据截至 ${view.refreshedAt ?? "—"}`}`}
    >
      <FilterForm
        action="/bureau/ranking"
        values={view.values}
        options={view.options}
        showInstitution={false}
        extra={
          <SelectField
            id="filter-kind"
            name="kind"
            label="机构类型"
            options={KINDS.map((option) => ({ value: option, label: institutionKindLabel[option] }))}
            defaultValue={kind}
          />
        }
      />
      {problems.length > 0 ? <Notice tone="warning">{problems.join("；")}</Notice> : null}

      <Section title="通报建议">
        <div className="grid gap-4 md:grid-cols-2">
          <HighlightList title="表现突出（建议通报表扬）" tone="good" items={best} />
          <HighlightList title="表现靠后（建议督促或通报批评）" tone="bad" items={worst} />
        </div>
        <p className="mt-3 text-xs leading-5 text-slate-500">
          综合得分（0–100）= 限时响应率 × {SCORE_WEIGHTS.inTimeRate} + 受理率 × {SCORE_WEIGHTS.acceptanceRate} +
          放款转化率 × {SCORE_WEIGHTS.conversionRate} + 放款金额 ÷ 最高者 × {SCORE_WEIGHTS.disbursed} + 首贷户数 ÷
          最高者 × {SCORE_WEIGHTS.firstLoan}。期内应响应的推送线索或对接请求不少于 {MIN_REQUESTS_FOR_HIGHLIGHT}{" "}
          笔的机构参与排名（本期 {ranked} 家）。限时响应率 = 在规定工作日内响应的推送线索 ÷
          应响应的推送线索（已响应或已过时限）：推送包括产品匹配推送、企业定向和超时扩大推送，发起对接、受理和明确不予对接都算响应，未响应的线索计入未响应数；与监测总览同一口径。受理率
          = 受理的对接 ÷ 对接请求；放款转化率 = 放款的对接 ÷ 受理的对接。
        </p>
      </Section>

      <Section title="排名明细">
        <ReportDataTable table={table} />
        <div className="mt-3">
          <DownloadLinks
            items={[
              { href: `/bureau/export/ranking.xlsx${exportSearch}`, label: "排名（XLSX）" },
              { href: `/bureau/export/ranking.csv${exportSearch}`, label: "排名（CSV）" },
            ]}
          />
        </div>
      </Section>
    </PageShell>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
