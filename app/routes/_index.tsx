import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatGrid } from "~/components/ui/stat.tsx";
import { getDb } from "~/infra/db.server.ts";
import { roleHomePath } from "~/modules/auth/roles.ts";
import { getSessionUser } from "~/web/session.server.ts";
import { loadPublicOverview } from "~/modules/workspace/public-overview.server.ts";

export const meta: MetaFunction = () => [{ title: "揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, overview] = await Promise.all([getSessionUser(request), loadPublicOverview(getDb())]);
  return json({ overview, homePath: user ? roleHomePath[user.role] : null });
}

export default function Landing() {
  const { overview, homePath } = useLoaderData<typeof loader>();
  return (
    <main>
      <section className="bg-gradient-to-b from-brand-800 to-brand-700 text-white">
        <div className="mx-auto max-w-6xl px-4 py-10 sm:py-14">
          <p className="text-sm text-brand-100">服务揭阳市“金融倍增工程” · 粤东粤西粤北金融倍增</p>
          <h1 className="mt-2 text-2xl font-bold leading-snug sm:text-4xl">揭阳银企融资对接平台</h1>
          <p className="mt-3 max-w-2xl text-base leading-7 text-brand-50">
            小微企业、农户、合作社和转移企业在线发布融资需求，平台按额度、期限、抵押方式和政策导向匹配银行、保险和担保产品，
            金融机构限时响应，全程可查。
          </p>
          <div className="mt-6 flex flex-wrap gap-3">
            <Link to={homePath ?? "/register"} className="btn-secondary border-white">
              {homePath ? "进入我的工作台" : "企业注册，发布融资需求"}
            </Link>
            <Link
              to="/products"
              className="inline-flex min-h-[44px] items-center rounded-md border border-white/70 px-5 text-white hover:bg-white/10"
            >
              浏览金融产品超市
            </Link>
            {homePath ? null : (
              <Link
                to="/login"
                className="inline-flex min-h-[44px] items-center px-2 text-white underline underline-offset-4"
              >
                已有账号，登录
              </Link>
            )}
          </div>
        </div>
      </section>
      <div className="mx-auto max-w-6xl px-4 py-8">
        <StatGrid
          items={[
            { label: "合作金融机构", value: overview.institutions },
            { label: "在售金融产品", value: overview.publishedProducts },
            { label: "服务经营主体", value: overview.enterprises },
            { label: "成功对接需求", value: overview.succeededNeeds },
          ]}
        />
        <div className="mt-8 grid gap-4 sm:grid-cols-3">
          <article className="card">
            <h2 className="font-semibold">企业：一次填写，多家响应</h2>
            <p className="mt-2 text-sm leading-6 text-slate-600">
              填写金额、期限、用途和可提供的抵押物，平台说明每个产品为什么适合您；只有您授权的机构才能看到联系方式。
            </p>
          </article>
          <article className="card">
            <h2 className="font-semibold">机构：限时响应，结果留痕</h2>
            <p className="mt-2 text-sm leading-6 text-slate-600">
              首次响应 3 个工作日、审批决定 15 个工作日；首贷、普惠小微、涉农、绿色和海洋贷款实时计入目标进度。
            </p>
          </article>
          <article className="card">
            <h2 className="font-semibold">政银担 · 政银保</h2>
            <p className="mt-2 text-sm leading-6 text-slate-600">
              缺少抵押物时，平台推荐政府性融资担保或保险增信组合，帮助首贷户、农户和转移企业获得融资。
            </p>
          </article>
        </div>
      </div>
    </main>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
