import { maskEnterpriseName, redactSharedText } from "../../../search/documents.ts";

describe("maskEnterpriseName", () => {
  it.each([
    ["揭阳市榕城区恒达塑料制品有限公司", "SMALL_MICRO", "揭阳某塑料制品有限公司"],
    ["惠来县海丰渔业专业合作社", "COOPERATIVE", "揭阳某渔业专业合作社"],
    ["揭西县张三家庭农场", "FAMILY_FARM", "揭阳某家庭农场"],
    ["广东大南海石化科技股份有限公司", "TRANSFERRED_FIRM", "揭阳某科技股份有限公司"],
    ["普宁市流沙新河服装店", "INDIVIDUAL_BUSINESS", "揭阳某服装店"],
    ["李四", "FARM_HOUSEHOLD", "揭阳某农户"],
    ["揭东区锦绣（集团）", "OTHER", "揭阳某经营主体"],
  ] as const)("%s → %s", (name, type, masked) => {
    expect(maskEnterpriseName(name, type, "揭阳市")).toBe(masked);
  });

  it("never keeps the trade name, whatever the input", () => {
    const tradeNames = ["恒达", "海丰", "金辉", "宏图"];
    for (const trade of tradeNames) {
      for (const form of ["有限公司", "合作社", "厂", "塑料制品有限公司", ""]) {
        expect(maskEnterpriseName(`揭阳市${trade}${form}`, "SMALL_MICRO", "揭阳市")).not.toContain(trade);
      }
    }
  });
});

describe("redactSharedText", () => {
  const enterprise = {
    name: "揭阳市恒达塑料制品有限公司",
    idNumber: "91445200MA4UXXXX1X",
    contactName: "陈晓明",
    contactPhone: "13800138000",
    contactEmail: "chen@hengda.example.com",
    legalRepresentative: "陈大文",
  };

  it("removes names, codes, phones and e-mail addresses", () => {
    const text =
      "揭阳市恒达塑料制品有限公司需要购置注塑机，联系人陈晓明 138-0013-8000 或 0663-8123456，邮箱 chen@hengda.example.com，信用代码 91445200MA4UXXXX1X，法人陈大文，身份证 44520019800101123X。";
    const redacted = redactSharedText(text, enterprise);
    for (const secret of ["恒达", "陈晓明", "138-0013-8000", "8123456", "chen@", "91445200MA4UXXXX1X", "陈大文", "44520019800101123X"]) {
      expect(redacted).not.toContain(secret);
    }
    expect(redacted).toContain("需要购置注塑机");
  });
});
