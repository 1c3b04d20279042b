import { checkWebhookUrl } from "~/modules/institution/webhooks.server.ts";

const production = { production: true };

describe("checkWebhookUrl", () => {
  it("accepts public https addresses and drops the fragment", () => {
    expect(checkWebhookUrl(" https://api.jyrcb.example.com/leads#x ", production)).toEqual({
      url: "https://api.jyrcb.example.com/leads",
    });
    expect(checkWebhookUrl("https://203.0.113.10:8443/hook", production)).toEqual({
      url: "https://203.0.113.10:8443/hook",
    });
  });

  it("refuses what is not a public https address in production, in Chinese", () => {
    const error = (raw: string) => {
      const result = checkWebhookUrl(raw, production);
      return "error" in result ? result.error : null;
    };
    expect(error("")).toBe("请填写回调地址");
    expect(error("api.example.com/leads")).toMatch(/请填写完整的网址/);
    expect(error("http://api.example.com/leads")).toBe("回调地址必须以 https:// 开头");
    expect(error("ftp://api.example.com/leads")).toBe("回调地址必须以 https:// 开头");
    expect(error("https://user:pw@api.example.com/")).toBe("回调地址不能包含用户名或密码");
    for (const internal of [
      "https://localhost/x",
      "https://a.localhost/x",
      "https://127.0.0.1/x",
      "https://10.1.2.3/x",
      "https://172.20.0.1/x",
      "https://192.168.1.1/x",
      "https://169.254.169.254/latest",
      "https://100.64.0.1/x",
      "https://[::1]/x",
      "https://[fd00::1]/x",
      "https://[fe80::1]/x",
      "https://[::ffff:127.0.0.1]/x",
    ]) {
      expect(error(internal), internal).toBe("回调地址不能指向本机或内网地址");
    }
    expect(error(`https://example.com/${"a".repeat(600)}`)).toMatch(/不能超过 500 个字符/);
  });

  it("allows plain http and local addresses outside production (tests, the local demo)", () => {
    expect(checkWebhookUrl("http://127.0.0.1:4010/hook", { production: false })).toEqual({
      url: "http://127.0.0.1:4010/hook",
    });
  });
});
