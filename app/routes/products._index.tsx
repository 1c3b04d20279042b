import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge } from "~/components/ui/badge.tsx";
import { ChoiceGroup } from "~/components/ui/choice-group.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { Page, PageHeader } from "~/components/ui/page.tsx";
import { Pager } from "~/components/ui/pager.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import { getDb } from "~/infra/db.server.ts";
import { fen } from "~/kernel/money.ts";
import {
  CATALOG_SORTS,
  catalogHref,
  catalogSortLabel,
  parseCatalogQuery,
  type CatalogQuery,
} from "~/modules/products-catalog/catalog-query.ts";
import {
  loadCatalogOptions,
  searchCatalogWithDefaultIndex,
  type FacetCounts,
} from "~/modules/products-catalog/catalog.server.ts";

export const meta: MetaFunction = () => [
  { title: "金融产品超市 · 揭阳银企融资对接平台" },
  { name: "description", content: "揭阳地区银行贷款、融资担保和保险产品一站式查询" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseCatalogQuery(new URL(request.url).searchParams);
  const db = getDb();
  const [result, options] = await Promise.all([searchCatalogWithDefaultIndex(db, query), loadCatalogOptions(db)]);
  return json({ query: { ...query, amountFen: query.amountFen?.toString() ?? null }, result, options });
}

type Option = { value: string; label: string };

/** One facet of the catalogue: a checkbox per value, with how many products each would give. */
function FacetGroup({
  name,
  legend,
  options,
  selected,
  counts,
}: {
  name: string;
  legend: string;
  options: Option[];
  selected: readonly string[];
  counts: Record<string, number> | undefined;
}) {
  return (
    <ChoiceGroup
      name={name}
      legend={legend}
      size="sm"
      className="border-t border-slate-100 pt-3"
      grid="grid grid-cols-1 gap-x-3 sm:grid-cols-2 lg:grid-cols-1"
      options={options.map((option) => ({ ...option, count: counts ? (counts[option.value] ?? 0) : undefined }))}
      selected={selected}
    />
  );
}

export default function ProductSupermarket() {
  const { query: rawQuery, result, options } = useLoaderData<typeof loader>();
  const query: CatalogQuery = {
    ...rawQuery,
    amountFen: rawQuery.amountFen === null ? null : fen(BigInt(rawQuery.amountFen)),
  };
  const navigation = useNavigation();
  const facets: FacetCounts = result.facets;
  const active =
    query.kinds.length +
    query.institutionIds.length +
    query.collateral.length +
    query.flags.length +
    query.policyTools.length +
    (query.entityType ? 1 : 0) +
    (query.regionId ? 1 : 0) +
    (query.amountFen !== null ? 1 : 0) +
    (query.termMonths !== null ? 1 : 0);

  const label = (list: { value: string; label: string }[], value: string) =>
    list.find((option) => option.value === value)?.label ?? value;
  const chips: { key: string; label: string; href: string }[] = [
    ...query.kinds.map((kind) => ({
      key: `kind-${kind}`,
      label: label(options.kinds, kind),
      href: catalogHref(query, { kinds: query.kinds.filter((item) => item !== kind), page: 1 }),
    })),
    ...query.flags.map((flag) => ({
      key: `flag-${flag}`,
      label: label(options.flags, flag),
      href: catalogHref(query, { flags: query.flags.filter((item) => item !== flag), page: 1 }),
    })),
    ...query.collateral.map((item) => ({
      key: `col-${item}`,
      label: label(options.collateral, item),
      href: catalogHref(query, { collateral: query.collateral.filter((other) => other !== item), page: 1 }),
    })),
    ...query.institutionIds.map((id) => ({
      key: `inst-${id}`,
      label: label(options.institutions, id),
      href: catalogHref(query, { institutionIds: query.institutionIds.filter((other) => other !== id), page: 1 }),
    })),
    ...query.policyTools.map((tool) => ({
      key: `tool-${tool}`,
      label: label(options.policyTools, tool),
      href: catalogHref(query, { policyTools: query.policyTools.filter((other) => other !== tool), page: 1 }),
    })),
    ...(query.entityType
      ? [
          {
            key: "entity",
            label: label(options.entityTypes, query.entityType),
            href: catalogHref(query, { entityType: null, page: 1 }),
          },
        ]
      : []),
    ...(query.regionId
      ? [
          {
            key: "region",
            label: label(options.regions, query.regionId),
            href: catalogHref(query, { regionId: null, page: 1 }),
          },
        ]
      : []),
    ...(query.amountFen !== null
      ? [
          {
            key: "amount",
            label: `${query.amountText} 万元`,
            href: catalogHref(query, { amountFen: null, amountText: "", page: 1 }),
          },
        ]
      : []),
    ...(query.termMonths !== null
      ? [{ key: "term", label: `${query.termMonths} 个月`, href: catalogHref(query, { termMonths: null, page: 1 }) }]
      : []),
  ];
  return (
    <Page>
      <PageHeader title="金融产品超市" subtitle="揭阳地区银行贷款、融资担保和保险产品，按您的需要筛选比较。" />

      <Form method="get" action="/products" className="mt-4 lg:grid lg:grid-cols-[16rem_1fr] lg:gap-6" role="search">
        <div className="lg:col-start-2">
          <label htmlFor="q" className="sr-only">
            搜索产品
          </label>
          <div className="flex gap-2">
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={query.q}
              placeholder="搜索：如 春耕、渔船、设备、首贷"
              className="field-input flex-1"
            />
            <button type="submit" className="btn-primary shrink-0 px-4">
              搜索
            </button>
          </div>
        </div>

        {chips.length > 0 ? (
          <ul aria-label="已选条件" className="mt-3 flex flex-wrap gap-2 lg:col-start-2">
            {chips.map((chip) => (
              <li key={chip.key}>
                <Link
                  to={chip.href}
                  className="inline-flex min-h-[36px] items-center gap-1 rounded-full bg-brand-50 px-3 text-sm text-brand-800 ring-1 ring-brand-100"
                  aria-label={`取消条件：${chip.label}`}
                >
                  {chip.label} <span aria-hidden="true">×</span>
                </Link>
              </li>
            ))}
          </ul>
        ) : null}

        {/* Closed by default: on a phone the results come first; the chips above show what is applied. */}
        <details className="card mt-4 lg:row-span-3 lg:row-start-1 lg:mt-0">
          <summary className="cursor-pointer font-medium text-brand-800">
            筛选条件{active > 0 ? `（已选 ${active} 项）` : ""}
          </summary>
          <div className="mt-3 space-y-3">
            <div className="grid grid-cols-2 gap-3">
              <TextField name="amount" label="需要金额（万元）" inputMode="decimal" defaultValue={query.amountText} />
              <TextField name="term" label="期限（月）" inputMode="numeric" defaultValue={query.termMonths ?? ""} />
            </div>
            <SelectField
              name="entityType"
              label="主体类型"
              placeholder="不限"
              options={options.entityTypes}
              defaultValue={query.entityType ?? ""}
            />
            <SelectField
              name="region"
              label="所在地区"
              placeholder="不限"
              options={options.regions}
              defaultValue={query.regionId ?? ""}
            />
            <FacetGroup
              name="kind"
              legend="产品类型"
              options={options.kinds}
              selected={query.kinds}
              counts={facets.kind}
            />
            <FacetGroup
              name="flag"
              legend="政策方向"
              options={options.flags}
              selected={query.flags}
              counts={facets.flags}
            />
            <FacetGroup
              name="collateral"
              legend="担保方式"
              options={options.collateral}
              selected={query.collateral}
              counts={facets.acceptedCollateral}
            />
            <FacetGroup
              name="institution"
              legend="金融机构"
              options={options.institutions}
              selected={query.institutionIds}
              counts={facets.institutionId}
            />
            <FacetGroup
              name="tool"
              legend="货币政策工具"
              options={options.policyTools}
              selected={query.policyTools}
              counts={facets.policyTool}
            />
            <div className="flex gap-2 pt-2">
              <button type="submit" className="btn-primary flex-1">
                应用筛选
              </button>
              <Link to="/products" className="btn-secondary">
                清除
              </Link>
            </div>
          </div>
        </details>

        <section
          className="mt-4 lg:col-start-2"
          aria-labelledby="results-title"
          aria-busy={navigation.state === "loading"}
        >
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="results-title" className="text-sm text-slate-700">
              共 <span className="font-semibold tabular-nums">{result.total}</span> 个产品
            </h2>
            <div className="flex items-center gap-2">
              <label htmlFor="sort" className="text-sm text-slate-600">
                排序
              </label>
              <select
                id="sort"
                name="sort"
                defaultValue={query.sort}
                className="field-input !min-h-[40px] w-auto py-1 text-sm"
              >
                {CATALOG_SORTS.map((sort) => (
                  <option key={sort} value={sort}>
                    {catalogSortLabel[sort]}
                  </option>
                ))}
              </select>
              <button type="submit" className="btn-secondary !min-h-[40px] px-3 text-sm">
                排序
              </button>
            </div>
          </div>
          {!result.searchAvailable ? (
            <Notice tone="warning" className="mt-3">
              搜索服务暂时繁忙，以下为简化查询结果。
            </Notice>
          ) : null}
          {result.hits.length === 0 ? (
            <p className="card mt-3 text-sm text-slate-600">
              没有符合条件的产品。可以减少筛选条件，或直接发布融资需求，由平台为您匹配。
            </p>
          ) : (
            <ul className="mt-3 grid gap-3 md:grid-cols-2">
              {result.hits.map((hit) => (
                <li key={hit.id}>
                  <Link to={`/products/${hit.id}`} className="card block h-full hover:border-brand-600">
                    <p className="text-xs text-slate-500">
                      {hit.institutionShortName} · {hit.kindLabel}
                    </p>
                    <p className="mt-0.5 font-semibold text-brand-800">{hit.name}</p>
                    <p className="mt-1 line-clamp-2 text-sm text-slate-600">{hit.summary}</p>
                    <dl className="mt-2 grid grid-cols-3 gap-2 text-xs">
                      <div>
                        <dt className="text-slate-500">额度</dt>
                        <dd className="font-medium text-slate-900">{hit.amountRangeText}</dd>
                      </div>
                      <div>
                        <dt className="text-slate-500">期限</dt>
                        <dd className="font-medium text-slate-900">{hit.termText}</dd>
                      </div>
                      <div>
                        <dt className="text-slate-500">{hit.kind === "LOAN" ? "年利率" : "费率"}</dt>
                        <dd className="font-medium text-slate-900">
                          {hit.rateText?.replace(/^(担保|保险)费率 /, "") ?? "面议"}
                        </dd>
                      </div>
                    </dl>
                    {hit.flagLabels.length > 0 || hit.policyToolLabel ? (
                      <p className="mt-2 flex flex-wrap gap-1">
                        {[...hit.flagLabels, ...(hit.policyToolLabel ? [hit.policyToolLabel] : [])].map((label) => (
                          <Badge key={label} tone="info">
                            {label}
                          </Badge>
                        ))}
                      </p>
                    ) : null}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <Pager
            page={result.page}
            pageCount={result.pages}
            href={(page) => catalogHref(query, { page })}
            className="mt-4"
          />
        </section>
      </Form>
    </Page>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
