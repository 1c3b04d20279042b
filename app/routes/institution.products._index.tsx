import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page.tsx";
import { PageShell } from "~/components/page.tsx";
import { formatDateTime, formatRatePercent } from "~/modules/format.ts";
import { ProductStatusBadge } from "~/components/institution/status-badge.tsx";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireInstitutionUser } from "~/web/guard.server.ts";
import { productKindLabel } from "~/modules/labels.ts";
import { formatMoneyRange, formatTermRange, toFen } from "~/modules/matching/labels.ts";
import { listOwnProducts, loadInstitutionKind } from "~/modules/products/products.server.ts";

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
        <div className="card overflow-x-auto">
          {data.products.length === 0 ? (
            <p className="text-sm text-slate-600">本机构还没有产品。新建后为草稿，上架后企业才能看到并参与匹配。</p>
          ) : (
            <table className="w-full min-w-[720px] text-left text-sm">
              <caption className="sr-only">本机构的金融产品</caption>
              <thead className="text-slate-500">
                <tr>
                  <th scope="col" className="py-2 font-medium">
                    产品
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    状态
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    额度
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    期限
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    利率 / 费率
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    成交笔数
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    更新时间
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.products.map((product) => (
                  <tr key={product.id}>
                    <td className="py-2">
                      <Link to={`/institution/products/${product.id}`} className="font-medium text-brand-700 underline">
                        {product.name}
                      </Link>
                      <span className="block text-xs text-slate-500">
                        {productKindLabel[product.kind]} · {product.code}
                      </span>
                    </td>
                    <td className="py-2">
                      <ProductStatusBadge status={product.status} />
                    </td>
                    <td className="py-2 tabular-nums">{product.amountText}</td>
                    <td className="py-2">{product.termText}</td>
                    <td className="py-2">{product.rateText}</td>
                    <td className="py-2 tabular-nums">{product.outcomes}</td>
                    <td className="py-2">{formatDateTime(product.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </PageShell>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
