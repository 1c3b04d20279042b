import type { ReactNode } from "react";
import { FieldMessages, fieldAria } from "./field.tsx";

export type MoneyUnit = "WAN" | "YUAN";

/**
 * An amount with its unit (万元 / 元) chosen beside it; the server converts exactly. `onChange` receives both, so a
 * page can echo the amount in the other unit.
 */
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
  defaultUnit?: MoneyUnit;
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
          {...fieldAria(name, error, hint)}
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
      <FieldMessages id={name} error={error} hint={hint} />
    </div>
  );
}
