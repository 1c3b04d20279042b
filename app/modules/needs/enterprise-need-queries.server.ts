/**
 * Read models for the enterprise's "my needs" pages. Every query is scoped by the signed-in user's enterprise id;
 * a need of another enterprise reads as "not found". Money leaves as exact decimal strings, dates as ISO strings.
 */
import { dateColumnDay } from "~/kernel/time.ts";
import { decimalToRateString } from "~/kernel/rate.ts";
import { type DecimalLike, decimalToYuanString, toFen } from "~/kernel/money.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { DbOrTx } from "~/infra/db.server.ts";
import { notFound } from "~/kernel/errors.ts";
import { NEED_NOT_FOUND_MESSAGE } from "./enterprise-needs.server.ts";
import { needTermsSelect } from "./need-select.ts";
import { compoundApr } from "~/modules/financing-cost/product-cost.ts";
import { inScoreOrder, nearMissAdvice } from "~/modules/matching/match-order.ts";
import { isEngagementFinal, isNeedLive } from "~/kernel/statuses.ts";
import { nextInstitutions } from "./next-institutions.server.ts";
import { productCostTerms } from "~/modules/products/product-cost-terms.ts";
import { productCostSelect } from "~/modules/products/product-select.ts";

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const money = (value: DecimalLike | null | undefined) => (value ? decimalToYuanString(value) : null);
const rate = (value: DecimalLike | null | undefined) => (value ? decimalToRateString(value) : null);

export async function listEnterpriseNeeds(db: DbOrTx, enterpriseId: string) {
  const needs = await db.financingNeed.findMany({
    where: { enterpriseId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      amount: true,
      termMonths: true,
      purposeCategory: true,
      status: true,
      visibility: true,
      flags: true,
      createdAt: true,
      publishedAt: true,
      expiresAt: true,
      _count: { select: { matches: { where: { kind: { in: ["DIRECT", "BUNDLE"] } } } } },
      engagements: { select: { status: true, initiatedBy: true } },
    },
  });
  return needs.map((need) => ({
    id: need.id,
    amount: decimalToYuanString(need.amount),
    termMonths: need.termMonths,
    purposeCategory: need.purposeCategory,
    status: need.status,
    visibility: need.visibility,
    flags: need.flags,
    createdAt: need.createdAt.toISOString(),
    publishedAt: iso(need.publishedAt),
    expiresAt: iso(need.expiresAt),
    matchCount: need._count.matches,
    engagementCount: need.engagements.length,
    pendingRequests: need.engagements.filter(
      (item) => item.status === "REQUESTED" && item.initiatedBy === "INSTITUTION",
    ).length,
  }));
}

export type EnterpriseNeedSummary = Awaited<ReturnType<typeof listEnterpriseNeeds>>[number];

const needDetailSelect = {
  ...needTermsSelect,
  createdAt: true,
  publishedAt: true,
  expiresAt: true,
  firstResponseDueAt: true,
  firstRespondedAt: true,
  closedAt: true,
  closeNote: true,
  matchesComputedAt: true,
  directedInstitutions: {
    select: { addedByEscalation: true, institution: { select: { id: true, name: true, shortName: true, kind: true } } },
  },
} satisfies Prisma.FinancingNeedSelect;

