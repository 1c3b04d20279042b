import { describe, expect, it } from "vitest";
import { payloadDueAt, smsQuietUntil } from "~/modules/notifications/quiet-hours.ts";

const at = (iso: string) => new Date(iso);

describe("SMS quiet hours (21:00–08:00 Asia/Shanghai)", () => {
  it("sends at once during the day", () => {
    expect(smsQuietUntil(at("2026-12-04T00:00:00Z"), null)).toBeNull(); // 08:00
    expect(smsQuietUntil(at("2026-12-04T12:59:00Z"), null)).toBeNull(); // 20:59
  });

  it("holds an evening SMS until 08:00 the next morning and a small-hours one until 08:00 that morning", () => {
    expect(smsQuietUntil(at("2026-12-04T13:00:00Z"), null)).toEqual(at("2026-12-05T00:00:00Z")); // 21:00
    expect(smsQuietUntil(at("2026-12-04T18:35:00Z"), null)).toEqual(at("2026-12-05T00:00:00Z")); // 02:35
  });

  it("sends at night when the deadline runs out before 08:00, but not for one already past", () => {
    const night = at("2026-12-04T15:00:00Z"); // 23:00
    expect(smsQuietUntil(night, at("2026-12-04T20:00:00Z"))).toBeNull(); // due 04:00
    expect(smsQuietUntil(night, at("2026-12-05T00:00:00Z"))).toBeNull(); // due exactly 08:00
    expect(smsQuietUntil(night, at("2026-12-05T03:00:00Z"))).toEqual(at("2026-12-05T00:00:00Z")); // due 11:00
    expect(smsQuietUntil(night, at("2026-12-04T10:00:00Z"))).toEqual(at("2026-12-05T00:00:00Z")); // already breached
  });

  it("reads the deadline a payload carries", () => {
    expect(payloadDueAt({ dueAt: "2026-12-05T03:00:00.000Z" })).toEqual(at("2026-12-05T03:00:00Z"));
    expect(payloadDueAt({ dueAt: "soon" })).toBeNull();
    expect(payloadDueAt(null)).toBeNull();
  });
});
