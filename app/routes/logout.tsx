import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { endUserSession } from "~/web/session.server.ts";

// Signing out is a mutation: POST with a CSRF token only, so a link or image on another site cannot sign users out.
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await readFormWithCsrf(request);
  return endUserSession(request, "/login");
}
