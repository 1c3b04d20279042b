import { formatTermRange } from "~/kernel/time.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable, LinkCell } from "~/components/ui/data-table.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { ProductStatusBadge } from "~/components/ui/status-badge.tsx";
import { formatRatePercent } from "~/kernel/rate.ts";
import { formatDateTime } from "~/kernel/time.ts";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireInstitutionUser } from "~/web/guard.server.ts";
import { formatMoneyRange, toFen } from "~/kernel/money.ts";
import { listOwnProducts, loadInstitutionKind } from "~/modules/products/products.server.ts";
import { productKindLabel } from "~/kernel/labels.ts";

export const meta: MetaFunction = () => [{ title: "产品管理 · 机构管理" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const db = getDb();
  const [institution, products] = await Promise.all([
    loadInstitutionKind(db, user.institutionId),
    listOwnProducts(db, user.institutionId),
  ]);
  return json({
    institutionName: institution.name,
    products: products.map((product) => ({
      id: product.id,
      code: product.code,
      name: product.name,
      kind: product.kind,
      status: product.status,
      amountText: formatMoneyRange(toFen(product.minAmount), toFen(product.maxAmount)),
      termText: formatTermRange(product.minTermMonths, product.maxTermMonths),
      rateText:
        product.kind === "LOAN"
          ? `${formatRatePercent(product.minAnnualRate)}–${formatRatePercent(product.maxAnnualRate)}`
          : formatRatePercent(product.feeRate),
      updatedAt: product.updatedAt,
      outcomes: product._count.outcomes,
    })),
  });
}

export default function ProductsPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <WorkspaceNav area="admin" />
      <PageShell title="产品管理" subtitle={data.institutionName}>
        <div>
          <Link to="/institution/products/new" className="btn-primary">
            新建产品
          </Link>
        </div>
        {data.products.length === 0 ? (
          <p className="card text-sm text-slate-600">本机构还没有产品。新建后为草稿，上架后企业才能看到并参与匹配。</p>
        ) : (
          <DataTable
            caption="本机构的金融产品"
            wrapperClassName="card overflow-x-auto"
            className="min-w-[720px]"
            rows={data.products}
            rowKey={(product) => product.id}
            columns={[
              {
                key: "name",
                header: "产品",
                cell: (product) => (
                  <LinkCell
                    to={`/institution/products/${product.id}`}
                    note={`${productKindLabel[product.kind]} · ${product.code}`}
                    strong
                  >
                    {product.name}
                  </LinkCell>
                ),
              },
              { key: "status", header: "状态", cell: (product) => <ProductStatusBadge status={product.status} /> },
              { key: "amount", header: "额度", className: "tabular-nums", cell: (product) => product.amountText },
              { key: "term", header: "期限", cell: (product) => product.termText },
              { key: "rate", header: "利率 / 费率", cell: (product) => product.rateText },
              { key: "outcomes", header: "成交笔数", className: "tabular-nums", cell: (product) => product.outcomes },
              { key: "updatedAt", header: "更新时间", cell: (product) => formatDateTime(product.updatedAt) },
            ]}
          />
        )}
      </PageShell>
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
