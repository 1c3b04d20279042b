/**
 * The OpenAPI 3.1 document: valid by the OpenAPI 3.1 schema, generated from API_OPERATIONS, and listing exactly the
 * routes the Open API serves — every route file's served method is an operation, and every operation is served.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { API_ROUTES, flatRoutePath } from "../../support/api-routes.ts";

const environment = await setUpAppEnvironment("api_openapi");
const { buildOpenApiDocument } = await import("~/web/api/openapi.server.ts");
const { API_OPERATIONS } = await import("~/web/api/operations/index.ts");
const { API_VERSION } = await import("~/web/api/endpoint.server.ts");
const { API_SCOPES, apiScopeLabel } = await import("~/modules/api-clients/scopes.ts");
const documentRoute = await import("~/routes/api.v1.openapi[.]json.ts");

afterAll(async () => {
  await environment.tearDown();
});

type Operation = {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean; $ref?: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { $ref?: string; headers?: Record<string, unknown>; content?: Record<string, unknown> }>;
};

const document = buildOpenApiDocument();
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method, operation: operation as Operation })),
);

describe("the OpenAPI document", () => {
  it("validates as OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("is served at /api/v1/openapi.json without a token, with the API-Version header", async () => {
    const response = await documentRoute.loader();
    expect(response.status).toBe(200);
    expect(response.headers.get("API-Version")).toBe(API_VERSION);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it("names the API, its version and the OAuth scopes with their Chinese labels", () => {
    expect(document.info).toMatchObject({ title: "揭阳银企融资对接平台开放接口", version: API_VERSION });
    const flow = document.components.securitySchemes.oauth2.flows.clientCredentials;
    expect(flow.tokenUrl).toBe("/api/v1/oauth/token");
    expect(flow.scopes).toEqual(Object.fromEntries(API_SCOPES.map((scope) => [scope, apiScopeLabel[scope]])));
  });

  it("gives each operation its scope, problem answers, API-Version, and an Idempotency-Key on POSTs", () => {
    for (const declared of API_OPERATIONS) {
      const listed = operations.find((entry) => entry.operation.operationId === declared.operationId)!.operation;
      const success = listed.responses[String(declared.response.status)]!;
      expect(success.headers, declared.operationId).toHaveProperty("API-Version");
      if (declared.scope === null) continue;
      expect(listed.security).toEqual([{ oauth2: [declared.scope] }]);
      for (const status of ["400", "401", "403", "429", "500", ...(declared.problems ?? []).map(String)])
        expect(listed.responses[status]?.$ref, `${declared.operationId} ${status}`).toBe(
          `#/components/responses/Problem${status}`,
        );
      const idempotencyKey = listed.parameters?.some((p) => p.$ref === "#/components/parameters/IdempotencyKey");
      expect(idempotencyKey, declared.operationId).toBe(declared.method === "POST");
      for (const name of declared.path.match(/\{[^}]+\}/g) ?? [])
        expect(listed.parameters).toContainEqual(expect.objectContaining({ name: name.slice(1, -1), in: "path" }));
    }
    const problems = document.components.responses as Record<string, { headers: object; content: object }>;
    expect(problems.Problem429!.headers).toHaveProperty("Retry-After");
    expect(problems.Problem404!.content).toHaveProperty("application/problem+json");
  });

  it("describes requests as their input (defaults optional) and the token endpoint as a form", () => {
    const feed = operations.find((entry) => entry.operation.operationId === "listLeads")!.operation;
    expect(feed.parameters).toContainEqual(
      expect.objectContaining({
        name: "limit",
        in: "query",
        required: false,
        schema: expect.objectContaining({ type: "integer", default: 50 }),
      }),
    );
    const token = operations.find((entry) => entry.operation.operationId === "issueToken")!.operation;
    expect(Object.keys(token.requestBody!.content)).toEqual(["application/x-www-form-urlencoded"]);
    expect(token.responses["401"]?.$ref).toBe("#/components/responses/OAuthProblem401");
  });
});

describe("the document against the routes", () => {
  it("derives Remix flat-route paths from file names", () => {
    expect(flatRoutePath("/app/routes/api.v1.leads._index.ts")).toBe("/api/v1/leads");
    expect(flatRoutePath("/app/routes/api.v1.leads.$needId.engagements.ts")).toBe("/api/v1/leads/{needId}/engagements");
    expect(flatRoutePath("/app/routes/api.v1.openapi[.]json.ts")).toBe("/api/v1/openapi.json");
    expect(flatRoutePath("/app/routes/api.v1.engagements_.$id.ts")).toBe("/api/v1/engagements/{id}");
  });

  it("lists every method an api.v1 route serves, and nothing it does not", async () => {
    expect(API_ROUTES.length).toBeGreaterThanOrEqual(4);
    const served: string[] = [];
    for (const route of API_ROUTES) {
      if (route.module.action) served.push(`POST ${route.path}`);
      if (!route.module.loader) continue;
      // A POST-only endpoint's loader only answers 405 (apiMethodNotAllowed): that is not an operation.
      const answer = await route.module.loader({
        request: new Request(`http://jieyang.test${route.path}`),
        params: Object.fromEntries([...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => [match[1]!, "x"])),
        context: { clientIp: "198.51.100.7" },
      });
      if (answer.status !== 405) served.push(`GET ${route.path}`);
    }
    const documented = operations.map((entry) => `${entry.method.toUpperCase()} ${entry.path}`);
    const declared = API_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`);
    expect(documented.sort()).toEqual([...declared].sort());
    expect(documented.sort()).toEqual(served.sort());
  });
});
