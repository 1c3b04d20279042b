import { checkEligibility, collateralAccepted, isEligible } from "~/modules/matching/eligibility.ts";
import { desiredProductFlags, fullYearsBetween, foundedCutoffDay } from "~/modules/matching/facts.ts";
import { shanghaiDayNumber } from "~/kernel/time.ts";
import { fen, wan } from "~/kernel/money.ts";
import { TODAY, needFacts, productFacts } from "./builders.ts";

const at = { today: TODAY };

describe("checkEligibility", () => {
  it("accepts a fishing co-op's boat-mortgage need for a boat loan", () => {
    const product = productFacts({
      acceptedCollateral: ["FISHING_BOAT", "SEA_AREA_USE_RIGHT"],
      eligibleEntityTypes: ["COOPERATIVE", "FAMILY_FARM"],
    });
    expect(checkEligibility(needFacts(), product, at)).toEqual([]);
  });

  it("explains a term above the product's maximum, with the fix", () => {
    const failed = checkEligibility(needFacts({ termMonths: 36 }), productFacts({ maxTermMonths: 24 }), at);
    expect(failed).toEqual([
      {
        condition: "term",
        code: "TERM_ABOVE_MAX",
        message: "期限 36 个月超过该产品上限 24 个月",
        fix: "将期限调整为 24 个月以内可申请",
      },
    ]);
  });

  it("explains amounts in 万元 on both sides of the range", () => {
    const above = checkEligibility(needFacts({ amountFen: wan(500) }), productFacts(), at);
    expect(above.map((item) => item.message)).toEqual(["金额 500 万元超过该产品上限 300 万元"]);
    const below = checkEligibility(needFacts({ amountFen: wan(5) }), productFacts(), at);
    expect(below[0]).toMatchObject({ code: "AMOUNT_BELOW_MIN", message: "金额 5 万元低于该产品起点 10 万元" });
  });

  it("treats range bounds as inclusive", () => {
    expect(isEligible(needFacts({ amountFen: wan(300), termMonths: 36 }), productFacts(), at)).toBe(true);
    expect(isEligible(needFacts({ amountFen: wan(10), termMonths: 6 }), productFacts(), at)).toBe(true);
    expect(isEligible(needFacts({ amountFen: fen(wan(300) + 1n) }), productFacts(), at)).toBe(false);
  });

  it("requires accepted collateral unless the product is on credit", () => {
    const mortgageOnly = productFacts({ acceptedCollateral: ["REAL_ESTATE", "EQUIPMENT"] });
    const failed = checkEligibility(needFacts({ collateralOffered: [] }), mortgageOnly, at);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      condition: "collateral",
      message: "该产品需要房产、机器设备（任一），您提供的是：无",
      fix: "提供房产或机器设备可申请",
    });
    expect(collateralAccepted([], ["CREDIT"])).toBe(true);
    expect(collateralAccepted(["FISHING_BOAT"], ["REAL_ESTATE", "FISHING_BOAT"])).toBe(true);
    expect(collateralAccepted(["FISHING_BOAT"], [])).toBe(false);
  });

  it("checks entity type, region (with the region tree) and industry", () => {
    const need = needFacts({
      entityType: "FAMILY_FARM",
      regionId: "jiexi",
      regionName: "揭西县",
      regionChainIds: ["jiexi", "city"],
      industrySection: "A",
    });
    expect(isEligible(need, productFacts({ regionIds: ["city"] }), at)).toBe(true);
    expect(isEligible(need, productFacts({ regionIds: [] }), at)).toBe(true);
    const failed = checkEligibility(
      need,
      productFacts({ regionIds: ["huilai"], eligibleEntityTypes: ["COOPERATIVE"], eligibleIndustrySections: ["C"] }),
      at,
    );
    expect(failed.map((item) => item.condition)).toEqual(["entityType", "region", "industry"]);
    expect(failed[0]!.message).toBe("该产品不面向家庭农场（适用：农民专业合作社）");
    expect(failed[1]!.message).toBe("该产品不在揭西县办理");
    expect(failed[2]!.message).toBe("该产品不面向农、林、牧、渔业（适用：制造业）");
  });

  it("counts whole years in business and explains when the enterprise qualifies", () => {
    const product = productFacts({ minYearsInBusiness: 2 });
    expect(isEligible(needFacts({ foundedOnDay: 20230615 }), product, at)).toBe(true);
    const failed = checkEligibility(needFacts({ foundedOnDay: 20230616 }), product, at);
    expect(failed[0]).toMatchObject({
      code: "YEARS_TOO_FEW",
      message: "成立 1 年，未满该产品要求的 2 年",
      fix: "2025-06-16 起满 2 年后可申请",
    });
    expect(checkEligibility(needFacts({ foundedOnDay: null }), product, at)[0]!.code).toBe("YEARS_UNKNOWN");
    expect(isEligible(needFacts({ foundedOnDay: null }), productFacts({ minYearsInBusiness: 0 }), at)).toBe(true);
  });

  it("needs the product published, valid today, from an active institution, and of a wanted kind", () => {
    const need = needFacts();
    expect(checkEligibility(need, productFacts({ status: "RETIRED" }), at)[0]!.message).toBe("该产品已下架");
    expect(checkEligibility(need, productFacts({ status: "DRAFT" }), at)[0]!.code).toBe("PRODUCT_NOT_PUBLISHED");
    expect(checkEligibility(need, productFacts({ validFromDay: 20250616 }), at)[0]!.message).toBe(
      "该产品 2025-06-16 起生效",
    );
    expect(isEligible(need, productFacts({ validFromDay: 20250615, validToDay: 20250615 }), at)).toBe(true);
    expect(checkEligibility(need, productFacts({ validToDay: 20250614 }), at)[0]!.message).toBe(
      "该产品已于 2025-06-14 到期",
    );
    expect(checkEligibility(need, productFacts({ institutionActive: false }), at)[0]!.code).toBe(
      "INSTITUTION_INACTIVE",
    );
    expect(checkEligibility(need, productFacts({ kind: "INSURANCE" }), at)[0]!.message).toBe("您的需求未包含保险");
    expect(isEligible(need, productFacts({ kind: "GUARANTEE" }), { ...at, kinds: ["GUARANTEE"] })).toBe(true);
  });

  it("reports every failed condition, in a stable order", () => {
    const failed = checkEligibility(
      needFacts({ amountFen: wan(1000), termMonths: 60, collateralOffered: [] }),
      productFacts({ acceptedCollateral: ["REAL_ESTATE"], status: "RETIRED" }),
      at,
    );
    expect(failed.map((item) => item.condition)).toEqual(["status", "amount", "term", "collateral"]);
  });
});

