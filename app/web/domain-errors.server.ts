/**
 * Where a DomainError becomes an HTTP response: `{ code, message }` as JSON with the error's status, which the
 * route's ErrorBoundary (or the form) shows. withDomainErrors wraps every route module's loader and action in the
 * server build (server/index.js applies it), so no route can forget it; tests drive routes through the same
 * function (tests/support/route-client.ts).
 */
import { json, type ServerBuild } from "@remix-run/node";
import { DomainError, type ErrorBody } from "~/kernel/errors.ts";

export function domainErrorResponse(error: DomainError): Response {
  return json<ErrorBody>(error.body, { status: error.status });
}

/** Runs a loader or action; a DomainError it throws is thrown on as its Response, which Remix understands. */
export async function answeringDomainErrors<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) throw domainErrorResponse(error);
    throw error;
  }
}

type Handler = (args: never) => unknown;

function wrap<F extends Handler | undefined>(handler: F): F {
  if (!handler) return handler;
  return ((args: never) => answeringDomainErrors(() => handler(args))) as F;
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
