import { Link } from "@remix-run/react";

/** Previous / next links around "第 n / m 页"; plain links, so paging works without JavaScript. */
export function Pager({
  page,
  pageCount,
  href,
  className,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  className?: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="分页" className={`flex items-center justify-between text-sm ${className ?? ""}`}>
      {page > 1 ? (
        <Link to={href(page - 1)} className="btn-secondary" rel="prev">
          上一页
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">
        第 {page} / {pageCount} 页
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} className="btn-secondary" rel="next">
          下一页
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
