/**
 * Notifications through the real worker against real servers started here: an SMTP server (smtp-server), an HTTP
 * webhook receiver that fails twice before succeeding, one that always fails, and an HTTP SMS gateway. Checks that
 * each notification is created and sent once however often its event is handled, that webhooks are signed, retried
 * with backoff, logged and an endpoint disabled after repeated failure, and the in-app inbox functions.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { recordOutboxEvent } from "~/modules/outbox/outbox.server.ts";
import {
  signatureHeader,
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
} from "~/modules/notifications/channels/webhook.server.ts";
import { availableChannels, parseNotificationConfig } from "~/modules/notifications/config.server.ts";
import { createDeliveryDeps } from "~/modules/notifications/deliver.server.ts";
import { notifyDeadlineReminder, notifyForOutboxEvent } from "~/modules/notifications/events.server.ts";
import { countUnread, listInbox, markAllRead, markRead } from "~/modules/notifications/inbox.server.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { enqueueDeliveries } from "../../../workers/context.ts";
import type { WorkerRuntime } from "../../../workers/runtime.ts";
import { sleep, waitFor } from "../../support/wait.ts";
import {
  createConsentText,
  createEngagement,
  createEnterprise,
  createInstitution,
  createNeed,
  createOfficer,
  createRegions,
} from "../../support/world.ts";
import { recordingSearchPorts, startTestRuntime } from "./support/runtime.ts";

// ── real local servers ──

interface Mail {
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
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
const smtpPort = (smtp.server.address() as AddressInfo).port;

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  status: number;
}
const received: Received[] = [];
/** Per path: how many requests to fail (500) before answering 200; -1 = always fail. */
const failuresBeforeSuccess = new Map<string, number>([
  ["/flaky", 2],
  ["/broken", -1],
]);
const receiver: Server = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
  request.on("end", () => {
    const path = request.url ?? "/";
    const seen = received.filter((item) => item.path === path).length;
    const failures = failuresBeforeSuccess.get(path) ?? 0;
    const status = failures === -1 || seen < failures ? 500 : 200;
    received.push({ path, headers: request.headers, body, status });
    response.writeHead(status).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

const environment = await setUpAppEnvironment("jobs-notify");
const db = environment.db;
const config = parseNotificationConfig({
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  MAIL_FROM: "揭阳银企融资对接平台 <noreply@jieyang.test>",
  SMS_GATEWAY_URL: `${receiverUrl}/sms`,
  SMS_GATEWAY_TOKEN: "sms-token",
  WEBHOOK_DISABLE_AFTER_FAILURES: "3",
  WEBHOOK_TIMEOUT_MS: "2000",
  APP_BASE_URL: "https://jieyang.example",
});
const channels = availableChannels(config);
let runtime: WorkerRuntime;
/** The workers' clock: the wall clock unless a test sets an instant (SMS quiet hours depend on the hour). */
let clockAt: Date | null = null;

beforeAll(async () => {
  runtime = await startTestRuntime(db, {
    ...recordingSearchPorts(),
    queues: ["notifications"],
    delivery: createDeliveryDeps(config),
    channels,
    clock: () => clockAt ?? new Date(),
  });
});

afterAll(async () => {
  await runtime?.stop({ timeoutMs: 5_000 });
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await environment.tearDown();
});

const regions = await createRegions(db);
const borrower = await createEnterprise(db, { regionId: regions.rongcheng.id });
const { enterprise, user: owner } = borrower;
const bank = await createInstitution(db, { name: "揭阳农村商业银行" });
const officer = await createOfficer(db, bank.id, { email: "li.officer@rcb.example" });
const flakyEndpoint = await db.webhookEndpoint.create({
  data: { institutionId: bank.id, url: `${receiverUrl}/flaky`, secret: "whsec-flaky-0123456789" },
});
const need = await createNeed(db, { enterprise: borrower, directedTo: [bank.id] });

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=) in a header line. */
function decodeHeader(raw: string, name: string): string {
  const unfolded = raw.replace(/\r?\n[ \t]+/g, " ");
  const line = new RegExp(`^${name}: (.*)$`, "mi").exec(unfolded)?.[1] ?? "";
  return line.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, encoding: string, text: string) =>
    encoding.toLowerCase() === "b"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text
            .replace(/_/g, " ")
            .replace(/=([0-9a-f]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          "latin1",
        ).toString("utf8"),
  );
}

