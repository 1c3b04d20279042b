import { Fragment, type InputHTMLAttributes } from "react";
import { Field, fieldParts, type FieldProps } from "./field.tsx";

/** A labelled input (text, number-like, date, password, search…); every other input attribute passes through. */
export function TextField(props: FieldProps<InputHTMLAttributes<HTMLInputElement>>) {
  const { field, control } = fieldParts(props);
  return (
    <Field {...field}>
      <input className="field-input" {...control} />
    </Field>
  );
}

type Bound = { name: string; label: string; defaultValue?: string | number };

/**
 * A from–to pair of inputs under one legend (amount 10–50, term 6–24): each input is named for screen readers by
 * its own label, visually the legend says what both are.
 */
export function RangeField({
  legend,
  min,
  max,
  inputMode,
}: {
  legend: string;
  min: Bound;
  max: Bound;
  inputMode: "decimal" | "numeric";
}) {
  return (
    <fieldset>
      <legend className="field-label">{legend}</legend>
      <div className="flex items-center gap-2">
        {[min, max].map((bound, index) => (
          <Fragment key={bound.name}>
            {index > 0 ? <span aria-hidden="true">–</span> : null}
            <input
              aria-label={bound.label}
              name={bound.name}
              inputMode={inputMode}
              defaultValue={bound.defaultValue ?? ""}
              className="field-input"
            />
          </Fragment>
        ))}
      </div>
    </fieldset>
  );
}
