import type { ReactNode } from "react";
import { choiceBox, choiceIndent, choiceRow, type ChoiceSize } from "./choice.ts";
import { FieldMessages, fieldAria } from "./field.tsx";

/**
 * A single checkbox with its label to the right. An optional hint (what ticking it means, where messages go) and
 * error sit under the label text and are tied to the box by aria-describedby.
 */
export function CheckboxField({
  name,
  label,
  error,
  hint,
  defaultChecked,
  value = "on",
  id,
  size = "md",
  className,
  onChange,
}: {
  name: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  defaultChecked?: boolean;
  value?: string;
  /** Defaults to the name. */
  id?: string;
  size?: ChoiceSize;
  className?: string;
  onChange?: (checked: boolean) => void;
}) {
  const inputId = id ?? name;
  return (
    <div className={className}>
      <label htmlFor={inputId} className={choiceRow[size]}>
        <input
          id={inputId}
          type="checkbox"
          name={name}
          value={value}
          defaultChecked={defaultChecked}
          {...fieldAria(inputId, error, hint)}
          onChange={onChange ? (event) => onChange(event.currentTarget.checked) : undefined}
          className={choiceBox[size]}
        />
        <span>{label}</span>
      </label>
      <FieldMessages id={inputId} error={error} hint={hint} indent={choiceIndent[size]} />
    </div>
  );
}
