import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

const widths = { md: "max-w-md", "2xl": "max-w-2xl", "3xl": "max-w-3xl", "6xl": "max-w-6xl" } as const;
export type PageWidth = keyof typeof widths;

/** The <main> of a page, centred at a reading width: forms narrower, workspaces and tables wide. */
export function Page({
  width = "6xl",
  className,
  children,
}: {
  width?: PageWidth;
  className?: string;
  children: ReactNode;
}) {
  return <main className={`mx-auto w-full ${widths[width]} px-4 py-6 sm:py-8 ${className ?? ""}`}>{children}</main>;
}

/**
 * A page's heading block: an optional way back above, the <h1> (with a status badge beside it), a line under it,
 * and actions to the right on wide screens.
 */
export function PageHeader({
  title,
  subtitle,
  back,
  badge,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  back?: { to: string; label: string };
  badge?: ReactNode;
  actions?: ReactNode;
}) {
  const heading = <h1 className="text-xl font-semibold text-slate-900 sm:text-2xl">{title}</h1>;
  const text = (
    <>
      {badge ? (
        <div className="flex flex-wrap items-center gap-2">
          {heading}
          {badge}
        </div>
      ) : (
        heading
      )}
      {subtitle ? <p className="mt-1 text-sm leading-6 text-slate-600">{subtitle}</p> : null}
    </>
  );
  return (
    <div>
      {back ? (
        <Link to={back.to} className="text-sm text-brand-700 underline">
          {back.label}
        </Link>
      ) : null}
      <div className={back ? "mt-2" : undefined}>
        {actions ? (
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>{text}</div>
            {actions}
          </div>
        ) : (
          text
        )}
      </div>
    </div>
  );
}

/** A workspace page: header, then its sections spaced evenly. */
export function PageShell({
  title,
  subtitle,
  width,
  children,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  width?: PageWidth;
  children: ReactNode;
}) {
  return (
    <Page width={width}>
      <PageHeader title={title} subtitle={subtitle} />
      <div className="mt-6 space-y-6">{children}</div>
    </Page>
  );
}

/** A small page that is one card (sign-in, sign-up, account settings). */
export function CardPage({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main className="mx-auto w-full max-w-md px-4 py-8 sm:py-12">
      <div className="card">
        <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
        {intro ? <p className="mt-1 text-sm leading-6 text-slate-600">{intro}</p> : null}
        {children}
      </div>
    </main>
  );
}

/** A text link in a line of its own, e.g. back to the list at the end of a page. */
export function LinkLine({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <p className={`text-sm ${className ?? ""}`}>
      <Link to={to} className="text-brand-700 underline">
        {children}
      </Link>
    </p>
  );
}
