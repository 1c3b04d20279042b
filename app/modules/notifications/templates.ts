/**
 * Chinese notification templates. Pure functions of already-anonymised facts: a lead is described the way the
 * leads list shows it before consent ("揭阳某塑料制品有限公司"), never with the enterprise's name or contacts.
 * Each returns the title (inbox line, e-mail subject, SMS text), a body and an in-app link.
 */
import { formatShanghai } from "~/kernel/time.ts";
import { formatWanYuan } from "~/kernel/money.ts";
import type { DeclineReason, EngagementStatus, OutcomeKind, PurposeCategory } from "~/generated/prisma/enums.ts";
import type { DeadlineKind } from "~/kernel/statuses.ts";
import { deadlineKindLabel, declineReasonLabel, engagementStatusLabel, purposeCategoryLabel } from "~/kernel/labels.ts";

export type TemplateId =
  | "lead.matched"
  | "engagement.requested.to-institution"
  | "engagement.requested.to-enterprise"
  | "engagement.accepted"
  | "engagement.declined"
  | "engagement.status-changed"
  | "consent.granted"
  | "consent.withdrawn"
  | "deadline.reminder"
  | "deadline.escalated.institution"
  | "deadline.escalated.bureau"
  | "deadline.escalated.enterprise"
  | "outcome.recorded"
  | "digest.daily";

export interface RenderedNotification {
  template: TemplateId;
  title: string;
  body: string;
  link: string;
}

/** The anonymised lead as officers see it before consent. */
export interface LeadSummary {
  needId: string;
  maskedName: string;
  regionName: string;
  amount: string;
  termMonths: number;
  purposeCategory: PurposeCategory;
}

export type { DeadlineKind };

/** The need a message is about, as its owner recognises it: purpose and amount ("设备购置 50 万元"). */
export function needName(lead: Pick<LeadSummary, "purposeCategory" | "amount">): string {
  return `${purposeCategoryLabel[lead.purposeCategory]} ${formatWanYuan(lead.amount)}`;
}

const CJK = String.raw`\u3400-\u9fff\u3000-\u303f\uff00-\uffef`;
const HALF_TO_FULL: Record<string, string> = {
  ",": "，",
  ";": "；",
  ":": "：",
  "!": "！",
  "?": "？",
  "(": "（",
  ")": "）",
};
const HALF_WIDTH_BESIDE_CJK = new RegExp(`(?<=[${CJK}])[,;:!?()]|[,;:!?()](?=[${CJK}])`, "g");

/**
 * Text a person typed (a decline message, a note), fitted into a template's sentence: trimmed, its own closing
 * punctuation dropped because the template closes the sentence, and half-width punctuation beside Chinese made
 * full-width — otherwise "（额度不足。）。" and "额度不足,请补充" reach the enterprise.
 */
export function typedText(text: string): string {
  return text
    .trim()
    .replace(HALF_WIDTH_BESIDE_CJK, (mark) => HALF_TO_FULL[mark] ?? mark)
    .replace(/[\s。，、；：！？.,;:!?]+$/u, "");
}

function leadLine(lead: LeadSummary): string {
  return `${lead.maskedName}（${lead.regionName}）申请融资 ${formatWanYuan(lead.amount)}，期限 ${lead.termMonths} 个月，用途：${purposeCategoryLabel[lead.purposeCategory]}`;
}

const officerLead = (needId: string) => `/officer/leads/${needId}`;
const enterpriseNeed = (needId: string) => `/enterprise/needs/${needId}`;

export function leadMatched(input: {
  lead: LeadSummary;
  institutionName: string;
  productNames: string[];
  dueAt: Date | null;
  escalated?: boolean;
  /** A DIRECTED need names the institution and, by publishing, consents to it seeing the enterprise's contacts. */
  directed?: boolean;
}): RenderedNotification {
  const products =
    input.productNames.length > 0 ? `匹配贵机构产品「${input.productNames.slice(0, 3).join("」「")}」。` : "";
  const due = input.dueAt ? `请于 ${formatShanghai(input.dueAt)} 前响应。` : "";
  const directed = input.directed && !input.escalated ? "企业已指定贵机构，并授权贵机构查看其主体信息和联系方式。" : "";
  return {
    template: "lead.matched",
    title: input.escalated
      ? `【超时扩大推送】${input.lead.maskedName}的融资需求待响应`
      : `新的融资需求线索：${input.lead.maskedName}`,
    body: `${leadLine(input.lead)}。${products}${directed}${input.escalated ? `该需求原定机构未在时限内响应，现向${input.institutionName}推送。` : ""}${due}`,
    link: officerLead(input.lead.needId),
  };
}

