import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ProductForm, type ProductFormValues } from "~/components/institution/product-form.tsx";
import { SUBSIDY_FIELDS } from "~/modules/products/product-form.ts";
import { Section } from "~/components/ui/card.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { LinkLine, PageShell } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { ProductStatusBadge } from "~/components/ui/status-badge.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { fenToYuanLiteral, toFen } from "~/kernel/money.ts";
import { formatDateTime } from "~/kernel/time.ts";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { institutionActorOf, requireInstitutionUser } from "~/web/guard.server.ts";
import { formToObject, type FieldErrors } from "~/kernel/forms.ts";
import { domainError } from "~/kernel/errors.ts";
import {
  loadOwnProduct,
  loadRegionOptions,
  publishProduct,
  retireProduct,
  updateProduct,
  type ProductView,
} from "~/modules/products/products.server.ts";

export const meta: MetaFunction = () => [{ title: "产品详情 · 机构管理" }];

function formValues(product: ProductView): ProductFormValues {
  const rate = (value: string | null) => (value ? value.replace(/0+$/, "").replace(/\.$/, "") : undefined);
  const money = (value: string) => fenToYuanLiteral(toFen(value));
  return {
    name: product.name,
    summary: product.summary,
    description: product.description,
    minAmount: money(product.minAmount),
    maxAmount: money(product.maxAmount),
    minTermMonths: String(product.minTermMonths),
    maxTermMonths: String(product.maxTermMonths),
    minAnnualRate: rate(product.minAnnualRate),
    maxAnnualRate: rate(product.maxAnnualRate),
    feeRate: rate(product.feeRate),
    minYearsInBusiness: String(product.minYearsInBusiness),
    policyTool: product.policyTool ?? undefined,
    acceptedCollateral: product.acceptedCollateral,
    eligibleEntityTypes: product.eligibleEntityTypes,
    eligibleIndustrySections: product.eligibleIndustrySections,
    regionIds: product.regionIds,
    flags: product.flags,
    validFrom: product.validFrom ?? undefined,
    validTo: product.validTo ?? undefined,
    repaymentMethods: product.repaymentMethods,
    upfrontFeeAmount: product.upfrontFeeAmount ? money(product.upfrontFeeAmount) : undefined,
    upfrontFeeRate: rate(product.upfrontFeeRate),
    periodicFeeRate: rate(product.periodicFeeRate),
    periodicFeeBase: product.periodicFeeBase,
    guaranteeFeeRate: rate(product.guaranteeFeeRate),
    premiumRate: rate(product.premiumRate),
    feeBasis: product.feeBasis,
    feeBase: product.feeBase,
    ...Object.fromEntries(
      SUBSIDY_FIELDS.flatMap(({ kind, prefix }) => {
        const subsidy = product.subsidies.find((item) => item.kind === kind);
        return subsidy
          ? [
              [`${prefix}Rate`, rate(subsidy.annualRate)],
              [`${prefix}Mode`, subsidy.mode],
              [`${prefix}Source`, subsidy.source],
              [`${prefix}Eligibility`, subsidy.eligibility],
            ]
          : [];
      }),
    ),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const db = getDb();
  const [product, regions] = await Promise.all([
    loadOwnProduct(db, params.productId ?? "", user.institutionId),
    loadRegionOptions(db),
  ]);
  return json({ product, values: formValues(product), regions });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const actor = institutionActorOf(user);
  const productId = params.productId ?? "";
  const db = getDb();
  const intent = form.get("_intent");
  const here = `/institution/products/${productId}`;
  if (intent === "save") {
    const fields = formToObject(form);
    const result = await updateProduct(db, { actor, productId, fields });
    if (!result.ok)
      return json<{ fieldErrors: FieldErrors; values: ProductFormValues }>(
        { fieldErrors: result.fieldErrors, values: fields },
        { status: 400 },
      );
    return redirect(`${here}?saved=updated`);
  }
  if (intent === "publish") {
    await publishProduct(db, { actor, productId });
    return redirect(`${here}?saved=published`);
  }
  if (intent === "retire") {
    await retireProduct(db, { actor, productId });
    return redirect(`${here}?saved=retired`);
  }
  throw domainError(400, "BAD_FORM", "无法识别的操作，请通过页面上的按钮提交");
}

const savedMessages: Record<string, string> = {
  created: "产品已保存为草稿。确认信息无误后点击“上架”。",
  updated: "产品信息已保存。",
  published: "产品已上架，系统将更新检索并为现有需求重新匹配。",
  retired: "产品已下架，不再参与新的匹配；历史对接记录保留。",
};

export default function ProductPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("saved");
  const { product } = data;
  return (
    <>
      <WorkspaceNav area="admin" />
      <PageShell title={product.name} subtitle={`产品编号 ${product.code}`}>
        {saved && savedMessages[saved] && !actionData ? <Notice tone="success">{savedMessages[saved]}</Notice> : null}
        <Section title="上架状态">
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <span>
              当前状态：
              <ProductStatusBadge status={product.status} />
            </span>
            {product.publishedAt ? <span>上架时间：{formatDateTime(product.publishedAt)}</span> : null}
            {product.retiredAt ? <span>下架时间：{formatDateTime(product.retiredAt)}</span> : null}
            <span>关联对接结果：{product._count.outcomes} 笔</span>
          </div>
          <div className="mt-4 flex flex-wrap gap-3">
            {product.status === "DRAFT" ? (
              <PostForm intent="publish">
                <SubmitButton>上架</SubmitButton>
              </PostForm>
            ) : null}
            {product.status !== "RETIRED" ? (
              <PostForm intent="retire">
                <SubmitButton tone="secondary">{product.status === "DRAFT" ? "作废草稿（下架）" : "下架"}</SubmitButton>
              </PostForm>
            ) : null}
          </div>
        </Section>
        {product.status === "RETIRED" ? (
          <p className="text-sm text-slate-600">已下架的产品仅供查阅，不能修改。</p>
        ) : (
          <ProductForm
            kind={product.kind}
            values={actionData?.values ?? data.values}
            errors={actionData?.fieldErrors ?? {}}
            regions={data.regions}
            submitLabel={product.status === "PUBLISHED" ? "保存修改（立即生效）" : "保存草稿"}
          />
        )}
        <LinkLine to="/institution/products">返回产品列表</LinkLine>
      </PageShell>
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
