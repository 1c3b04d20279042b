/**
 * Once per submission: every page's forms carry a submission token (app/components/ui/csrf-input.tsx), and the
 * first POST with a token claims it here. A repeat of that token — a double click, the browser's retry after a
 * timeout, a page resubmitted from history — waits for the first to finish and gets its answer replayed, so no
 * second need, engagement, outcome or target is ever created. The web wrapper is app/web/form-submissions.server.ts;
 * the Open API's Idempotency-Key (app/modules/api-clients/idempotency.server.ts) is the same idea for machines.
 *
 * Only successful answers are kept (24 hours): a refused or failed submission changed nothing, so its token is
 * released and the corrected form may be sent again with it.
 */
import { Prisma } from "~/generated/prisma/client.ts";
import type { Db } from "~/infra/db.server.ts";
import { conflict } from "~/kernel/errors.ts";

export const FORM_SUBMISSION_TTL_HOURS = 24;
/** How long a repeat waits for the first submission's answer before it is told to try again. */
const WAIT_FOR_FIRST_MS = 15_000;
const POLL_MS = 100;
/** A first submission with no answer after this long died with its process: the token is taken over. */
const IN_FLIGHT_TAKEOVER_MS = 60_000;

export interface StoredFormAnswer {
  status: number;
  location: string | null;
  contentType: string | null;
  body: string | null;
}

export type SubmissionClaim = { kind: "run"; id: string } | { kind: "replay"; answer: StoredFormAnswer };

export function validSubmissionToken(token: string): boolean {
  return /^[A-Za-z0-9_.:-]{8,200}$/.test(token);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function claimSubmission(
  db: Db,
  args: { scope: string; token: string; path: string; requestHash: string },
): Promise<SubmissionClaim> {
  const key = { scope: args.scope.slice(0, 200), token: args.token, path: args.path.slice(0, 500) };
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const now = new Date();
    const existing = await db.formSubmission.findUnique({ where: { scope_token_path: key } });
    if (!existing || existing.expiresAt <= now) {
      if (existing) await db.formSubmission.deleteMany({ where: { id: existing.id, expiresAt: { lte: now } } });
      try {
        const created = await db.formSubmission.create({
          data: {
            ...key,
            requestHash: args.requestHash,
            expiresAt: new Date(now.getTime() + FORM_SUBMISSION_TTL_HOURS * 3_600_000),
          },
          select: { id: true },
        });
        return { kind: "run", id: created.id };
      } catch (error) {
        // A concurrent repeat claimed it first: read its row on the next turn.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") continue;
        throw error;
      }
    }
    if (existing.requestHash !== args.requestHash)
      throw conflict("该表单已经提交过；如需再次提交，请刷新页面后重新填写");
    if (existing.status !== null)
      return {
        kind: "replay",
        answer: {
          status: existing.status,
          location: existing.location,
          contentType: existing.contentType,
          body: existing.responseBody,
        },
      };
    if (now.getTime() - existing.createdAt.getTime() > IN_FLIGHT_TAKEOVER_MS) {
      const taken = await db.formSubmission.updateMany({
        where: { id: existing.id, status: null, createdAt: existing.createdAt },
        data: { createdAt: now },
      });
      if (taken.count === 1) return { kind: "run", id: existing.id };
    }
    if (Date.now() >= deadline) throw conflict("该表单正在提交中，请稍候刷新页面查看结果，不要重复提交");
    await sleep(POLL_MS);
  }
}

/** Keeps a successful answer for repeats to replay. */
export async function completeSubmission(db: Db, id: string, answer: StoredFormAnswer): Promise<void> {
  await db.formSubmission.updateMany({
    where: { id, status: null },
    data: {
      status: answer.status,
      location: answer.location,
      contentType: answer.contentType,
      responseBody: answer.body,
    },
  });
}

/** Forgets a submission that changed nothing (refused, failed, or one whose answer cannot be replayed). */
export async function releaseSubmission(db: Db, id: string): Promise<void> {
  await db.formSubmission.deleteMany({ where: { id, status: null } });
}

export async function deleteExpiredFormSubmissions(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.formSubmission.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
