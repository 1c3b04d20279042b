/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4): a client trades its id and secret for a short-lived bearer token,
 * and every API call presents that token. Tokens are 256-bit random strings stored as SHA-256, checked on every
 * call against the client's state, so a revocation or an address outside the allow-list stops it at once.
 */
import { timingSafeEqual } from "node:crypto";
import type { DbOrTx } from "~/infra/db.server.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";
import { domainError, type DomainError } from "~/kernel/errors.ts";
import { newRandomToken } from "~/modules/auth/sessions.server.ts";
import { addressAllowed, sha256Hex } from "./clients.server.ts";
import { isApiScope, type ApiScope } from "./scopes.ts";

/** Tokens live an hour, as is usual for client credentials; the client simply asks for a new one. */
export const ACCESS_TOKEN_TTL_SECONDS = 3_600;

/** lastUsedAt is a hint for the admin, not a log: written at most once a minute per client. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The OAuth error codes of RFC 6749 §5.2, each a DomainError so the API maps it in one place. */
export const oauthError = (
  status: 400 | 401,
  code: "invalid_request" | "invalid_client" | "invalid_scope" | "unsupported_grant_type",
  message: string,
): DomainError => domainError(status, code, message);

export interface IssuedToken {
  accessToken: string;
  tokenType: "Bearer";
  expiresIn: number;
  scopes: ApiScope[];
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

export async function issueAccessToken(
  db: DbOrTx,
  args: { clientId: string; clientSecret: string; scope?: string | null; ip: string; now?: Date },
): Promise<IssuedToken> {
  const now = args.now ?? new Date();
  const invalidClient = oauthError(401, "invalid_client", "客户端标识或密钥不正确，或该对接系统已停用");
  if (!args.clientId || !args.clientSecret || args.clientId.length > 100 || args.clientSecret.length > 200)
    throw invalidClient;
  const client = await db.apiClient.findUnique({
    where: { clientId: args.clientId },
    select: {
      id: true,
      scopes: true,
      ipAllowList: true,
      revokedAt: true,
      serviceUser: { select: { isActive: true } },
      institution: { select: { isActive: true } },
      secrets: { where: { revokedAt: null }, select: { secretHash: true, expiresAt: true } },
    },
  });
  const presented = sha256Hex(args.clientSecret);
  const secretValid =
    client?.secrets.some(
      (secret) => (secret.expiresAt === null || secret.expiresAt > now) && sameHash(secret.secretHash, presented),
    ) ?? false;
  if (!client || !secretValid || client.revokedAt || !client.serviceUser.isActive || !client.institution.isActive)
    throw invalidClient;
  if (!addressAllowed(client.ipAllowList, args.ip))
    throw oauthError(401, "invalid_client", "请求来源地址不在该对接系统的 IP 白名单内");

  const requested = (args.scope ?? "").split(" ").filter(Boolean);
  const unknownOrUngranted = requested.filter((scope) => !isApiScope(scope) || !client.scopes.includes(scope));
  if (unknownOrUngranted.length > 0)
    throw oauthError(
      400,
      "invalid_scope",
      `该对接系统未获授权的接口权限：${unknownOrUngranted.join(" ").slice(0, 200)}`,
    );
  const scopes = (requested.length > 0 ? requested : client.scopes).filter(isApiScope);

  const accessToken = `jyt_${newRandomToken()}`;
  await db.apiAccessToken.create({
    data: {
      apiClientId: client.id,
      tokenHash: sha256Hex(accessToken),
      scopes,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1_000),
    },
    select: { id: true },
  });
  await db.apiClient.update({ where: { id: client.id }, data: { lastUsedAt: now }, select: { id: true } });
  return { accessToken, tokenType: "Bearer", expiresIn: ACCESS_TOKEN_TTL_SECONDS, scopes };
}

/** Who is calling: the client, its institution, its granted scopes and the service user the domain sees. */
export interface ApiCaller {
  apiClientId: string;
  clientId: string;
  institutionId: string;
  scopes: ApiScope[];
  actor: InstitutionActor;
}

export const invalidToken = (message = "访问令牌无效或已过期，请重新获取") =>
  domainError(401, "INVALID_TOKEN", message);

export async function authenticateAccessToken(
  db: DbOrTx,
  args: { token: string; ip: string; now?: Date },
): Promise<ApiCaller> {
  const now = args.now ?? new Date();
  if (!args.token.startsWith("jyt_") || args.token.length > 100) throw invalidToken();
  const token = await db.apiAccessToken.findUnique({
    where: { tokenHash: sha256Hex(args.token) },
    select: {
      scopes: true,
      expiresAt: true,
      apiClient: {
        select: {
          id: true,
          clientId: true,
          institutionId: true,
          ipAllowList: true,
          revokedAt: true,
          lastUsedAt: true,
          serviceUser: { select: { id: true, role: true, isActive: true } },
          institution: { select: { isActive: true } },
        },
      },
    },
  });
  if (!token || token.expiresAt <= now) throw invalidToken();
  const client = token.apiClient;
  if (client.revokedAt || !client.serviceUser.isActive || !client.institution.isActive)
    throw invalidToken("该对接系统已停用，访问令牌失效");
  if (!addressAllowed(client.ipAllowList, args.ip)) throw invalidToken("请求来源地址不在该对接系统的 IP 白名单内");
  if (!client.lastUsedAt || now.getTime() - client.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS)
    await db.apiClient.update({ where: { id: client.id }, data: { lastUsedAt: now }, select: { id: true } });
  return {
    apiClientId: client.id,
    clientId: client.clientId,
    institutionId: client.institutionId,
    scopes: token.scopes.filter(isApiScope),
    actor: { userId: client.serviceUser.id, role: client.serviceUser.role, institutionId: client.institutionId },
  };
}

/** Removes expired tokens (the worker's nightly sweep). */
export async function deleteExpiredAccessTokens(db: DbOrTx, now: Date = new Date()): Promise<number> {
  const { count } = await db.apiAccessToken.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
