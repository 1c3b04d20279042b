import fc from "fast-check";
import { describeCharacter, findForbiddenCharacter, hasForbiddenCharacter } from "~/kernel/text-input.ts";
import { answeringDomainErrors } from "~/web/domain-errors.server.ts";

describe("characters nobody means to type", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["BEL", "\u0007"],
    ["ESC", "x\u001b[31m"],
    ["DEL", "\u007f"],
    ["C1 NEL", "\u0085"],
    ["RLO", "invoice\u202Etxt.exe"],
    ["LRE", "\u202A"],
    ["FSI", "\u2068"],
    ["PDI", "\u2069"],
    ["lone high surrogate", "a\ud83d"],
    ["lone low surrogate", "\ude00b"],
  ])("finds %s", (_name, text) => {
    expect(hasForbiddenCharacter(text)).toBe(true);
  });

  it.each([
    ["Chinese with full-width punctuation", "揭阳市榕城区，“金融倍增”！"],
    ["tab and line breaks", "第一行\r\n第二行\t备注"],
    ["an emoji (a valid surrogate pair)", "好的😀"],
    ["zero-width joiner and LRM/RLM marks are left to the text", "a\u200Db"],
  ])("leaves %s alone", (_name, text) => {
    expect(findForbiddenCharacter(text)).toBeNull();
  });

  it("describes a character by its code point, never the character itself", () => {
    expect(describeCharacter("\u202e")).toBe("U+202E");
  });

  it("agrees with a code-point definition on arbitrary strings (property)", () => {
    const forbidden = (cp: number) =>
      (cp <= 0x1f && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) ||
      (cp >= 0x7f && cp <= 0x9f) ||
      (cp >= 0x202a && cp <= 0x202e) ||
      (cp >= 0x2066 && cp <= 0x2069) ||
      (cp >= 0xd800 && cp <= 0xdfff); // only lone surrogates survive as code points
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => {
        const expected = [...text].some((ch) => forbidden(ch.codePointAt(0)!));
        expect(hasForbiddenCharacter(text)).toBe(expected);
      }),
      { numRuns: 3000, seed: 17 },
    );
  });
});

describe("a Postgres refusal of unstorable text", () => {
  it("answers 400 with the Chinese message instead of a 500", async () => {
    const pgError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" });
    const wrapped = Object.assign(new Error("Invalid `prisma.user.findUnique()` invocation"), { cause: pgError });
    const thrown = await answeringDomainErrors(() => Promise.reject(wrapped)).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    const body = (await (thrown as Response).json()) as { message: string };
    expect(body.message).toContain("控制字符");
    expect(JSON.stringify(body)).not.toMatch(/prisma|invalid byte/i);
  });
});
