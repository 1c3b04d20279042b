import type { ReactNode } from "react";
import { choiceBox, choiceRow, type ChoiceSize } from "./choice.ts";
import { Fieldset } from "./field.tsx";

export type Choice = {
  value: string;
  label: ReactNode;
  /** A second line under the label. */
  description?: string;
  /** How many results the choice would give (search facets). */
  count?: number;
};

/**
 * A set of checkboxes (several values under one name) or radios (one choice) under one question. Each input has an
 * id of `${name}-${value}`, so its label is tied to it even where the group is one of several on the page.
 */
export function ChoiceGroup({
  name,
  legend,
  type = "checkbox",
  options,
  selected,
  error,
  hint,
  size = "md",
  grid = "grid grid-cols-1 gap-x-4 sm:grid-cols-2",
  className,
  onChange,
}: {
  name: string;
  legend: ReactNode;
  type?: "checkbox" | "radio";
  options: readonly Choice[];
  selected: readonly string[];
  error?: string;
  hint?: ReactNode;
  size?: ChoiceSize;
  /** The classes laying out the options (columns, gaps). */
  grid?: string;
  className?: string;
  onChange?: (value: string, checked: boolean) => void;
}) {
  return (
    <Fieldset id={name} legend={legend} error={error} hint={hint} className={className}>
      <div className={grid}>
        {options.map((option) => {
          const id = `${name}-${option.value}`;
          return (
            <label key={option.value} htmlFor={id} className={choiceRow[size]}>
              <input
                id={id}
                type={type}
                name={name}
                value={option.value}
                defaultChecked={selected.includes(option.value)}
                onChange={onChange ? (event) => onChange(option.value, event.currentTarget.checked) : undefined}
                className={choiceBox[size]}
              />
              <span>
                {option.label}
                {option.description ? <span className="block text-xs text-slate-500">{option.description}</span> : null}
              </span>
              {option.count !== undefined ? (
                <span className="ml-auto text-xs tabular-nums text-slate-500">{option.count}</span>
              ) : null}
            </label>
          );
        })}
      </div>
    </Fieldset>
  );
}