async function drained(): Promise<boolean> {
  const counts = await runtime.queues.notifications.getJobCounts("waiting", "active", "delayed");
  return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0;
}

describe("notifications", () => {
  it("an engagement request reaches the officer in-app and by e-mail and the institution's webhook once, with a valid signature after two failures", async () => {
    const engagement = await createEngagement(db, {
      needId: need.id,
      institutionId: bank.id,
      initiatedBy: "ENTERPRISE",
    });
    await db.$transaction((tx) =>
      recordOutboxEvent(tx, {
        type: "engagement.requested",
        aggregateId: engagement.id,
        payload: { engagementId: engagement.id, needId: need.id, institutionId: bank.id },
      }),
    );

    await waitFor(
      async () => received.some((item) => item.path === "/flaky" && item.status === 200) && mails.length === 1,
      { timeoutMs: 30_000, what: "webhook and e-mail" },
    );
    await waitFor(drained, { what: "queue drained" });

    const userRows = await db.notification.findMany({
      where: { template: "engagement.requested.to-institution" },
      orderBy: { channel: "asc" },
    });
    expect(userRows.map((row) => [row.channel, row.status, row.recipientId])).toEqual([
      ["IN_APP", "SENT", officer.id],
      ["EMAIL", "SENT", officer.id],
    ]);
    // The webhook posts the institution's event, recorded with the outbox event: the feed's object.
    const institutionEvent = await db.institutionEvent.findUniqueOrThrow({
      where: { institutionId_key: { institutionId: bank.id, key: `engagement.requested:${engagement.id}` } },
    });
    const webhookRow = await db.notification.findFirstOrThrow({
      where: { webhookEndpointId: flakyEndpoint.id, template: "engagement.requested" },
    });
    const rows = [...userRows, webhookRow];
    expect(webhookRow.status).toBe("SENT");
    expect(webhookRow.attempts).toBe(3);

    // Two 500s then one 200, all for the same delivery id, each correctly signed.
    const attempts = received.filter((item) => item.path === "/flaky");
    expect(attempts.map((item) => item.status)).toEqual([500, 500, 200]);
    for (const attempt of attempts) {
      expect(attempt.headers[WEBHOOK_HEADERS.delivery.toLowerCase()]).toBe(webhookRow.id);
      expect(attempt.headers[WEBHOOK_HEADERS.id.toLowerCase()]).toBe(institutionEvent.id);
      expect(
        verifyWebhookSignature({
          secret: flakyEndpoint.secret,
          id: institutionEvent.id,
          timestamp: attempt.headers[WEBHOOK_HEADERS.timestamp.toLowerCase()] as string,
          signature: attempt.headers[WEBHOOK_HEADERS.signature.toLowerCase()] as string,
          body: attempt.body,
        }),
      ).toBe(true);
      expect(
        verifyWebhookSignature({
          secret: "wrong-secret",
          id: institutionEvent.id,
          timestamp: attempt.headers[WEBHOOK_HEADERS.timestamp.toLowerCase()] as string,
          signature: attempt.headers[WEBHOOK_HEADERS.signature.toLowerCase()] as string,
          body: attempt.body,
        }),
      ).toBe(false);
    }
    const payload = JSON.parse(attempts[2]!.body);
    expect(payload).toEqual({
      id: institutionEvent.id,
      type: "engagement.requested",
      occurredAt: institutionEvent.occurredAt.toISOString(),
      data: { engagementId: engagement.id, needId: need.id, status: "REQUESTED", initiatedBy: "ENTERPRISE" },
    });
    expect(attempts[2]!.body).not.toContain(enterprise.name);
    // The delivery log.
    const log = await db.auditLog.findMany({
      where: { subjectType: "Notification", subjectId: webhookRow.id },
      orderBy: { createdAt: "asc" },
    });
    expect(log.map((row) => row.action)).toEqual([
      "WEBHOOK_DELIVERY_FAILED",
      "WEBHOOK_DELIVERY_FAILED",
      "WEBHOOK_DELIVERED",
    ]);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: flakyEndpoint.id } })).consecutiveFailures).toBe(
      0,
    );

    // The e-mail, in Chinese, to the officer, with a stable Message-ID.
    const mail = mails[0]!;
    expect(mail.to).toEqual(["li.officer@rcb.example"]);
    expect(decodeHeader(mail.raw, "Subject")).toMatch(/^企业向贵机构发起对接：揭阳某/);
    expect(mail.raw).toContain(`<${rows.find((row) => row.channel === "EMAIL")!.id}@notifications.jieyang-finance>`);

    // Handling the event again — directly and as a duplicate job — creates and sends nothing more.
    expect(
      (
        await notifyForOutboxEvent(
          db,
          {
            type: "engagement.requested",
            payload: { engagementId: engagement.id, needId: need.id, institutionId: bank.id },
          },
          { channels },
        )
      ).created,
    ).toBe(0);
    await runtime.queues.notifications.add(
      "engagement.requested",
      {
        eventId: "again",
        type: "engagement.requested",
        payload: { engagementId: engagement.id, needId: need.id, institutionId: bank.id },
        occurredAt: new Date().toISOString(),
      },
      { jobId: "evt-again" },
    );
    await enqueueDeliveries(
      runtime.context,
      rows.map((row) => row.id),
    );
    await runtime.queues.notifications.add("deliver", { notificationId: webhookRow.id }, { jobId: "deliver-by-hand" });
    await sleep(300);
    await waitFor(drained, { what: "queue drained" });
    expect(await db.notification.count({ where: { template: "engagement.requested.to-institution" } })).toBe(2);
    expect(await db.notification.count({ where: { webhookEndpointId: flakyEndpoint.id } })).toBe(1);
    expect(mails).toHaveLength(1);
    expect(received.filter((item) => item.path === "/flaky")).toHaveLength(3);
  });

  it("disables an endpoint after repeated consecutive failures and stops sending to it", async () => {
    const otherBank = await createInstitution(db, { name: "揭阳某商业银行" });
    await createOfficer(db, otherBank.id, { email: null });
    const broken = await db.webhookEndpoint.create({
      data: { institutionId: otherBank.id, url: `${receiverUrl}/broken`, secret: "whsec-broken-0123456789" },
    });
    const consent = await createConsentText(db, { version: "test-v1", body: "同意" });
    const record = await db.consentRecord.create({
      data: {
        needId: need.id,
        enterpriseId: enterprise.id,
        institutionId: otherBank.id,
        textVersion: consent.version,
        grantedById: owner.id,
      },
    });
    await db.$transaction((tx) =>
      recordOutboxEvent(tx, {
        type: "consent.granted",
        aggregateId: record.id,
        payload: { consentId: record.id, needId: need.id, institutionId: otherBank.id },
      }),
    );
    await waitFor(async () => !(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: broken.id } })).isEnabled, {
      timeoutMs: 30_000,
      what: "endpoint disabled",
    });
    await waitFor(drained, { what: "queue drained" });
    const endpoint = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: broken.id } });
    expect(endpoint.consecutiveFailures).toBe(3);
    expect(endpoint.disabledAt).not.toBeNull();
    expect(received.filter((item) => item.path === "/broken")).toHaveLength(3);
    const row = await db.notification.findFirstOrThrow({ where: { webhookEndpointId: broken.id } });
    expect(row.status).toBe("FAILED");
    expect(row.lastError).toMatch(/endpoint disabled after 3 consecutive failures/);
    expect(await db.auditLog.count({ where: { action: "WEBHOOK_ENDPOINT_DISABLED", subjectId: broken.id } })).toBe(1);

    // The next event for that institution creates no webhook notification at all.
    await db.$transaction((tx) =>
      recordOutboxEvent(tx, {
        type: "consent.withdrawn",
        aggregateId: record.id,
        payload: { consentId: record.id, needId: need.id, institutionId: otherBank.id },
      }),
    );
    await waitFor(async () => (await db.notification.count({ where: { template: "consent.withdrawn" } })) > 0, {
      what: "withdrawal notified",
    });
    await waitFor(drained, { what: "queue drained" });
    expect(await db.notification.count({ where: { webhookEndpointId: broken.id } })).toBe(1);
    expect(received.filter((item) => item.path === "/broken")).toHaveLength(3);
  });

  it("sends urgent reminders by SMS through the HTTP gateway, once", async () => {
    const engagement = await db.engagement.findFirstOrThrow({ where: { needId: need.id, institutionId: bank.id } });
    await db.engagement.update({
      where: { id: engagement.id },
      data: { status: "ACCEPTED", acceptedAt: new Date(), officerId: officer.id },
    });
    const dueAt = new Date("2026-10-10T09:00:00Z");
    clockAt = new Date("2026-10-10T02:00:00Z"); // 10:00 in Shanghai: outside the quiet night
    const first = await notifyDeadlineReminder(
      db,
      { kind: "DECISION", needId: need.id, engagementId: engagement.id, dueAt },
      { channels },
    );
    const second = await notifyDeadlineReminder(
      db,
      { kind: "DECISION", needId: need.id, engagementId: engagement.id, dueAt },
      { channels },
    );
    expect(first.created).toBe(3); // officer: in-app, e-mail, SMS (webhooks get the institution event instead)
    expect(second.created).toBe(0);
    await enqueueDeliveries(runtime.context, [...first.pendingDeliveryIds, ...second.pendingDeliveryIds]);
    await waitFor(async () => received.some((item) => item.path === "/sms"), { what: "SMS" });
    await waitFor(drained, { what: "queue drained" });
    const sms = received.filter((item) => item.path === "/sms");
    expect(sms).toHaveLength(1);
    expect(sms[0]!.headers.authorization).toBe("Bearer sms-token");
    const body = JSON.parse(sms[0]!.body);
    expect(body.to).toBe(officer.phone);
    expect(body.text).toMatch(/^【揭阳金融】【限时响应提醒】揭阳某.*2026-10-10 17:00 到期$/);
    expect(await db.notification.count({ where: { template: "deadline.reminder", status: "SENT" } })).toBe(3);
    clockAt = null;
  });

  it("holds a night-time SMS until 08:00 in Shanghai, unless its deadline runs out before then", async () => {
    clockAt = new Date("2026-10-10T15:00:00Z"); // 23:00 in Shanghai
    try {
      const canWait = await createNeed(db, { enterprise: borrower, directedTo: [bank.id] });
      const cannotWait = await createNeed(db, { enterprise: borrower, directedTo: [bank.id] });
      const waiting = await notifyDeadlineReminder(
        db,
        { kind: "FIRST_RESPONSE", needId: canWait.id, engagementId: null, dueAt: new Date("2026-10-11T09:00:00Z") },
        { channels },
      );
      const urgent = await notifyDeadlineReminder(
        db,
        { kind: "FIRST_RESPONSE", needId: cannotWait.id, engagementId: null, dueAt: new Date("2026-10-10T16:30:00Z") },
        { channels },
      );
      const smsBefore = received.filter((item) => item.path === "/sms").length;
      await enqueueDeliveries(runtime.context, [...waiting.pendingDeliveryIds, ...urgent.pendingDeliveryIds]);
      const smsOf = (needId: string) =>
        db.notification.findFirstOrThrow({
          where: { channel: "SMS", template: "deadline.reminder", payload: { path: ["needId"], equals: needId } },
          select: { id: true, status: true },
        });
      await waitFor(async () => (await smsOf(cannotWait.id)).status === "SENT", { what: "urgent SMS sent" });
      const held = await smsOf(canWait.id);
      await waitFor(async () => (await runtime.queues.notifications.getDelayedCount()) === 1, {
        what: "held SMS delayed",
      });
      const [delayed] = await runtime.queues.notifications.getDelayed();
      expect(delayed!.data).toEqual({ notificationId: held.id });
      // 08:00 on 11 October in Shanghai is 00:00 UTC.
      expect(delayed!.id).toContain(String(Date.parse("2026-10-11T00:00:00Z")));
      expect((await smsOf(canWait.id)).status).toBe("PENDING");
      expect(received.filter((item) => item.path === "/sms").length).toBe(smsBefore + 1);
      await delayed!.remove();
    } finally {
      clockAt = null;
    }
  });

  it("respects the officer's own choice of channels: with e-mail and SMS off, a reminder is in-app only", async () => {
    const engagement = await db.engagement.findFirstOrThrow({ where: { needId: need.id, institutionId: bank.id } });
    await db.user.update({ where: { id: officer.id }, data: { notifyByEmail: false, notifyBySms: false } });
    try {
      const dueAt = new Date("2026-10-20T09:00:00Z");
      // Another deadline of the same engagement (the decision reminder above was sent once and is not sent again).
      const result = await notifyDeadlineReminder(
        db,
        { kind: "FIRST_RESPONSE", needId: need.id, engagementId: engagement.id, dueAt },
        { channels },
      );
      expect(result.created).toBe(1); // officer in-app
      const channelsUsed = await db.notification.findMany({
        where: { recipientId: officer.id, payload: { path: ["dueAt"], equals: dueAt.toISOString() } },
        select: { channel: true },
      });
      expect(channelsUsed.map((row) => row.channel)).toEqual(["IN_APP"]);
    } finally {
      await db.user.update({ where: { id: officer.id }, data: { notifyByEmail: true, notifyBySms: true } });
    }
  });

  it("keeps an inbox per user: list, unread count, mark read (own notifications only)", async () => {
    const before = await countUnread(db, officer.id);
    expect(before).toBeGreaterThanOrEqual(2);
    const page = await listInbox(db, officer.id, { take: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const next = await listInbox(db, officer.id, { take: 50, cursor: page.nextCursor });
    expect(next.items.map((item) => item.id)).not.toContain(page.items[0]!.id);
    expect(page.items.length + next.items.length).toBe(before);

    expect(await markRead(db, owner.id, page.items[0]!.id)).toBe(false);
    expect(await markRead(db, officer.id, page.items[0]!.id)).toBe(true);
    expect(await markRead(db, officer.id, page.items[0]!.id)).toBe(false);
    expect(await countUnread(db, officer.id)).toBe(before - 1);
    expect((await listInbox(db, officer.id, { unreadOnly: true })).items).toHaveLength(before - 1);
    expect(await markAllRead(db, officer.id)).toBe(before - 1);
    expect(await countUnread(db, officer.id)).toBe(0);
  });

  it("verifies signatures strictly, over id, timestamp and body, and accepts either of two during rotation", () => {
    const body = JSON.stringify({ hello: "揭阳" });
    const now = new Date("2026-11-01T00:00:00Z");
    const timestamp = Math.floor(now.getTime() / 1000);
    const id = "evt1";
    const signature = signWebhook("secret-a", id, timestamp, body);
    const check = (input: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({ secret: "secret-a", id, timestamp: String(timestamp), signature, body, now, ...input });
    expect(check({})).toBe(true);
    expect(check({ body: `${body} ` })).toBe(false);
    expect(check({ id: "evt2" })).toBe(false);
    expect(check({ timestamp: String(timestamp + 1) })).toBe(false);
    expect(check({ now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(check({ timestamp: null })).toBe(false);
    expect(check({ id: null })).toBe(false);
    const both = signatureHeader(["secret-new", "secret-a"], id, timestamp, body);
    expect(both.split(" ")).toHaveLength(2);
    expect(check({ signature: both })).toBe(true);
    expect(check({ signature: both, secret: "secret-new" })).toBe(true);
    expect(check({ signature: both, secret: "secret-other" })).toBe(false);
  });
});
