import { CONDITIONS } from "~/modules/matching/eligibility.ts";
import { fen, wan } from "~/kernel/money.ts";
import {
  eligibleProductsFilter,
  nearMissProductsFilter,
  needsFilterForProduct,
  productClauses,
} from "~/modules/matching/search-filters.ts";
import { quote } from "../../../search/filter-syntax.ts";
import { TODAY, needFacts, productFacts } from "./builders.ts";

describe("Meilisearch filters mirror the predicate", () => {
  it("has one clause per predicate condition", () => {
    expect(Object.keys(productClauses(needFacts(), { today: TODAY, kinds: ["LOAN"] }))).toEqual([...CONDITIONS]);
  });

  it("writes exact amounts and the region chain", () => {
    const filter = eligibleProductsFilter(needFacts({ amountFen: fen(12_345_678n) }), {
      today: TODAY,
      kinds: ["LOAN"],
    });
    expect(filter).toContain("minAmount <= 123456.78 AND maxAmount >= 123456.78");
    expect(filter).toContain('regionIds IN ["ANY", "huilai", "city"]');
    expect(filter).toContain('acceptedCollateral IN ["CREDIT", "FISHING_BOAT"]');
    expect(filter).toContain(`validFromDay <= ${TODAY} AND validToDay >= ${TODAY}`);
  });

  it("near misses relax exactly one actionable condition", () => {
    const nearMiss = nearMissProductsFilter(needFacts(), { today: TODAY, kinds: ["LOAN"] });
    expect(nearMiss.match(/NOT \(/g)).toHaveLength(4);
    expect(nearMiss).toContain('NOT (acceptedCollateral IN ["CREDIT", "FISHING_BOAT"])');
  });

  it("quotes values so input cannot escape a clause", () => {
    expect(quote('a" OR visibility = "OPEN')).toBe('"a\\" OR visibility = \\"OPEN"');
  });

  it("reverse filter keeps DIRECTED needs to the chosen institutions", () => {
    const filter = needsFilterForProduct(
      productFacts({
        acceptedCollateral: ["REAL_ESTATE"],
        eligibleEntityTypes: ["SMALL_MICRO"],
        minYearsInBusiness: 2,
        minAmountFen: wan(10),
      }),
      {
        today: TODAY,
        nowTs: 1_750_000_000,
      },
    );
    expect(filter).toContain('(visibility = "OPEN") OR (directedInstitutionIds = "bank1")');
    expect(filter).toContain("foundedYear <= 2023");
    expect(filter).toContain('collateralOffered IN ["REAL_ESTATE"]');
    expect(filter).toContain("amount >= 100000 AND amount <= 3000000");
  });
});
