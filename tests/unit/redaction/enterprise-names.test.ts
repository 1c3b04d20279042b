import { maskEnterpriseName, tradeNames } from "~/modules/redaction/enterprise-names.ts";
import { redactSharedText } from "~/modules/redaction/redact.ts";

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
    for (const secret of [
      "恒达",
      "陈晓明",
      "138-0013-8000",
      "8123456",
      "chen@",
      "91445200MA4UXXXX1X",
      "陈大文",
      "44520019800101123X",
    ]) {
      expect(redacted).not.toContain(secret);
    }
    expect(redacted).toContain("需要购置注塑机");
  });
});

describe("redactSharedText: trade name, address, web, e-mail, phones, WeChat/QQ", () => {
  const enterprise = {
    name: "揭阳市榕城区恒达塑料制品有限公司",
    idNumber: "91445200MA4UXXXX1X",
    contactName: "陈晓明",
    contactPhone: "13800138000",
    contactEmail: null,
    legalRepresentative: null,
    address: "揭阳市榕城区仙桥街道恒达工业园 8 号",
  };

  it("finds the trade name (字号) of an enterprise name", () => {
    expect(tradeNames("揭阳市榕城区恒达塑料制品有限公司")).toEqual(["恒达塑料制品", "恒达塑料", "恒达"]);
    expect(tradeNames("普宁市流沙新河服装店")).toEqual(["新河服装", "新河"]);
    expect(tradeNames("揭西县张三家庭农场")).toEqual(["张三"]);
    // Only generic vocabulary left: nothing to redact (the full name still is).
    expect(tradeNames("广东大南海石化科技股份有限公司")).toEqual([]);
  });

  it.each([
    ["trade name", "我们恒达塑料是二十年老厂", ["恒达"]],
    ["trade name alone", "恒达品牌注塑件", ["恒达"]],
    ["address", "地址：仙桥街道恒达工业园 8 号", ["仙桥街道", "工业园 8 号"]],
    ["address with the city", "揭阳市榕城区仙桥街道恒达工业园 8 号", ["仙桥街道", "8 号"]],
    ["another street address", "新厂在黄岐山大道88号3栋", ["黄岐山大道", "88号"]],
    ["www address", "官网 www.hengda-plastic.com 有产品目录", ["hengda", "www."]],
    ["http URL", "详见 https://hd.example.cn/about?id=1 。", ["example.cn", "https://"]],
    ["bare domain", "网站 hengda.com.cn", ["hengda"]],
    ["e-mail", "邮箱 sales@hd-plastic.cn", ["sales", "hd-plastic"]],
    ["full-width e-mail", "邮箱 sales＠hd-plastic.cn", ["sales", "hd-plastic"]],
    ["phone with spaces", "电话 8123 4567 找老陈", ["8123 4567"]],
    ["landline", "传真 0663-8123456", ["8123456"]],
    ["mobile with dashes", "手机 139-2222-3333", ["3333"]],
    ["WeChat id", "微信：hengda_2024 随时联系", ["hengda_2024"]],
    ["WeChat number", "加微信号 13922223333", ["13922223333"]],
    ["VX", "VX: abc12345", ["abc12345"]],
    ["QQ", "QQ 12345678", ["12345678"]],
    ["QQ with colon", "扣扣：987654321", ["987654321"]],
  ] as const)("masks the %s", (_label, text, secrets) => {
    const redacted = redactSharedText(text, enterprise);
    for (const secret of secrets) expect(redacted).not.toContain(secret);
    expect(redacted).toMatch(/【.+已隐藏】/);
  });

  it("keeps amounts, quantities and ordinary words", () => {
    const text = "需要 2000000 元购置 3 台注塑机，年产 12000000 件，厂房 5000 平方米，流动资金周转";
    expect(redactSharedText(text, enterprise)).toBe(text);
  });
});
