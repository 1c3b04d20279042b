import { safeRedirectPath } from "~/web/safe-redirect.ts";

describe("redirect after sign-in", () => {
  it("allows same-site paths only", () => {
    expect(safeRedirectPath("/enterprise/needs", "/")).toBe("/enterprise/needs");
    expect(safeRedirectPath("//evil.example/x", "/home")).toBe("/home");
    expect(safeRedirectPath("https://evil.example", "/home")).toBe("/home");
    expect(safeRedirectPath("/\\evil.example", "/home")).toBe("/home");
    expect(safeRedirectPath(undefined, "/home")).toBe("/home");
    expect(safeRedirectPath("/\t/evil.example", "/home")).toBe("/home");
    expect(safeRedirectPath("/\n/evil.example", "/home")).toBe("/home");
    expect(safeRedirectPath("/%09/evil.example", "/home")).toBe("/%09/evil.example");
    expect(safeRedirectPath("/bureau?period=2026Q3#funnel", "/")).toBe("/bureau?period=2026Q3#funnel");
  });
});