export function engagementRequestedToInstitution(input: { lead: LeadSummary }): RenderedNotification {
  return {
    template: "engagement.requested.to-institution",
    title: `企业向贵机构发起对接：${input.lead.maskedName}`,
    body: `${leadLine(input.lead)}。企业已选择贵机构并授权查看联系方式，请尽快受理。`,
    link: officerLead(input.lead.needId),
  };
}

export function engagementRequestedToEnterprise(input: {
  lead: LeadSummary;
  institutionName: string;
}): RenderedNotification {
  return {
    template: "engagement.requested.to-enterprise",
    title: `${input.institutionName}希望对接您的融资需求「${needName(input.lead)}」`,
    body: `${input.institutionName}对您发布的融资需求「${needName(input.lead)}」感兴趣。同意后，该机构可以查看您的联系方式并与您联系。`,
    link: enterpriseNeed(input.lead.needId),
  };
}

export function engagementAccepted(input: {
  needId: string;
  institutionName: string;
  toEnterprise: boolean;
  lead: LeadSummary;
}): RenderedNotification {
  return input.toEnterprise
    ? {
        template: "engagement.accepted",
        title: `${input.institutionName}已受理您的融资需求「${needName(input.lead)}」`,
        body: `${input.institutionName}已受理您的融资需求「${needName(input.lead)}」，客户经理将尽快与您联系。`,
        link: enterpriseNeed(input.needId),
      }
    : {
        template: "engagement.accepted",
        title: `企业已同意对接并授权查看信息：${input.lead.maskedName}`,
        body: `${input.lead.maskedName}已同意贵机构的对接请求（${needName(input.lead)}），并授权贵机构查看其主体信息和联系方式，用于本笔融资对接。查看将被记录。`,
        link: officerLead(input.needId),
      };
}

/** "原因：抵押物不足（说明）。", or "说明：…。" without a reason; empty when neither was given. */
function declineWhy(reason: DeclineReason | null, message: string | null): string {
  const said = message ? typedText(message) : "";
  if (reason) return `原因：${declineReasonLabel[reason]}${said ? `（${said}）` : ""}。`;
  return said ? `说明：${said}。` : "";
}

export function engagementDeclined(input: {
  needId: string;
  institutionName: string;
  toEnterprise: boolean;
  lead: LeadSummary;
  reason: DeclineReason | null;
  message: string | null;
}): RenderedNotification {
  const why = declineWhy(input.reason, input.message);
  return input.toEnterprise
    ? {
        template: "engagement.declined",
        title: `${input.institutionName}未能满足您的融资需求「${needName(input.lead)}」`,
        body: `很遗憾，${input.institutionName}本次未能为您提供融资。${why}您的需求仍可由其他机构对接。`,
        link: enterpriseNeed(input.needId),
      }
    : {
        template: "engagement.declined",
        title: `企业已拒绝对接：${input.lead.maskedName}`,
        body: `${input.lead.maskedName}未接受贵机构的对接请求（${needName(input.lead)}）。${why}`,
        link: officerLead(input.needId),
      };
}

export function engagementStatusChanged(input: {
  lead: LeadSummary;
  institutionName: string;
  toStatus: EngagementStatus;
}): RenderedNotification {
  return {
    template: "engagement.status-changed",
    title: `对接进度更新：${input.institutionName}「${engagementStatusLabel[input.toStatus]}」（${needName(input.lead)}）`,
    body: `您的融资需求「${needName(input.lead)}」与${input.institutionName}的对接状态已更新为「${engagementStatusLabel[input.toStatus]}」。`,
    link: enterpriseNeed(input.lead.needId),
  };
}

export function consentChanged(input: { granted: boolean; lead: LeadSummary }): RenderedNotification {
  return input.granted
    ? {
        template: "consent.granted",
        title: `企业已授权贵机构查看信息：${input.lead.maskedName}`,
        body: `${input.lead.maskedName}已授权贵机构查看其主体信息和联系方式，用于本笔融资对接（${needName(input.lead)}）。查看将被记录。`,
        link: officerLead(input.lead.needId),
      }
    : {
        template: "consent.withdrawn",
        title: `企业已撤回授权：${input.lead.maskedName}`,
        body: `${input.lead.maskedName}已撤回对贵机构的信息授权（${needName(input.lead)}），请停止使用其联系方式；已对接的记录予以保留。`,
        link: officerLead(input.lead.needId),
      };
}

