import { compact, normalise, shadowOf } from "~/modules/redaction/normalise.ts";
import { PLACEHOLDERS, findRedactions, redactContactData, redactSharedText } from "~/modules/redaction/redact.ts";

const enterprise = {
  name: "揭阳市榕城区恒达塑料制品有限公司",
  idNumber: "91445200MA4UXXXX1X",
  contactName: "陈晓明",
  contactPhone: "13912340001",
  contactEmail: "chen.xm@hengda-plastic.cn",
  legalRepresentative: "陈大文",
  address: "揭阳市榕城区仙桥街道恒达工业园 8 号",
};

describe("the shadow copy", () => {
  it("reads full-width digits and letters, Chinese numerals and invisible characters the way a person does", () => {
    expect(normalise("１３９．ＡＢ")).toBe("139.ab");
    expect(normalise("一三九壹贰叁幺洞〇零")).toBe("1391231000");
    expect(normalise("1\u200b3\u200d9\ufeff")).toBe("139");
    expect(normalise("①②③")).toBe("123");
    expect(compact("139 - 1234 . 0001")).toBe("13912340001");
  });

  it("maps every shadow character back to the original span it came from", () => {
    const text = "电话１\u200b３九";
    const shadow = shadowOf(text);
    expect(shadow.text).toBe("电话139");
    expect(shadow.text.length).toBe(shadow.from.length);
    // "９" → "9" is the fifth original unit; the zero-width space has no shadow of its own.
    expect(text.slice(shadow.from[3]!, shadow.to[3]!)).toBe("３");
    expect(text.slice(shadow.from[4]!, shadow.to[4]!)).toBe("九");
  });

  it("replaces exactly the original span, keeping the text around it", () => {
    expect(redactContactData("请致电１３９．１２３４．０００１，谢谢")).toBe(`请致电${PLACEHOLDERS.CONTACT}，谢谢`);
    expect(findRedactions("甲 一三九一二三四零零零一 乙")).toEqual([{ start: 2, end: 13, kind: "CONTACT" }]);
  });
});

describe("generic patterns, in any written form", () => {
  it.each([
    ["mobile with dots", "手机 139.1234.0001 随时联系", ["139.1234.0001"]],
    ["full-width mobile", "手机１３９１２３４０００１", ["１３９１２３４０００１"]],
    ["mobile in Chinese numerals", "手机一三九一二三四零零零一", ["一三九一二三四零零零一"]],
    ["mobile in capital numerals", "壹叁玖 壹贰叁肆 零零零壹", ["壹叁玖"]],
    ["mobile in radio numerals", "幺三九幺二三四洞洞洞幺", ["幺三九"]],
    ["mixed forms", "电话1三9-１２三4_〇0零1", ["1三9"]],
    [
      "zero-width characters",
      "电话1\u200b3\u200b9\u200b1\u200b2\u200b3\u200b4\u200b0\u200b0\u200b0\u200b1",
      ["1\u200b3"],
    ],
    ["+86 and slashes", "+86/139/1234/0001", ["139/1234"]],
    ["landline with area code", "座机 0663-8123456", ["8123456", "0663"]],
    ["landline in brackets", "（0663）8123 456", ["8123 456"]],
    ["local number", "电话 8123 4567 找老陈", ["8123 4567"]],
    ["e-mail", "邮箱 sales@hd-plastic.cn", ["sales", "hd-plastic"]],
    ["full-width e-mail", "邮箱 ｓａｌｅｓ＠ｈｄ．ｃｎ", ["ｓａｌｅｓ"]],
    ["spelled e-mail", "name (at) example dot com", ["name", "example"]],
    ["e-mail with [at] and 点", "wang[at]jyfood点com", ["wang", "jyfood"]],
    ["e-mail with 艾特 and 句号", "邮箱 lee艾特qq句号com", ["lee"]],
    ["e-mail with a provider only", "发到 12345678@qq 就行", ["12345678"]],
    ["www address", "官网 www.hengda-plastic.com 有产品目录", ["hengda", "www."]],
    ["http URL", "详见 https://hd.example.cn/about?id=1 。", ["example.cn", "https://"]],
    ["spelled domain", "网站 jyfood 点 com 点 cn", ["jyfood"]],
    ["identity number", "身份证 44520019800101123X", ["44520019800101123X"]],
    ["spaced identity number", "身份证 445200 19800101 123x", ["19800101"]],
    ["identity number in numerals", "身份证四四五二零零一九八零零一零一一二三X", ["四四五二"]],
    ["credit code", "信用代码 91445200MA4UABCD1K", ["91445200MA4UABCD1K"]],
    ["spaced credit code", "代码 9144 5200 MA4U ABCD 1K 已核验", ["MA4U"]],
    ["full-width credit code", "代码９１４４５２００ＭＡ４ＵＡＢＣＤ１Ｋ", ["ＭＡ４Ｕ"]],
    ["WeChat id", "微信: abc_123 随时联系", ["abc_123"]],
    ["WeChat number", "加微信号 13922223333", ["13922223333"]],
    ["VX", "VX：hengda2024", ["hengda2024"]],
    ["威信", "威信 jy_hd88", ["jy_hd88"]],
    ["QQ号", "QQ号 12345", ["12345"]],
    ["扣扣 in numerals", "扣扣：一二三四五六", ["一二三四五六"]],
    ["spaced keyword", "Q Q：98765", ["98765"]],
    ["street address", "新厂在黄岐山大道88号3栋502室", ["黄岐山大道", "88号", "502室"]],
    ["address with the city", "揭阳市榕城区临江北路十八号之二", ["临江北路", "十8号"]],
    ["building and room", "在A座1203室办公", ["1203"]],
    ["building and room number", "5号楼301", ["301"]],
    ["house number plate", "门牌号：东山村二十号", ["东山村"]],
  ] as const)("removes the %s", (_label, text, secrets) => {
    const redacted = redactContactData(text);
    for (const secret of secrets) expect(redacted).not.toContain(secret);
    expect(redacted).toMatch(/【.+已隐藏】/);
  });

  it("leaves the keyword before a WeChat or QQ id, so the sentence still reads", () => {
    expect(redactContactData("微信：abc_123")).toBe(`微信：${PLACEHOLDERS.CONTACT}`);
  });

  it("makes one placeholder of one number however it is split", () => {
    expect(redactContactData("电话 139 - 1234 - 0001")).toBe(`电话 ${PLACEHOLDERS.CONTACT}`);
  });
});

