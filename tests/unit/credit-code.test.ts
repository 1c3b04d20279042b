import {
  buildCreditCode,
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