/** The need with everything the detail page shows; 404 unless it belongs to this enterprise. */
export async function loadEnterpriseNeed(db: DbOrTx, enterpriseId: string, needId: string) {
  const need = await db.financingNeed.findFirst({ where: { id: needId, enterpriseId }, select: needDetailSelect });
  if (!need) throw notFound(NEED_NOT_FOUND_MESSAGE);

  const [events, matches, engagements, consents] = await Promise.all([
    db.needEvent.findMany({
      where: { needId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 200,
      select: {
        id: true,
        type: true,
        fromStatus: true,
        toStatus: true,
        note: true,
        data: true,
        createdAt: true,
        actor: { select: { role: true, enterpriseId: true, institution: { select: { shortName: true } } } },
        engagement: { select: { institution: { select: { shortName: true } } } },
      },
    }),
    db.match.findMany({
      where: { needId },
      orderBy: [{ rank: "asc" }],
      take: 60,
      select: {
        id: true,
        kind: true,
        score: true,
        rank: true,
        reasons: true,
        failedConditions: true,
        product: {
          select: {
            ...productCostSelect,
            id: true,
            name: true,
            kind: true,
            status: true,
            institutionId: true,
            institution: { select: { name: true, shortName: true } },
          },
        },
        bundleProduct: {
          select: {
            ...productCostSelect,
            id: true,
            name: true,
            kind: true,
            institution: { select: { shortName: true } },
          },
        },
      },
    }),
    db.engagement.findMany({
      where: { needId },
      orderBy: { requestedAt: "asc" },
      select: {
        id: true,
        status: true,
        initiatedBy: true,
        requestedAt: true,
        acceptedAt: true,
        contactedAt: true,
        decidedAt: true,
        closedAt: true,
        institution: { select: { id: true, name: true, shortName: true, kind: true, servicePhone: true } },
        outcomes: {
          where: { state: "ACTIVE" },
          orderBy: { version: "desc" },
          take: 1,
          select: {
            kind: true,
            approvedAmount: true,
            disbursedAmount: true,
            annualRate: true,
            termMonths: true,
            decidedOn: true,
            declineReason: true,
            declineMessage: true,
            product: { select: { name: true } },
          },
        },
      },
    }),
    db.consentRecord.findMany({
      where: { needId },
      orderBy: { grantedAt: "asc" },
      select: {
        id: true,
        textVersion: true,
        grantedAt: true,
        withdrawnAt: true,
        institution: { select: { id: true, shortName: true } },
        grantedBy: { select: { displayName: true } },
      },
    }),
  ]);

  type FailedCondition = { message?: unknown; fix?: unknown };
  const explainFailures = (value: unknown) =>
    Array.isArray(value)
      ? (value as FailedCondition[]).map((item) => ({
          message: typeof item?.message === "string" ? item.message : "",
          fix: typeof item?.fix === "string" ? item.fix : null,
        }))
      : [];

  const annualCost = (match: (typeof matches)[number]): number | null => {
    try {
      return compoundApr(
        productCostTerms(match.product),
        { principalFen: toFen(need.amount), termMonths: need.termMonths },
        match.bundleProduct ? productCostTerms(match.bundleProduct) : null,
      );
    } catch {
      // A product without prices (or with terms the cost model cannot price) is compared by score alone.
      return null;
    }
  };

  const productMatch = (match: (typeof matches)[number]) => ({
    id: match.id,
    kind: match.kind,
    score: match.score.toFixed(0),
    exactScore: match.score.toFixed(2),
    rank: match.rank,
    annualCost: match.kind === "NEAR_MISS" ? null : annualCost(match),
    reasons: match.reasons,
    failed: explainFailures(match.failedConditions),
    product: {
      id: match.product.id,
      name: match.product.name,
      kind: match.product.kind,
      institutionId: match.product.institutionId,
      institution: match.product.institution.shortName,
      available: match.product.status === "PUBLISHED",
    },
    bundle: match.bundleProduct
      ? {
          id: match.bundleProduct.id,
          name: match.bundleProduct.name,
          institution: match.bundleProduct.institution.shortName,
        }
      : null,
  });

  /** After a decline or withdrawal, with no institution working the need: who to invite next. */
  const whoNext = () => {
    const active = engagements.some((engagement) => !isEngagementFinal(engagement.status));
    const ended = engagements.filter(
      (engagement) => engagement.status === "DECLINED" || engagement.status === "WITHDRAWN",
    );
    if (!isNeedLive(need.status) || active || ended.length === 0) return [];
    const lastDecline = ended
      .map((engagement) => engagement.outcomes[0]?.declineReason ?? null)
      .filter((reason) => reason !== null)
      .at(-1);
    const ordered = inScoreOrder(
      matches
        .filter((match) => match.kind !== "NEAR_MISS")
        .map(productMatch)
        .map((match) => ({ ...match, score: match.exactScore, productName: match.product.name })),
    );
    return nextInstitutions(
      ordered,
      new Set(engagements.map((engagement) => engagement.institution.id)),
      lastDecline ?? null,
    ).slice(0, 5);
  };

  return {
    need: {
      ...need,
      amount: decimalToYuanString(need.amount),
      maxAnnualRate: rate(need.maxAnnualRate),
      wantedBy: dateColumnDay(need.wantedBy),
      createdAt: need.createdAt.toISOString(),
      publishedAt: iso(need.publishedAt),
      expiresAt: iso(need.expiresAt),
      firstResponseDueAt: iso(need.firstResponseDueAt),
      firstRespondedAt: iso(need.firstRespondedAt),
      closedAt: iso(need.closedAt),
      matchesComputedAt: iso(need.matchesComputedAt),
      directedInstitutions: need.directedInstitutions.map((item) => ({
        ...item.institution,
        addedByEscalation: item.addedByEscalation,
      })),
    },
    /**
     * Published and still open, but the worker has not matched it yet (publishing does not wait for matching): the
     * page says matching is under way and looks again, instead of "nothing fits". Match rows written without the store
     * function (fixtures) count as matched too.
     */
    matchingPending:
      isNeedLive(need.status) && need.publishedAt !== null && need.matchesComputedAt === null && matches.length === 0,
    timeline: events
      // Institutions' internal working notes are theirs, not the enterprise's.
      .filter(
        (event) => !(event.type === "NOTE_ADDED" && (event.data as { internal?: unknown } | null)?.internal === true),
      )
      .map((event) => ({
        id: event.id,
        type: event.type,
        fromStatus: event.fromStatus,
        toStatus: event.toStatus,
        note: event.note,
        at: event.createdAt.toISOString(),
        actor: !event.actor
          ? "平台"
          : event.actor.enterpriseId === enterpriseId
            ? "本企业"
            : (event.actor.institution?.shortName ?? event.engagement?.institution.shortName ?? "平台"),
        institution: event.engagement?.institution.shortName ?? null,
      })),
    matches: inScoreOrder(
      matches
        .filter((match) => match.kind !== "NEAR_MISS")
        .map(productMatch)
        .map((match) => ({
          ...match,
          score: match.exactScore,
          shownScore: match.score,
          productName: match.product.name,
        })),
    )
      .slice(0, 10)
      .map(({ shownScore, ...match }) => ({ ...match, score: shownScore })),
    nextInstitutions: whoNext(),
    nearMissAdvice: nearMissAdvice(matches.filter((match) => match.kind === "NEAR_MISS").map(productMatch)),
    engagements: engagements.map((engagement) => {
      const outcome = engagement.outcomes[0] ?? null;
      return {
        id: engagement.id,
        status: engagement.status,
        initiatedBy: engagement.initiatedBy,
        requestedAt: engagement.requestedAt.toISOString(),
        acceptedAt: iso(engagement.acceptedAt),
        decidedAt: iso(engagement.decidedAt),
        closedAt: iso(engagement.closedAt),
        institution: engagement.institution,
        outcome: outcome
          ? {
              kind: outcome.kind,
              approvedAmount: money(outcome.approvedAmount),
              disbursedAmount: money(outcome.disbursedAmount),
              annualRate: rate(outcome.annualRate),
              termMonths: outcome.termMonths,
              decidedOn: dateColumnDay(outcome.decidedOn),
              declineReason: outcome.declineReason,
              declineMessage: outcome.declineMessage,
              productName: outcome.product?.name ?? null,
            }
          : null,
      };
    }),
    consents: consents.map((consent) => ({
      id: consent.id,
      textVersion: consent.textVersion,
      grantedAt: consent.grantedAt.toISOString(),
      withdrawnAt: iso(consent.withdrawnAt),
      institution: consent.institution,
      grantedBy: consent.grantedBy.displayName,
    })),
  };
}

export type EnterpriseNeedDetail = Awaited<ReturnType<typeof loadEnterpriseNeed>>;

/** The draft as the edit form's initial values. */
export async function loadNeedForEditing(db: DbOrTx, enterpriseId: string, needId: string) {
  const need = await db.financingNeed.findFirst({
    where: { id: needId, enterpriseId },
    select: { ...needTermsSelect, directedInstitutions: { select: { institutionId: true } } },
  });
  if (!need) throw notFound(NEED_NOT_FOUND_MESSAGE);
  return {
    id: need.id,
    status: need.status,
    amount: decimalToYuanString(need.amount),
    termMonths: need.termMonths,
    purposeCategory: need.purposeCategory,
    description: need.description,
    shareDescription: need.shareDescription,
    collateralOffered: need.collateralOffered,
    maxAnnualRate: rate(need.maxAnnualRate),
    wantedBy: dateColumnDay(need.wantedBy),
    wantsLoan: need.wantsLoan,
    wantsGuarantee: need.wantsGuarantee,
    wantsInsurance: need.wantsInsurance,
    flags: need.flags,
    visibility: need.visibility,
    allowWidening: need.allowWidening,
    institutionIds: need.directedInstitutions.map((item) => item.institutionId),
  };
}

export type NeedFormValues = Awaited<ReturnType<typeof loadNeedForEditing>>;
