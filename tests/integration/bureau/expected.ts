/**
 * The bureau's figures recomputed the slow, obvious way: direct SQL over the source tables (FinancingNeed, Match,
 * Engagement, Outcome, LedgerEntry — never the rollups) plus plain TypeScript for working time and medians. The
 * tests compare these with what the rollup-backed queries return.
 */
import type { Db } from "~/infra/db.server.ts";
import { isWorkingDay, type WorkingCalendar } from "~/modules/deadlines/working-days.ts";
import { addCalendarDays, shanghaiDay, shanghaiInstant } from "~/kernel/time.ts";

export interface Filter {
  from: string;
  /** exclusive */
  to: string;
  regionCode: string | null;
  institutionCode: string | null;
}

export interface Counts {
  needs: number;
  amountFen: bigint;
  matched: number;
  responded: number;
  responseDue: number;
  respondedInTime: number;
  engaged: number;
  approved: number;
  disbursed: number;
}

const zero = (): Counts => ({
  needs: 0,
  amountFen: 0n,
  matched: 0,
  responded: 0,
  responseDue: 0,
  respondedInTime: 0,
  engaged: 0,
  approved: 0,
  disbursed: 0,
});

export const toFen = (yuan: string) => {
  const [whole, fraction = ""] = yuan.replace("-", "").split(".");
  const fen = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
  return yuan.startsWith("-") ? -fen : fen;
};

/** Working seconds between two instants: only the parts on Shanghai working days count (24 h each). */
export function workingSeconds(from: Date, to: Date, calendar: WorkingCalendar): number {
  if (to <= from) return 0;
  let total = 0;
  for (let day = shanghaiDay(from); day <= shanghaiDay(to); day = addCalendarDays(day, 1)) {
    if (!isWorkingDay(day, calendar)) continue;
    const start = Math.max(from.getTime(), shanghaiInstant(day).getTime());
    const end = Math.min(to.getTime(), shanghaiInstant(addCalendarDays(day, 1)).getTime());
    if (end > start) total += (end - start) / 1000;
  }
  return Math.round(total);
}

/** percentile_cont(0.5) over response times in whole tenths of a working hour → hours. */
export function medianHours(seconds: number[]): number | null {
  if (seconds.length === 0) return null;
  const tenths = seconds.map((value) => Math.floor(value / 360)).sort((a, b) => a - b);
  const lower = tenths[Math.floor((tenths.length - 1) / 2)]!;
  const upper = tenths[Math.ceil((tenths.length - 1) / 2)]!;
  return (lower + upper) / 20;
}

interface RegionRow {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  responseDeadlineWorkingDays: number | null;
}

export async function regionTree(db: Db) {
  const rows = await db.$queryRaw<RegionRow[]>`
    SELECT id, code, name, "parentId", "responseDeadlineWorkingDays" FROM "Region"`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  const inSubtree = (id: string, rootCode: string | null) => {
    if (!rootCode) return true;
    for (let node = byId.get(id); node; node = node.parentId ? byId.get(node.parentId) : undefined)
      if (node.code === rootCode) return true;
    return false;
  };
  /** The split region a region is reported under: the root's child on the way (or the root itself). */
  const splitOf = (id: string, rootCode: string | null) => {
    const root = rootCode ? rows.find((row) => row.code === rootCode)! : rows.find((row) => row.parentId === null)!;
    let node = byId.get(id);
    while (node && node.parentId !== root.id && node.id !== root.id)
      node = node.parentId ? byId.get(node.parentId) : undefined;
    return node?.name ?? null;
  };
  const deadlineDays = (id: string) => {
    for (let node = byId.get(id); node; node = node.parentId ? byId.get(node.parentId) : undefined) {
      if (node.responseDeadlineWorkingDays !== null) return node.responseDeadlineWorkingDays;
    }
    return 3;
  };
  return { rows, inSubtree, splitOf, deadlineDays };
}

