/**
 * Registering, rotating and revoking the Open API clients of an institution (系统对接). Only the institution's
 * admin manages them; every change is audited. A client secret is shown once, at registration or rotation, and
 * stored only as its SHA-256.
 *
 * Each client gets a service user: an OFFICER of the institution with no usable password. API calls act as that
 * user through the same domain functions as the web, so ownership, consent, visibility, the active-engagement cap,
 * legal transitions and audited contact reveals apply unchanged.
 */
import { createHash, randomBytes } from "node:crypto";
import { BlockList, isIP } from "node:net";
import { z } from "zod";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";
import { conflict, forbidden, notFound } from "~/kernel/errors.ts";
import { parseWithSchema, type FieldErrors } from "~/kernel/forms.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { API_SCOPES, type ApiScope } from "./scopes.ts";

/** A password hash no argon2 verification accepts: the service user can never sign in on the web. */
const NO_PASSWORD = "!api-client";

/** How long an old secret keeps working after a rotation, unless the admin chooses otherwise. */
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;
const MAX_ROTATION_OVERLAP_HOURS = 24 * 30;

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

function randomSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

/** Parses one allow-list entry: an IPv4/IPv6 address or a CIDR range. */
export function parseAllowListEntry(entry: string): { address: string; prefix: number | null; family: 4 | 6 } | null {
  const [address, prefixText, ...rest] = entry.split("/");
  if (!address || rest.length > 0) return null;
  const family = isIP(address);
  if (family !== 4 && family !== 6) return null;
  if (prefixText === undefined) return { address, prefix: null, family };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > (family === 4 ? 32 : 128)) return null;
  return { address, prefix, family };
}

/** Does the caller's address fall within the allow-list? An empty list allows every address. */
export function addressAllowed(allowList: readonly string[], ip: string): boolean {
  if (allowList.length === 0) return true;
  const normalised = ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(normalised);
  if (family !== 4 && family !== 6) return false;
  const list = new BlockList();
  for (const entry of allowList) {
    const parsed = parseAllowListEntry(entry);
    if (!parsed) continue;
    const type = parsed.family === 4 ? "ipv4" : "ipv6";
    if (parsed.prefix === null) list.addAddress(parsed.address, type);
    else list.addSubnet(parsed.address, parsed.prefix, type);
  }
  return list.check(normalised, family === 4 ? "ipv4" : "ipv6");
}