describe("dates and derived flags", () => {
  it("reads today in Asia/Shanghai", () => {
    expect(shanghaiDayNumber(new Date("2025-06-14T16:30:00Z"))).toBe(20250615);
    expect(shanghaiDayNumber(new Date("2025-06-14T15:59:59Z"))).toBe(20250614);
  });

  it("counts full years, including 29 February", () => {
    expect(fullYearsBetween(20200229, 20250228)).toBe(4);
    expect(fullYearsBetween(20200229, 20250301)).toBe(5);
    for (const founded of [20200229, 20200301, 20230615, 20230616, 20190101]) {
      for (const years of [0, 1, 2, 5]) {
        expect(fullYearsBetween(founded, TODAY) >= years).toBe(founded <= foundedCutoffDay(TODAY, years));
      }
    }
  });

  it("derives the flags a need values from entity type, size and purpose", () => {
    expect(desiredProductFlags(needFacts()).sort()).toEqual(["AGRI", "INCLUSIVE", "MARINE"]);
    expect(
      desiredProductFlags(
        needFacts({
          entityType: "TRANSFERRED_FIRM",
          sizeClass: "LARGE",
          industrySection: "C",
          purposeCategory: "EQUIPMENT_PURCHASE",
          flags: ["GREEN"],
        }),
      ).sort(),
    ).toEqual(["GREEN", "TRANSFER"]);
    expect(desiredProductFlags(needFacts({ declaresNoPriorLoan: true }))).toContain("FIRST_LOAN_FRIENDLY");
  });
});
