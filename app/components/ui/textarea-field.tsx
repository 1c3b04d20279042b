import type { TextareaHTMLAttributes } from "react";
import { Field, fieldParts, type FieldProps } from "./field.tsx";

export function TextAreaField(props: FieldProps<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const { field, control } = fieldParts(props);
  return (
    <Field {...field}>
      <textarea className="field-input min-h-[88px] py-2" {...control} />
    </Field>
  );
}
