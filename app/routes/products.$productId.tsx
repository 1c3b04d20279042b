import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input.tsx";
import { ErrorPage } from "~/components/error-page.tsx";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireEnterpriseUser } from "~/web/guard.server.ts";
import { getSessionUser } from "~/web/session.server.ts";
import { startNeedFromProduct } from "~/modules/needs/enterprise-needs.server.ts";
import { loadPublicProduct } from "~/modules/products-catalog/product-detail.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.product.name ?? "金融产品"} · 金融产品超市 · 揭阳银企融资对接平台` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const [product, user] = await Promise.all([loadPublicProduct(db, params.productId ?? ""), getSessionUser(request)]);
  const viewer = !user
    ? "ANONYMOUS"
    : user.role !== "ENTERPRISE"
      ? "STAFF"
      : user.enterpriseId
        ? "ENTERPRISE"
        : "UNREGISTERED";
  return json({ product, viewer });
}

/** "Apply with my profile": a DIRECTED draft for this product's institution, then on to review and publish. */
export async function action({ request, params }: ActionFunctionArgs) {
  await readFormWithCsrf(request);
  const user = await requireEnterpriseUser(request);
  const { needId } = await startNeedFromProduct(getDb(), {
    actor: { userId: user.id, enterpriseId: user.enterpriseId },
    productId: params.productId ?? "",
  });
  return redirect(`/enterprise/needs/${needId}/edit`);
}

export default function ProductDetailPage() {
  const { product, viewer } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const here = `/products/${product.id}`;
  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-6 sm:py-8">
      <Link to="/products" className="text-sm text-brand-700 underline">
        ← 金融产品超市
      </Link>
      <p className="mt-3 text-sm text-slate-500">
        {product.institution.name} · {product.kindLabel}
        {product.institution.isKeyPartner ? " · 省重点合作机构" : ""}
      </p>
      <h1 className="mt-1 text-xl font-semibold text-slate-900 sm:text-2xl">{product.name}</h1>
      <p className="mt-2 text-slate-700">{product.summary}</p>
      {product.flagLabels.length > 0 ? (
        <p className="mt-2 flex flex-wrap gap-1">
          {product.flagLabels.map((label) => (
            <span key={label} className="rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-800">
              {label}
            </span>
          ))}
        </p>
      ) : null}

      <section className="card mt-5" aria-labelledby="terms-title">
        <h2 id="terms-title" className="text-base font-semibold">
          产品要素
        </h2>
        <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
          {product.terms.map((term) => (
            <div key={term.label}>
              <dt className="text-slate-500">{term.label}</dt>
              <dd className="mt-0.5 font-medium text-slate-900">{term.text}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="card mt-4" aria-labelledby="eligibility-title">
        <h2 id="eligibility-title" className="text-base font-semibold">
          谁可以申请
        </h2>
        <dl className="mt-3 space-y-2 text-sm">
          {product.eligibility.map((item) => (
            <div key={item.label} className="flex gap-3">
              <dt className="w-20 shrink-0 text-slate-500">{item.label}</dt>
              <dd className="text-slate-900">{item.text}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="card mt-4" aria-labelledby="description-title">
        <h2 id="description-title" className="text-base font-semibold">
          产品介绍
        </h2>
        <p className="mt-2 whitespace-pre-wrap break-words text-sm leading-6 text-slate-700">{product.description}</p>
        {product.institution.servicePhone || product.institution.address ? (
          <p className="mt-3 text-sm text-slate-600">
            {product.institution.servicePhone ? `服务电话：${product.institution.servicePhone}` : ""}
            {product.institution.address ? ` · 地址：${product.institution.address}` : ""}
          </p>
        ) : null}
      </section>

      <section className="card mt-4" aria-labelledby="apply-title">
        <h2 id="apply-title" className="text-base font-semibold">
          申请这个产品
        </h2>
        {viewer === "ENTERPRISE" ? (
          <Form method="post" className="mt-3">
            <CsrfInput />
            <p className="text-sm text-slate-600">
              用您登记的主体信息生成一份定向给{product.institution.shortName}
              的需求草稿，确认金额、期限并勾选授权后即可发布。
            </p>
            <button
              type="submit"
              className="btn-primary mt-3 w-full sm:w-auto"
              disabled={navigation.state === "submitting"}
            >
              用我的主体信息申请
            </button>
          </Form>
        ) : viewer === "UNREGISTERED" ? (
          <Link to="/enterprise/profile" className="btn-primary mt-3 w-full sm:w-auto">
            先登记经营主体，再申请
          </Link>
        ) : viewer === "ANONYMOUS" ? (
          <div className="mt-3 flex flex-col gap-2 sm:flex-row">
            <Link to={`/login?redirectTo=${encodeURIComponent(here)}`} className="btn-primary">
              登录后申请
            </Link>
            <Link to="/register" className="btn-secondary">
              注册企业账号
            </Link>
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-600">企业用户登录后可在线申请。</p>
        )}
      </section>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
