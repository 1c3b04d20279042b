/**
 * The consent wording in force (ConsentTextVersion rows are immutable; a new wording is a new version). The form
 * posts back the version it showed, so a wording that changed between reading and ticking is never recorded as
 * agreed.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import { domainError } from "~/kernel/errors.ts";

export type ConsentText = { version: string; body: string };

export async function findCurrentConsentText(db: DbOrTx, now: Date = new Date()): Promise<ConsentText | null> {
  return db.consentTextVersion.findFirst({
    where: { effectiveAt: { lte: now } },
    orderBy: { effectiveAt: "desc" },
    select: { version: true, body: true },
  });
}

export async function requireCurrentConsentText(db: DbOrTx, now: Date = new Date()): Promise<ConsentText> {
  const text = await findCurrentConsentText(db, now);
  if (!text) throw domainError(503, "CONSENT_TEXT_MISSING", "平台授权书尚未配置，暂时无法发布需求，请联系平台客服");
  return text;
}

export const CONSENT_CHANGED_MESSAGE = "授权书内容已更新，请重新阅读后再勾选同意";
