/**
 * GET /api/v1/events and the webhooks: everything that concerns an institution is recorded in the transaction that
 * caused it, paged exactly once in commit order — also while concurrent transactions commit out of order — and
 * pushed to the institution's webhooks as the very same objects, signed over id.timestamp.body (two signatures while a
 * secret is being rotated). Another institution sees none of it.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { CONSENT_VERSION, createNeed, type EnterpriseAccount } from "../../support/world.ts";
import { actorOf, buildWorld, SECRET, type World } from "../institution/scenario.ts";
import { waitFor } from "../../support/wait.ts";
import { bearerFor, callApi } from "./api-call.ts";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}
const received: Received[] = [];
const receiver: Server = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
  request.on("end", () => {
    received.push({ headers: request.headers, body });
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/jieyang/events`;

const environment = await setUpAppEnvironment("api_events");
const db = environment.db;
const feedRoute = await import("~/routes/api.v1.events.ts");
const { recordOutboxEvent } = await import("~/modules/outbox/outbox.server.ts");
const { recordMatchedLeadEvents } = await import("~/modules/institution-events/record.server.ts");
const { registerWebhookEndpoint, rotateWebhookSecret } = await import("~/modules/institution/webhooks.server.ts");
const { createDeliveryDeps, deliverNotification } = await import("~/modules/notifications/deliver.server.ts");
const { parseNotificationConfig } = await import("~/modules/notifications/config.server.ts");
const { verifyWebhookSignature, WEBHOOK_HEADERS } = await import("~/modules/notifications/channels/webhook.server.ts");

let world: World;
let borrower: EnterpriseAccount;
let feedA: string;
let feedB: string;

type FeedEvent = { id: string; type: string; occurredAt: string; data: Record<string, unknown> };

async function page(authorization: string, query: string) {
  const answer = await callApi(feedRoute, { path: `/api/v1/events?${query}`, authorization });
  return answer as typeof answer & { json: { items?: FeedEvent[]; nextCursor?: string; hasMore?: boolean } };
}

/** Walks the feed from `after` to its current end; returns the events in order and where to resume. */
async function walk(authorization: string, after?: string, limit = 3) {
  const events: FeedEvent[] = [];
  let cursor = after;
  for (;;) {
    const { status, json } = await page(authorization, `limit=${limit}${cursor ? `&after=${cursor}` : ""}`);
    expect(status).toBe(200);
    events.push(...json.items!);
    cursor = json.nextCursor;
    if (!json.hasMore) return { events, cursor };
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long a test waits for committed events to become readable. The feed reaches a transaction only once every
 * older one on the Postgres server has ended — other databases' too, so a long statement elsewhere on a shared test
 * server (a materialized-view refresh) holds it back for its duration. Waiting is correct: skipping would not be.
 */
const FEED_WAIT_MS = 180_000;

/** A need DIRECTED to bank A, published with its outbox event: bank A's lead.matched commits with it. */
async function publishDirectedNeed(delayMs: number): Promise<string> {
  return db.$transaction(
    async (tx) => {
      const need = await createNeed(tx, { enterprise: borrower, directedTo: [world.institutions.bankA.id] });
      await recordOutboxEvent(tx, { type: "need.published", aggregateId: need.id, payload: { needId: need.id } });
      await pause(delayMs);
      return need.id;
    },
    { timeout: 20_000 },
  );
}

/** The enterprise consents to bank A seeing its contact data for a need, then (optionally) withdraws it. */
async function consent(needId: string, granted: boolean, delayMs: number, consentId?: string): Promise<string> {
  return db.$transaction(
    async (tx) => {
      const id =
        consentId ??
        (
          await tx.consentRecord.create({
            data: {
              needId,
              enterpriseId: borrower.enterprise.id,
              institutionId: world.institutions.bankA.id,
              textVersion: CONSENT_VERSION,
              grantedById: borrower.user.id,
            },
          })
        ).id;
      if (!granted) await tx.consentRecord.update({ where: { id }, data: { withdrawnAt: new Date() } });
      await recordOutboxEvent(tx, {
        type: granted ? "consent.granted" : "consent.withdrawn",
        aggregateId: id,
        payload: { consentId: id, needId, institutionId: world.institutions.bankA.id },
      });
      await pause(delayMs);
      return id;
    },
    { timeout: 20_000 },
  );
}

beforeAll(async () => {
  world = await buildWorld(db);
  borrower = await ownerAccount();
  feedA = await bearerFor(db, world.users.adminA, ["events:read"]);
  feedB = await bearerFor(db, world.users.adminB, ["events:read"]);
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await environment.tearDown();
});

/** The scenario's enterprise as an account (its user publishes and consents). */
async function ownerAccount(): Promise<EnterpriseAccount> {
  const enterprise = await db.enterprise.findUniqueOrThrow({ where: { id: world.enterprise.id } });
  const user = await db.user.findUniqueOrThrow({ where: { id: world.users.enterprise.id } });
  return { enterprise, user } as EnterpriseAccount;
}

it("pages every event exactly once while concurrent transactions commit out of order, and resumes with only the new ones", async () => {
  const start = await walk(feedA);
  const written: { needs: string[]; consents: string[]; withdrawals: string[] } = {
    needs: [],
    consents: [],
    withdrawals: [],
  };
  let writing = true;
  const writers = Array.from({ length: 4 }, async (_, writer) => {
    for (let round = 0; round < 5; round++) {
      // Each transaction holds on for a while, so later ones commit first.
      const needId = await publishDirectedNeed(((writer * 7 + round * 13) % 5) * 30);
      written.needs.push(needId);
      const consentId = await consent(needId, true, ((writer * 3 + round * 11) % 4) * 25);
      written.consents.push(consentId);
      if ((writer + round) % 2 === 0) {
        await consent(needId, false, ((writer + round * 5) % 3) * 35, consentId);
        written.withdrawals.push(consentId);
      }
    }
  });
  const seen: FeedEvent[] = [];
  let cursor = start.cursor;
  const reader = (async () => {
    while (writing) {
      const step = await walk(feedA, cursor, 2);
      seen.push(...step.events);
      cursor = step.cursor;
      await pause(10);
    }
  })();
  await Promise.all(writers);
  writing = false;
  await reader;
  // The feed reaches a transaction once every older one has ended (on the whole server, other databases too), so
  // the tail may take a moment to become readable: read on until everything written is there.
  const expected = written.needs.length + written.consents.length + written.withdrawals.length;
  const rest = { cursor };
  await waitFor(
    async () => {
      const step = await walk(feedA, rest.cursor, 4);
      seen.push(...step.events);
      rest.cursor = step.cursor;
      return seen.length >= expected;
    },
    { what: "every event readable", timeoutMs: FEED_WAIT_MS },
  );

  const ids = seen.map((event) => event.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(written.needs).toHaveLength(20);
  const byType = (type: string) => seen.filter((event) => event.type === type);
  expect(
    byType("lead.matched")
      .map((event) => event.data.needId)
      .sort(),
  ).toEqual([...written.needs].sort());
  expect(
    byType("consent.granted")
      .map((event) => event.data.consentId)
      .sort(),
  ).toEqual([...written.consents].sort());
  expect(
    byType("consent.withdrawn")
      .map((event) => event.data.consentId)
      .sort(),
  ).toEqual([...written.withdrawals].sort());
  expect(seen).toHaveLength(expected);
  // Every recorded event of bank A after the starting point, nothing else.
  const stored = await db.institutionEvent.findMany({
    where: { institutionId: world.institutions.bankA.id, id: { notIn: start.events.map((event) => event.id) } },
    select: { id: true },
  });
  expect([...ids].sort()).toEqual(stored.map((row) => row.id).sort());
  expect(seen[0]).toMatchObject({
    type: "lead.matched",
    data: { directed: true, escalated: false },
    occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
  });
  expect(JSON.stringify(seen)).not.toContain(SECRET.contactPhone);

  // Resuming later from the last cursor: exactly what happened since.
  const later = await publishDirectedNeed(0);
  const resumed = { events: [] as FeedEvent[], cursor: rest.cursor };
  await waitFor(
    async () => {
      const step = await walk(feedA, resumed.cursor);
      resumed.events.push(...step.events);
      resumed.cursor = step.cursor;
      return resumed.events.length > 0;
    },
    { what: "the later event", timeoutMs: FEED_WAIT_MS },
  );
  expect(resumed.events.map((event) => [event.type, event.data.needId])).toEqual([["lead.matched", later]]);
  expect((await walk(feedA, resumed.cursor)).events).toEqual([]);

  // Bank B was told nothing of it.
  const seenByB = (await walk(feedB)).events;
  expect(seenByB.filter((event) => ids.includes(event.id))).toEqual([]);
  expect(seenByB.filter((event) => written.needs.includes(event.data.needId as string))).toEqual([]);
}, 400_000);

it("records a matched lead once however often the lead is announced", async () => {
  const needId = await world.need();
  const first = await recordMatchedLeadEvents(db, needId);
  const again = await recordMatchedLeadEvents(db, needId);
  expect(first.recorded).toBe(1);
  expect(again.recorded).toBe(0);
  const rows = await db.institutionEvent.findMany({ where: { key: `lead:${needId}` } });
  expect(rows.map((row) => [row.institutionId, row.type])).toEqual([[world.institutions.bankA.id, "lead.matched"]]);
});

it("refuses a forged cursor, a bad limit and a token without events:read with problem documents", async () => {
  expect(await page(feedA, "after=not-a-cursor!")).toMatchObject({ status: 400, json: { code: "INVALID_CURSOR" } });
  const forged = Buffer.from("1.x'; DROP TABLE", "utf8").toString("base64url");
  expect((await page(feedA, `after=${forged}`)).status).toBe(400);
  expect(await page(feedA, "limit=1000")).toMatchObject({ status: 400, json: { code: "INVALID_QUERY" } });
  const leadsOnly = await bearerFor(db, world.users.adminA, ["leads:read"]);
  expect(await page(leadsOnly, "")).toMatchObject({ status: 403, json: { code: "INSUFFICIENT_SCOPE" } });
});

it("pushes the feed's own event objects to the institution's webhook, verifiably signed, with two signatures during rotation", async () => {
  const registered = await registerWebhookEndpoint(db, {
    actor: actorOf(world.users.adminA),
    url: receiverUrl,
    production: false,
  });
  if (!registered.ok) throw new Error(JSON.stringify(registered.fieldErrors));
  const deps = createDeliveryDeps(parseNotificationConfig({ APP_BASE_URL: "https://jieyang.example" }));
  const { cursor } = await walk(feedA);

  /** What the worker's delivery jobs do for the webhook rows of bank A's new events. */
  async function deliverPending(): Promise<void> {
    const rows = await db.notification.findMany({
      where: { webhookEndpointId: registered.ok ? registered.id : "", status: "PENDING" },
      select: { id: true },
    });
    for (const row of rows) expect(await deliverNotification(db, row.id, deps)).toBe("sent");
  }

  const needId = await publishDirectedNeed(0);
  await deliverPending();
  const [pushed] = received.splice(0);
  const fed = await waitFor(
    async () => (await walk(feedA, cursor)).events.find((event) => event.data.needId === needId),
    { what: "the event in the feed", timeoutMs: FEED_WAIT_MS },
  );
  expect(fed).toMatchObject({ type: "lead.matched", data: { needId } });
  expect(JSON.parse(pushed!.body)).toEqual(fed);
  expect(pushed!.headers[WEBHOOK_HEADERS.id.toLowerCase()]).toBe(fed!.id);
  expect(pushed!.headers[WEBHOOK_HEADERS.event.toLowerCase()]).toBe("lead.matched");
  const signed = (secret: string, delivery: Received) =>
    verifyWebhookSignature({
      secret,
      id: delivery.headers[WEBHOOK_HEADERS.id.toLowerCase()] as string,
      timestamp: delivery.headers[WEBHOOK_HEADERS.timestamp.toLowerCase()] as string,
      signature: delivery.headers[WEBHOOK_HEADERS.signature.toLowerCase()] as string,
      body: delivery.body,
    });
  expect(signed(registered.secret, pushed!)).toBe(true);
  expect(signed("whsec_wrong", pushed!)).toBe(false);
  expect((pushed!.headers[WEBHOOK_HEADERS.signature.toLowerCase()] as string).split(" ")).toHaveLength(1);

  // Rotation: until the overlap ends, both secrets sign every delivery.
  const rotated = await rotateWebhookSecret(db, { actor: actorOf(world.users.adminA), endpointId: registered.id });
  expect(rotated.previousSecretExpiresAt).not.toBeNull();
  await consent(needId, true, 0);
  await deliverPending();
  const [duringRotation] = received.splice(0);
  expect(JSON.parse(duringRotation!.body)).toMatchObject({ type: "consent.granted", data: { needId } });
  expect((duringRotation!.headers[WEBHOOK_HEADERS.signature.toLowerCase()] as string).split(" ")).toHaveLength(2);
  expect(signed(rotated.secret, duringRotation!)).toBe(true);
  expect(signed(registered.secret, duringRotation!)).toBe(true);
  expect(await db.auditLog.count({ where: { action: "WEBHOOK_SECRET_ROTATED", subjectId: registered.id } })).toBe(1);

  // A rotation with no overlap: only the new secret signs.
  const immediate = await rotateWebhookSecret(db, {
    actor: actorOf(world.users.adminA),
    endpointId: registered.id,
    overlapHours: 0,
  });
  await publishDirectedNeed(0);
  await deliverPending();
  const [afterRotation] = received.splice(0);
  expect((afterRotation!.headers[WEBHOOK_HEADERS.signature.toLowerCase()] as string).split(" ")).toHaveLength(1);
  expect(signed(immediate.secret, afterRotation!)).toBe(true);
  expect(signed(rotated.secret, afterRotation!)).toBe(false);

  // Another institution's admin cannot rotate bank A's secret.
  await expect(
    rotateWebhookSecret(db, { actor: actorOf(world.users.adminB), endpointId: registered.id }),
  ).rejects.toMatchObject({ status: 404 });
}, 400_000);
