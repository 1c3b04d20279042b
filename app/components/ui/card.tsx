import type { ReactNode } from "react";

/**
 * A titled card: a <section> named by its heading, so screen readers list it as a region. With `id` the heading
 * gets the id `${id}-title` and names the section through aria-labelledby; without, the title is its aria-label.
 */
export function Section({
  title,
  id,
  className,
  bodyClassName = "mt-3",
  children,
}: {
  title: string;
  id?: string;
  className?: string;
  /** Spacing of the body under the heading (e.g. "mt-5 space-y-5" for a form step). */
  bodyClassName?: string;
  children: ReactNode;
}) {
  const name = id ? { "aria-labelledby": `${id}-title` } : { "aria-label": title };
  return (
    <section className={`card ${className ?? ""}`} {...name}>
      <h2 id={id ? `${id}-title` : undefined} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <div className={bodyClassName}>{children}</div>
    </section>
  );
}

/** One step of a long form: a titled card whose fields are spaced evenly. */
export function FormStep({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Section id={id} title={title} bodyClassName="mt-5 space-y-5">
      {children}
    </Section>
  );
}

/** A card that opens on demand (a rarely used action, a long text): a <details> with its summary as the title. */
export function DisclosureCard({
  summary,
  open,
  children,
}: {
  summary: ReactNode;
  open?: boolean;
  children: ReactNode;
}) {
  return (
    <details className="card" open={open}>
      <summary className="cursor-pointer font-medium text-brand-800">{summary}</summary>
      {children}
    </details>
  );
}

/** A bulleted list of short reasons or notes. */
export function BulletList({ items, className }: { items: readonly ReactNode[]; className?: string }) {
  return (
    <ul className={`list-disc pl-5 text-sm text-slate-700 ${className ?? ""}`}>
      {items.map((item, index) => (
        <li key={index}>{item}</li>
      ))}
    </ul>
  );
}
