import { useRouteLoaderData } from "@remix-run/react";
import { useId } from "react";

/**
 * Hidden fields for every <Form method="post">: the CSRF token, and the form's submission token — the page load's
 * token (root loader, new after every action) plus this form's place on the page — so the server runs a repeat of
 * the same submission (double click, retry, resubmitted page) only once (app/web/form-submissions.server.ts).
 */
export function CsrfInput() {
  const data = useRouteLoaderData<{ csrfToken: string; formToken?: string }>("root");
  const formId = useId();
  return (
    <>
      <input type="hidden" name="_csrf" value={data?.csrfToken ?? ""} />
      {data?.formToken ? <input type="hidden" name="_submission" value={`${data.formToken}${formId}`} /> : null}
    </>
  );
}
