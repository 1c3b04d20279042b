import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Section } from "~/components/ui/card.tsx";
import { PageShell } from "~/components/ui/page.tsx";
import { CountList, StatGrid } from "~/components/ui/stat.tsx";
import { getDb } from "~/infra/db.server.ts";
import { requireUser } from "~/web/guard.server.ts";
import { loadAdminHome } from "~/modules/workspace/admin-home.server.ts";
import { institutionKindLabel, roleLabel } from "~/kernel/labels.ts";

export const meta: MetaFunction = () => [{ title: "平台管理 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "ADMIN");
  return json(await loadAdminHome(getDb()));
}

export default function AdminHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <PageShell title="平台管理" subtitle="用户、区域、机构与节假日日历">
      <StatGrid
        items={[
          { label: "行政区域与园区", value: data.regions },
          { label: "节假日与调休记录", value: data.holidays },
          ...data.institutionsByKind.map((row) => ({ label: institutionKindLabel[row.kind], value: row.count })),
        ]}
      />
      <Section title="运维">
        <ul className="list-inside list-disc text-sm text-brand-700">
          <li>
            <Link to="/admin/queues" className="underline underline-offset-4">
              后台任务队列（积压、失败任务重试、发件箱延迟）
            </Link>
          </li>
          <li>
            <Link to="/admin/audit" className="underline underline-offset-4">
              审计日志（登录、联系方式查看、配置变更；可导出）
            </Link>
          </li>
        </ul>
      </Section>
      <Section title="用户">
        <CountList
          columns={5}
          rows={data.usersByRole.map((row) => ({ key: row.role, label: roleLabel[row.role], count: row.count }))}
        />
      </Section>
    </PageShell>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
