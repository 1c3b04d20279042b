/**
 * E-mail through any SMTP server (nodemailer), to users with an address on file who did not turn e-mail off. Off
 * unless SMTP_URL is set. The Message-ID is stable per notification, so a resend after a crash is recognisable.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import { defineUserChannel, errorText } from "./channel.server.ts";

const settings = z
  .object({
    /** smtp://user:pass@host:587 or smtps://…; unset = e-mail channel off. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "SMTP_URL 必须以 smtp:// 或 smtps:// 开头")
      .optional(),
    MAIL_FROM: z.string().min(3).default("揭阳银企融资对接平台 <noreply@jieyang-finance.example>"),
  })
  .transform(({ SMTP_URL, MAIL_FROM }) => (SMTP_URL ? { url: SMTP_URL, from: MAIL_FROM } : null));

export const emailChannel = defineUserChannel({
  name: "EMAIL",
  label: "e-mail",
  audience: "users",
  delivery: "by-job",
  recipientFields: ["email", "notifyByEmail"],
  reaches: (recipient) => Boolean(recipient.email) && recipient.notifyByEmail,
  settings,
  open({ url, from }) {
    const transport: Transporter = nodemailer.createTransport(url, {
      // Bounded waits: a hung SMTP server fails the job (which retries) instead of blocking a worker slot.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as never);
    return {
      async send(message, recipient) {
        if (!recipient?.email || !recipient.isActive)
          return { status: "undeliverable", reason: "recipient has no e-mail address" };
        try {
          await transport.sendMail({
            from,
            to: recipient.email,
            subject: message.title,
            text: `${message.body}${message.link ? `\n\n查看详情：${message.link}` : ""}\n\n—— 揭阳银企融资对接平台（本邮件由系统发送，请勿直接回复）`,
            messageId: `<${message.id}@notifications.jieyang-finance>`,
          });
        } catch (error) {
          return { status: "failed", error: errorText(error), retryable: true };
        }
        return { status: "sent" };
      },
      close() {
        transport.close();
      },
    };
  },
});
