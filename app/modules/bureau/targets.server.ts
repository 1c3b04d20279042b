/**
 * Annual targets (year × metric × region × optional institution) and their progress, computed from the ledger
 * rollups: progress is compared both with the target and with the share of the year that has passed (序时进度).
 * Targets are set one at a time or by CSV upload; an upload is all-or-nothing — every row is checked first, each
 * bad row is reported with its line and reason, and nothing is saved unless every row is good.
 *
 * Target values: amount metrics in 元 in the database, entered in 万元 (what the bureau's documents use);
 * borrower metrics in 户 (whole numbers).
 */
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import type { LedgerMetric } from "~/generated/prisma/enums.ts";
import { decimalToYuanString, parseMoneyInput, parseYuan, yuanToWanString } from "~/kernel/money.ts";
import { addCalendarDays } from "~/kernel/time.ts";
import { parseCsv, CsvSyntaxError } from "./csv.ts";
import { queryLedgerTotals } from "./dashboard.server.ts";
import { isBorrowerMetric, LEDGER_METRICS } from "./labels.ts";
import { ledgerMetricLabel } from "~/kernel/labels.ts";
export { targetStatusLabel } from "./labels.ts";
import { elapsedShare, yearPeriod } from "./period.ts";
import { subtreeIds, type Scope, type Trees } from "./scope.server.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";

export const MAX_TARGET_YUAN_FEN = 10n ** 17n; // 1e15 元 — far beyond any city's annual lending
export const MAX_TARGET_BORROWERS = 100_000_000;

// ───────────────────────────── values ─────────────────────────────

export type ValueResult = { ok: true; value: string } | { ok: false; reason: string };

/** Validates a target value as typed (万元 for amounts, 户 for borrowers) → the stored value. */
export function parseTargetValue(metric: LedgerMetric, text: string): ValueResult {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, reason: "目标值不能为空" };
  if (isBorrowerMetric(metric)) {
    if (!/^\d{1,9}$/.test(trimmed)) return { ok: false, reason: "户数目标须为正整数" };
    const count = Number(trimmed);
    if (count <= 0 || count > MAX_TARGET_BORROWERS) return { ok: false, reason: "户数目标须为正整数" };
    return { ok: true, value: `${count}.00` };
  }
  const parsed = parseMoneyInput(trimmed, "WAN", { lenient: false, maxWholeDigits: 13 });
  if (!parsed.ok) return { ok: false, reason: "金额目标须为以万元计的正数，最多 6 位小数" };
  const { fen, yuan } = parsed;
  if (fen <= 0n) return { ok: false, reason: "金额目标须大于 0" };
  if (fen >= MAX_TARGET_YUAN_FEN) return { ok: false, reason: "金额目标过大，请确认单位为万元" };
  return { ok: true, value: yuan };
}

// ───────────────────────────── list with progress ─────────────────────────────

export interface TargetProgress {
  id: string;
  year: number;
  metric: LedgerMetric;
  region: { id: string; code: string; name: string };
  institution: { id: string; code: string; name: string } | null;
  /** Stored value: 元 for amounts, 户 for borrowers (as "12.00"). */
  value: string;
  /** Net ledger figure for the year so far: 元 for amounts, 户 for borrowers. */
  actual: string;
  /** actual ÷ value (0–∞). */
  completion: number;
  /** Share of the year passed (0–1). */
  elapsed: number;
  /** completion − elapsed, in percentage points. */
  gapPoints: number;
  status: "AHEAD" | "BEHIND" | "DONE" | "MISSED" | "NOT_STARTED";
  updatedAt: string;
  setBy: string | null;
}

function numberOf(text: string): number {
  return Number(text);
}

/**
 * Targets of a year (optionally only those for a region's subtree / an institution's subtree) with their progress.
 * Each target's actual is its region's subtree (and institution's branches) over the calendar year.
 */
