import { Notice } from "./notice.tsx";

/**
 * The alert at the top of a form that came back with errors: the form-wide error (`_form`) when there is one,
 * otherwise `message` (given the number of fields to fix). Nothing when there are no errors.
 */
export function FormErrorSummary({
  errors,
  message,
  id,
  className,
}: {
  errors: Readonly<Record<string, string | undefined>>;
  message: string | ((count: number) => string);
  id?: string;
  className?: string;
}) {
  const count = Object.keys(errors).length;
  if (count === 0) return null;
  return (
    <div id={id} className={className}>
      <Notice tone="error">{errors._form ?? (typeof message === "string" ? message : message(count))}</Notice>
    </div>
  );
}
