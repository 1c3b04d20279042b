import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/**
 * Form controls for the enterprise pages, in the style of ~/components/form-field.tsx: every control has a visible
 * label, its error and hint are tied to it (aria-describedby, aria-invalid), and it works without client JavaScript.
 * Group controls (checkbox / radio sets) are fieldsets with a legend, so screen readers announce the question.
 */

function describedBy(name: string, error: string | undefined, hasHint: unknown): string | undefined {
  return [error ? `${name}-error` : null, hasHint ? `${name}-hint` : null].filter(Boolean).join(" ") || undefined;
}

function HintAndError({ name, error, hint }: { name: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs leading-5 text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${name}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

type Option = { value: string; label: string };
type OptionGroup = { label: string; options: Option[] };

export function SelectField({
  name,
  label,
  error,
  hint,
  options,
  groups,
  placeholder,
  className,
  ...props
}: {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  options?: Option[];
  groups?: OptionGroup[];
  placeholder?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id">) {
  return (
    <div className={className}>
      <label htmlFor={name} className="field-label">
        {label}
      </label>
      <select
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
        className="field-input"
        {...props}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options?.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {groups?.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <HintAndError name={name} error={error} hint={hint} />
    </div>
  );
}

export function TextAreaField({
  name,
  label,
  error,
  hint,
  className,
  ...props
}: { name: string; label: string; error?: string; hint?: ReactNode } & Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  "name" | "id"
>) {
  return (
    <div className={className}>
      <label htmlFor={name} className="field-label">
        {label}
      </label>
      <textarea
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, error, hint)}
        className="field-input min-h-[7rem] py-2"
        {...props}
      />
      <HintAndError name={name} error={error} hint={hint} />
    </div>
  );
}

/** A single checkbox with its label to the right (a large touch target: the whole row is clickable). */
export function CheckboxField({
  name,
  label,
  error,
  hint,
  defaultChecked,
  value = "on",
  id,
  onChange,
}: {
  name: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  defaultChecked?: boolean;
  value?: string;
  id?: string;
  onChange?: (checked: boolean) => void;
}) {
  const inputId = id ?? name;
  return (
    <div>
      <label
        htmlFor={inputId}
        className="flex min-h-[44px] cursor-pointer items-start gap-3 py-2 text-base text-slate-800"
      >
        <input
          id={inputId}
          type="checkbox"
          name={name}
          value={value}
          defaultChecked={defaultChecked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(name, error, hint)}
          onChange={onChange ? (event) => onChange(event.currentTarget.checked) : undefined}
          className="mt-1 h-5 w-5 shrink-0 rounded border-slate-400 text-brand-700"
        />
        <span>{label}</span>
      </label>
      <HintAndError name={name} error={error} hint={hint} />
    </div>
  );
}

/** A set of checkboxes (multi-select) or radios (single choice) under one question. */
export function ChoiceGroup({
  name,
  legend,
  type,
  options,
  selected,
  error,
  hint,
  columns = 2,
  onChange,
}: {
  name: string;
  legend: string;
  type: "checkbox" | "radio";
  options: (Option & { description?: string })[];
  selected: readonly string[];
  error?: string;
  hint?: ReactNode;
  columns?: 1 | 2 | 3;
  onChange?: (value: string, checked: boolean) => void;
}) {
  const grid =
    columns === 1 ? "grid-cols-1" : columns === 2 ? "grid-cols-1 sm:grid-cols-2" : "grid-cols-1 sm:grid-cols-3";
  return (
    <fieldset aria-describedby={describedBy(name, error, hint)} aria-invalid={error ? true : undefined}>
      <legend className="field-label">{legend}</legend>
      <div className={`grid gap-x-4 ${grid}`}>
        {options.map((option) => {
          const id = `${name}-${option.value}`;
          return (
            <label
              key={option.value}
              htmlFor={id}
              className="flex min-h-[44px] cursor-pointer items-start gap-3 py-2 text-base text-slate-800"
            >
              <input
                id={id}
                type={type}
                name={name}
                value={option.value}
                defaultChecked={selected.includes(option.value)}
                onChange={onChange ? (event) => onChange(option.value, event.currentTarget.checked) : undefined}
                className="mt-1 h-5 w-5 shrink-0 border-slate-400 text-brand-700"
              />
              <span>
                {option.label}
                {option.description ? <span className="block text-xs text-slate-500">{option.description}</span> : null}
              </span>
            </label>
          );
        })}
      </div>
      <HintAndError name={name} error={error} hint={hint} />
    </fieldset>
  );
}

/** An amount with its unit (万元 / 元) chosen beside it; the server converts exactly. */
export function MoneyField({
  name,
  unitName,
  label,
  error,
  hint,
  defaultValue,
  defaultUnit = "WAN",
  required,
  onChange,
}: {
  name: string;
  unitName: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  defaultValue?: string;
  defaultUnit?: "WAN" | "YUAN";
  required?: boolean;
  onChange?: (amount: string, unit: string) => void;
}) {
  return (
    <div>
      <label htmlFor={name} className="field-label">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={name}
          name={name}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          required={required}
          defaultValue={defaultValue}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(name, error, hint)}
          className="field-input flex-1"
          onChange={
            onChange
              ? (event) =>
                  onChange(
                    event.currentTarget.value,
                    (event.currentTarget.form?.elements.namedItem(unitName) as HTMLSelectElement | null)?.value ??
                      defaultUnit,
                  )
              : undefined
          }
        />
        <select
          name={unitName}
          aria-label={`${label}单位`}
          defaultValue={defaultUnit}
          className="field-input w-24 shrink-0"
          onChange={
            onChange
              ? (event) =>
                  onChange(
                    (event.currentTarget.form?.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "",
                    event.currentTarget.value,
                  )
              : undefined
          }
        >
          <option value="WAN">万元</option>
          <option value="YUAN">元</option>
        </select>
      </div>
      <HintAndError name={name} error={error} hint={hint} />
    </div>
  );
}

export function FormAlert({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {children}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      {children}
    </p>
  );
}
