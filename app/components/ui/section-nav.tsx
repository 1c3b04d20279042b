import { Link } from "@remix-run/react";

export type SectionNavItem = { to: string; label: string; active: boolean };

/**
 * A workspace's secondary navigation under the site header: plain links (no JavaScript needed), the current one
 * underlined and marked aria-current="page".
 */
export function SectionNav({
  label,
  items,
  className,
}: {
  label: string;
  items: readonly SectionNavItem[];
  className?: string;
}) {
  return (
    <nav aria-label={label} className={`border-b border-slate-200 bg-white ${className ?? ""}`}>
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-x-1 px-4">
        {items.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              aria-current={item.active ? "page" : undefined}
              className={`inline-flex min-h-[44px] items-center border-b-2 px-3 text-sm ${
                item.active
                  ? "border-brand-700 font-semibold text-brand-800"
                  : "border-transparent text-slate-600 hover:text-brand-800"
              }`}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The path a nav link matches, without a trailing slash ("/" stays "/"). */
export function currentPath(pathname: string): string {
  return pathname.replace(/\/$/, "") || "/";
}
