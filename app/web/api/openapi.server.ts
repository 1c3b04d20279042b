/**
 * The OpenAPI 3.1 document of the Open API, generated from API_OPERATIONS — the same zod schemas apiGet / apiPost
 * validate requests with and (outside production) answers against — by zod's own JSON Schema output (draft 2020-12,
 * the dialect of OpenAPI 3.1). So the published contract cannot drift from what the endpoints accept and return.
 *
 * Request schemas (query, body) are converted as their *input* (a field with a default is optional for the caller),
 * answers as their *output*. Query parameters are described by the value they carry (`limit` is an integer) and sent
 * as OpenAPI's default `style: form` — strings on the wire, which the query schemas coerce. Schemas registered with
 * `.meta({ id })` become components; every other schema is inlined where it is used. Answers are left open to new
 * fields (no `additionalProperties: false`): adding a field is not a breaking change within one API-Version.
 */
import { z, type ZodType } from "zod";
import { API_SCOPES, apiScopeLabel } from "~/modules/api-clients/scopes.ts";
import { API_VERSION } from "./endpoint.server.ts";
import type { ApiOperation } from "./operation.ts";
import { API_OPERATIONS } from "./operations/index.ts";

type JsonSchema = Record<string, unknown>;

export const OPENAPI_TITLE = "揭阳银企融资对接平台开放接口";

/** Every call can be refused with these, whatever the endpoint (endpoint.server.ts). */
const COMMON_PROBLEMS = [400, 401, 403, 429, 500] as const;
/** A POST through apiPost can also be refused for its body or its Idempotency-Key. */
const POST_PROBLEMS = [409, 413, 415, 422] as const;
/** The token endpoint answers RFC 6749 errors (400 invalid_request / unsupported_grant_type / invalid_scope, 401). */
const TOKEN_PROBLEMS = [400, 401, 429, 500] as const;

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: "请求有误（查询参数、路径参数或输入内容不合规）",
  401: "缺少访问令牌，或令牌无效、已过期、所属对接系统已停用",
  403: "访问令牌缺少该接口所需的权限，或请求来源不在 IP 白名单内",
  404: "记录不存在，或不属于本机构可见范围",
  405: "不支持该请求方法",
  409: "与当前状态冲突，或同一 Idempotency-Key 已用于另一请求体",
  413: "请求体过大（上限 256 KB）",
  415: "请求体须为 JSON",
  422: "请求内容未通过校验（errors 列出各字段的原因）",
  429: "调用过于频繁，请按 Retry-After 等待后重试",
  500: "服务器内部错误",
  503: "服务暂不可用",
};

const TAG_DESCRIPTIONS: Record<string, string> = {
  oauth: "访问令牌（OAuth 2.0 客户端凭证）",
  meta: "接口文档",
  leads: "融资需求线索",
  engagements: "对接：受理、推进、备注",
  outcomes: "审批与放款结果",
  products: "金融产品",
  events: "事件流",
  balances: "贷款余额报送",
};

/** RFC 9457 problem details, as app/web/api/problem.server.ts writes them. */
export const ProblemSchema = z
  .object({
    type: z.string().describe("固定为 about:blank"),
    title: z.string().describe("HTTP 状态的英文名称"),
    status: z.number().int(),
    code: z.string().describe("稳定的错误代码，供程序判断，如 INSUFFICIENT_SCOPE"),
    detail: z.string().describe("中文说明"),
    errors: z.record(z.string(), z.string()).optional().describe("请求体被拒绝时：字段 → 原因"),
  })
  .meta({ id: "Problem", title: "Problem (RFC 9457)" });

/** The token endpoint's errors carry RFC 6749's fields beside the problem fields. */
export const OAuthProblemSchema = ProblemSchema.extend({
  error: z.string().describe("RFC 6749 错误代码，如 invalid_client"),
  error_description: z.string(),
}).meta({ id: "OAuthProblem" });

/**
 * Converts one schema. Registered sub-schemas (`.meta({ id })`) land in `components` and are referenced; if a
 * component reads differently as input than as output (a default, a transform), the input one is named `…Input`.
 */
