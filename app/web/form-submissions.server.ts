/**
 * The web side of "once per submission" (app/modules/form-submissions/form-submissions.server.ts): runRouteHandler
 * puts every form POST that carries a submission token through `oncePerSubmission`. The first run's successful
 * answer — a redirect, or the page's action data — is stored; a repeat of the token gets exactly that answer back
 * without running the action again.
 */
import { createHash } from "node:crypto";
import { json } from "@remix-run/node";
import { getDb } from "~/infra/db.server.ts";
import {
  claimSubmission,
  completeSubmission,
  releaseSubmission,
  validSubmissionToken,
} from "~/modules/form-submissions/form-submissions.server.ts";
import { isFormBody } from "./input-boundary.server.ts";
import { getSessionUser } from "./session.server.ts";

/** The hidden field every form carries (app/components/ui/csrf-input.tsx renders it beside the CSRF token). */
export const SUBMISSION_FIELD = "_submission";
const UNHASHED_FIELDS = new Set(["_csrf", SUBMISSION_FIELD]);

interface Submission {
  token: string;
  requestHash: string;
}

async function readSubmission(request: Request): Promise<Submission | null> {
  if (request.method !== "POST" || !isFormBody(request)) return null;
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return null; // the action's own parsing answers an unreadable form
  }
  const token = form.get(SUBMISSION_FIELD);
  if (typeof token !== "string" || !validSubmissionToken(token)) return null;
  const hash = createHash("sha256");
  for (const [name, value] of form) {
    if (UNHASHED_FIELDS.has(name)) continue;
    hash.update(
      `${name}\u0000${typeof value === "string" ? value : `file:${value.name}:${value.size}:${value.type}`}\u0001`,
    );
  }
  return { token, requestHash: hash.digest("hex") };
}

/** Whose token it is: the signed-in user, or the anonymous visitor's CSRF cookie (sign-up). */
async function submissionScope(request: Request): Promise<string | null> {
  const user = await getSessionUser(request);
  if (user) return `user:${user.id}`;
  const cookie = /(?:^|;\s*)jy_csrf=([^;]+)/.exec(request.headers.get("Cookie") ?? "")?.[1];
  return cookie ? `anonymous:${createHash("sha256").update(cookie).digest("hex")}` : null;
}

function replay(answer: { status: number; location: string | null; contentType: string | null; body: string | null }) {
  const headers = new Headers();
  if (answer.location) headers.set("Location", answer.location);
  if (answer.contentType) headers.set("Content-Type", answer.contentType);
  headers.set("X-Submission-Replayed", "true");
  return new Response(answer.body, { status: answer.status, headers });
}

export async function oncePerSubmission(request: Request, run: () => Promise<unknown>): Promise<unknown> {
  const submission = await readSubmission(request);
  const scope = submission ? await submissionScope(request) : null;
  if (!submission || !scope) return run();
  const url = new URL(request.url);
  const db = getDb();
  const claim = await claimSubmission(db, {
    scope,
    token: submission.token,
    path: `${url.pathname}${url.search}`,
    requestHash: submission.requestHash,
  });
  if (claim.kind === "replay") return replay(claim.answer);
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    // A thrown redirect is an answer like a returned one; anything else (a refusal, a failure) changed nothing.
    if (error instanceof Response && error.status >= 300 && error.status < 400) {
      await store(db, claim.id, error);
      throw error;
    }
    await releaseSubmission(db, claim.id);
    throw error;
  }
  const response = result instanceof Response ? result : json(result);
  await store(db, claim.id, response);
  return response;
}

async function store(db: ReturnType<typeof getDb>, id: string, response: Response): Promise<void> {
  // A refusal is not kept (the corrected form may reuse the token); nor is an answer that sets a cookie (sign-in):
  // replaying it without the cookie would be wrong, and running it again is harmless.
  if (response.status >= 400 || response.headers.has("Set-Cookie")) {
    await releaseSubmission(db, id);
    return;
  }
  const body = response.body ? await response.clone().text() : null;
  await completeSubmission(db, id, {
    status: response.status,
    location: response.headers.get("Location"),
    contentType: response.headers.get("Content-Type"),
    body,
  });
}
