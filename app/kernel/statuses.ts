/**
 * The lifecycle vocabulary every area shares (docs/domain.md), each set written once. Only generated types are
 * imported (no client), so pages and browser code may use it too.
 */

// ───────────────────────────── deadlines ─────────────────────────────

/** The two 限时响应 clocks: a published need's first response, and an accepted engagement's decision. */
export const DEADLINE_KINDS = ["FIRST_RESPONSE", "DECISION"] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