export async function listTargetsWithProgress(
  db: DbOrTx,
  trees: Trees,
  year: number,
  today: string,
  filter: { regionIds?: string[] | null; institutionIds?: string[] | null } = {},
): Promise<TargetProgress[]> {
  // `today` is the last day counted: progress and the share of the year passed are as of that day.
  const targets = await db.target.findMany({
    where: {
      year,
      ...(filter.regionIds ? { regionId: { in: filter.regionIds } } : {}),
      ...(filter.institutionIds ? { institutionId: { in: filter.institutionIds } } : {}),
    },
    select: {
      id: true,
      year: true,
      metric: true,
      value: true,
      updatedAt: true,
      region: { select: { id: true, code: true, name: true } },
      institution: { select: { id: true, code: true, name: true } },
      setBy: { select: { displayName: true } },
    },
  });
  const period = yearPeriod(year);
  const elapsed = elapsedShare(period, today);
  const countedTo = today < period.from ? period.from : today >= period.to ? period.to : addCalendarDays(today, 1);
  const results: TargetProgress[] = [];
  // Targets sharing a region and institution share one ledger query.
  const groups = new Map<string, typeof targets>();
  for (const target of targets) {
    const key = `${target.region.id}|${target.institution?.id ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), target]);
  }
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const first = group[0]!;
      const regionIds = subtreeIds(trees.regions, first.region.id);
      const scope: Scope = {
        from: period.from,
        to: countedTo,
        regionIds: regionIds.length === trees.regions.length ? null : regionIds,
        institutionIds: first.institution ? subtreeIds(trees.institutions, first.institution.id) : null,
        region: null,
        institution: null,
        splitRegions: [],
        splitRegionOf: () => null,
      };
      const totals = await queryLedgerTotals(db, scope);
      for (const target of group) {
        const borrower = isBorrowerMetric(target.metric);
        const actual = borrower ? `${totals[target.metric].borrowers}` : totals[target.metric].amount;
        const value = decimalToYuanString(target.value);
        const completion = numberOf(value) > 0 ? numberOf(actual) / numberOf(value) : 0;
        const done = (parseYuan(borrower ? `${actual}.00` : actual) ?? 0n) >= (parseYuan(value) ?? 0n);
        const status: TargetProgress["status"] =
          elapsed === 0
            ? "NOT_STARTED"
            : done
              ? "DONE"
              : elapsed >= 1
                ? "MISSED"
                : completion >= elapsed
                  ? "AHEAD"
                  : "BEHIND";
        results.push({
          id: target.id,
          year: target.year,
          metric: target.metric,
          region: target.region,
          institution: target.institution,
          value,
          actual,
          completion,
          elapsed,
          gapPoints: (completion - elapsed) * 100,
          status,
          updatedAt: target.updatedAt.toISOString(),
          setBy: target.setBy?.displayName ?? null,
        });
      }
    }),
  );
  const regionOrder = new Map(trees.regions.map((region, index) => [region.id, index]));
  return results.sort(
    (a, b) =>
      (regionOrder.get(a.region.id) ?? 0) - (regionOrder.get(b.region.id) ?? 0) ||
      (a.institution?.code ?? "").localeCompare(b.institution?.code ?? "") ||
      LEDGER_METRICS.indexOf(a.metric) - LEDGER_METRICS.indexOf(b.metric),
  );
}

// ───────────────────────────── saving ─────────────────────────────

export interface TargetInput {
  year: number;
  metric: LedgerMetric;
  regionId: string;
  institutionId: string | null;
  /** Stored value (元 / 户 as "12.00"). */
  value: string;
}

async function upsertTarget(tx: DbOrTx, input: TargetInput, userId: string): Promise<"created" | "updated"> {
  const existing = await tx.target.findFirst({
    where: { year: input.year, metric: input.metric, regionId: input.regionId, institutionId: input.institutionId },
    select: { id: true },
  });
  if (existing) {
    await tx.target.update({ where: { id: existing.id }, data: { value: input.value, setById: userId } });
    return "updated";
  }
  await tx.target.create({ data: { ...input, setById: userId } });
  return "created";
}

export async function saveTarget(db: Db, input: TargetInput, userId: string): Promise<"created" | "updated"> {
  return db.$transaction(async (tx) => {
    const outcome = await upsertTarget(tx, input, userId);
    await recordAudit(tx, {
      action: "TARGET_SET",
      actor: { userId, role: "BUREAU" },
      subject: { type: "Target" },
      data: { ...input, outcome },
    });
    return outcome;
  });
}

export async function deleteTarget(db: Db, id: string, userId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const deleted = await tx.target.deleteMany({ where: { id } });
    if (deleted.count === 0) return false;
    await recordAudit(tx, {
      action: "TARGET_DELETED",
      actor: { userId, role: "BUREAU" },
      subject: { type: "Target", id },
    });
    return true;
  });
}

// ───────────────────────────── CSV import ─────────────────────────────

export const TARGET_CSV_HEADER = ["年度", "指标", "区域", "机构", "目标值"] as const;
const HEADER_ALIASES: Record<string, (typeof TARGET_CSV_HEADER)[number]> = {
  年度: "年度",
  year: "年度",
  指标: "指标",
  metric: "指标",
  区域: "区域",
  region: "区域",
  机构: "机构",
  institution: "机构",
  目标值: "目标值",
  value: "目标值",
};
export const MAX_CSV_ROWS = 5_000;

export interface RowError {
  line: number;
  reason: string;
}

export type ImportResult = { ok: true; created: number; updated: number } | { ok: false; errors: RowError[] };

/** Parses and checks an upload; returns the rows to save or every problem found. */
export function checkTargetCsv(text: string, trees: Trees): { rows: TargetInput[]; errors: RowError[] } {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { rows: [], errors: [{ line: error.line, reason: error.message }] };
    throw error;
  }
  if (records.length === 0) return { rows: [], errors: [{ line: 1, reason: "文件为空" }] };
  const [header, ...body] = records;
  const columns = header!.fields.map(
    (name) =>
      HEADER_ALIASES[
        name
          .trim()
          .replace(/（.*）|\(.*\)/, "")
          .toLowerCase()
      ] ?? null,
  );
  const index = Object.fromEntries(TARGET_CSV_HEADER.map((name) => [name, columns.indexOf(name)])) as Record<
    (typeof TARGET_CSV_HEADER)[number],
    number
  >;
  const missing = TARGET_CSV_HEADER.filter((name) => name !== "机构" && index[name] < 0);
  if (missing.length > 0) {
    return {
      rows: [],
      errors: [
        { line: header!.line, reason: `表头缺少列：${missing.join("、")}（应为 ${TARGET_CSV_HEADER.join(",")}）` },
      ],
    };
  }
  if (body.length === 0) return { rows: [], errors: [{ line: header!.line, reason: "除表头外没有数据行" }] };
  if (body.length > MAX_CSV_ROWS)
    return { rows: [], errors: [{ line: header!.line, reason: `一次最多导入 ${MAX_CSV_ROWS} 行` }] };

  const metricByName = new Map<string, LedgerMetric>();
  for (const metric of LEDGER_METRICS) {
    metricByName.set(metric, metric);
    metricByName.set(ledgerMetricLabel[metric], metric);
  }
  const regionByKey = new Map<string, string>();
  for (const region of trees.regions) {
    regionByKey.set(region.code, region.id);
    if (!regionByKey.has(region.name)) regionByKey.set(region.name, region.id);
  }
  const institutionByKey = new Map<string, string>();
  for (const institution of trees.institutions) {
    institutionByKey.set(institution.code, institution.id);
    if (!institutionByKey.has(institution.name)) institutionByKey.set(institution.name, institution.id);
  }

  const rows: TargetInput[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const record of body) {
    const cell = (name: (typeof TARGET_CSV_HEADER)[number]) =>
      index[name] >= 0 ? (record.fields[index[name]] ?? "").trim() : "";
    const reasons: string[] = [];
    const yearText = cell("年度");
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (!(year >= 2000 && year <= 2100)) reasons.push(`年度“${yearText}”无效`);
    const metric = metricByName.get(cell("指标"));
    if (!metric) reasons.push(`指标“${cell("指标")}”无法识别`);
    const regionId = regionByKey.get(cell("区域"));
    if (!regionId) reasons.push(`区域“${cell("区域")}”不存在`);
    const institutionText = cell("机构");
    const institutionId = institutionText ? institutionByKey.get(institutionText) : null;
    if (institutionId === undefined) reasons.push(`机构“${institutionText}”不存在`);
    let value: string | null = null;
    if (metric) {
      const parsed = parseTargetValue(metric, cell("目标值"));
      if (parsed.ok) value = parsed.value;
      else reasons.push(parsed.reason);
    }
    if (reasons.length === 0 && metric && regionId && value !== null && institutionId !== undefined) {
      const key = `${year}|${metric}|${regionId}|${institutionId ?? ""}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) reasons.push(`与第 ${earlier} 行重复（同一年度、指标、区域和机构）`);
      else {
        seen.set(key, record.line);
        rows.push({ year, metric, regionId, institutionId, value });
      }
    }
    if (reasons.length > 0) errors.push({ line: record.line, reason: reasons.join("；") });
  }
  return { rows, errors };
}

