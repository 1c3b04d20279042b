/**
 * The channel registry is the one place that knows which notification channels exist: every NotificationChannel
 * enum value has exactly one channel there, the recipient fields selected are exactly those the channels declare,
 * and configuration and drafting follow the channels' own rules.
 */
import { describe, expect, it } from "vitest";
import { NotificationChannel } from "~/generated/prisma/enums.ts";
import {
  ALL_CHANNELS,
  JOB_DELIVERED_CHANNELS,
  recipientSelect,
  USER_CHANNELS,
  type Recipient,
} from "~/modules/notifications/channels/registry.server.ts";
import { availableChannels, parseNotificationConfig } from "~/modules/notifications/config.server.ts";
import { draftsForUsers, draftsForWebhooks, type Message } from "~/modules/notifications/notify.server.ts";

const smtpAndSms = {
  SMTP_URL: "smtp://127.0.0.1:2525",
  SMS_GATEWAY_URL: "http://127.0.0.1:9/sms",
};

describe("the channel registry", () => {
  it("registers every NotificationChannel enum value exactly once, and nothing else", () => {
    const names = ALL_CHANNELS.map((channel) => channel.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.values(NotificationChannel).sort());
  });

  it("selects exactly the recipient fields the user channels declare", () => {
    const declared = new Set(USER_CHANNELS.flatMap((channel) => channel.recipientFields));
    expect(Object.keys(recipientSelect).sort()).toEqual(["id", ...declared].sort());
  });

  it("hands every channel but in-app to a delivery job", () => {
    expect(JOB_DELIVERED_CHANNELS).not.toContain("IN_APP");
    expect(JOB_DELIVERED_CHANNELS).toEqual(expect.arrayContaining(["EMAIL", "SMS", "WEBHOOK"]));
    expect(JOB_DELIVERED_CHANNELS).toHaveLength(ALL_CHANNELS.length - 1);
  });
});

describe("parseNotificationConfig", () => {
  it("turns on what is configured; in-app and webhooks need nothing", () => {
    expect([...availableChannels(parseNotificationConfig({}))]).toEqual(["IN_APP", "WEBHOOK"]);
    expect([...availableChannels(parseNotificationConfig({ ...smtpAndSms, SMTP_URL: "" }))]).toEqual([
      "IN_APP",
      "SMS",
      "WEBHOOK",
    ]);
    const config = parseNotificationConfig({ ...smtpAndSms, APP_BASE_URL: "https://jieyang.example" });
    expect([...availableChannels(config)]).toEqual(["IN_APP", "EMAIL", "SMS", "WEBHOOK"]);
    expect(config.appBaseUrl).toBe("https://jieyang.example");
  });

  it("reports every channel's problems at once, naming the variables", () => {
    let message = "";
    try {
      parseNotificationConfig({ SMTP_URL: "mail.example:25", WEBHOOK_TIMEOUT_MS: "5", APP_BASE_URL: "nope" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^通知渠道配置有误/);
    expect(message).toContain("SMTP_URL: SMTP_URL 必须以 smtp:// 或 smtps:// 开头");
    expect(message).toContain("WEBHOOK_TIMEOUT_MS");
    expect(message).toContain("APP_BASE_URL");
  });
});

describe("drafting through the registry", () => {
  const everything = availableChannels(parseNotificationConfig(smtpAndSms));
  const message: Message = { key: "test:1", template: "digest.daily", title: "标题", body: "正文", link: "/x" };
  const user: Recipient = {
    id: "u1",
    email: "a@b.example",
    phone: "13400000000",
    notifyByEmail: true,
    notifyBySms: true,
  };
  const channelsOf = (drafts: { channel: string }[]) => drafts.map((draft) => draft.channel);

  it("asks each channel whether it reaches the user", () => {
    expect(channelsOf(draftsForUsers(message, [user], everything))).toEqual(["IN_APP", "EMAIL"]);
    expect(channelsOf(draftsForUsers({ ...message, urgent: true }, [user], everything))).toEqual([
      "IN_APP",
      "EMAIL",
      "SMS",
    ]);
    const optedOut = { ...user, notifyByEmail: false, notifyBySms: false };
    expect(channelsOf(draftsForUsers({ ...message, urgent: true }, [optedOut], everything))).toEqual(["IN_APP"]);
    const noAddress = { ...user, email: null, phone: null };
    expect(channelsOf(draftsForUsers({ ...message, urgent: true }, [noAddress], everything))).toEqual(["IN_APP"]);
  });

  it("writes only channels that are on, in-app as already sent, with stable keys", () => {
    const drafts = draftsForUsers({ ...message, urgent: true }, [user, user], new Set(["IN_APP"]));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ uniqueKey: "test:1:u1:IN_APP", status: "SENT" });
    const webhooks = draftsForWebhooks(message, [{ id: "w1" }], everything);
    expect(webhooks.map((draft) => [draft.uniqueKey, draft.channel, draft.status])).toEqual([
      ["test:1:webhook:w1", "WEBHOOK", undefined],
    ]);
    expect(draftsForWebhooks(message, [{ id: "w1" }], new Set(["IN_APP"]))).toEqual([]);
  });
});
