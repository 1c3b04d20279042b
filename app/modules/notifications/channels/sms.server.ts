/**
 * SMS for urgent messages only (deadline reminders and escalations), to users with a mobile number who did not turn
 * SMS off. A generic HTTP SMS gateway (most Chinese SMS vendors have an HTTP API of this shape or sit behind a small
 * in-house adapter that does): POST JSON { to, text, template, requestId }, bearer token, any 2xx is accepted. Off
 * unless SMS_GATEWAY_URL is set. requestId is stable per notification; gateways that support it de-duplicate on it.
 */
import { z } from "zod";
import { defineUserChannel, errorText } from "./channel.server.ts";

const settings = z
  .object({
    SMS_GATEWAY_URL: z.url().optional(),
    SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
    /** 短信签名, shown as 【…】 before the text. */
    SMS_SIGN_NAME: z.string().min(1).max(20).default("揭阳金融"),
  })
  .transform(({ SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN, SMS_SIGN_NAME }) =>
    SMS_GATEWAY_URL ? { url: SMS_GATEWAY_URL, token: SMS_GATEWAY_TOKEN, signName: SMS_SIGN_NAME } : null,
  );

export const smsChannel = defineUserChannel({
  name: "SMS",
  label: "SMS",
  audience: "users",
  delivery: "by-job",
  recipientFields: ["phone", "notifyBySms"],
  reaches: (recipient, message) => Boolean(message.urgent && recipient.phone) && recipient.notifyBySms,
  settings,
  open({ url, token, signName }) {
    return {
      async send(message, recipient) {
        if (!recipient?.phone || !recipient.isActive)
          return { status: "undeliverable", reason: "recipient has no phone number" };
        try {
          const response = await fetch(url, {
            method: "POST",
            headers: {
              "Content-Type": "application/json; charset=utf-8",
              ...(token ? { Authorization: `Bearer ${token}` } : {}),
            },
            body: JSON.stringify({
              to: recipient.phone,
              text: `【${signName}】${message.title}`,
              template: message.template,
              requestId: message.id,
            }),
            signal: AbortSignal.timeout(10_000),
          });
          await response.body?.cancel();
          if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
        } catch (error) {
          return { status: "failed", error: errorText(error), retryable: true };
        }
        return { status: "sent" };
      },
    };
  },
});
