import { EngagementStatus, NeedStatus } from "~/generated/prisma/enums.ts";
import {
  ENGAGEMENT_ACTIVE_STATUSES,
  ENGAGEMENT_AWAITING_DECISION_STATUSES,
  ENGAGEMENT_CONSENTED_STATUSES,
  ENGAGEMENT_FINAL_STATUSES,
  NEED_LIVE_STATUSES,
  engagementActive,
  engagementAwaitingDecision,
  isEngagementActive,
  isEngagementAwaitingDecision,
  isEngagementConsented,
  isEngagementFinal,
  isNeedLive,
  needLive,
} from "~/kernel/statuses.ts";
import { LEGAL_TRANSITIONS } from "~/modules/engagements/lifecycle.ts";
import { ALLOWED_FROM } from "~/modules/needs/need-lifecycle.ts";

const ENGAGEMENT = Object.values(EngagementStatus);
const sorted = (values: readonly string[]) => [...values].sort();

describe("engagement status sets (docs/domain.md#engagement-lifecycle)", () => {
  it("splits every status into active or final, as the lifecycle's transitions say", () => {
    const final = ENGAGEMENT.filter((status) => LEGAL_TRANSITIONS[status].length === 0);
    expect(sorted(ENGAGEMENT_FINAL_STATUSES)).toEqual(sorted(final));
    expect(sorted([...ENGAGEMENT_ACTIVE_STATUSES, ...ENGAGEMENT_FINAL_STATUSES])).toEqual(sorted(ENGAGEMENT));
    for (const status of ENGAGEMENT) expect(isEngagementActive(status)).toBe(!isEngagementFinal(status));
  });

  it("awaits a decision from acceptance until approval or decline", () => {
    expect(sorted(ENGAGEMENT_AWAITING_DECISION_STATUSES)).toEqual(["ACCEPTED", "CONTACTED", "UNDER_REVIEW"]);
    for (const status of ENGAGEMENT_AWAITING_DECISION_STATUSES) {
      expect(isEngagementActive(status)).toBe(true);
      expect(LEGAL_TRANSITIONS[status]).toContain("DECLINED");
    }
    expect(isEngagementAwaitingDecision("REQUESTED")).toBe(false);
    expect(isEngagementAwaitingDecision("APPROVED")).toBe(false);
  });

  it("counts the enterprise's yes from acceptance on, withdrawal aside", () => {
    expect(isEngagementConsented("REQUESTED")).toBe(false);
    expect(isEngagementConsented("WITHDRAWN")).toBe(false);
    for (const status of ENGAGEMENT_AWAITING_DECISION_STATUSES) expect(isEngagementConsented(status)).toBe(true);
    expect(ENGAGEMENT_CONSENTED_STATUSES).toHaveLength(6);
  });

  it("writes the where fragments from the same sets", () => {
    expect(sorted(engagementActive.status.in)).toEqual(sorted(ENGAGEMENT_ACTIVE_STATUSES));
    expect(sorted(engagementAwaitingDecision.status.in)).toEqual(sorted(ENGAGEMENT_AWAITING_DECISION_STATUSES));
    expect(engagementAwaitingDecision.decidedAt).toBeNull();
  });
});

describe("need status sets (docs/domain.md#need-lifecycle)", () => {
  it("calls a need live while it is published and not closed", () => {
    expect(sorted(NEED_LIVE_STATUSES)).toEqual(["IN_PROGRESS", "OPEN"]);
    for (const status of Object.values(NeedStatus))
      expect(isNeedLive(status)).toBe(ALLOWED_FROM.close.includes(status));
    expect(sorted(needLive.status.in)).toEqual(sorted(NEED_LIVE_STATUSES));
  });
});
