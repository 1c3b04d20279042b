import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page.tsx";
import { CountList, PageShell, Section, StatGrid } from "~/components/page.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireInstitutionUser } from "~/modules/auth/guard.server.ts";
import { engagementStatusLabel } from "~/modules/labels.ts";
import { loadOfficerHome } from "~/modules/workspace/role-home.server.ts";

export const meta: MetaFunction = () => [{ title: "客户经理工作台 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireInstitutionUser(request, ["OFFICER"]);
  return json(await loadOfficerHome(getDb(), user.institutionId, user.id));
}

export default function OfficerHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <PageShell title="客户经理工作台" subtitle={data.institutionName}>
      <StatGrid
        items={[
          { label: "服务区域内公开需求", value: data.openLeads },
          { label: "企业定向我行的需求", value: data.directedToUs },
        ]}
      />
      <Section title="我的对接">
        <CountList
          rows={data.myEngagements.map((row) => ({ key: row.status, label: engagementStatusLabel[row.status], count: row.count }))}
        />
      </Section>
    </PageShell>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
