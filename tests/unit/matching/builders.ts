import type { NeedFacts, ProductFacts } from "~/modules/matching/facts.ts";
import { wan } from "~/kernel/money.ts";

export const TODAY = 20250615;

export function productFacts(overrides: Partial<ProductFacts> = {}): ProductFacts {
  return {
    id: "p1",
    code: "P1",
    name: "惠农贷",
    kind: "LOAN",
    status: "PUBLISHED",
    validFromDay: null,
    validToDay: null,
    institutionId: "bank1",
    institutionName: "揭阳农村商业银行",
    institutionShortName: "揭阳农商银行",
    institutionKind: "BANK",
    institutionSubType: "RURAL_COMMERCIAL_BANK",
    institutionActive: true,
    institutionKeyPartner: true,
    institutionLocatedRegionId: "city",
    institutionServedRegionIds: ["city"],
    minAmountFen: wan(10),
    maxAmountFen: wan(300),
    minTermMonths: 6,
    maxTermMonths: 36,
    minRate: 38_500,
    maxRate: 43_500,
    feeRate: null,
    acceptedCollateral: ["CREDIT"],
    eligibleEntityTypes: [],
    eligibleIndustrySections: [],
    regionIds: ["city"],
    minYearsInBusiness: 0,
    flags: [],
    policyTool: null,
    ...overrides,
  };
}

export function needFacts(overrides: Partial<NeedFacts> = {}): NeedFacts {
  return {
    id: "n1",
    enterpriseId: "e1",
    status: "OPEN",
    visibility: "OPEN",
    directedInstitutionIds: [],
    entityType: "COOPERATIVE",
    sizeClass: "MICRO",
    industrySection: "A",
    industryDivision: "04",
    regionId: "huilai",
    regionName: "惠来县",
    parkId: null,
    regionChainIds: ["huilai", "city"],
    foundedOnDay: 20180301,
    declaresNoPriorLoan: false,
    amountFen: wan(80),
    termMonths: 24,
    purposeCategory: "FISHING_BOAT_RENEWAL",
    description: "更新两艘渔船的发动机",
    collateralOffered: ["FISHING_BOAT"],
    maxRate: 50_000,
    wantsLoan: true,
    wantsGuarantee: false,
    wantsInsurance: false,
    flags: [],
    ...overrides,
  };
}
