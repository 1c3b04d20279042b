/**
 * The need-flag rules (docs/domain.md#flags): which flags (首贷, 涉农, 绿色, 海洋, 科创, 转移) a need carries because
 * of who the enterprise is and what the money is for. The need form shows them, the need stores them, matching
 * values the products that suit them and the ledger counts loans by them. No server-only imports.
 */
import type { EntityType, NeedFlag, PurposeCategory } from "~/generated/prisma/enums.ts";

/** 涉农主体: farm households, family farms, co-operatives and agricultural enterprises. */
export const AGRI_ENTITY_TYPES: readonly EntityType[] = [
  "FARM_HOUSEHOLD",
  "FAMILY_FARM",
  "COOPERATIVE",
  "AGRI_ENTERPRISE",
];
/** GB/T 4754 section A, 农、林、牧、渔业. */
export const AGRI_INDUSTRY_SECTION = "A";
/** GB/T 4754 section M, 科学研究和技术服务业. */
export const TECH_INDUSTRY_SECTION = "M";
export const AGRI_PURPOSES: readonly PurposeCategory[] = [
  "SPRING_FARMING",
  "FISHING_BOAT_RENEWAL",
  "MARINE_AQUACULTURE",
];
export const MARINE_PURPOSES: readonly PurposeCategory[] = ["FISHING_BOAT_RENEWAL", "MARINE_AQUACULTURE"];

const FLAG_ORDER: readonly NeedFlag[] = ["FIRST_LOAN", "AGRI", "GREEN", "MARINE", "TECH", "TRANSFER"];

export type FlagProfile = {
  entityType: EntityType;
  industrySection: string;
  declaresNoPriorLoan: boolean;
};

/** Flags that follow from who the enterprise is and what the money is for, plus those the user declared. */
export function deriveNeedFlags(
  profile: FlagProfile,
  purpose: PurposeCategory,
  declared: readonly NeedFlag[] = [],
): NeedFlag[] {
  const flags = new Set<NeedFlag>(declared);
  if (profile.declaresNoPriorLoan) flags.add("FIRST_LOAN");
  if (AGRI_ENTITY_TYPES.includes(profile.entityType) || profile.industrySection === AGRI_INDUSTRY_SECTION) {
    flags.add("AGRI");
  }
  if (profile.entityType === "TRANSFERRED_FIRM") flags.add("TRANSFER");
  if (profile.industrySection === TECH_INDUSTRY_SECTION) flags.add("TECH");
  if (AGRI_PURPOSES.includes(purpose)) flags.add("AGRI");
  if (MARINE_PURPOSES.includes(purpose)) flags.add("MARINE");
  if (purpose === "GREEN_RETROFIT") flags.add("GREEN");
  if (purpose === "RESEARCH_AND_DEVELOPMENT") flags.add("TECH");
  return FLAG_ORDER.filter((flag) => flags.has(flag));
}
