/**
 * One Open API operation, declared once: its method and path, the scope it needs, and the zod schemas of its query,
 * body and answer. The route passes it to `apiGet` / `apiPost` (app/web/api/endpoint.server.ts), which validate the
 * request with these schemas — and, outside production, the answer too — and the OpenAPI document is generated
 * from the same objects (app/web/api/operations/index.ts lists them all). So the published contract and the
 * validation cannot drift apart.
 */
import type { ZodType } from "zod";
import type { ApiScope } from "~/modules/api-clients/scopes.ts";

export type ApiMethod = "GET" | "POST";

export interface ApiOperation<
  Query extends ZodType | undefined = ZodType | undefined,
  Body extends ZodType | undefined = ZodType | undefined,
> {
  /** Stable camelCase name, the OpenAPI operationId. */
  operationId: string;
  method: ApiMethod;
  /** OpenAPI path template, e.g. `/api/v1/leads/{needId}`; the Remix route file must serve exactly this path. */
  path: string;
  /** The scope a token needs; `null` only for the public endpoints (the token endpoint, the OpenAPI document). */
  scope: ApiScope | null;
  /** OpenAPI tag (a resource group), e.g. `leads`. */
  tag: string;
  /** Short Chinese summary. */
  summary: string;
  /** Longer description (Markdown; Chinese or English). */
  description?: string;
  /** Path parameters, name → description. */
  pathParams?: Record<string, string>;
  query?: Query;
  body?: Body;
  /** How the body is encoded; JSON unless said otherwise (the OAuth token endpoint takes a form). */
  bodyMediaType?: "application/json" | "application/x-www-form-urlencoded";
  /** The success answer. */
  response: { status: number; description: string; schema: ZodType };
  /** Problem statuses this operation answers besides the ones every call can get (400, 401, 403, 429, 500). */
  problems?: readonly number[];
}

/** Declares an operation; the identity function keeps the literal types for the route's handler. */
export function defineOperation<
  Query extends ZodType | undefined = undefined,
  Body extends ZodType | undefined = undefined,
>(operation: ApiOperation<Query, Body>): ApiOperation<Query, Body> {
  return operation;
}
