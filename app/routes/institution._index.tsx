import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page.tsx";
import { PageShell, Section, StatGrid } from "~/components/page.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireInstitutionUser } from "~/modules/auth/guard.server.ts";
import { institutionKindLabel, productStatusLabel } from "~/modules/labels.ts";
import { loadInstitutionAdminHome } from "~/modules/workspace/role-home.server.ts";

export const meta: MetaFunction = () => [{ title: "机构管理 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  return json(await loadInstitutionAdminHome(getDb(), user.institutionId));
}

export default function InstitutionAdminHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <PageShell title="机构管理" subtitle={`${data.institution.name} · ${institutionKindLabel[data.institution.kind]}`}>
      <StatGrid
        items={data.productsByStatus.map((row) => ({ label: `${productStatusLabel[row.status]}产品`, value: row.count }))}
      />
      <Section title="客户经理">
        <table className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th scope="col" className="py-2 font-medium">姓名</th>
              <th scope="col" className="py-2 font-medium">账号</th>
              <th scope="col" className="py-2 font-medium">状态</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.officers.map((officer) => (
              <tr key={officer.id}>
                <td className="py-2">{officer.displayName}</td>
                <td className="py-2">{officer.loginName}</td>
                <td className="py-2">{officer.isActive ? "在岗" : "已停用"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </PageShell>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
