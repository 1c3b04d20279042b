import { Form, type FormProps } from "@remix-run/react";
import { CsrfInput } from "./csrf-input.tsx";

/**
 * A plain <form method="post"> (it works without JavaScript) carrying what every post needs: the CSRF token, the
 * `_intent` naming the action where the page has several, and any hidden fields naming the record.
 */
export function PostForm({
  intent,
  fields,
  children,
  ...formProps
}: {
  intent?: string;
  fields?: Readonly<Record<string, string>>;
} & Omit<FormProps, "method">) {
  return (
    <Form method="post" {...formProps}>
      <CsrfInput />
      {intent ? <input type="hidden" name="_intent" value={intent} /> : null}
      {fields
        ? Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)
        : null}
      {children}
    </Form>
  );
}
