/**
 * Where a DomainError becomes an HTTP response: `{ code, message }` as JSON with the error's status, which the
 * route's ErrorBoundary (or the form) shows. withDomainErrors wraps every route module's loader and action in the
 * server build (server/index.js applies it), so no route can forget it; tests drive routes through the same
 * function (tests/support/route-client.ts).
 */
import { json, type ServerBuild } from "@remix-run/node";
import { DomainError, type ErrorBody } from "~/kernel/errors.ts";
import { FORBIDDEN_CHARACTER_MESSAGE } from "~/kernel/text-input.ts";
import { oncePerSubmission } from "~/web/form-submissions.server.ts";
import { refuseForbiddenInput } from "~/web/input-boundary.server.ts";

export function domainErrorResponse(error: DomainError): Response {
  return json<ErrorBody>(error.body, { status: error.status });
}

/**
 * Postgres refusing text it cannot store (SQLSTATE 22021 "invalid byte sequence", 22P05 "unsupported Unicode
 * escape"). The input boundary keeps such characters out; should one still arrive by a path it does not see, the
 * user gets the boundary's 400, never a 500 carrying the database's words.
 */
export function isUnstorableText(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const { message, code, cause, originalCode } = error as Record<string, unknown>;
  if (code === "22021" || code === "22P05" || originalCode === "22021" || originalCode === "22P05") return true;
  if (typeof message === "string" && /invalid byte sequence|unsupported Unicode escape/i.test(message)) return true;
  return isUnstorableText(cause, depth + 1);
}

/** Runs a loader or action; a DomainError it throws is thrown on as its Response, which Remix understands. */
export async function answeringDomainErrors<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) throw domainErrorResponse(error);
    if (isUnstorableText(error))
      throw domainErrorResponse(new DomainError(400, "FORBIDDEN_CHARACTER", FORBIDDEN_CHARACTER_MESSAGE));
    throw error;
  }
}

type HandlerArgs = { request: Request; params?: Record<string, string | undefined> };
type Handler = (args: never) => unknown;

/**
 * Runs one loader or action as the server does: the input boundary first (./input-boundary.server.ts), then the
 * handler, with DomainErrors answered as responses. Tests drive routes through this same function.
 */
export function runRouteHandler<A extends HandlerArgs, T>(handler: (args: A) => T | Promise<T>, args: A): Promise<T> {
  return answeringDomainErrors(async () => {
    await refuseForbiddenInput(args);
    // A form POST runs once per submission token; a repeat gets the first answer (./form-submissions.server.ts).
    return oncePerSubmission(args.request, async () => handler(args)) as Promise<T>;
  });
}

function wrap<F extends Handler | undefined>(handler: F): F {
  if (!handler) return handler;
  return ((args: HandlerArgs) =>
    runRouteHandler(handler as unknown as (a: HandlerArgs) => unknown, args)) as unknown as F;
}

/** The server build with every route's loader and action answering DomainErrors as responses. */
export function withDomainErrors(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    routes[id] = {
      ...route,
      module: { ...route.module, loader: wrap(route.module.loader), action: wrap(route.module.action) },
    };
  }
  return { ...build, routes };
}