function schemaConverter() {
  const components: Record<string, JsonSchema> = {};
  function convert(schema: ZodType, io: "input" | "output"): JsonSchema {
    const converted = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      unrepresentable: "throw",
      // zod closes every output object (`additionalProperties: false`); an answer may gain fields within one
      // API-Version, so clients must not be told to reject unknown ones.
      // `.int()` adds the safe-integer range as bounds, which only clutters the reference page's examples.
      override: ({ jsonSchema }) => {
        if (io === "output" && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
        if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
        if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      },
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = converted;
    const renames = new Map<string, string>();
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const existing = components[id];
      const name =
        existing === undefined || JSON.stringify(existing) === JSON.stringify(definition) ? id : `${id}Input`;
      renames.set(id, name);
      components[name] = definition;
    }
    const rewritten = JSON.parse(
      JSON.stringify(root).replace(/"#\/\$defs\/([^"]+)"/g, (_match, id: string) => {
        return JSON.stringify(`#/components/schemas/${renames.get(id) ?? id}`);
      }),
    ) as JsonSchema;
    // A registered schema at the top is itself a component: refer to it instead of repeating it.
    if (typeof rewritten.id === "string") {
      const { id, ...definition } = rewritten;
      components[id] = definition;
      return { $ref: `#/components/schemas/${id}` };
    }
    return rewritten;
  }
  return { convert, components };
}

function fixRefsInComponents(components: Record<string, JsonSchema>): Record<string, JsonSchema> {
  return JSON.parse(
    JSON.stringify(components).replace(/"#\/\$defs\/([^"]+)"/g, (_match, id: string) =>
      JSON.stringify(`#/components/schemas/${id}`),
    ),
  ) as Record<string, JsonSchema>;
}

function problemResponseRef(status: number, operation: ApiOperation): { $ref: string } {
  return { $ref: `#/components/responses/${operation.scope === null ? "OAuthProblem" : "Problem"}${status}` };
}

function problemStatuses(operation: ApiOperation): number[] {
  if (operation.scope === null) return operation.body ? [...TOKEN_PROBLEMS] : [];
  const statuses = new Set<number>([
    ...COMMON_PROBLEMS,
    ...(operation.method === "POST" ? POST_PROBLEMS : []),
    ...(operation.problems ?? []),
  ]);
  return [...statuses].sort((a, b) => a - b);
}

function queryParameters(operation: ApiOperation, convert: (schema: ZodType, io: "input") => JsonSchema) {
  if (!operation.query) return [];
  const object = convert(operation.query, "input");
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return {
      name,
      in: "query",
      required: required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function pathParameters(operation: ApiOperation) {
  const names = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  return names.map((name) => ({
    name,
    in: "path",
    required: true,
    description: operation.pathParams?.[name] ?? name,
    schema: { type: "string", minLength: 1, maxLength: 64 },
  }));
}

function buildOperation(operation: ApiOperation, convert: (schema: ZodType, io: "input" | "output") => JsonSchema) {
  const authenticated = operation.scope !== null;
  const parameters: unknown[] = [...pathParameters(operation), ...queryParameters(operation, convert)];
  if (authenticated && operation.method === "POST") parameters.push({ $ref: "#/components/parameters/IdempotencyKey" });
  const successHeaders: Record<string, unknown> = { "API-Version": { $ref: "#/components/headers/ApiVersion" } };
  if (authenticated && operation.method === "POST")
    successHeaders["Idempotent-Replayed"] = { $ref: "#/components/headers/IdempotentReplayed" };
  const responses: Record<string, unknown> = {
    [String(operation.response.status)]: {
      description: operation.response.description,
      headers: successHeaders,
      content: { "application/json": { schema: convert(operation.response.schema, "output") } },
    },
  };
  for (const status of problemStatuses(operation)) responses[String(status)] = problemResponseRef(status, operation);
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    security: authenticated ? [{ oauth2: [operation.scope] }] : operation.body ? [{ clientBasic: [] }, {}] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: {
              [operation.bodyMediaType ?? "application/json"]: { schema: convert(operation.body, "input") },
            },
          },
        }
      : {}),
    responses,
    ...(authenticated ? { "x-scope": operation.scope } : {}),
  };
}

