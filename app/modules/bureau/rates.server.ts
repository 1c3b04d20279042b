/**
 * Financing cost: the weighted average annual rate of loans disbursed (贷款加权平均利率), for all loans and for
 * inclusive small-micro loans (普惠小微贷款平均利率), weighted by the disbursed amount — in total and by region,
 * institution (branches folded into their head institution) and product kind, under the bureau filter.
 *
 * Source: the ledger rows of current disbursements, joined to their outcome for the rate. The ledger already says
 * which loans count (banks only, the ACTIVE non-superseded version; a correction's old version is reversed and
 * not ACTIVE) and which are 普惠型小微 (ledger/rules.ts, the one home of that rule), and carries the same region,
 * institution, product kind and day as every other bureau figure, so the rates line up with the amounts beside
 * them. Disbursements without a recorded rate are left out of the average and reported apart.
 *
 * Arithmetic is SQL numeric throughout: Σ(amount × rate) / Σ(amount), rounded only at the end.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import type { ProductKind } from "~/generated/prisma/enums.ts";
import type { RegionNode, Scope, Trees } from "./scope.server.ts";
import { andIn } from "./sql.server.ts";

export interface AverageRate {
  /** Weighted average annual rate in percent, rounded to 2 decimals ("3.85"); null when no loan has a rate. */
  rate: string | null;
  /** The same to 4 decimals ("3.8512"), for exports and checks. */
  rateExact: string | null;
  /** Disbursed amount the average is based on, 元, exact decimal string. */
  amount: string;
  /** Loans the average is based on. */
  loans: number;
  /** Disbursed amount without a recorded rate (left out of the average), 元. */
  unratedAmount: string;
}

export interface RatePair {
  all: AverageRate;
  inclusive: AverageRate;
}

export interface AverageRates {
  total: RatePair;
  byRegion: { region: RegionNode; rates: RatePair }[];
  byInstitution: { institution: { id: string; code: string; name: string }; rates: RatePair }[];
  byProductKind: { productKind: ProductKind; rates: RatePair }[];
}

export const noAverageRate = (): AverageRate => ({
  rate: null,
  rateExact: null,
  amount: "0.00",
  loans: 0,
  unratedAmount: "0.00",
});
const emptyPair = (): RatePair => ({ all: noAverageRate(), inclusive: noAverageRate() });

interface RateRow {
  dimension: "total" | "region" | "institution" | "kind";
  key: string | null;
  metric: "DISBURSED_AMOUNT" | "INCLUSIVE_SMALL_MICRO_AMOUNT";
  rate: string | null;
  rate_exact: string | null;
  amount: string;
  loans: number;
  unrated_amount: string;
}

export async function queryAverageRates(db: DbOrTx, scope: Scope, trees: Trees): Promise<AverageRates> {
  // Region → the split region it is reported under; institution → its head institution (depth 0).
  const regionIds: string[] = [];
  const splitIds: string[] = [];
  for (const region of trees.regions) {
    const split = scope.splitRegionOf(region.id);
    if (split) {
      regionIds.push(region.id);
      splitIds.push(split.id);
    }
  }
  const headOf = (id: string): string => {
    let node = trees.institutionById.get(id);
    while (node?.parentId && trees.institutionById.has(node.parentId)) node = trees.institutionById.get(node.parentId);
    return node?.id ?? id;
  };
  const institutionIds = trees.institutions.map((institution) => institution.id);
  const headIds = institutionIds.map(headOf);

  const rows = await db.$queryRaw<RateRow[]>`
    WITH loans AS (
      SELECT le.metric::text AS metric, le.amount, o."annualRate" AS rate, le."regionId" AS region_id,
             le."institutionId" AS institution_id, le."productKind"::text AS product_kind
      FROM "LedgerEntry" le
      JOIN "Outcome" o ON o.id = le."outcomeId"
      WHERE le.metric IN ('DISBURSED_AMOUNT', 'INCLUSIVE_SMALL_MICRO_AMOUNT')
        AND le."reversesId" IS NULL
        AND o.state = 'ACTIVE' AND o.kind = 'DISBURSED'
        AND le."occurredOn" >= ${scope.from}::date AND le."occurredOn" < ${scope.to}::date
        ${andIn('le."regionId"', scope.regionIds)}
        ${andIn('le."institutionId"', scope.institutionIds)}
    ),
    mapped AS (
      SELECT loans.*, split.split_id, head.head_id
      FROM loans
      LEFT JOIN unnest(${regionIds}::text[], ${splitIds}::text[]) AS split(region_id, split_id)
        ON split.region_id = loans.region_id
      LEFT JOIN unnest(${institutionIds}::text[], ${headIds}::text[]) AS head(institution_id, head_id)
        ON head.institution_id = loans.institution_id
    )
    SELECT CASE GROUPING(split_id, head_id, product_kind)
             WHEN 7 THEN 'total' WHEN 3 THEN 'region' WHEN 5 THEN 'institution' ELSE 'kind' END AS dimension,
           CASE GROUPING(split_id, head_id, product_kind)
             WHEN 7 THEN NULL WHEN 3 THEN split_id WHEN 5 THEN head_id ELSE product_kind END AS key,
           metric,
           round(sum(amount * rate) / NULLIF(sum(amount) FILTER (WHERE rate IS NOT NULL), 0), 2)::text AS rate,
           round(sum(amount * rate) / NULLIF(sum(amount) FILTER (WHERE rate IS NOT NULL), 0), 4)::text AS rate_exact,
           COALESCE(sum(amount) FILTER (WHERE rate IS NOT NULL), 0)::numeric(20, 2)::text AS amount,
           count(*) FILTER (WHERE rate IS NOT NULL)::int AS loans,
           COALESCE(sum(amount) FILTER (WHERE rate IS NULL), 0)::numeric(20, 2)::text AS unrated_amount
    FROM mapped
    GROUP BY GROUPING SETS ((metric), (metric, split_id), (metric, head_id), (metric, product_kind))`;

  const total = emptyPair();
  const byRegion = new Map(scope.splitRegions.map((region) => [region.id, { region, rates: emptyPair() }]));
  const byInstitution = new Map<string, AverageRates["byInstitution"][number]>();
  const byKind = new Map<string, RatePair>();
  for (const row of rows) {
    const value: AverageRate = {
      rate: row.rate,
      rateExact: row.rate_exact,
      amount: row.amount,
      loans: row.loans,
      unratedAmount: row.unrated_amount,
    };
    const side = row.metric === "DISBURSED_AMOUNT" ? "all" : "inclusive";
    let pair: RatePair | undefined;
    if (row.dimension === "total") pair = total;
    else if (row.dimension === "region") pair = row.key ? byRegion.get(row.key)?.rates : undefined;
    else if (row.dimension === "institution") {
      const node = row.key ? trees.institutionById.get(row.key) : undefined;
      if (node) {
        if (!byInstitution.has(node.id))
          byInstitution.set(node.id, {
            institution: { id: node.id, code: node.code, name: node.shortName || node.name },
            rates: emptyPair(),
          });
        pair = byInstitution.get(node.id)!.rates;
      }
    } else if (row.key) {
      if (!byKind.has(row.key)) byKind.set(row.key, emptyPair());
      pair = byKind.get(row.key);
    }
    if (pair) pair[side] = value;
  }
  return {
    total,
    byRegion: [...byRegion.values()],
    byInstitution: [...byInstitution.values()].sort((a, b) => a.institution.code.localeCompare(b.institution.code)),
    byProductKind: [...byKind].map(([productKind, rates]) => ({ productKind: productKind as ProductKind, rates })),
  };
}