describe("ordinary content survives (false positives)", () => {
  it.each([
    "需要50万元流动资金，年利率不超过3.6%，2026年12月前用款。",
    "需要 2000000 元购置 3 台注塑机，年产 12000000 件，厂房 5000 平方米，流动资金周转",
    "贷款金额 1,200,000.00 元，期限 36 个月，LPR+0.5%",
    "去年营收 ¥12,345,678，今年目标 15000000 元，增长 21.5%。",
    "合同期 2026-01-01 至 2026-12-31，2024-2026 年连续盈利，20261231 到期。",
    "2026.03.15 签约，2026/06/30 交货，14:30 验收。",
    "二〇二六年十二月三十一日前完成验收，第一期、第二期各 30 万元。",
    "通过 GB/T 19001-2016 质量体系认证，产品符合 ISO 14001。",
    "主营 PP、PE、ABS 注塑件，型号 HX-2000、V8 系列，产品销往东南亚。",
    "购置三台 5000 吨液压机和两条 SMT 生产线，员工 120 人。",
    "产能 3 万件/月，良品率 99.5%，订单排到 2027 年。",
    "统一大市场，一带一路，三年规划，十四五期间。",
    "地址在榕城区，交通便利，靠近高速路口。",
    "厂房 3 栋共 12000 平米，仓库 2 间。",
    "申请普惠小微贷款，以设备抵押，法人担保。",
    "使用微信支付和支付宝收款，也做 QQ 音乐的周边产品。",
    "版本 v2.0，At the end of 2026 we plan to expand.",
  ])("%s", (text) => {
    expect(redactContactData(text)).toBe(text);
  });
});

describe("the enterprise's own data, wherever and however it is written", () => {
  it.each([
    ["phone with odd separators", "电话 139，1234，0001", ["1234"]],
    ["phone inside a longer number", "编号 913912340001", ["1391234"]],
    ["phone with a unit after it", "13912340001 元", ["1391234"]],
    ["contact name with spaces", "联系 陈 晓 明 先生", ["陈 晓 明"]],
    ["legal representative", "法人陈大文担保", ["陈大文"]],
    ["trade name", "我们恒达塑料是二十年老厂", ["恒达"]],
    ["trade name alone", "恒达品牌注塑件", ["恒达"]],
    ["full name", "揭阳市榕城区恒达塑料制品有限公司需要资金", ["恒达"]],
    ["e-mail local part alone", "邮箱前缀 chen.xm 后缀你懂的", ["chen"]],
    ["e-mail domain alone", "网站 hengda-plastic 搜一下", ["hengda-plastic"]],
    ["e-mail with spelled dots", "chen dot xm (at) hengda-plastic dot cn", ["chen", "hengda"]],
    ["credit code in numerals", "代码九一四四五二零零MA4UXXXX1X", ["MA4U"]],
    ["address", "地址：仙桥街道恒达工业园 8 号", ["仙桥街道", "工业园 8 号"]],
    ["address with Chinese numerals", "揭阳市榕城区仙桥街道恒达工业园八号", ["仙桥街道"]],
  ] as const)("removes the %s", (_label, text, secrets) => {
    const redacted = redactSharedText(text, enterprise);
    for (const secret of secrets) expect(redacted).not.toContain(secret);
    expect(redacted).toMatch(/【.+已隐藏】/);
  });

  it("removes names, codes, phones and e-mail addresses in one text", () => {
    const text =
      "揭阳市恒达塑料制品有限公司需要购置注塑机，联系人陈晓明 138-0013-8000 或 0663-8123456，邮箱 chen@hengda.example.com，信用代码 91445200MA4UXXXX1X，法人陈大文，身份证 44520019800101123X。";
    const redacted = redactSharedText(text, { ...enterprise, contactEmail: "chen@hengda.example.com" });
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

  it("keeps a text without contact data as it is", () => {
    const text = "需要50万元购置注塑机，期限24个月，2026年12月前用款，年利率不超过3.6%。";
    expect(redactSharedText(text, enterprise)).toBe(text);
  });
});
