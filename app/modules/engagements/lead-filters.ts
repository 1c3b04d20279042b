/** Choices of the officer's leads filter shared by the page and its query parser (no server code: the page imports it). */

/** 发布时间: published within the last N days. */
export const POSTED_WITHIN = ["3", "7", "30"] as const;
