/**
 * The Open API's public endpoints, which need no bearer token: the OAuth 2.0 token endpoint and the OpenAPI document
 * itself. Their routes answer on their own (not through apiGet / apiPost); they are declared here so the document
 * lists them like every other endpoint.
 */
import { z } from "zod";
import { defineOperation } from "../operation.ts";

export const issueToken = defineOperation({
  operationId: "issueToken",
  method: "POST",
  path: "/api/v1/oauth/token",
  scope: null,
  tag: "oauth",
  summary: "获取访问令牌（OAuth 2.0 客户端凭证模式）",
  description:
    "RFC 6749 §4.4 client credentials. Authenticate with HTTP Basic (`client_id:client_secret`) or with " +
    "`client_id` and `client_secret` in the form. Errors carry RFC 6749's `error` / `error_description` besides the " +
    "problem fields.",
  bodyMediaType: "application/x-www-form-urlencoded",
  body: z.object({
    grant_type: z.literal("client_credentials"),
    scope: z.string().optional().describe("以空格分隔的接口权限，须为登记时授予权限的子集；省略时为全部已授予权限"),
    client_id: z.string().optional().describe("未使用 HTTP Basic 时提供"),
    client_secret: z.string().optional().describe("未使用 HTTP Basic 时提供"),
  }),
  response: {
    status: 200,
    description: "访问令牌",
    schema: z.object({
      access_token: z.string(),
      token_type: z.literal("Bearer"),
      expires_in: z.number().int().describe("有效期（秒）"),
      scope: z.string().describe("令牌包含的接口权限，以空格分隔"),
    }),
  },
});

export const getOpenApiDocument = defineOperation({
  operationId: "getOpenApiDocument",
  method: "GET",
  path: "/api/v1/openapi.json",
  scope: null,
  tag: "meta",
  summary: "本接口的 OpenAPI 3.1 文档",
  description: "This document. The readable reference page is `/api/docs`.",
  response: {
    status: 200,
    description: "OpenAPI 3.1 文档",
    schema: z.object({ openapi: z.string() }).catchall(z.unknown()),
  },
});