function problemResponses() {
  const responses: Record<string, unknown> = {};
  const statuses = new Set<number>([
    ...COMMON_PROBLEMS,
    ...POST_PROBLEMS,
    ...Object.keys(PROBLEM_DESCRIPTIONS).map(Number),
  ]);
  for (const status of [...statuses].sort((a, b) => a - b)) {
    const headers: Record<string, unknown> = { "API-Version": { $ref: "#/components/headers/ApiVersion" } };
    if (status === 429) headers["Retry-After"] = { $ref: "#/components/headers/RetryAfter" };
    const description = PROBLEM_DESCRIPTIONS[status] ?? "请求被拒绝";
    responses[`Problem${status}`] = {
      description,
      headers,
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
    responses[`OAuthProblem${status}`] = {
      description,
      headers,
      content: { "application/json": { schema: { $ref: "#/components/schemas/OAuthProblem" } } },
    };
  }
  return responses;
}

export interface OpenApiOptions {
  /** The origin the document is served from (its `servers` entry); a relative `/` when unknown. */
  serverUrl?: string;
  operations?: readonly ApiOperation[];
}

export function buildOpenApiDocument(options: OpenApiOptions = {}) {
  const operations = options.operations ?? API_OPERATIONS;
  const { convert, components } = schemaConverter();
  convert(ProblemSchema, "output");
  convert(OAuthProblemSchema, "output");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const item = (paths[operation.path] ??= {});
    const method = operation.method.toLowerCase();
    if (item[method]) throw new Error(`two operations for ${operation.method} ${operation.path}`);
    item[method] = buildOperation(operation, convert);
  }
  const tags = [...new Set(operations.map((operation) => operation.tag))].map((name) => ({
    name,
    description: TAG_DESCRIPTIONS[name] ?? name,
  }));
  return {
    openapi: "3.1.0",
    info: {
      title: OPENAPI_TITLE,
      version: API_VERSION,
      description:
        "供银行、保险、担保机构的自有系统对接本平台：读取线索、受理对接、回填审批与放款结果。" +
        "每个应答都带 `API-Version` 请求头；错误为 RFC 9457 `application/problem+json`；金额为十进制字符串（元），时间为带时区的 ISO 8601。" +
        "接入说明见 docs/api.md。",
    },
    servers: [{ url: options.serverUrl ?? "/", description: "本平台" }],
    tags,
    paths,
    components: {
      schemas: fixRefsInComponents(components),
      responses: problemResponses(),
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "幂等键（建议为 UUID）：同一键与同一请求体在 24 小时内只执行一次并重放首次应答；同一键配另一请求体为 409",
          schema: { type: "string", minLength: 1, maxLength: 200 },
        },
      },
      headers: {
        ApiVersion: {
          description: "接口契约的日期版本",
          schema: { type: "string", const: API_VERSION },
        },
        IdempotentReplayed: {
          description: "为 true 时，本应答是同一 Idempotency-Key 首次应答的重放",
          schema: { type: "string", enum: ["true"] },
        },
        RetryAfter: {
          description: "需要等待的秒数",
          schema: { type: "integer", minimum: 1 },
        },
      },
      securitySchemes: {
        oauth2: {
          type: "oauth2",
          description: "OAuth 2.0 客户端凭证模式：用客户端标识与密钥换取访问令牌（有效期 1 小时），以 Bearer 方式携带",
          flows: {
            clientCredentials: {
              tokenUrl: "/api/v1/oauth/token",
              scopes: Object.fromEntries(API_SCOPES.map((scope) => [scope, apiScopeLabel[scope]])),
            },
          },
        },
        clientBasic: {
          type: "http",
          scheme: "basic",
          description: "仅用于令牌接口：HTTP Basic（client_id:client_secret）",
        },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
