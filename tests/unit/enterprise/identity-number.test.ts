import fc from "fast-check";
import { buildIdentityNumber, explainCreditCode, explainIdentityNumber } from "~/modules/enterprise/identifiers.ts";

/** The 农户 identifier: the 18-digit resident identity number of GB 11643-1999. */
describe("resident identity number (farm households)", () => {
  const today = new Date(Date.UTC(2026, 11, 3));

  it.each([
    ["000000", "19800101", /前 6 位/], // no such address code
    ["105202", "19800101", /前 6 位/], // 10 is a credit code's central prefix, never an address
    ["995202", "19800101", /前 6 位/],
    ["445224", "19800230", /出生日期/], // 30 February
    ["445224", "19810229", /出生日期/], // not a leap year
    ["445224", "18991231", /出生日期/],
    ["445224", "20270101", /出生日期/], // in the future
    ["445224", "00000000", /出生日期/],
  ])("refuses address %s born %s even with a right check digit", (address, birth, message) => {
    expect(explainIdentityNumber(buildIdentityNumber(`${address}${birth}123`), today)).toMatch(message);
  });

  it("refuses eighteen zeros", () => {
    expect(explainIdentityNumber("000000000000000000", today)).not.toBeNull();
  });

  it("accepts 29 February of a leap year", () => {
    expect(explainIdentityNumber(buildIdentityNumber("44522420000229123"), today)).toBeNull();
  });

  const validId = fc
    .tuple(
      fc.constantFrom("445202", "445224", "445281", "110101", "350100", "650102"),
      fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: today, noInvalidDate: true }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(([address, birth, serial]) =>
      buildIdentityNumber(
        `${address}${birth.toISOString().slice(0, 10).replaceAll("-", "")}${String(serial).padStart(3, "0")}`,
      ),
    );

  it("accepts every well-formed number (property, 3,000 numbers)", () => {
    fc.assert(
      fc.property(validId, (id) => {
        expect(explainIdentityNumber(id, today)).toBeNull();
        expect(explainIdentityNumber(id.toLowerCase(), today)).toBeNull();
      }),
      { numRuns: 3000, seed: 11643 },
    );
  });

  it("refuses a well-formed number with one digit changed (property)", () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 9 }), (id, index, digit) => {
        fc.pre(id.charAt(index) !== String(digit));
        const changed = id.slice(0, index) + String(digit) + id.slice(index + 1);
        expect(explainIdentityNumber(changed, today)).not.toBeNull();
      }),
      { numRuns: 3000, seed: 1999 },
    );
  });
});

describe("credit code explanations", () => {
  it("says which leading character is wrong", () => {
    expect(explainCreditCode("000000000000000000")).toMatch(/第 1 位“0”不是登记管理部门代码/);
    expect(explainCreditCode("94445202MA4U000000".slice(0, 17) + "0")).not.toBeNull();
  });
});