async function institutionSubtree(db: Db, code: string | null): Promise<string[] | null> {
  if (!code) return null;
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE sub AS (
      SELECT id FROM "Institution" WHERE code = ${code}
      UNION ALL SELECT i.id FROM "Institution" i JOIN sub ON i."parentId" = sub.id
    ) SELECT id FROM sub`;
  return rows.map((row) => row.id);
}

interface NeedRow {
  id: string;
  regionId: string;
  entityType: string;
  amount: string;
  publishedAt: Date;
  firstResponseDueAt: Date | null;
  firstRespondedAt: Date | null;
  matched: boolean;
  engaged: boolean;
  approved: boolean;
  disbursed: boolean;
}

interface PairRow {
  needId: string;
  regionId: string;
  entityType: string;
  amount: string;
  publishedAt: Date;
  matched: boolean;
  initiatedBy: string | null;
  requestedAt: Date | null;
  acceptedAt: Date | null;
  status: string | null;
  outcomeApproved: boolean;
  outcomeDisbursed: boolean;
}

export interface ExpectedNeeds {
  total: Counts;
  byRegion: Map<string, Counts>;
  byEntityType: Map<string, Counts>;
  medianHours: number | null;
  answered: number;
}

function add(target: Map<string, Counts>, key: string, row: Omit<Counts, "needs">) {
  const counts = target.get(key) ?? zero();
  counts.needs += 1;
  counts.amountFen += row.amountFen;
  counts.matched += row.matched;
  counts.responded += row.responded;
  counts.responseDue += row.responseDue;
  counts.respondedInTime += row.respondedInTime;
  counts.engaged += row.engaged;
  counts.approved += row.approved;
  counts.disbursed += row.disbursed;
  target.set(key, counts);
}

export async function expectedNeeds(
  db: Db,
  filter: Filter,
  calendar: WorkingCalendar,
  now: Date,
): Promise<ExpectedNeeds> {
  const regions = await regionTree(db);
  const fromInstant = shanghaiInstant(filter.from);
  const toInstant = shanghaiInstant(filter.to);
  const institutions = await institutionSubtree(db, filter.institutionCode);
  const perNeed: {
    key: string;
    entityType: string;
    regionId: string;
    counts: Omit<Counts, "needs">;
    responseSeconds: number | null;
  }[] = [];

  if (!institutions) {
    const needs = await db.$queryRaw<NeedRow[]>`
      SELECT n.id, n."regionId", e."entityType"::text AS "entityType", n.amount::text AS amount, n."publishedAt",
             n."firstResponseDueAt", n."firstRespondedAt",
             EXISTS (SELECT 1 FROM "Match" m WHERE m."needId" = n.id AND m.kind <> 'NEAR_MISS') AS matched,
             EXISTS (SELECT 1 FROM "Engagement" g WHERE g."needId" = n.id
                     AND (g."acceptedAt" IS NOT NULL OR g.status IN ('ACCEPTED','CONTACTED','UNDER_REVIEW','APPROVED','DISBURSED'))) AS engaged,
             EXISTS (SELECT 1 FROM "Engagement" g WHERE g."needId" = n.id AND (g.status IN ('APPROVED','DISBURSED')
                     OR EXISTS (SELECT 1 FROM "Outcome" o WHERE o."engagementId" = g.id AND o.state = 'ACTIVE' AND o.kind IN ('APPROVED','DISBURSED')))) AS approved,
             EXISTS (SELECT 1 FROM "Engagement" g WHERE g."needId" = n.id AND (g.status = 'DISBURSED'
                     OR EXISTS (SELECT 1 FROM "Outcome" o WHERE o."engagementId" = g.id AND o.state = 'ACTIVE' AND o.kind = 'DISBURSED'))) AS disbursed
      FROM "FinancingNeed" n JOIN "Enterprise" e ON e.id = n."enterpriseId"
      WHERE n."publishedAt" >= ${fromInstant} AND n."publishedAt" < ${toInstant}`;
    for (const need of needs) {
      if (!regions.inSubtree(need.regionId, filter.regionCode)) continue;
      const responded = need.firstRespondedAt !== null;
      // An institution taking a need up counts as a match too (the funnel is nested).
      need.matched ||= need.engaged;
      perNeed.push({
        key: need.id,
        entityType: need.entityType,
        regionId: need.regionId,
        responseSeconds: responded ? workingSeconds(need.publishedAt, need.firstRespondedAt!, calendar) : null,
        counts: {
          amountFen: toFen(need.amount),
          matched: +need.matched,
          responded: +responded,
          responseDue: +(responded || (need.firstResponseDueAt !== null && need.firstResponseDueAt <= now)),
          respondedInTime: +(
            responded &&
            need.firstResponseDueAt !== null &&
            need.firstRespondedAt! <= need.firstResponseDueAt
          ),
          engaged: +need.engaged,
          approved: +need.approved,
          disbursed: +need.disbursed,
        },
      });
    }
  } else {
    // Every (need, institution of the subtree) pair: matched to its products (bundles included) or engaged.
    const pairs = await db.$queryRaw<PairRow[]>`
      WITH insts AS (SELECT unnest(${institutions}::text[]) AS id),
      matched AS (
        SELECT m."needId" AS need_id, p."institutionId" AS institution_id FROM "Match" m JOIN "Product" p ON p.id = m."productId"
        WHERE m.kind <> 'NEAR_MISS' AND p."institutionId" IN (SELECT id FROM insts)
        UNION
        SELECT m."needId", p."institutionId" FROM "Match" m JOIN "Product" p ON p.id = m."bundleProductId"
        WHERE m.kind = 'BUNDLE' AND p."institutionId" IN (SELECT id FROM insts)
      ),
      pairs AS (
        SELECT need_id, institution_id FROM matched
        UNION SELECT "needId", "institutionId" FROM "Engagement" WHERE "institutionId" IN (SELECT id FROM insts)
      )
      SELECT n.id AS "needId", n."regionId", e."entityType"::text AS "entityType", n.amount::text AS amount, n."publishedAt",
             EXISTS (SELECT 1 FROM matched mt WHERE mt.need_id = pr.need_id AND mt.institution_id = pr.institution_id) AS matched,
             g."initiatedBy"::text AS "initiatedBy", g."requestedAt", g."acceptedAt", g.status::text AS status,
             COALESCE((SELECT bool_or(o.kind IN ('APPROVED','DISBURSED')) FROM "Outcome" o WHERE o."engagementId" = g.id AND o.state = 'ACTIVE'), false) AS "outcomeApproved",
             COALESCE((SELECT bool_or(o.kind = 'DISBURSED') FROM "Outcome" o WHERE o."engagementId" = g.id AND o.state = 'ACTIVE'), false) AS "outcomeDisbursed"
      FROM pairs pr
      JOIN "FinancingNeed" n ON n.id = pr.need_id
      JOIN "Enterprise" e ON e.id = n."enterpriseId"
      LEFT JOIN "Engagement" g ON g."needId" = pr.need_id AND g."institutionId" = pr.institution_id
      WHERE n."publishedAt" >= ${fromInstant} AND n."publishedAt" < ${toInstant}`;
    const byNeed = new Map<string, PairRow[]>();
    for (const pair of pairs) {
      if (!regions.inSubtree(pair.regionId, filter.regionCode)) continue;
      byNeed.set(pair.needId, [...(byNeed.get(pair.needId) ?? []), pair]);
    }
    for (const [needId, rows] of byNeed) {
      const first = rows[0]!;
      let best: number | null = null;
      const flags = {
        matched: false,
        responded: false,
        due: false,
        inTime: false,
        engaged: false,
        approved: false,
        disbursed: false,
      };
      for (const row of rows) {
        flags.matched ||= row.matched;
        if (!row.status) continue;
        flags.due = true;
        const askedAt = row.initiatedBy === "INSTITUTION" ? row.publishedAt : row.requestedAt!;
        const answeredAt = row.initiatedBy === "INSTITUTION" ? row.requestedAt : row.acceptedAt;
        if (answeredAt) {
          const seconds = workingSeconds(askedAt, answeredAt, calendar);
          flags.responded = true;
          if (seconds <= regions.deadlineDays(row.regionId) * 86400) flags.inTime = true;
          best = best === null ? seconds : Math.min(best, seconds);
        }
        flags.engaged ||=
          row.acceptedAt !== null ||
          ["ACCEPTED", "CONTACTED", "UNDER_REVIEW", "APPROVED", "DISBURSED"].includes(row.status);
        flags.matched ||= flags.engaged;
        flags.approved ||= ["APPROVED", "DISBURSED"].includes(row.status) || row.outcomeApproved;
        flags.disbursed ||= row.status === "DISBURSED" || row.outcomeDisbursed;
      }
      perNeed.push({
        key: needId,
        entityType: first.entityType,
        regionId: first.regionId,
        responseSeconds: best,
        counts: {
          amountFen: toFen(first.amount),
          matched: +flags.matched,
          responded: +flags.responded,
          responseDue: +flags.due,
          respondedInTime: +flags.inTime,
          engaged: +flags.engaged,
          approved: +flags.approved,
          disbursed: +flags.disbursed,
        },
      });
    }
  }

  const totalMap = new Map<string, Counts>();
  const byRegion = new Map<string, Counts>();
  const byEntityType = new Map<string, Counts>();
  for (const need of perNeed) {
    add(totalMap, "total", need.counts);
    add(byRegion, regions.splitOf(need.regionId, filter.regionCode) ?? "?", need.counts);
    add(byEntityType, need.entityType, need.counts);
  }
  const seconds = perNeed.map((need) => need.responseSeconds).filter((value): value is number => value !== null);
  return {
    total: totalMap.get("total") ?? zero(),
    byRegion,
    byEntityType,
    medianHours: medianHours(seconds),
    answered: seconds.length,
  };
}

export interface LedgerSums {
  amountFen: bigint;
  borrowers: number;
}

export interface ExpectedLedger {
  /** "METRIC" → sums */
  total: Map<string, LedgerSums>;
  /** "split name|METRIC" */
  byRegion: Map<string, LedgerSums>;
  /** "ENTITY|METRIC" */
  byEntityType: Map<string, LedgerSums>;
  /** "KIND or ''|METRIC" */
  byProductKind: Map<string, LedgerSums>;
  /** "TOOL or ''|METRIC" */
  byPolicyTool: Map<string, LedgerSums>;
}

export async function expectedLedger(db: Db, filter: Filter): Promise<ExpectedLedger> {
  const regions = await regionTree(db);
  const institutions = await institutionSubtree(db, filter.institutionCode);
  const rows = await db.$queryRaw<
    {
      metric: string;
      regionId: string;
      institutionId: string;
      entityType: string;
      productKind: string | null;
      policyTool: string | null;
      amount: string;
      borrowerCount: number;
    }[]
  >`
    SELECT metric::text AS metric, "regionId", "institutionId", "entityType"::text AS "entityType", "productKind"::text AS "productKind",
           "policyTool"::text AS "policyTool", amount::text AS amount, "borrowerCount"
    FROM "LedgerEntry"
    WHERE "occurredOn" >= ${filter.from}::date AND "occurredOn" < ${filter.to}::date`;
  const result: ExpectedLedger = {
    total: new Map(),
    byRegion: new Map(),
    byEntityType: new Map(),
    byProductKind: new Map(),
    byPolicyTool: new Map(),
  };
  const bump = (map: Map<string, LedgerSums>, key: string, amountFen: bigint, borrowers: number) => {
    const current = map.get(key) ?? { amountFen: 0n, borrowers: 0 };
    map.set(key, { amountFen: current.amountFen + amountFen, borrowers: current.borrowers + borrowers });
  };
  for (const row of rows) {
    if (!regions.inSubtree(row.regionId, filter.regionCode)) continue;
    if (institutions && !institutions.includes(row.institutionId)) continue;
    const fen = toFen(row.amount);
    bump(result.total, row.metric, fen, row.borrowerCount);
    bump(result.byRegion, `${regions.splitOf(row.regionId, filter.regionCode)}|${row.metric}`, fen, row.borrowerCount);
    bump(result.byEntityType, `${row.entityType}|${row.metric}`, fen, row.borrowerCount);
    bump(result.byProductKind, `${row.productKind ?? ""}|${row.metric}`, fen, row.borrowerCount);
    bump(result.byPolicyTool, `${row.policyTool ?? ""}|${row.metric}`, fen, row.borrowerCount);
  }
  return result;
}

export interface ExpectedResponses {
  asked: number;
  due: number;
  responded: number;
  respondedInTime: number;
  unanswered: number;
  passed: number;
  passReasons: Record<string, number>;
  medianHours: number | null;
}

/**
 * Response accounting recomputed from NeedAsk directly: per institution code, and in total under the key "".
 * Counted by the Shanghai day the need was published, filtered by region subtree and institution subtree.
 */
export async function expectedResponses(
  db: Db,
  filter: Filter,
  calendar: WorkingCalendar,
  now: Date,
): Promise<Map<string, ExpectedResponses>> {
  const regions = await regionTree(db);
  const institutionIds = await institutionSubtree(db, filter.institutionCode);
  const rows = await db.$queryRaw<
    {
      code: string;
      institutionId: string;
      regionId: string;
      publishedAt: Date;
      askedAt: Date;
      respondBy: Date;
      respondedAt: Date | null;
      response: string | null;
      passReason: string | null;
    }[]
  >`
    SELECT i.code, a."institutionId", n."regionId", n."publishedAt", a."askedAt", a."respondBy", a."respondedAt",
           a.response::text AS response, a."passReason"::text AS "passReason"
    FROM "NeedAsk" a JOIN "FinancingNeed" n ON n.id = a."needId" JOIN "Institution" i ON i.id = a."institutionId"
    WHERE n."publishedAt" IS NOT NULL`;
  const result = new Map<string, ExpectedResponses & { seconds: number[] }>();
  const entry = (key: string) => {
    let value = result.get(key);
    if (!value) {
      value = {
        asked: 0,
        due: 0,
        responded: 0,
        respondedInTime: 0,
        unanswered: 0,
        passed: 0,
        passReasons: {},
        medianHours: null,
        seconds: [],
      };
      result.set(key, value);
    }
    return value;
  };
  for (const row of rows) {
    const day = shanghaiDay(row.publishedAt);
    if (day < filter.from || day >= filter.to) continue;
    if (!regions.inSubtree(row.regionId, filter.regionCode)) continue;
    if (institutionIds && !institutionIds.includes(row.institutionId)) continue;
    for (const key of [row.code, ""]) {
      const value = entry(key);
      value.asked++;
      const responded = row.respondedAt !== null;
      if (responded || row.respondBy <= now) value.due++;
      if (responded) {
        value.responded++;
        if (row.respondedAt! <= row.respondBy) value.respondedInTime++;
        value.seconds.push(workingSeconds(row.askedAt, row.respondedAt!, calendar));
      } else if (row.respondBy <= now) value.unanswered++;
      if (row.response === "PASSED") {
        value.passed++;
        value.passReasons[row.passReason!] = (value.passReasons[row.passReason!] ?? 0) + 1;
      }
    }
  }
  return new Map(
    [...result].map(([key, { seconds, ...value }]) => [key, { ...value, medianHours: medianHours(seconds) }]),
  );
}

/** Weighted average rate "x.xxxx" (half away from zero, as SQL round) and its base in 分; rate null = no loans. */
export interface ExpectedRate {
  rateExact: string | null;
  amountFen: bigint;
  loans: number;
}

export interface ExpectedRates {
  /** "all" / "inclusive" → rate; by region "split name|all", by head institution "code|all", by kind "LOAN|all". */
  total: Map<string, ExpectedRate>;
  byRegion: Map<string, ExpectedRate>;
  byInstitution: Map<string, ExpectedRate>;
  byProductKind: Map<string, ExpectedRate>;
}

/**
 * 贷款加权平均利率 straight from the outcomes, not the ledger: every ACTIVE DISBURSED outcome of a bank with an
 * amount and a rate, on its decision day, in its need's region; 普惠小微 by the rule written out again here (small
 * or micro, or 个体工商户, not 农户, credit line at the lender ≤ 10,000,000 元). Sums in bigint 分 × 0.0001%.
 */
export async function expectedAverageRates(db: Db, filter: Filter): Promise<ExpectedRates> {
  const regions = await regionTree(db);
  const institutions = await institutionSubtree(db, filter.institutionCode);
  const rows = await db.$queryRaw<
    {
      regionId: string;
      institutionId: string;
      headCode: string;
      productKind: string;
      amount: string;
      rate: string;
      inclusive: boolean;
    }[]
  >`
    WITH RECURSIVE head AS (
      SELECT id, id AS head_id, code AS head_code FROM "Institution" WHERE "parentId" IS NULL
      UNION ALL SELECT i.id, head.head_id, head.head_code FROM "Institution" i JOIN head ON i."parentId" = head.id
    )
    SELECT n."regionId", g."institutionId", head.head_code AS "headCode",
           COALESCE(p.kind::text, 'LOAN') AS "productKind", o."disbursedAmount"::text AS amount,
           o."annualRate"::text AS rate,
           ((e."entityType" = 'INDIVIDUAL_BUSINESS'
              OR (e."entityType" <> 'FARM_HOUSEHOLD' AND e."sizeClass" IN ('SMALL', 'MICRO')))
            AND COALESCE(o."totalCreditAtInstitution", GREATEST(o."approvedAmount", o."disbursedAmount")) <= 10000000)
             AS inclusive
    FROM "Outcome" o
    JOIN "Engagement" g ON g.id = o."engagementId"
    JOIN "Institution" i ON i.id = g."institutionId"
    JOIN head ON head.id = i.id
    JOIN "FinancingNeed" n ON n.id = g."needId"
    JOIN "Enterprise" e ON e.id = n."enterpriseId"
    LEFT JOIN "Product" p ON p.id = o."productId"
    WHERE o.state = 'ACTIVE' AND o.kind = 'DISBURSED' AND i.kind = 'BANK'
      AND o."disbursedAmount" > 0 AND o."annualRate" IS NOT NULL
      AND o."decidedOn" >= ${filter.from}::date AND o."decidedOn" < ${filter.to}::date`;
  const sums = new Map<string, { weighted: bigint; fen: bigint; loans: number }>();
  const add = (key: string, fen: bigint, units: bigint) => {
    const current = sums.get(key) ?? { weighted: 0n, fen: 0n, loans: 0 };
    sums.set(key, { weighted: current.weighted + fen * units, fen: current.fen + fen, loans: current.loans + 1 });
  };
  for (const row of rows) {
    if (!regions.inSubtree(row.regionId, filter.regionCode)) continue;
    if (institutions && !institutions.includes(row.institutionId)) continue;
    const fen = toFen(row.amount);
    const [whole, fraction = ""] = row.rate.split(".");
    const units = BigInt(whole!) * 10_000n + BigInt(fraction.padEnd(4, "0").slice(0, 4));
    for (const side of row.inclusive ? ["all", "inclusive"] : ["all"]) {
      add(`total|${side}`, fen, units);
      add(`region|${regions.splitOf(row.regionId, filter.regionCode)}|${side}`, fen, units);
      add(`institution|${row.headCode}|${side}`, fen, units);
      add(`kind|${row.productKind}|${side}`, fen, units);
    }
  }
  const result: ExpectedRates = {
    total: new Map(),
    byRegion: new Map(),
    byInstitution: new Map(),
    byProductKind: new Map(),
  };
  for (const [key, sum] of sums) {
    const rounded = (2n * sum.weighted + sum.fen) / (2n * sum.fen);
    const rateExact = `${rounded / 10_000n}.${String(rounded % 10_000n).padStart(4, "0")}`;
    const [dimension, ...rest] = key.split("|");
    const target = {
      total: result.total,
      region: result.byRegion,
      institution: result.byInstitution,
      kind: result.byProductKind,
    }[dimension as "total" | "region" | "institution" | "kind"];
    target.set(rest.join("|"), { rateExact, amountFen: sum.fen, loans: sum.loans });
  }
  return result;
}
