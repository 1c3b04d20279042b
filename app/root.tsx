import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "~/components/nonce.tsx";
import { SiteHeader } from "~/components/site-header.tsx";
import { issueCsrfToken, newFormToken } from "~/web/csrf.server.ts";
import { getSessionUser } from "~/web/session.server.ts";
import { getDb } from "~/infra/db.server.ts";
import { countUnread } from "~/modules/notifications/inbox.server.ts";
import stylesheet from "~/tailwind.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: MetaFunction = () => [
  { title: "揭阳银企融资对接平台" },
  { name: "description", content: "揭阳市金融倍增工程 · 企业融资需求发布、金融产品匹配与银企对接服务" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, csrf] = await Promise.all([getSessionUser(request), issueCsrfToken(request)]);
  // One indexed COUNT per page view for the header badge (recipientId, channel, readAt).
  const unreadNotifications = user ? await countUnread(getDb(), user.id) : 0;
  return json(
    {
      csrfToken: csrf.token,
      // New with every page load and after every action: with each form's useId it makes the form's submission token.
      formToken: newFormToken(),
      // Only what the header needs; the session and CSRF secrets of other users never leave the server.
      user: user ? { displayName: user.displayName, role: user.role, unreadNotifications } : null,
    },
    csrf.setCookie ? { headers: { "Set-Cookie": csrf.setCookie } } : undefined,
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
        >
          跳到主要内容
        </a>
        <SiteHeader user={data?.user ?? null} />
        <div id="main" className="flex-1">
          {children}
        </div>
        <footer className="border-t border-slate-200 bg-white py-6 text-center text-xs leading-6 text-slate-500">
          <p>揭阳市地方金融工作局 指导 · 服务揭阳市“金融倍增工程”</p>
          <p>企业信息仅在您授权后向所选金融机构展示，每次查看均留痕可查</p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
