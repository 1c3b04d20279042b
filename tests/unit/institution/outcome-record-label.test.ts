import { describe, expect, it } from "vitest";
import { outcomeRecordLabel } from "~/components/institution/engagement-parts.tsx";

describe("outcome history wording", () => {
  it("reads an approval then a disbursement as two stages, and only a repeat of a stage as a correction", () => {
    const outcomes = [
      { id: "a", kind: "APPROVED" as const, version: 1 },
      { id: "b", kind: "DISBURSED" as const, version: 2 },
      { id: "c", kind: "DISBURSED" as const, version: 3 },
    ];
    expect(outcomes.map((outcome) => outcomeRecordLabel(outcome, outcomes))).toEqual([
      "审批结论",
      "放款登记",
      "更正（第 2 版）",
    ]);
  });
});
