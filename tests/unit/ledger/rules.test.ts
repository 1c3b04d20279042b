import { toFen } from "~/kernel/money.ts";
import {
  creditLineFen,
  INCLUSIVE_CREDIT_CAP_FEN,
  isAgri,
  isInclusiveSmallMicro,
  ledgerLinesFor,
  type DisbursementFacts,
} from "~/modules/ledger/rules.ts";

const base: DisbursementFacts = {
  entityType: "SMALL_MICRO",
  sizeClass: "SMALL",
  industrySection: "C",
  purposeCategory: "WORKING_CAPITAL",
  needFlags: [],
  policyTool: null,
  disbursedFen: toFen("500000"),
  totalCreditAtInstitutionFen: toFen("500000"),
  approvedFen: toFen("500000"),
  firstLoanConfirmed: false,
};

const metrics = (facts: Partial<DisbursementFacts>) =>
  ledgerLinesFor({ ...base, ...facts })
    .map((line) => line.metric)
    .sort();

describe("ledger rules (docs/domain.md#the-ledger)", () => {
  it("a small firm's disbursement counts as disbursed and inclusive (amount and borrower)", () => {
    expect(metrics({})).toEqual(["DISBURSED_AMOUNT", "INCLUSIVE_SMALL_MICRO_AMOUNT", "INCLUSIVE_SMALL_MICRO_BORROWER"]);
    const borrower = ledgerLinesFor(base).find((line) => line.metric === "INCLUSIVE_SMALL_MICRO_BORROWER")!;
    expect(borrower).toMatchObject({ amountFen: 0n, borrowerCount: 1, scope: "enterprise-institution-year" });
  });

  it("the inclusive test is ≤ 10,000,000 元 of total credit at the institution, to the fen", () => {
    expect(INCLUSIVE_CREDIT_CAP_FEN).toBe(toFen("10000000"));
    expect(isInclusiveSmallMicro({ ...base, totalCreditAtInstitutionFen: toFen("10000000.00") })).toBe(true);
    expect(isInclusiveSmallMicro({ ...base, totalCreditAtInstitutionFen: toFen("10000000.01") })).toBe(false);
  });

  it("without a recorded credit line the larger of approved and disbursed is the line", () => {
    expect(
      creditLineFen({
        totalCreditAtInstitutionFen: null,
        approvedFen: toFen("12000000"),
        disbursedFen: toFen("9000000"),
      }),
    ).toBe(toFen("12000000"));
    expect(
      isInclusiveSmallMicro({
        ...base,
        totalCreditAtInstitutionFen: null,
        approvedFen: toFen("12000000"),
        disbursedFen: toFen("9000000"),
      }),
    ).toBe(false);
    expect(
      isInclusiveSmallMicro({
        ...base,
        totalCreditAtInstitutionFen: null,
        approvedFen: null,
        disbursedFen: toFen("9000000"),
      }),
    ).toBe(true);
  });

  it("who is small-micro: individual businesses always, farm households never, others by size class", () => {
    expect(metrics({ entityType: "INDIVIDUAL_BUSINESS", sizeClass: "MEDIUM" })).toContain(
      "INCLUSIVE_SMALL_MICRO_AMOUNT",
    );
    expect(metrics({ entityType: "SMALL_MICRO", sizeClass: "MEDIUM" })).not.toContain("INCLUSIVE_SMALL_MICRO_AMOUNT");
    expect(metrics({ entityType: "OTHER", sizeClass: "MICRO" })).toContain("INCLUSIVE_SMALL_MICRO_AMOUNT");
    expect(metrics({ entityType: "FARM_HOUSEHOLD", sizeClass: "MICRO" })).not.toContain("INCLUSIVE_SMALL_MICRO_AMOUNT");
  });

  it("first-loan borrower only when the lender confirmed", () => {
    expect(metrics({ firstLoanConfirmed: true })).toContain("FIRST_LOAN_BORROWER");
    expect(metrics({ firstLoanConfirmed: false })).not.toContain("FIRST_LOAN_BORROWER");
    expect(
      ledgerLinesFor({ ...base, firstLoanConfirmed: true }).find((line) => line.metric === "FIRST_LOAN_BORROWER")!
        .scope,
    ).toBe("enterprise");
  });

  it("agri by entity type, industry section A, farming and fishery purposes or the declared flag", () => {
    for (const entityType of ["FARM_HOUSEHOLD", "FAMILY_FARM", "COOPERATIVE", "AGRI_ENTERPRISE"] as const) {
      expect(isAgri({ ...base, entityType })).toBe(true);
    }
    expect(isAgri({ ...base, industrySection: "A" })).toBe(true);
    expect(isAgri({ ...base, purposeCategory: "SPRING_FARMING" })).toBe(true);
    expect(isAgri({ ...base, needFlags: ["AGRI"] })).toBe(true);
    expect(isAgri(base)).toBe(false);
  });

  it("green, marine and transferred-firm tags", () => {
    expect(metrics({ purposeCategory: "GREEN_RETROFIT" })).toContain("GREEN_AMOUNT");
    expect(metrics({ policyTool: "CARBON_REDUCTION_TOOL" })).toContain("GREEN_AMOUNT");
    expect(metrics({ purposeCategory: "FISHING_BOAT_RENEWAL" })).toEqual(
      expect.arrayContaining(["MARINE_AMOUNT", "AGRI_AMOUNT"]),
    );
    expect(metrics({ needFlags: ["MARINE"] })).toContain("MARINE_AMOUNT");
    expect(metrics({ entityType: "TRANSFERRED_FIRM", sizeClass: "MEDIUM" })).toEqual([
      "DISBURSED_AMOUNT",
      "TRANSFER_FIRM_AMOUNT",
    ]);
  });

  it("nothing for a zero disbursement; amounts are the disbursed amount exactly", () => {
    expect(ledgerLinesFor({ ...base, disbursedFen: 0n })).toEqual([]);
    const amounts = ledgerLinesFor({ ...base, disbursedFen: toFen("1234567.89") }).filter(
      (line) => line.borrowerCount === 0,
    );
    expect(amounts.every((line) => line.amountFen === 123456789n)).toBe(true);
  });
});