export async function importTargetsCsv(db: Db, text: string, trees: Trees, userId: string): Promise<ImportResult> {
  const { rows, errors } = checkTargetCsv(text, trees);
  if (errors.length > 0) return { ok: false, errors };
  return db.$transaction(
    async (tx) => {
      let created = 0;
      let updated = 0;
      for (const row of rows) {
        if ((await upsertTarget(tx, row, userId)) === "created") created++;
        else updated++;
      }
      await recordAudit(tx, {
        action: "TARGETS_IMPORTED",
        actor: { userId, role: "BUREAU" },
        subject: { type: "Target" },
        data: { rows: rows.length, created, updated },
      });
      return { ok: true as const, created, updated };
    },
    { timeout: 120_000 },
  );
}

/** A CSV template with the current year's targets (or example rows) to fill in and upload. */
export function targetCsvTemplate(targets: readonly TargetProgress[], trees: Trees, year: number): string[][] {
  const rows = targets.map((target) => [
    String(target.year),
    ledgerMetricLabel[target.metric],
    target.region.code,
    target.institution?.code ?? "",
    isBorrowerMetric(target.metric) ? String(Math.round(Number(target.value))) : yuanToWanString(target.value),
  ]);
  const root = trees.regions[0];
  if (rows.length === 0 && root) {
    rows.push([String(year), ledgerMetricLabel.DISBURSED_AMOUNT, root.code, "", "500000"]);
    rows.push([String(year), ledgerMetricLabel.FIRST_LOAN_BORROWER, root.code, "", "1200"]);
  }
  return [["年度", "指标", "区域", "机构", "目标值（金额：万元；户数：户）"], ...rows];
}

