/**
 * Signing in through the real routes, as a browser does: the root loader hands out the CSRF token, the sign-in form
 * is posted to /login, and the session cookie lands in the client's jar.
 *
 *   const token = await signIn(client, "officer.a");       // the new session's CSRF token, for the next posts
 *   const response = await submitSignIn(client, "x", "y"); // tests of sign-in itself look at the response
 *
 * The route modules are loaded on first use, after the test file has set up the app's environment.
 */
import type { RouteClient } from "./route-client.ts";
import { readJson } from "./route-client.ts";
import { PASSWORD } from "./world.ts";

/** The CSRF token of the client's current session (anonymous or signed in). */
export async function csrfTokenOf(client: RouteClient): Promise<string> {
  const root = await import("~/root.tsx");
  return (await readJson<{ csrfToken: string }>(await client.get(root, "/login"))).csrfToken;
}

/** Opens the sign-in page and posts the form; whatever the app answers. */
export async function submitSignIn(client: RouteClient, login: string, password = PASSWORD): Promise<Response> {
  const csrf = await csrfTokenOf(client);
  const route = await import("~/routes/login.tsx");
  return client.post(route, "/login", { _csrf: csrf, loginName: login, password });
}

/** Signs the client in (a redirect to the home page, or it throws) and returns the new session's CSRF token. */
export async function signIn(client: RouteClient, login: string, password = PASSWORD): Promise<string> {
  const response = await submitSignIn(client, login, password);
  if (response.status !== 302)
    throw new Error(`sign-in of ${login} failed with ${response.status}: ${await response.clone().text()}`);
  // Sign-in rotates the session, and the token with it.
  return csrfTokenOf(client);
}
