/** The ranking's published rules (shown on the page next to the results, used by ranking.server.ts). */
/** Fewest requests an institution needs in the period to be singled out as best or worst. */
export const MIN_REQUESTS_FOR_HIGHLIGHT = 5;
export const HIGHLIGHT_COUNT = 3;

export const SCORE_WEIGHTS = {
  inTimeRate: 30,
  acceptanceRate: 20,
  conversionRate: 20,
  disbursed: 15,
  firstLoan: 15,
} as const;
