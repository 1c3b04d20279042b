/**
 * Delivery through the channel registry to real servers started here (an SMTP server and an HTTP receiver for the
 * SMS gateway and a webhook endpoint): every channel the registry lists has a case below, so a channel added to the
 * registry without one fails this test.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { NotificationChannel } from "~/generated/prisma/enums.ts";
import { ALL_CHANNELS } from "~/modules/notifications/channels/registry.server.ts";
import { verifyWebhookSignature, WEBHOOK_HEADERS } from "~/modules/notifications/channels/webhook.server.ts";
import { parseNotificationConfig } from "~/modules/notifications/config.server.ts";
import { closeDeliveryDeps, createDeliveryDeps, deliverNotification } from "~/modules/notifications/deliver.server.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { createInstitution, createOfficer } from "../../support/world.ts";

const mails: { to: string[]; raw: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    let raw = "";
    stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    stream.on("end", () => {
      mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));

const requests: { path: string; headers: IncomingMessage["headers"]; body: string }[] = [];
const receiver = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
  request.on("end", () => {
    requests.push({ path: request.url ?? "/", headers: request.headers, body });
    response.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

const environment = await setUpAppEnvironment("notify-registry");
const db = environment.db;
const deps = createDeliveryDeps(
  parseNotificationConfig({
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    SMS_GATEWAY_URL: `${receiverUrl}/sms`,
    APP_BASE_URL: "https://jieyang.example",
  }),
);
// Deliveries happen in the Shanghai daytime: SMS are held over the quiet night (quiet-hours.ts has its own tests).
const daytimeDeps = { ...deps, now: () => new Date(Date.now() + daytimeShift()) };

/** Hours to add to now so that it is between 08:00 and 21:00 in Shanghai. */
function daytimeShift(): number {
  const hour = (new Date().getUTCHours() + 8) % 24;
  return hour >= 8 && hour < 21 ? 0 : ((8 - hour + 24) % 24) * 3_600_000;
}

afterAll(async () => {
  closeDeliveryDeps(deps);
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await environment.tearDown();
});

const bank = await createInstitution(db);
const officer = await createOfficer(db, bank.id);
const endpoint = await db.webhookEndpoint.create({
  data: { institutionId: bank.id, url: `${receiverUrl}/hook`, secret: "whsec-registry-0123456789" },
});

/** Per channel: the row's target, and what its real server must have received. */
const cases: Record<NotificationChannel, { target: object; received: (id: string) => void; status?: "SENT" }> = {
  IN_APP: { target: { recipientId: officer.id }, received: () => {}, status: "SENT" },
  EMAIL: {
    target: { recipientId: officer.id },
    received: (id) => {
      expect(mails.map((mail) => mail.to)).toEqual([[officer.email]]);
      expect(mails[0]!.raw).toContain(`<${id}@notifications.jieyang-finance>`);
      const [, encodedBody = ""] = mails[0]!.raw.split(/\r?\n\r?\n/);
      expect(Buffer.from(encodedBody, "base64").toString("utf8")).toContain(
        "查看详情：https://jieyang.example/officer/leads/n1",
      );
    },
  },
  SMS: {
    target: { recipientId: officer.id },
    received: (id) => {
      const sms = requests.filter((request) => request.path === "/sms");
      expect(sms.map((request) => JSON.parse(request.body))).toEqual([
        { to: officer.phone, text: "【揭阳金融】注册表测试", template: "digest.daily", requestId: id },
      ]);
    },
  },
  WEBHOOK: {
    target: { webhookEndpointId: endpoint.id },
    received: (id) => {
      const hooks = requests.filter((request) => request.path === "/hook");
      expect(hooks).toHaveLength(1);
      expect(JSON.parse(hooks[0]!.body)).toMatchObject({ id, link: "https://jieyang.example/officer/leads/n1" });
      expect(
        verifyWebhookSignature({
          secret: endpoint.secret,
          id: String(hooks[0]!.headers[WEBHOOK_HEADERS.id.toLowerCase()]),
          timestamp: String(hooks[0]!.headers[WEBHOOK_HEADERS.timestamp.toLowerCase()]),
          signature: String(hooks[0]!.headers[WEBHOOK_HEADERS.signature.toLowerCase()]),
          body: hooks[0]!.body,
        }),
      ).toBe(true);
    },
  },
};

describe("delivery through the channel registry", () => {
  it.each(ALL_CHANNELS.map((channel) => [channel.name, channel] as const))(
    "%s: sends once to its real server, and a second delivery sends nothing",
    async (name, channel) => {
      const testCase = cases[name];
      const row = await db.notification.create({
        data: {
          uniqueKey: `registry:${name}`,
          channel: name,
          template: "digest.daily",
          title: "注册表测试",
          body: "经由渠道注册表发送",
          link: "/officer/leads/n1",
          payload: { needId: "n1" },
          ...testCase.target,
          ...(testCase.status ? { status: testCase.status, sentAt: new Date() } : {}),
        },
      });
      const at = channel.name === "SMS" ? daytimeDeps : deps;
      const first = await deliverNotification(db, row.id, at);
      expect(first).toBe(channel.delivery === "on-write" ? "already-done" : "sent");
      expect(await deliverNotification(db, row.id, at)).toBe("already-done");
      testCase.received(row.id);
      expect((await db.notification.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("SENT");
    },
  );

  it("fails a row at once when its channel is off in this deployment", async () => {
    const row = await db.notification.create({
      data: {
        uniqueKey: "registry:off",
        channel: "EMAIL",
        recipientId: officer.id,
        template: "digest.daily",
        title: "t",
        body: "b",
      },
    });
    const withoutEmail = createDeliveryDeps(parseNotificationConfig({}));
    expect(await deliverNotification(db, row.id, withoutEmail)).toBe("failed");
    const failed = await db.notification.findUniqueOrThrow({ where: { id: row.id } });
    expect([failed.status, failed.lastError, failed.attempts]).toEqual([
      "FAILED",
      "e-mail channel is not configured",
      0,
    ]);
  });
});
