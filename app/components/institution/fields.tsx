import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { describedBy, FieldMessages } from "~/components/form-field.tsx";

/**
 * Labelled form controls for the institution workspace, built on ~/components/form-field.tsx (text inputs are its
 * TextField): each control has a <label>, its error tied by aria-describedby, and works with plain form posts.
 */

type SelectFieldProps = {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  error?: string;
  hint?: string;
  placeholder?: string;
  id?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id">;

export function SelectField({
  name,
  label,
  options,
  error,
  hint,
  placeholder,
  className,
  id,
  ...rest
}: SelectFieldProps) {
  const controlId = id ?? name;
  return (
    <div className={className}>
      <label htmlFor={controlId} className="field-label">
        {label}
      </label>
      <select
        id={controlId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(controlId, error, hint)}
        className="field-input"
        {...rest}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldMessages name={controlId} error={error} hint={hint} />
    </div>
  );
}

type TextAreaFieldProps = { name: string; label: string; error?: string; hint?: string; id?: string } & Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  "name" | "id"
>;

export function TextAreaField({ name, label, error, hint, className, id, ...rest }: TextAreaFieldProps) {
  const controlId = id ?? name;
  return (
    <div className={className}>
      <label htmlFor={controlId} className="field-label">
        {label}
      </label>
      <textarea
        id={controlId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(controlId, error, hint)}
        className="field-input min-h-[88px] py-2"
        {...rest}
      />
      <FieldMessages name={controlId} error={error} hint={hint} />
    </div>
  );
}

/** A group of checkboxes sharing one name (a multi-value field), inside a fieldset with a legend. */
export function CheckboxGroup({
  name,
  legend,
  options,
  selected,
  error,
  hint,
  columns = 3,
}: {
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  selected: readonly string[];
  error?: string;
  hint?: string;
  columns?: 2 | 3 | 4;
}) {
  const grid = { 2: "sm:grid-cols-2", 3: "sm:grid-cols-3", 4: "sm:grid-cols-4" }[columns];
  return (
    <fieldset aria-describedby={describedBy(name, error, hint)} aria-invalid={error ? true : undefined}>
      <legend className="field-label">{legend}</legend>
      <div className={`grid grid-cols-2 gap-x-4 gap-y-1 ${grid}`}>
        {options.map((option) => (
          <label key={option.value} className="flex min-h-[36px] items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              name={name}
              value={option.value}
              defaultChecked={selected.includes(option.value)}
              className="h-4 w-4"
            />
            {option.label}
          </label>
        ))}
      </div>
      <FieldMessages name={name} error={error} hint={hint} />
    </fieldset>
  );
}

export function FormAlert({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "success" }) {
  const classes =
    tone === "error" ? "border-red-200 bg-red-50 text-red-800" : "border-emerald-200 bg-emerald-50 text-emerald-800";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-3 py-2 text-sm ${classes}`}>
      {children}
    </div>
  );
}

export function CheckboxField({
  name,
  label,
  id,
  defaultChecked,
}: {
  name: string;
  label: string;
  id?: string;
  defaultChecked?: boolean;
}) {
  const controlId = id ?? name;
  return (
    <div className="flex items-start gap-2">
      <input id={controlId} type="checkbox" name={name} defaultChecked={defaultChecked} className="mt-1 h-4 w-4" />
      <label htmlFor={controlId} className="text-sm text-slate-800">
        {label}
      </label>
    </div>
  );
}
