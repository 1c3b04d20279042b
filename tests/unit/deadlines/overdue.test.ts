import { EngagementStatus } from "~/generated/prisma/enums.ts";
import { isDecisionOverdue, overdueDecisionWhere } from "~/modules/deadlines/overdue.ts";

const now = new Date("2026-11-25T04:00:00Z");
const past = new Date("2026-11-24T04:00:00Z");
const future = new Date("2026-11-26T04:00:00Z");

describe("an overdue decision (docs/domain.md#deadlines)", () => {
  it("is an engagement still awaiting its decision after decisionDueAt", () => {
    const overdue = Object.values(EngagementStatus).filter((status) =>
      isDecisionOverdue({ status, decisionDueAt: past }, now),
    );
    expect(overdue.sort()).toEqual(["ACCEPTED", "CONTACTED", "UNDER_REVIEW"]);
    expect(isDecisionOverdue({ status: "CONTACTED", decisionDueAt: future }, now)).toBe(false);
    expect(isDecisionOverdue({ status: "CONTACTED", decisionDueAt: now }, now)).toBe(false);
    expect(isDecisionOverdue({ status: "CONTACTED", decisionDueAt: null }, now)).toBe(false);
  });

  it("selects the same rows in Postgres", () => {
    expect(overdueDecisionWhere(now)).toEqual({
      status: { in: ["ACCEPTED", "CONTACTED", "UNDER_REVIEW"] },
      decidedAt: null,
      decisionDueAt: { lt: now },
    });
  });
});
