/**
 * Drives Remix route modules the way a browser would — loader on GET, action on POST — with a cookie jar, so
 * integration tests exercise the real loaders, actions, guards, sessions and CSRF checks against real services.
 * Thrown responses (401/403/404/redirects) and DomainErrors are caught and returned like any other response.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { runRouteHandler } from "~/web/domain-errors.server.ts";

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

const ORIGIN = "http://jieyang.test";

export class RouteClient {
  private cookies = new Map<string, string>();

  constructor(private readonly clientIp = "203.0.113.10") {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** Copies Set-Cookie headers into the jar (a Max-Age=0 or empty value removes the cookie). */
  absorb(response: Response): void {
    const headers = response.headers as Headers & { getSetCookie?: () => string[] };
    const setCookies = headers.getSetCookie?.() ?? [];
    for (const line of setCookies) {
      const [pair] = line.split(";");
      const separator = pair!.indexOf("=");
      const name = pair!.slice(0, separator).trim();
      const value = pair!.slice(separator + 1).trim();
      if (value === "" || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(route: RouteModule, path: string, params: Record<string, string> = {}): Promise<Response> {
    if (!route.loader) throw new Error(`route for ${path} has no loader`);
    const request = new Request(`${ORIGIN}${path}`, { headers: this.headers() });
    return this.settle(() => runRouteHandler(route.loader!, { request, params, context: { clientIp: this.clientIp } }));
  }

  async post(
    route: RouteModule,
    path: string,
    fields: Record<string, string | string[]>,
    options: { params?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    if (!route.action) throw new Error(`route for ${path} has no action`);
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
    }
    const request = new Request(`${ORIGIN}${path}`, {
      method: "POST",
      body,
      headers: { ...this.headers(), "Content-Type": "application/x-www-form-urlencoded", ...options.headers },
    });
    return this.settle(() =>
      runRouteHandler(route.action!, { request, params: options.params ?? {}, context: { clientIp: this.clientIp } }),
    );
  }

  private headers(): Record<string, string> {
    const cookie = this.cookieHeader();
    return { "User-Agent": "vitest-route-client", ...(cookie ? { Cookie: cookie } : {}) };
  }

  private async settle(run: () => unknown): Promise<Response> {
    let result: unknown;
    try {
      // run goes through runRouteHandler: the input boundary and the DomainError mapping the server applies to
      // every route (server/index.js).
      result = await run();
    } catch (thrown) {
      if (thrown instanceof Response) result = thrown;
      else throw thrown;
    }
    const response = result instanceof Response ? result : Response.json(result ?? null);
    this.absorb(response);
    return response;
  }
}

let clientCount = 0;
/** A client with an address of its own, so one test's attempts never count against another's per-IP limits. */
export function newClient(): RouteClient {
  clientCount++;
  return new RouteClient(`203.0.113.${(clientCount % 250) + 1}`);
}

export async function readJson<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.clone().json()) as T;
}
