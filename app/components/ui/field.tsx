import type { ReactNode } from "react";

/**
 * The wiring every form control shares: a visible <label>, and its hint and error tied to the control for screen
 * readers (aria-describedby, aria-invalid). Errors come back from the action and render server-side, so all of this
 * works without client JavaScript.
 */

/** The props every labelled control takes, besides the attributes of its element (`Attributes`). */
export type FieldProps<Attributes> = {
  name: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  /** Defaults to the name; set it where a page repeats a field name in several forms. */
  id?: string;
} & Omit<Attributes, "name" | "id">;

/** The ids of a control's error and hint, for aria-describedby (the error first: it is what needs fixing). */
export function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  return [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
}

/** aria-invalid and aria-describedby for the control with this id. */
export function fieldAria(id: string, error?: string, hint?: ReactNode) {
  return { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(id, error, hint) } as const;
}

/**
 * A control's hint and error, under it, with the ids describedBy() names. `indent` lines them up with the text of a
 * checkbox label rather than with its box.
 */
export function FieldMessages({
  id,
  error,
  hint,
  indent,
}: {
  id: string;
  error?: string;
  hint?: ReactNode;
  indent?: string;
}) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className={`mt-1 text-xs leading-5 text-slate-500 ${indent ?? ""}`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className={`field-error ${indent ?? ""}`} role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/**
 * Splits a field's props into those of its Field frame (label, hint, error) and those of the control itself (id,
 * name, aria wiring and every other attribute of the element).
 */
export function fieldParts<Attributes extends { className?: string }>({
  name,
  label,
  error,
  hint,
  className,
  id,
  ...attributes
}: FieldProps<Attributes>) {
  const controlId = id ?? name;
  return {
    field: { id: controlId, label, error, hint, className },
    control: { id: controlId, name, ...fieldAria(controlId, error, hint), ...attributes },
  };
}

/** A labelled control: the label above it, the hint and error below. The control itself is the child. */
export function Field({
  id,
  label,
  error,
  hint,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children}
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

/**
 * Several controls under one question (a fieldset with a legend, so screen readers announce it), with one hint and
 * one error for the group.
 */
export function Fieldset({
  id,
  legend,
  error,
  hint,
  className,
  children,
}: {
  id: string;
  legend: ReactNode;
  error?: string;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <fieldset className={className} {...fieldAria(id, error, hint)}>
      <legend className="field-label">{legend}</legend>
      {children}
      <FieldMessages id={id} error={error} hint={hint} />
    </fieldset>
  );
}