export function deadlineReminder(input: { kind: DeadlineKind; lead: LeadSummary; dueAt: Date }): RenderedNotification {
  return {
    template: "deadline.reminder",
    title: `【限时响应提醒】${input.lead.maskedName}的需求将于 ${formatShanghai(input.dueAt)} 到期`,
    body: `${leadLine(input.lead)}。${deadlineKindLabel[input.kind]}时限将于 ${formatShanghai(input.dueAt)} 届满，请及时处理，逾期将上报市金融工作局并扩大推送。`,
    link: officerLead(input.lead.needId),
  };
}

export function deadlineEscalatedToInstitution(input: {
  kind: DeadlineKind;
  lead: LeadSummary;
  dueAt: Date;
}): RenderedNotification {
  return {
    template: "deadline.escalated.institution",
    title: `【逾期未${input.kind === "FIRST_RESPONSE" ? "响应" : "决定"}】${input.lead.maskedName}的融资需求`,
    body: `${leadLine(input.lead)}。${deadlineKindLabel[input.kind]}时限已于 ${formatShanghai(input.dueAt)} 届满，已列入市金融工作局逾期清单，请立即处理。`,
    link: officerLead(input.lead.needId),
  };
}

export function deadlineEscalatedToBureau(input: {
  kind: DeadlineKind;
  lead: LeadSummary;
  dueAt: Date;
  institutionNames: string[];
  widenedCount: number;
}): RenderedNotification {
  const who = input.institutionNames.length > 0 ? `涉及机构：${input.institutionNames.join("、")}。` : "";
  const widened = input.widenedCount > 0 ? `已向另外 ${input.widenedCount} 家匹配机构扩大推送。` : "";
  return {
    template: "deadline.escalated.bureau",
    title: `逾期${deadlineKindLabel[input.kind]}：${input.lead.maskedName}（${input.lead.regionName}）`,
    body: `${leadLine(input.lead)}。${deadlineKindLabel[input.kind]}时限已于 ${formatShanghai(input.dueAt)} 届满。${who}${widened}`,
    link: `/bureau/overdue`,
  };
}

export function deadlineEscalatedToEnterprise(input: {
  lead: LeadSummary;
  widenedCount: number;
}): RenderedNotification {
  return {
    template: "deadline.escalated.enterprise",
    title: `您的融资需求「${needName(input.lead)}」已扩大推送范围`,
    body: `您选定的机构未在时限内响应，平台已按您的授权将需求「${needName(input.lead)}」推送给另外 ${input.widenedCount} 家匹配的金融机构。`,
    link: enterpriseNeed(input.lead.needId),
  };
}

export function outcomeRecorded(input: {
  lead: LeadSummary;
  institutionName: string;
  kind: OutcomeKind;
  amount: string | null;
  amended: boolean;
  reason: DeclineReason | null;
  message: string | null;
}): RenderedNotification {
  const prefix = input.amended ? "【更正】" : "";
  const need = `「${needName(input.lead)}」`;
  if (input.kind === "DECLINED") {
    return {
      template: "outcome.recorded",
      title: `${prefix}${input.institutionName}审批未通过：融资需求${need}`,
      body: `${input.institutionName}对您的融资需求${need}作出了不予通过的决定。${declineWhy(input.reason, input.message)}您可以查看平台推荐的其他机构并邀请对接，或修改需求后重新匹配。`,
      link: enterpriseNeed(input.lead.needId),
    };
  }
  const verb = input.kind === "DISBURSED" ? "已放款" : "已审批通过";
  return {
    template: "outcome.recorded",
    title: `${prefix}${input.institutionName}${verb}${input.amount ? ` ${formatWanYuan(input.amount)}` : ""}：融资需求${need}`,
    body: `您的融资需求${need}与${input.institutionName}的对接结果：${verb}${input.amount ? `，金额 ${formatWanYuan(input.amount)}` : ""}。`,
    link: enterpriseNeed(input.lead.needId),
  };
}

export function dailyDigest(input: {
  day: string;
  newLeadLines: string[];
  awaitingResponse: number;
  dueSoon: number;
}): RenderedNotification {
  const lines = input.newLeadLines.slice(0, 10).map((line, index) => `${index + 1}. ${line}`);
  const more = input.newLeadLines.length > 10 ? [`……另有 ${input.newLeadLines.length - 10} 条`] : [];
  return {
    template: "digest.daily",
    title: `${input.day} 每日摘要：新线索 ${input.newLeadLines.length} 条，待响应 ${input.awaitingResponse} 条`,
    body: [
      `过去 24 小时新匹配线索 ${input.newLeadLines.length} 条；待贵机构受理的对接请求 ${input.awaitingResponse} 条；3 个工作日内需作出审批决定 ${input.dueSoon} 条。`,
      ...lines,
      ...more,
    ].join("\n"),
    link: "/officer",
  };
}
