import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page.tsx";
import { CountList, PageShell, Section, StatGrid } from "~/components/page.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireUser } from "~/modules/auth/guard.server.ts";
import { needStatusLabel } from "~/modules/labels.ts";
import { formatWanYuan } from "~/modules/money.ts";
import { loadBureauHome } from "~/modules/workspace/role-home.server.ts";

export const meta: MetaFunction = () => [{ title: "监测总览 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "BUREAU");
  return json(await loadBureauHome(getDb()));
}

export default function BureauHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <PageShell title="银企对接监测总览" subtitle="揭阳市金融倍增工程 · 实时数据">
      <StatGrid
        items={[
          { label: "已发布需求", value: data.publishedNeeds },
          { label: "需求金额", value: formatWanYuan(data.requestedAmount) },
          { label: "登记经营主体", value: data.enterprises },
          { label: "超期未响应", value: data.overdue },
        ]}
      />
      <Section title="需求状态分布">
        <CountList
          rows={data.needsByStatus.map((row) => ({ key: row.status, label: needStatusLabel[row.status], count: row.count }))}
        />
      </Section>
    </PageShell>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
