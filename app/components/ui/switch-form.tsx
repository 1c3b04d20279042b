import { useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { PostForm } from "./post-form.tsx";

/**
 * A one-button form that switches something on or off (an officer's account, a webhook endpoint): the current state,
 * then the button that changes it. Works without JavaScript; the button's accessible name says what it acts on. While
 * any post is under way the button is disabled.
 */
export function SwitchForm(props: {
  /** The hidden field naming the record, e.g. { name: "userId", value: id }. */
  record: { name: string; value: string };
  state: ReactNode;
  intent: string;
  label: string;
  /** What the button acts on, for screen readers ("停用 陈经理"). */
  subject: string;
}) {
  const submitting = useNavigation().state === "submitting";
  return (
    <PostForm fields={{ [props.record.name]: props.record.value }} className="flex items-center gap-2">
      {props.state}
      <button
        type="submit"
        name="_intent"
        value={props.intent}
        className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100"
        aria-label={`${props.label} ${props.subject}`}
        disabled={submitting}
      >
        {props.label}
      </button>
    </PostForm>
  );
}
