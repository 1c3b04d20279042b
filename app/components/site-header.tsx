import { Link, NavLink } from "@remix-run/react";
import type { Role } from "~/generated/prisma/enums.ts";
import { PostForm } from "~/components/ui/post-form.tsx";
import { roleHomePath } from "~/modules/auth/roles.ts";
import { roleLabel } from "~/kernel/labels.ts";

type HeaderUser = { displayName: string; role: Role; unreadNotifications: number } | null;

export function SiteHeader({ user }: { user: HeaderUser }) {
  return (
    <header className="border-b-4 border-accent-600 bg-brand-800 text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3">
        <Link to="/" className="flex items-center gap-2" aria-label="揭阳银企融资对接平台 首页">
          <span
            aria-hidden="true"
            className="flex h-8 w-8 items-center justify-center rounded bg-white text-sm font-bold text-brand-800"
          >
            融
          </span>
          <span className="text-base font-semibold tracking-wide sm:text-lg">揭阳银企融资对接平台</span>
        </Link>
        <nav aria-label="主导航" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          {user ? (
            <>
              <NavLink to={roleHomePath[user.role]} className="hover:underline">
                我的工作台
              </NavLink>
              <NavLink
                to="/notifications"
                className="hover:underline"
                aria-label={user.unreadNotifications > 0 ? `消息，${user.unreadNotifications} 条未读` : "消息"}
              >
                消息
                {user.unreadNotifications > 0 ? (
                  <span className="ml-1 rounded-full bg-accent-600 px-1.5 py-0.5 text-xs font-semibold tabular-nums">
                    {user.unreadNotifications > 99 ? "99+" : user.unreadNotifications}
                  </span>
                ) : null}
              </NavLink>
              <NavLink to="/account/password" className="hover:underline">
                修改密码
              </NavLink>
              <span className="text-brand-100" aria-label="当前用户">
                {user.displayName}（{roleLabel[user.role]}）
              </span>
              <PostForm action="/logout">
                <button type="submit" className="rounded border border-white/60 px-3 py-1 hover:bg-white/10">
                  退出登录
                </button>
              </PostForm>
            </>
          ) : (
            <>
              <NavLink to="/products" className="hover:underline">
                金融产品超市
              </NavLink>
              <NavLink to="/register" className="hover:underline">
                企业注册
              </NavLink>
              <NavLink to="/login" className="rounded border border-white/60 px-3 py-1 hover:bg-white/10">
                登录
              </NavLink>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
