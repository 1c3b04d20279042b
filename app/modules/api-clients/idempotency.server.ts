/**
 * Idempotency-Key for API POSTs (the convention of Stripe and the IETF draft "The Idempotency-Key HTTP Header
 * Field"): the first request with a key is run and its answer stored for 24 hours; the same key with the same
 * method, path and body replays that answer; the same key with a different request is a 409. A request still
 * running holds the key; a holder that died (no answer after IN_FLIGHT_TAKEOVER_MS) is taken over, so a crash
 * never locks a key for a day.
 */
import { Prisma } from "~/generated/prisma/client.ts";
import type { Db } from "~/infra/db.server.ts";
import { conflict, domainError } from "~/kernel/errors.ts";
import { sha256Hex } from "./clients.server.ts";

export const IDEMPOTENCY_TTL_HOURS = 24;
const IN_FLIGHT_TAKEOVER_MS = 60_000;

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export type IdempotencyClaim = { kind: "run"; recordId: string } | { kind: "replay"; answer: StoredAnswer };

export function requestFingerprint(method: string, path: string, body: string): string {
  return sha256Hex(`${method.toUpperCase()}\n${path}\n${body}`);
}

export function validIdempotencyKey(key: string): boolean {
  return key.length >= 8 && key.length <= 255 && /^[\x21-\x7e]+$/.test(key);
}

export async function claimIdempotencyKey(
  db: Db,
  args: { apiClientId: string; key: string; method: string; path: string; fingerprint: string; now?: Date },
): Promise<IdempotencyClaim> {
  const now = args.now ?? new Date();
  if (!validIdempotencyKey(args.key))
    throw domainError(400, "INVALID_IDEMPOTENCY_KEY", "Idempotency-Key 须为 8–255 个可见 ASCII 字符，建议使用 UUID");
  const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_HOURS * 3_600_000);
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await db.apiIdempotencyRecord.findUnique({
      where: { apiClientId_key: { apiClientId: args.apiClientId, key: args.key } },
      select: { id: true, requestHash: true, status: true, responseBody: true, createdAt: true, expiresAt: true },
    });
    if (!existing) {
      try {
        const created = await db.apiIdempotencyRecord.create({
          data: {
            apiClientId: args.apiClientId,
            key: args.key,
            method: args.method,
            path: args.path.slice(0, 500),
            requestHash: args.fingerprint,
            createdAt: now,
            expiresAt,
          },
          select: { id: true },
        });
        return { kind: "run", recordId: created.id };
      } catch (error) {
        // Another request with this key won the race: read its record on the next turn.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") continue;
        throw error;
      }
    }
    if (existing.expiresAt <= now) {
      await db.apiIdempotencyRecord.deleteMany({ where: { id: existing.id, expiresAt: { lte: now } } });
      continue;
    }
    if (existing.requestHash !== args.fingerprint)
      throw domainError(
        409,
        "IDEMPOTENCY_KEY_REUSED",
        "该 Idempotency-Key 已用于另一个不同的请求；重试请使用相同的请求内容，新请求请使用新的 Idempotency-Key",
      );
    if (existing.status !== null)
      return { kind: "replay", answer: { status: existing.status, body: existing.responseBody } };
    if (now.getTime() - existing.createdAt.getTime() < IN_FLIGHT_TAKEOVER_MS)
      throw conflict("使用该 Idempotency-Key 的请求仍在处理中，请稍后重试");
    // The first holder died without answering: take the key over (one taker wins the conditional update).
    const taken = await db.apiIdempotencyRecord.updateMany({
      where: { id: existing.id, status: null, createdAt: existing.createdAt },
      data: { createdAt: now },
    });
    if (taken.count === 1) return { kind: "run", recordId: existing.id };
  }
  throw conflict("使用该 Idempotency-Key 的请求仍在处理中，请稍后重试");
}

/** Stores the answer to replay. A server error is not stored: the key is released so a retry runs again. */
export async function completeIdempotencyKey(db: Db, recordId: string, answer: StoredAnswer): Promise<void> {
  if (answer.status >= 500) {
    await db.apiIdempotencyRecord.deleteMany({ where: { id: recordId, status: null } });
    return;
  }
  await db.apiIdempotencyRecord.update({
    where: { id: recordId },
    data: { status: answer.status, responseBody: (answer.body ?? Prisma.JsonNull) as Prisma.InputJsonValue },
    select: { id: true },
  });
}

export async function deleteExpiredIdempotencyRecords(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.apiIdempotencyRecord.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
