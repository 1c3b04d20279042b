import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfInput } from "~/components/csrf-input.tsx";

/**
 * A one-button form that switches something on or off (an officer's account, a webhook endpoint): the current state,
 * then the button that changes it. Works without JavaScript; the button's accessible name says what it acts on.
 */
export function SwitchForm(props: {
  /** The hidden field naming the record, e.g. { name: "userId", value: id }. */
  record: { name: string; value: string };
  state: ReactNode;
  intent: string;
  label: string;
  /** What the button acts on, for screen readers ("停用 陈经理"). */
  subject: string;
  disabled?: boolean;
}) {
  return (
    <Form method="post" className="flex items-center gap-2">
      <CsrfInput />
      <input type="hidden" name={props.record.name} value={props.record.value} />
      {props.state}
      <button
        type="submit"
        name="_intent"
        value={props.intent}
        className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
        aria-label={`${props.label} ${props.subject}`}
        disabled={props.disabled}
      >
        {props.label}
      </button>
    </Form>
  );
}
