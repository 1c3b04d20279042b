import { useEffect, useState, type FormEvent } from "react";
import { parseForm, type FieldErrors } from "~/kernel/forms.ts";
import type { z } from "zod";

/**
 * Client-side validation with the same zod schema the action uses. Without JavaScript the form simply posts and the
 * server answers with the same messages; with it, errors show before the round trip and the post is skipped.
 * `schemaFor` receives the submit button's intent (e.g. "draft" / "publish") so intent-specific rules apply.
 */
export function useFormErrors(serverErrors: FieldErrors | undefined, schemaFor: (intent: string | null) => z.ZodType) {
  const [errors, setErrors] = useState<FieldErrors>(serverErrors ?? {});
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setErrors(serverErrors ?? {}), [serverErrors]);
  // Rendered as data-hydrated on the form: end-to-end tests wait for it instead of retrying clicks.
  useEffect(() => setHydrated(true), []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent = submitter?.name === "_intent" ? submitter.value : null;
    const form = new FormData(event.currentTarget);
    const result = parseForm(schemaFor(intent), form);
    if (result.ok) {
      setErrors({});
      return;
    }
    event.preventDefault();
    setErrors(result.fieldErrors);
    // Move focus to the first field in error, so keyboard and screen-reader users land on it.
    const first = Object.keys(result.fieldErrors)[0];
    if (first) {
      const element = event.currentTarget.querySelector<HTMLElement>(`[name="${CSS.escape(first)}"]`);
      element?.focus();
    }
  }

  return {
    errors,
    onSubmit,
    hydrated,
    formProps: { noValidate: true, onSubmit, "data-hydrated": hydrated ? "true" : undefined },
  };
}