const RegisterClientSchema = z.object({
  name: z
    .string({ error: "请填写对接系统名称" })
    .trim()
    .min(2, "对接系统名称至少 2 个字")
    .max(60, "对接系统名称不能超过 60 个字"),
  scopes: z
    .array(z.enum(API_SCOPES, { error: "请选择有效的接口权限" }), { error: "请至少选择一项接口权限" })
    .min(1, "请至少选择一项接口权限"),
  ipAllowList: z
    .string()
    .max(2_000, "IP 白名单过长")
    .optional()
    .transform((text) => [
      ...new Set(
        (text ?? "")
          .split(/[\s,，;；]+/)
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
    ])
    .refine((entries) => entries.length <= 50, "IP 白名单最多 50 项")
    .refine(
      (entries) => entries.every((entry) => parseAllowListEntry(entry) !== null),
      "IP 白名单只能填写 IP 地址或 CIDR 网段，例如 203.0.113.10 或 203.0.113.0/24",
    ),
});

export type RegisterClientResult =
  | { ok: true; client: { id: string; clientId: string; name: string; scopes: ApiScope[] }; clientSecret: string }
  | { ok: false; fieldErrors: FieldErrors };

function requireAdmin(actor: InstitutionActor): void {
  if (actor.role !== "INSTITUTION_ADMIN") throw forbidden("只有机构管理员可以管理系统对接");
}

export async function registerApiClient(
  db: Db,
  args: { actor: InstitutionActor; fields: Record<string, unknown> },
): Promise<RegisterClientResult> {
  requireAdmin(args.actor);
  const raw = args.fields;
  const scopes = Array.isArray(raw.scopes) ? raw.scopes : raw.scopes === undefined ? [] : [raw.scopes];
  const parsed = parseWithSchema(RegisterClientSchema, { ...raw, scopes });
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
  const { name, ipAllowList } = parsed.data;
  const chosen = API_SCOPES.filter((scope) => parsed.data.scopes.includes(scope));
  const clientId = randomSecret("jyc_", 12);
  const clientSecret = randomSecret("jys_");
  const client = await db.$transaction(async (tx) => {
    const serviceUser = await tx.user.create({
      data: {
        loginName: `api:${clientId}`,
        passwordHash: NO_PASSWORD,
        displayName: `系统对接：${name}`,
        role: "OFFICER",
        institutionId: args.actor.institutionId,
        notifyByEmail: false,
        notifyBySms: false,
      },
      select: { id: true },
    });
    const created = await tx.apiClient.create({
      data: {
        institutionId: args.actor.institutionId,
        serviceUserId: serviceUser.id,
        name,
        clientId,
        scopes: chosen,
        ipAllowList,
        secrets: { create: { secretHash: sha256Hex(clientSecret), hint: clientSecret.slice(0, 8) } },
      },
      select: { id: true, clientId: true, name: true },
    });
    await recordAudit(tx, {
      action: "API_CLIENT_REGISTERED",
      actor: args.actor,
      subject: { type: "ApiClient", id: created.id },
      data: { clientId, name, scopes: chosen, ipAllowList },
    });
    return created;
  });
  return { ok: true, client: { ...client, scopes: chosen }, clientSecret };
}

async function loadOwnClient(db: DbOrTx, actor: InstitutionActor, apiClientId: string) {
  requireAdmin(actor);
  const client = await db.apiClient.findFirst({
    where: { id: apiClientId, institutionId: actor.institutionId },
    select: { id: true, clientId: true, revokedAt: true },
  });
  // Another institution's client reads as absent: its existence is not revealed.
  if (!client) throw notFound("找不到该对接系统");
  return client;
}

/**
 * Issues a new secret. The old ones keep working for `overlapHours` (0 = stop at once), so the bank can deploy
 * the new secret before the old one stops.
 */
export async function rotateApiClientSecret(
  db: Db,
  args: { actor: InstitutionActor; apiClientId: string; overlapHours?: number; now?: Date },
): Promise<{ clientSecret: string; previousSecretsExpireAt: Date }> {
  const now = args.now ?? new Date();
  const overlapHours = args.overlapHours ?? DEFAULT_ROTATION_OVERLAP_HOURS;
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_ROTATION_OVERLAP_HOURS)
    throw conflict(`过渡期须为 0 到 ${MAX_ROTATION_OVERLAP_HOURS} 小时之间的整数`);
  const client = await loadOwnClient(db, args.actor, args.apiClientId);
  if (client.revokedAt) throw conflict("该对接系统已停用，不能更换密钥");
  const clientSecret = randomSecret("jys_");
  const previousSecretsExpireAt = new Date(now.getTime() + overlapHours * 3_600_000);
  await db.$transaction(async (tx) => {
    // Shorten, never lengthen: a secret already due to expire sooner keeps its earlier end.
    await tx.apiClientSecret.updateMany({
      where: {
        apiClientId: client.id,
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: previousSecretsExpireAt } }],
      },
      data: { expiresAt: previousSecretsExpireAt },
    });
    await tx.apiClientSecret.create({
      data: { apiClientId: client.id, secretHash: sha256Hex(clientSecret), hint: clientSecret.slice(0, 8) },
    });
    await recordAudit(tx, {
      action: "API_CLIENT_SECRET_ROTATED",
      actor: args.actor,
      subject: { type: "ApiClient", id: client.id },
      data: { overlapHours },
    });
  });
  return { clientSecret, previousSecretsExpireAt };
}

/** Stops a client at once: its secrets and every token it holds stop working on the next call. */
export async function revokeApiClient(
  db: Db,
  args: { actor: InstitutionActor; apiClientId: string; now?: Date },
): Promise<void> {
  const now = args.now ?? new Date();
  const client = await loadOwnClient(db, args.actor, args.apiClientId);
  if (client.revokedAt) throw conflict("该对接系统已经停用");
  await db.$transaction(async (tx) => {
    await tx.apiClient.update({ where: { id: client.id }, data: { revokedAt: now } });
    await tx.apiClientSecret.updateMany({
      where: { apiClientId: client.id, revokedAt: null },
      data: { revokedAt: now },
    });
    await tx.apiAccessToken.deleteMany({ where: { apiClientId: client.id } });
    await recordAudit(tx, {
      action: "API_CLIENT_REVOKED",
      actor: args.actor,
      subject: { type: "ApiClient", id: client.id },
    });
  });
}

export async function listApiClients(db: DbOrTx, actor: InstitutionActor) {
  requireAdmin(actor);
  return db.apiClient.findMany({
    where: { institutionId: actor.institutionId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      clientId: true,
      name: true,
      scopes: true,
      ipAllowList: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      secrets: {
        where: { revokedAt: null },
        orderBy: { createdAt: "desc" },
        select: { id: true, hint: true, createdAt: true, expiresAt: true },
      },
    },
  });
}
