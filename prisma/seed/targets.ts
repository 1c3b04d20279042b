/**
 * The city's 2026 annual targets, so the bureau console shows progress out of the box. Values are illustrative,
 * sized to the demo ledger (roughly half to three quarters reached by the reference date). Amounts in 元 (written
 * here in 万元), borrower counts in 户. City-wide rows plus the five counties/districts; no institution targets.
 */
import { fenToYuanString, wanToFen } from "../../app/kernel/money.ts";
import type { LedgerMetric } from "../../app/generated/prisma/enums.ts";

export const TARGET_YEAR = 2026;

type TargetRow = { regionCode: string; metric: LedgerMetric; wan?: string; borrowers?: number };

const CITY = "445200";
/** Each county's share of the city target, in percent (integers, so the arithmetic stays exact). */
const COUNTY_SHARE_PERCENT: Record<string, number> = {
  "445202": 26,
  "445203": 14,
  "445222": 12,
  "445224": 26,
  "445281": 22,
};

const CITY_TARGETS: Omit<TargetRow, "regionCode">[] = [
  { metric: "DISBURSED_AMOUNT", wan: "24000" },
  { metric: "INCLUSIVE_SMALL_MICRO_AMOUNT", wan: "7500" },
  { metric: "INCLUSIVE_SMALL_MICRO_BORROWER", borrowers: 80 },
  { metric: "FIRST_LOAN_BORROWER", borrowers: 36 },
  { metric: "AGRI_AMOUNT", wan: "6000" },
  { metric: "GREEN_AMOUNT", wan: "3000" },
  { metric: "MARINE_AMOUNT", wan: "600" },
  { metric: "TRANSFER_FIRM_AMOUNT", wan: "12000" },
];

export function buildTargets(): { regionCode: string; metric: LedgerMetric; value: string }[] {
  const rows: { regionCode: string; metric: LedgerMetric; value: string }[] = [];
  for (const target of CITY_TARGETS) {
    rows.push({
      regionCode: CITY,
      metric: target.metric,
      value: target.wan ? fenToYuanString(wanToFen(target.wan)) : `${target.borrowers}.00`,
    });
    for (const [regionCode, percent] of Object.entries(COUNTY_SHARE_PERCENT)) {
      // County targets in whole 万元 / whole 户, rounded up so the counties add up to at least the city's target.
      const ceilShare = (whole: number) => Math.floor((whole * percent + 99) / 100);
      const value = target.wan
        ? fenToYuanString(wanToFen(String(ceilShare(Number(target.wan)))))
        : `${ceilShare(target.borrowers ?? 0)}.00`;
      rows.push({ regionCode, metric: target.metric, value });
    }
  }
  return rows;
}
