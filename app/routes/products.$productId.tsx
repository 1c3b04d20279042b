import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CostQuoteSection } from "~/components/cost-quote.tsx";
import { BadgeList } from "~/components/ui/badge.tsx";
import { Section } from "~/components/ui/card.tsx";
import { FactList } from "~/components/ui/fact-list.tsx";
import { Page } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireEnterpriseUser } from "~/web/guard.server.ts";
import { getSessionUser } from "~/web/session.server.ts";
import { startNeedFromProduct } from "~/modules/needs/enterprise-needs.server.ts";
import { quoteProduct } from "~/modules/financing-cost/quote.ts";
import { loadPublicProduct } from "~/modules/products-catalog/product-detail.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.product.name ?? "金融产品"} · 金融产品超市 · 揭阳银企融资对接平台` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const [loaded, user] = await Promise.all([loadPublicProduct(db, params.productId ?? ""), getSessionUser(request)]);
  const url = new URL(request.url);
  const { costTerms, range, ...product } = loaded;
  const quote = quoteProduct(costTerms, range, {
    amountWan: url.searchParams.get("amount"),
    termMonths: url.searchParams.get("term"),
    method: url.searchParams.get("method"),
  });
  const viewer = !user
    ? "ANONYMOUS"
    : user.role !== "ENTERPRISE"
      ? "STAFF"
      : user.enterpriseId
        ? "ENTERPRISE"
        : "UNREGISTERED";
  return json({ product, viewer, quote });
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
  const { product, viewer, quote } = useLoaderData<typeof loader>();
  const here = `/products/${product.id}`;
  return (
    <Page width="3xl">
      <Link to="/products" className="text-sm text-brand-700 underline">
        ← 金融产品超市
      </Link>
      <p className="mt-3 text-sm text-slate-500">
        {product.institution.name} · {product.kindLabel}
        {product.institution.isKeyPartner ? " · 省重点合作机构" : ""}
      </p>
      <h1 className="mt-1 text-xl font-semibold text-slate-900 sm:text-2xl">{product.name}</h1>
      <p className="mt-2 text-slate-700">{product.summary}</p>
      <BadgeList label="产品标签" tone="info" items={product.flagLabels} className="mt-2" />

      <CostQuoteSection quote={quote} isLoan={product.kind === "LOAN"} />

      <Section id="terms" title="产品要素" className="mt-4">
        <FactList
          layout="stacked"
          valueClassName="font-medium"
          className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3"
          facts={product.terms.map((term) => ({ label: term.label, value: term.text }))}
        />
      </Section>

      <Section id="eligibility" title="谁可以申请" className="mt-4">
        <FactList
          labelWidth="w-20"
          className="space-y-2 text-sm"
          facts={product.eligibility.map((item) => ({ label: item.label, value: item.text }))}
        />
      </Section>

      <Section id="description" title="产品介绍" className="mt-4" bodyClassName="mt-2">
        <p className="whitespace-pre-wrap break-words text-sm leading-6 text-slate-700">{product.description}</p>
        {product.institution.servicePhone || product.institution.address ? (
          <p className="mt-3 text-sm text-slate-600">
            {product.institution.servicePhone ? `服务电话：${product.institution.servicePhone}` : ""}
            {product.institution.address ? ` · 地址：${product.institution.address}` : ""}
          </p>
        ) : null}
      </Section>

      <Section id="apply" title="申请这个产品" className="mt-4" bodyClassName="">
        {viewer === "ENTERPRISE" ? (
          <PostForm className="mt-3">
            <p className="text-sm text-slate-600">
              用您登记的主体信息生成一份定向给{product.institution.shortName}
              的需求草稿，确认金额、期限并勾选授权后即可发布。
            </p>
            <SubmitButton className="mt-3 w-full sm:w-auto">用我的主体信息申请</SubmitButton>
          </PostForm>
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
      </Section>
    </Page>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
