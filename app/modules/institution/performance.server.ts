/**
 * The institution's own performance, month by month (Asia/Shanghai): how fast it answers needs, how many of its
 * requests turn into accepted engagements, how many of those end in a disbursement, and how much was disbursed.
 * Only rows of the admin's institution are read. Money is summed by Postgres (numeric) and returned as strings.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import { ENGAGEMENT_AWAITING_DECISION_STATUSES } from "~/kernel/statuses.ts";

export type MonthRow = {
  month: string;
  requested: number;
  accepted: number;
  declined: number;
  disbursedCount: number;
  disbursedAmount: string;
  /** Hours from the need's publication to our request, median; null without requests. */
  medianResponseHours: number | null;
};

export async function loadInstitutionPerformance(
  db: DbOrTx,
  institutionId: string,
  options: { months?: number; now?: Date } = {},
) {
  const months = options.months ?? 12;
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - months * 31 * 86_400_000);

  const engagementRows = await db.$queryRaw<
    { month: string; requested: bigint; accepted: bigint; declined: bigint; median_hours: number | null }[]
  >`
    SELECT to_char(date_trunc('month', e."requestedAt" AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM') AS month,
           count(*) AS requested,
           count(*) FILTER (WHERE e."acceptedAt" IS NOT NULL) AS accepted,
           count(*) FILTER (WHERE e."status" = 'DECLINED') AS declined,
           percentile_cont(0.5) WITHIN GROUP (
             ORDER BY extract(epoch FROM (e."requestedAt" - n."publishedAt")) / 3600.0
           ) FILTER (WHERE n."publishedAt" IS NOT NULL) AS median_hours
    FROM "Engagement" e JOIN "FinancingNeed" n ON n."id" = e."needId"
    WHERE e."institutionId" = ${institutionId} AND e."requestedAt" >= ${since}
    GROUP BY 1`;

  const disbursedRows = await db.$queryRaw<{ month: string; count: bigint; amount: string | null }[]>`
    SELECT to_char(date_trunc('month', o."decidedOn"), 'YYYY-MM') AS month,
           count(*) AS count,
           sum(o."disbursedAmount")::text AS amount
    FROM "Outcome" o JOIN "Engagement" e ON e."id" = o."engagementId"
    WHERE e."institutionId" = ${institutionId} AND o."kind" = 'DISBURSED' AND o."state" = 'ACTIVE' AND o."decidedOn" >= ${since}
    GROUP BY 1`;

  const [totals] = await db.$queryRaw<
    {
      requested: bigint;
      accepted: bigint;
      disbursed: bigint;
      decided: bigint;
      decided_on_time: bigint;
      overdue_open: bigint;
      median_hours: number | null;
      first_loans: bigint;
      amount: string | null;
    }[]
  >`
    SELECT count(*) AS requested,
           count(*) FILTER (WHERE e."acceptedAt" IS NOT NULL) AS accepted,
           count(*) FILTER (WHERE e."status" = 'DISBURSED') AS disbursed,
           count(*) FILTER (WHERE e."decidedAt" IS NOT NULL AND e."decisionDueAt" IS NOT NULL) AS decided,
           count(*) FILTER (WHERE e."decidedAt" IS NOT NULL AND e."decisionDueAt" IS NOT NULL AND e."decidedAt" <= e."decisionDueAt") AS decided_on_time,
           count(*) FILTER (WHERE e."status" = ANY(${[...ENGAGEMENT_AWAITING_DECISION_STATUSES]}::"EngagementStatus"[]) AND e."decisionDueAt" < ${now}) AS overdue_open,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (e."requestedAt" - n."publishedAt")) / 3600.0)
             FILTER (WHERE n."publishedAt" IS NOT NULL) AS median_hours,
           (SELECT count(*) FROM "Outcome" o JOIN "Engagement" e2 ON e2."id" = o."engagementId"
             WHERE e2."institutionId" = ${institutionId} AND o."kind" = 'DISBURSED' AND o."state" = 'ACTIVE' AND o."firstLoanConfirmed") AS first_loans,
           (SELECT sum(o."disbursedAmount")::text FROM "Outcome" o JOIN "Engagement" e2 ON e2."id" = o."engagementId"
             WHERE e2."institutionId" = ${institutionId} AND o."kind" = 'DISBURSED' AND o."state" = 'ACTIVE') AS amount
    FROM "Engagement" e JOIN "FinancingNeed" n ON n."id" = e."needId"
    WHERE e."institutionId" = ${institutionId}`;

  const declineReasons = await db.outcome.groupBy({
    by: ["declineReason"],
    where: { kind: "DECLINED", state: "ACTIVE", engagement: { institutionId } },
    _count: { _all: true },
  });

  const byMonth = new Map<string, MonthRow>();
  const ensure = (month: string): MonthRow => {
    let row = byMonth.get(month);
    if (!row) {
      row = {
        month,
        requested: 0,
        accepted: 0,
        declined: 0,
        disbursedCount: 0,
        disbursedAmount: "0.00",
        medianResponseHours: null,
      };
      byMonth.set(month, row);
    }
    return row;
  };
  // Every month of the window appears, even an empty one, so the table reads as a calendar.
  for (let i = months - 1; i >= 0; i--) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 15));
    ensure(date.toISOString().slice(0, 7));
  }
  for (const row of engagementRows) {
    Object.assign(ensure(row.month), {
      requested: Number(row.requested),
      accepted: Number(row.accepted),
      declined: Number(row.declined),
      medianResponseHours: row.median_hours === null ? null : Math.round(Number(row.median_hours) * 10) / 10,
    });
  }
  for (const row of disbursedRows) {
    Object.assign(ensure(row.month), { disbursedCount: Number(row.count), disbursedAmount: row.amount ?? "0.00" });
  }
  const requested = Number(totals?.requested ?? 0);
  const accepted = Number(totals?.accepted ?? 0);
  const disbursed = Number(totals?.disbursed ?? 0);
  const decided = Number(totals?.decided ?? 0);
  return {
    months: [...byMonth.values()].sort((a, b) => b.month.localeCompare(a.month)).slice(0, months),
    totals: {
      requested,
      accepted,
      disbursed,
      acceptanceRate: requested > 0 ? accepted / requested : null,
      conversionRate: accepted > 0 ? disbursed / accepted : null,
      onTimeDecisionRate: decided > 0 ? Number(totals?.decided_on_time ?? 0) / decided : null,
      overdueOpen: Number(totals?.overdue_open ?? 0),
      medianResponseHours: totals?.median_hours == null ? null : Math.round(Number(totals.median_hours) * 10) / 10,
      firstLoans: Number(totals?.first_loans ?? 0),
      disbursedAmount: totals?.amount ?? "0.00",
    },
    declineReasons: declineReasons.map((row) => ({ reason: row.declineReason, count: row._count._all })),
  };
}

export type InstitutionPerformance = Awaited<ReturnType<typeof loadInstitutionPerformance>>;
