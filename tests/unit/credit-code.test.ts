import fc from "fast-check";
import {
  buildCreditCode,
  CREDIT_CODE_CATEGORIES,
  computeCreditCodeCheckCharacter,
  findCreditCodeProblem,
  isValidCreditCode,
  normalizeCreditCode,
} from "~/modules/enterprise/credit-code.ts";

describe("统一社会信用代码 (GB 32100-2015)", () => {
  it.each([
    "91350100M000100Y43", // the standard's worked example
    "91110000600037341L", // a published code of a Beijing enterprise
    "9144 5200 MA4U 0000 0L".replace(/ /g, "").slice(0, 17) + computeCreditCodeCheckCharacter("91445200MA4U00000"),
  ])("accepts %s", (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it("normalises spaces and lower case before checking", () => {
    expect(normalizeCreditCode(" 9135 0100m000100y43 ")).toBe("91350100M000100Y43");
    expect(isValidCreditCode("9135 0100m000100y43")).toBe(true);
  });

  it.each([
    ["", "EMPTY"],
    ["91350100M000100Y4", "LENGTH"],
    ["91350100M000100Y433", "LENGTH"],
    ["91350100M000100Y44", "CHECK_DIGIT"], // one character off in the check digit
    ["91350100M000100Z43", "CHARACTERS"], // Z is not in the alphabet
    ["913501O0M000100Y43", "CHARACTERS"], // letter O inside the division code
    ["91350100M0001I0Y43", "CHARACTERS"], // I is not in the alphabet
    ["91350100M000101Y43", "CHECK_DIGIT"], // a transposed/changed body digit
  ] as const)("rejects %s as %s", (code, problem) => {
    expect(findCreditCodeProblem(code)).toBe(problem);
  });

  it("builds distinct valid codes for demo data", () => {
    const codes = new Set<string>();
    for (let serial = 1; serial <= 500; serial++) {
      const code = buildCreditCode("445202", serial);
      expect(isValidCreditCode(code), code).toBe(true);
      codes.add(code);
    }
    expect(codes.size).toBe(500);
  });
});

describe("统一社会信用代码: registration authority, category and division", () => {
  const withCheck = (first17: string) => first17 + computeCreditCodeCheckCharacter(first17);

  it("refuses eighteen zeros although their check character is right", () => {
    expect(computeCreditCodeCheckCharacter("0".repeat(17))).toBe("0");
    expect(findCreditCodeProblem("0".repeat(18))).toBe("AUTHORITY");
    expect(isValidCreditCode("000000000000000000")).toBe(false);
  });

  it.each([
    ["B", "1", "AUTHORITY"], // no such registration authority
    ["0", "1", "AUTHORITY"],
    ["9", "4", "CATEGORY"], // 市场监管 issues 1 企业, 2 个体工商户, 3 合作社 only
    ["9", "0", "CATEGORY"],
    ["5", "4", "CATEGORY"],
    ["Y", "2", "CATEGORY"],
  ] as const)("refuses authority %s with category %s as %s", (authority, category, problem) => {
    expect(findCreditCodeProblem(withCheck(`${authority}${category}445202MA4U00000`))).toBe(problem);
  });

  it.each(["000000", "995202", "205202", "005202"])("refuses division code %s", (division) => {
    expect(findCreditCodeProblem(withCheck(`91${division}MA4U00000`))).toBe("DIVISION");
  });

  it.each(["91100000100003962", "52445200MJ0000000", "N2445224MF0000000", "Y1445200MA0000000", "11445200MB0000000"])(
    "accepts %s… (central registration, 社会组织, 村集体, 其他, 机关)",
    (first17) => {
      expect(findCreditCodeProblem(withCheck(first17))).toBeNull();
    },
  );

  const symbol = fc.constantFrom(..."0123456789ABCDEFGHJKLMNPQRTUWXY");
  const authorityAndCategory = fc.constantFrom(
    ...Object.entries(CREDIT_CODE_CATEGORIES).flatMap(([authority, categories]) =>
      [...categories].map((category) => `${authority}${category}`),
    ),
  );
  const division = fc
    .tuple(fc.constantFrom("10", "11", "35", "44", "65", "71", "81", "82"), fc.integer({ min: 0, max: 9999 }))
    .map(([province, rest]) => `${province}${String(rest).padStart(4, "0")}`);
  const validCode = fc
    .tuple(authorityAndCategory, division, fc.array(symbol, { minLength: 9, maxLength: 9 }))
    .map(([head, place, organisation]) => withCheck(`${head}${place}${organisation.join("")}`));

  it("accepts every code built by the standard's rules (property, 5,000 codes)", () => {
    fc.assert(
      fc.property(validCode, (code) => {
        expect(findCreditCodeProblem(code)).toBeNull();
        expect(isValidCreditCode(code.toLowerCase())).toBe(true);
      }),
      { numRuns: 5000, seed: 32100 },
    );
  });

  it("refuses a valid code with any one character changed (property)", () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 17 }), symbol, (code, index, replacement) => {
        fc.pre(code.charAt(index) !== replacement);
        const changed = code.slice(0, index) + replacement + code.slice(index + 1);
        // Any single substitution changes the weighted sum mod 31 (the weights are invertible mod 31).
        expect(findCreditCodeProblem(changed)).not.toBeNull();
      }),
      { numRuns: 3000, seed: 2015 },
    );
  });

  it("refuses an authority the standard does not have, even with a right check character (property)", () => {
    const unknown = fc.constantFrom(..."0BCDEFGHJKLMPQRTUWX");
    fc.assert(
      fc.property(validCode, unknown, (code, authority) => {
        expect(findCreditCodeProblem(withCheck(authority + code.slice(1, 17)))).toBe("AUTHORITY");
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});
