import type { InputHTMLAttributes } from "react";

/** The ids a control's hint and error carry, for aria-describedby. */
export function describedBy(name: string, error?: string, hint?: string): string | undefined {
  return [error ? `${name}-error` : null, hint ? `${name}-hint` : null].filter(Boolean).join(" ") || undefined;
}

/** A control's hint and error, under it, with the ids describedBy() names. */
export function FieldMessages({ name, error, hint }: { name: string; error?: string; hint?: string }) {
  return (
    <>
      {hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${name}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

type TextFieldProps = {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  /** Defaults to the name; set it where a page repeats a field name in several forms. */
  id?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">;

/**
 * A labelled input with its error and hint tied to it for screen readers (aria-describedby, aria-invalid).
 * Works without client JavaScript: errors come back from the action and render server-side.
 */
export function TextField({ name, label, error, hint, className, id, ...inputProps }: TextFieldProps) {
  const controlId = id ?? name;
  return (
    <div className={className}>
      <label htmlFor={controlId} className="field-label">
        {label}
      </label>
      <input
        id={controlId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(controlId, error, hint)}
        className="field-input"
        {...inputProps}
      />
      <FieldMessages name={controlId} error={error} hint={hint} />
    </div>
  );
}
