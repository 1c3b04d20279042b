import type { SelectHTMLAttributes } from "react";
import { Field, fieldParts, type FieldProps } from "./field.tsx";

export type SelectOption = { value: string | number; label: string };
export type SelectOptionGroup = { label: string; options: readonly SelectOption[] };

type SelectFieldProps = {
  options?: readonly SelectOption[];
  /** Options under <optgroup> headings, after the plain options. */
  groups?: readonly SelectOptionGroup[];
  /** A first, empty option ("请选择", "不限"…). */
  placeholder?: string;
} & FieldProps<SelectHTMLAttributes<HTMLSelectElement>>;

export function SelectField({ options, groups, placeholder, ...props }: SelectFieldProps) {
  const { field, control } = fieldParts(props);
  return (
    <Field {...field}>
      <select className="field-input" {...control}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        <Options options={options ?? []} />
        {groups?.map((group) => (
          <optgroup key={group.label} label={group.label}>
            <Options options={group.options} />
          </optgroup>
        ))}
      </select>
    </Field>
  );
}

function Options({ options }: { options: readonly SelectOption[] }) {
  return (
    <>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </>
  );
}

/** Options for a tree (regions, institutions): each name indented by an ideographic space per level. */
export function treeOptions(nodes: readonly { code: string; name: string; depth: number }[]): SelectOption[] {
  return nodes.map((node) => ({ value: node.code, label: `${"\u3000".repeat(node.depth)}${node.name}` }));
}
