import { isRouteErrorResponse, Link, useLocation, useRouteError } from "@remix-run/react";

const titles: Record<number, string> = {
  400: "提交的内容有误",
  401: "请先登录",
  403: "无权访问",
  404: "页面不存在",
  409: "操作与当前状态冲突",
  429: "操作过于频繁",
};

/**
 * The ErrorBoundary body for every route: a status, a human message in Chinese, and a way forward.
 * Unexpected errors show a generic message — never a stack trace.
 */
export function ErrorPage() {
  const error = useRouteError();
  const location = useLocation();
  let status = 500;
  let message = "系统暂时无法处理您的请求，请稍后再试。如问题持续，请联系平台客服。";
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const data = error.data as { message?: unknown } | string | null;
    if (typeof data === "object" && data && typeof data.message === "string") message = data.message;
    else if (typeof data === "string" && data.length > 0 && data.length < 200) message = data;
    else if (status === 404) message = "您要找的页面不存在或已被删除。";
  }
  const title = titles[status] ?? "出错了";
  const here = `${location.pathname}${location.search}`;
  return (
    <main className="mx-auto max-w-xl px-4 py-12" aria-labelledby="error-title">
      <div className="card">
        <p className="text-sm text-slate-500">错误代码 {status}</p>
        <h1 id="error-title" className="mt-1 text-xl font-semibold text-slate-900">
          {title}
        </h1>
        <p className="mt-3 text-slate-700">{message}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          {status === 401 ? (
            <Link to={here ? `/login?redirectTo=${encodeURIComponent(here)}` : "/login"} className="btn-primary">
              登录
            </Link>
          ) : null}
          <Link to="/" className="btn-secondary">
            返回首页
          </Link>
        </div>
      </div>
    </main>
  );
}

/** Every route's ErrorBoundary: a route file re-exports it (`export { ErrorBoundary } from …`). */
export function ErrorBoundary() {
  return <ErrorPage />;
}
