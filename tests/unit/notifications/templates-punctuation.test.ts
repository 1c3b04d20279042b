/**
 * Every notification template, rendered with the awkward inputs people type (a decline message ending in "。",
 * half-width commas, brackets), must read as clean Chinese: no doubled or stacked punctuation ("…）。）。"), no
 * half-width punctuation beside Chinese characters, and each message names its need (purpose and amount).
 */
import { describe, expect, it } from "vitest";
import * as templates from "~/modules/notifications/templates.ts";
import type { LeadSummary, RenderedNotification } from "~/modules/notifications/templates.ts";
import { DECLINE_REASONS } from "~/modules/engagements/lifecycle.ts";

const lead: LeadSummary = {
  needId: "need_1",
  maskedName: "揭阳某塑料制品有限公司",
  regionName: "榕城区",
  amount: "500000.00",
  termMonths: 12,
  purposeCategory: "EQUIPMENT_PURCHASE",
};
const NEED_NAME = "设备购置 50 万元";
const dueAt = new Date("2026-12-07T09:00:00Z");
const typed = [null, "抵押物评估值不足。", "额度不够,请补充担保!", "（见附件）", "  请补充材料；  ", "A 类客户(试点)"];

/** Every template with every variant of its input; the keys must be exactly the module's template functions. */
const renderers: Record<string, () => RenderedNotification[]> = {
  leadMatched: () =>
    [true, false].flatMap((escalated) =>
      [true, false].flatMap((directed) =>
        [[], ["助企贷"], ["助企贷", "科创贷", "惠农贷", "第四款"]].flatMap((productNames) =>
          [dueAt, null].map((due) =>
            templates.leadMatched({
              lead,
              institutionName: "揭阳农商银行",
              productNames,
              dueAt: due,
              escalated,
              directed,
            }),
          ),
        ),
      ),
    ),
  engagementRequestedToInstitution: () => [templates.engagementRequestedToInstitution({ lead })],
  engagementRequestedToEnterprise: () => [
    templates.engagementRequestedToEnterprise({ lead, institutionName: "揭阳农商银行" }),
  ],
  engagementAccepted: () =>
    [true, false].map((toEnterprise) =>
      templates.engagementAccepted({ needId: lead.needId, institutionName: "揭阳农商银行", toEnterprise, lead }),
    ),
  engagementDeclined: () =>
    [true, false].flatMap((toEnterprise) =>
      [null, ...DECLINE_REASONS].flatMap((reason) =>
        typed.map((message) =>
          templates.engagementDeclined({
            needId: lead.needId,
            institutionName: "揭阳农商银行",
            toEnterprise,
            lead,
            reason,
            message,
          }),
        ),
      ),
    ),
  engagementStatusChanged: () =>
    (["CONTACTED", "UNDER_REVIEW", "WITHDRAWN"] as const).map((toStatus) =>
      templates.engagementStatusChanged({ lead, institutionName: "揭阳农商银行", toStatus }),
    ),
  consentChanged: () => [true, false].map((granted) => templates.consentChanged({ granted, lead })),
  deadlineReminder: () =>
    (["FIRST_RESPONSE", "DECISION"] as const).map((kind) => templates.deadlineReminder({ kind, lead, dueAt })),
  deadlineEscalatedToInstitution: () =>
    (["FIRST_RESPONSE", "DECISION"] as const).map((kind) =>
      templates.deadlineEscalatedToInstitution({ kind, lead, dueAt }),
    ),
  deadlineEscalatedToBureau: () =>
    (["FIRST_RESPONSE", "DECISION"] as const).flatMap((kind) =>
      [
        [[], 0],
        [["揭阳农商银行", "揭阳建行"], 3],
      ].map(([institutionNames, widenedCount]) =>
        templates.deadlineEscalatedToBureau({
          kind,
          lead,
          dueAt,
          institutionNames: institutionNames as string[],
          widenedCount: widenedCount as number,
        }),
      ),
    ),
  deadlineEscalatedToEnterprise: () => [templates.deadlineEscalatedToEnterprise({ lead, widenedCount: 2 })],
  outcomeRecorded: () =>
    (["APPROVED", "DISBURSED", "DECLINED"] as const).flatMap((kind) =>
      [true, false].flatMap((amended) =>
        typed.map((message) =>
          templates.outcomeRecorded({
            lead,
            institutionName: "揭阳农商银行",
            kind,
            amount: kind === "DECLINED" ? null : "300000.00",
            amended,
            reason: kind === "DECLINED" ? "INSUFFICIENT_COLLATERAL" : null,
            message: kind === "DECLINED" ? message : null,
          }),
        ),
      ),
    ),
  dailyDigest: () =>
    [0, 3, 12].map((count) =>
      templates.dailyDigest({
        day: "2026-12-04",
        newLeadLines: Array.from({ length: count }, (_, index) => `揭阳某公司${index}申请融资 50 万元。`),
        awaitingResponse: 2,
        dueSoon: 1,
      }),
    ),
};

/** Templates about no single need. */
const ABOUT_MANY_NEEDS = new Set(["deadlineEscalatedToBureau", "dailyDigest"]);

const CJK = String.raw`\u3400-\u9fff`;
const FULL_WIDTH_MARKS = "。，、；：！？";
const problems: [string, RegExp][] = [
  ["doubled punctuation", new RegExp(`[${FULL_WIDTH_MARKS}][${FULL_WIDTH_MARKS}]`)],
  ["punctuation before a closing bracket", new RegExp(`[${FULL_WIDTH_MARKS}][）」]`)],
  ["an empty bracket", /（）|「」/],
  ["half-width punctuation beside Chinese", new RegExp(`[${CJK}][,;:!?()]|[,;:!?()][${CJK}]`)],
  ["a half-width full stop after Chinese", new RegExp(`[${CJK}]\\.(?!\\.)`)],
  ["a stray space before Chinese punctuation", new RegExp(` [${FULL_WIDTH_MARKS}）」]`)],
];

function helpers(): Set<string> {
  return new Set(["needName", "typedText"]);
}

describe("notification templates", () => {
  it("covers every template the module exports", () => {
    const exported = Object.entries(templates)
      .filter(([name, value]) => typeof value === "function" && !helpers().has(name))
      .map(([name]) => name)
      .sort();
    expect(Object.keys(renderers).sort()).toEqual(exported);
  });

  for (const [name, render] of Object.entries(renderers)) {
    it(`${name}: clean Chinese punctuation in every variant`, () => {
      const rendered = render();
      expect(rendered.length).toBeGreaterThan(0);
      for (const message of rendered) {
        for (const text of [message.title, message.body]) {
          for (const [problem, pattern] of problems) {
            expect(pattern.test(text), `${problem} in ${JSON.stringify(text)}`).toBe(false);
          }
        }
      }
    });

    if (!ABOUT_MANY_NEEDS.has(name)) {
      it(`${name}: names its need and links to it`, () => {
        for (const message of render()) {
          expect(message.link).toMatch(/\/(enterprise\/needs|officer\/leads)\/need_1$/);
          expect(`${message.title}${message.body}`).toMatch(
            message.link.startsWith("/enterprise") ? NEED_NAME : /设备购置|50 万元/,
          );
        }
      });
    }
  }

  it("fits typed text into a sentence", () => {
    expect(templates.typedText("抵押物评估值不足。")).toBe("抵押物评估值不足");
    expect(templates.typedText("额度不够,请补充担保!")).toBe("额度不够，请补充担保");
    expect(templates.typedText("金额 1,000 元")).toBe("金额 1,000 元");
  });
});
