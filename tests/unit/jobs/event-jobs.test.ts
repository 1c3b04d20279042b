/**
 * The processor boundary for outbox events: one parse turns a job's data into an event whose payload is typed by its
 * type, limited to the types routed to the queue; anything else fails for good.
 */
import { describe, expect, it } from "vitest";
import { aggregateTypeOf, OUTBOX_EVENT_TYPES, parseOutboxEvent } from "~/modules/outbox/events.ts";
import { parseEventJob } from "../../../workers/context.ts";
import { EVENT_ROUTES, queuesFor } from "../../../workers/routing.ts";

function eventJob(type: string, payload: unknown) {
  return {
    id: `evt-${type}`,
    name: type,
    data: { eventId: "e1", type, payload, occurredAt: "2026-11-01T00:00:00.000Z" },
  };
}

describe("parseEventJob", () => {
  it("gives a processor the event with its payload, narrowed by type", () => {
    const event = parseEventJob(
      eventJob("outcome.amended", { outcomeId: "o2", engagementId: "g1", previousOutcomeId: "o1" }),
      "ledger",
    );
    expect(event).toEqual({
      eventId: "e1",
      type: "outcome.amended",
      payload: { outcomeId: "o2", engagementId: "g1", previousOutcomeId: "o1" },
    });
    // Compiles only because the union is narrowed: previousOutcomeId exists on outcome.amended alone.
    expect(event.type === "outcome.amended" ? event.payload.previousOutcomeId : null).toBe("o1");
  });

  it("drops keys the schema does not know (ids only travel)", () => {
    const event = parseEventJob(eventJob("need.published", { needId: "n1", name: "某公司" }), "matching");
    expect(event.payload).toEqual({ needId: "n1" });
  });

  it("fails for good on a bad payload, an unknown type, a foreign job or an event routed elsewhere", () => {
    expect(() => parseEventJob(eventJob("outcome.recorded", { outcomeId: 42 }), "ledger")).toThrow(
      /invalid outcome.recorded payload/,
    );
    expect(() => parseEventJob(eventJob("no.such-event", {}), "search-sync")).toThrow(
      /no handler for job no.such-event/,
    );
    expect(() =>
      parseEventJob({ id: "x", name: "outcome.recorded", data: { type: "outcome.recorded" } }, "ledger"),
    ).toThrow(/invalid event job x/);
    expect(() => parseEventJob(eventJob("need.published", { needId: "n1" }), "ledger")).toThrow(
      /need.published is not routed to queue ledger/,
    );
    for (const error of [
      () => parseEventJob(eventJob("outcome.recorded", { outcomeId: 42 }), "ledger"),
      () => parseEventJob(eventJob("need.published", { needId: "n1" }), "ledger"),
    ])
      expect(error).toThrow(expect.objectContaining({ name: "UnrecoverableError" }));
  });
});

describe("the event catalogue", () => {
  it("routes, and names the aggregate of, every event type exactly", () => {
    expect(Object.keys(EVENT_ROUTES).sort()).toEqual([...OUTBOX_EVENT_TYPES].sort());
    expect(Object.keys(aggregateTypeOf).sort()).toEqual([...OUTBOX_EVENT_TYPES].sort());
    expect(new Set(OUTBOX_EVENT_TYPES).size).toBe(OUTBOX_EVENT_TYPES.length);
    expect(queuesFor("no.such-event")).toEqual([]);
    expect(queuesFor("outcome.cancelled")).toEqual(["ledger"]);
  });

  it("validates the payload against its own type's schema", () => {
    expect(
      parseOutboxEvent({ type: "consent.granted", payload: { consentId: "c", needId: "n", institutionId: null } }),
    ).toEqual({ type: "consent.granted", payload: { consentId: "c", needId: "n", institutionId: null } });
    expect(() => parseOutboxEvent({ type: "consent.granted", payload: { needId: "n" } })).toThrow();
    expect(() => parseOutboxEvent({ type: "need.nope", payload: { needId: "n" } })).toThrow();
  });
});
