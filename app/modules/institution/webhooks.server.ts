/**
 * Webhook endpoints an institution registers so new leads reach its own systems (the worker posts them signed with
 * HMAC-SHA256 over `timestamp.body`; see notifications/channels/webhook.server.ts for the headers and
 * verifyWebhookSignature).
 *
 * The institution's admin adds an endpoint — the signing secret is generated here and shown once — disables one, and
 * re-enables one the worker disabled after repeated failed deliveries. Every change is audited; the secret never is.
 */
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import type { Db } from "~/infra/db.server.ts";
import type { FieldErrors } from "~/kernel/forms.ts";
import { conflict, domainError, notFound } from "~/kernel/errors.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";

export const MAX_ENDPOINTS_PER_INSTITUTION = 5;
const MAX_URL_LENGTH = 500;

export interface WebhookEndpointView {
  id: string;
  url: string;
  isEnabled: boolean;
  consecutiveFailures: number;
  disabledAt: Date | null;
  createdAt: Date;
}

export function listWebhookEndpoints(db: Db, institutionId: string): Promise<WebhookEndpointView[]> {
  return db.webhookEndpoint.findMany({
    where: { institutionId },
    orderBy: { createdAt: "asc" },
    select: { id: true, url: true, isEnabled: true, consecutiveFailures: true, disabledAt: true, createdAt: true },
  });
}

/** Loopback, private, link-local and other non-public address literals (IPv4 and IPv6). */
function isNonPublicAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  const version = isIP(bare);
  if (version === 4) {
    const [a, b] = bare.split(".").map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  if (version === 6) {
    return (
      bare === "::" || bare === "::1" || /^f[cd]/.test(bare) || /^fe[89ab]/.test(bare) || bare.startsWith("::ffff:")
    );
  }
  return false;
}

/**
 * The URL the worker will post to, or why it cannot be one. In production it must be https and public: the worker
 * posts from inside the platform's network, so an address on it (loopback, private ranges, `localhost`) is refused.
 */
export function checkWebhookUrl(raw: string, options: { production: boolean }): { url: string } | { error: string } {
  const text = raw.trim();
  if (text === "") return { error: "请填写回调地址" };
  if (text.length > MAX_URL_LENGTH) return { error: `回调地址不能超过 ${MAX_URL_LENGTH} 个字符` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: "请填写完整的网址，例如 https://api.example.com/jieyang/leads" };
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && !options.production))
    return { error: "回调地址必须以 https:// 开头" };
  if (url.username || url.password) return { error: "回调地址不能包含用户名或密码" };
  const host = url.hostname.toLowerCase();
  if (options.production && (host === "localhost" || host.endsWith(".localhost") || isNonPublicAddress(host))) {
    return { error: "回调地址不能指向本机或内网地址" };
  }
  url.hash = "";
  return { url: url.toString() };
}

export type RegisterResult =
  { ok: true; id: string; url: string; secret: string } | { ok: false; fieldErrors: FieldErrors };

export async function registerWebhookEndpoint(
  db: Db,
  args: { actor: InstitutionActor; url: string; production: boolean },
): Promise<RegisterResult> {
  const checked = checkWebhookUrl(args.url, { production: args.production });
  if ("error" in checked) return { ok: false, fieldErrors: { url: checked.error } };
  const existing = await db.webhookEndpoint.findMany({
    where: { institutionId: args.actor.institutionId },
    select: { url: true },
  });
  if (existing.some((endpoint) => endpoint.url === checked.url))
    return { ok: false, fieldErrors: { url: "该回调地址已登记" } };
  if (existing.length >= MAX_ENDPOINTS_PER_INSTITUTION) {
    return {
      ok: false,
      fieldErrors: { url: `每家机构最多登记 ${MAX_ENDPOINTS_PER_INSTITUTION} 个回调地址，请先停用或清理不用的地址` },
    };
  }
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const endpoint = await db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: { institutionId: args.actor.institutionId, url: checked.url, secret },
      select: { id: true },
    });
    await recordAudit(tx, {
      action: "WEBHOOK_ENDPOINT_CREATED",
      actor: args.actor,
      subject: { type: "WebhookEndpoint", id: created.id },
      data: { url: checked.url },
    });
    return created;
  });
  return { ok: true, id: endpoint.id, url: checked.url, secret };
}

/** Enabling also clears the failure count, so the worker starts counting afresh. */
export async function setWebhookEndpointEnabled(
  db: Db,
  args: { actor: InstitutionActor; endpointId: string; enabled: boolean },
): Promise<void> {
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: args.endpointId, institutionId: args.actor.institutionId },
    select: { id: true, isEnabled: true },
  });
  if (!endpoint) throw notFound("该回调地址不存在或不属于本机构");
  if (endpoint.isEnabled === args.enabled)
    throw conflict(args.enabled ? "该回调地址已是启用状态" : "该回调地址已经停用");
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: args.enabled
        ? { isEnabled: true, consecutiveFailures: 0, disabledAt: null }
        : { isEnabled: false, disabledAt: new Date() },
    });
    await recordAudit(tx, {
      action: args.enabled ? "WEBHOOK_ENDPOINT_ENABLED" : "WEBHOOK_ENDPOINT_DISABLED_BY_ADMIN",
      actor: args.actor,
      subject: { type: "WebhookEndpoint", id: endpoint.id },
    });
  });
}

/** How long a rotated-out secret keeps signing by default: a receiver has a day to switch. */
export const WEBHOOK_ROTATION_OVERLAP_HOURS = 24;

/**
 * A new signing secret, shown once. Until the overlap ends every delivery carries two signatures (new and previous
 * secret), so the receiver can switch without losing a delivery; an overlap of 0 stops the old secret at once.
 * Audited; the secrets never are.
 */
export async function rotateWebhookSecret(
  db: Db,
  args: { actor: InstitutionActor; endpointId: string; overlapHours?: number; now?: Date },
): Promise<{ secret: string; previousSecretExpiresAt: Date | null }> {
  const now = args.now ?? new Date();
  const overlapHours = args.overlapHours ?? WEBHOOK_ROTATION_OVERLAP_HOURS;
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > 24 * 7)
    throw domainError(422, "VALIDATION_FAILED", "过渡期须为 0–168 小时的整数");
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: args.endpointId, institutionId: args.actor.institutionId },
    select: { id: true, secret: true },
  });
  if (!endpoint) throw notFound("该回调地址不存在或不属于本机构");
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const previousSecretExpiresAt = overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3_600_000) : null;
  await db.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: endpoint.id, secret: endpoint.secret },
      data: {
        secret,
        previousSecret: previousSecretExpiresAt ? endpoint.secret : null,
        previousSecretExpiresAt,
      },
    });
    if (count !== 1) throw conflict("签名密钥刚被他人更换，请刷新页面后重试");
    await recordAudit(tx, {
      action: "WEBHOOK_SECRET_ROTATED",
      actor: args.actor,
      subject: { type: "WebhookEndpoint", id: endpoint.id },
      data: { overlapHours, previousSecretExpiresAt: previousSecretExpiresAt?.toISOString() ?? null },
    });
  });
  return { secret, previousSecretExpiresAt };
}