// ───────────────────────────── "两增" ─────────────────────────────

export interface TwoIncreases {
  year: number;
  asOf: string;
  applicable: boolean;
  inclusive: { stockAtStart: string; addedThisYear: string; growth: number | null };
  allLoans: { stockAtStart: string; addedThisYear: string; growth: number | null };
  /** Inclusive growth ≥ all-loan growth; null when a start-of-year base is zero. */
  growthPass: boolean | null;
  borrowers: { atStart: number; atEnd: number };
  borrowersPass: boolean;
}

/**
 * "两增" on the platform's own ledger: inclusive small-micro lending grows at least as fast as all lending, and the
 * number of inclusive small-micro borrowers is not below its start-of-year level. The platform records
 * disbursements, not repayments, so the start-of-year "balance" is the cumulative net ledger before 1 January and
 * growth is this year's net additions over it; borrowers are cumulative net counts before 1 January vs at `asOf`.
 */
export async function checkTwoIncreases(
  db: DbOrTx,
  scope: Pick<Scope, "regionIds" | "institutionIds">,
  year: number,
  today: string,
): Promise<TwoIncreases> {
  const yearStart = `${year}-01-01`;
  const nextYear = `${year + 1}-01-01`;
  const asOfExclusive = today < nextYear ? addCalendarDays(today, 1) : nextYear;
  const base = { region: null, institution: null, splitRegions: [], splitRegionOf: () => null, ...scope };
  const [before, during] = await Promise.all([
    queryLedgerTotals(db, { ...base, from: "2000-01-01", to: yearStart }),
    queryLedgerTotals(db, { ...base, from: yearStart, to: asOfExclusive > yearStart ? asOfExclusive : yearStart }),
  ]);
  const fen = (value: string) => parseYuan(value) ?? 0n;
  const growth = (added: string, stock: string) => (fen(stock) > 0n ? Number(added) / Number(stock) : null);
  const inclusiveStock = before.INCLUSIVE_SMALL_MICRO_AMOUNT.amount;
  const inclusiveAdded = during.INCLUSIVE_SMALL_MICRO_AMOUNT.amount;
  const allStock = before.DISBURSED_AMOUNT.amount;
  const allAdded = during.DISBURSED_AMOUNT.amount;
  const growthPass =
    fen(inclusiveStock) > 0n && fen(allStock) > 0n
      ? fen(inclusiveAdded) * fen(allStock) >= fen(allAdded) * fen(inclusiveStock)
      : null;
  const atStart = before.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers;
  const atEnd = atStart + during.INCLUSIVE_SMALL_MICRO_BORROWER.borrowers;
  return {
    year,
    asOf: addCalendarDays(asOfExclusive, -1),
    applicable: today >= yearStart,
    inclusive: {
      stockAtStart: inclusiveStock,
      addedThisYear: inclusiveAdded,
      growth: growth(inclusiveAdded, inclusiveStock),
    },
    allLoans: { stockAtStart: allStock, addedThisYear: allAdded, growth: growth(allAdded, allStock) },
    growthPass,
    borrowers: { atStart, atEnd },
    borrowersPass: atEnd >= atStart,
  };
}
