import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageShell } from "~/components/ui/page.tsx";
import { ProductForm, type ProductFormValues } from "~/components/institution/product-form.tsx";
import { WorkspaceNav } from "~/components/institution/workspace-nav.tsx";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { institutionActorOf, requireInstitutionUser } from "~/web/guard.server.ts";
import { formToObject, type FieldErrors } from "~/kernel/forms.ts";
import { productKindOf } from "~/modules/products/product-form.ts";
import { createProduct, loadInstitutionKind, loadRegionOptions } from "~/modules/products/products.server.ts";
import { productKindLabel } from "~/kernel/labels.ts";

export const meta: MetaFunction = () => [{ title: "新建产品 · 机构管理" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const db = getDb();
  const [institution, regions] = await Promise.all([
    loadInstitutionKind(db, user.institutionId),
    loadRegionOptions(db),
  ]);
  return json({ kind: productKindOf[institution.kind], institutionName: institution.name, regions });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const fields = formToObject(form);
  const result = await createProduct(getDb(), {
    actor: institutionActorOf(user),
    fields,
  });
  if (!result.ok)
    return json<{ fieldErrors: FieldErrors; values: ProductFormValues }>(
      { fieldErrors: result.fieldErrors, values: fields },
      { status: 400 },
    );
  return redirect(`/institution/products/${result.productId}?saved=created`);
}

export default function NewProductPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <WorkspaceNav area="admin" />
      <PageShell
        title={`新建${productKindLabel[data.kind]}产品`}
        subtitle={`${data.institutionName} · 保存后为草稿，确认无误再上架`}
      >
        <ProductForm
          kind={data.kind}
          values={actionData?.values ?? { minYearsInBusiness: "0" }}
          errors={actionData?.fieldErrors ?? {}}
          regions={data.regions}
          submitLabel="保存为草稿"
        />
      </PageShell>
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
