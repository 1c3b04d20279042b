/**
 * Issue 16: an institution that declined keeps the enterprise's contact only for the retention period (30 days by
 * default), then sees the lead anonymised again — on the engagement page, the lead page and the Open API alike. A
 * reveal inside the period is still audited; a refusal writes nothing.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { buildWorld, SECRET, type World } from "./scenario.ts";
import {
  declinedDaysAgo,
  expectNoContact,
  retentionReaders,
  revealCount,
  type Readers,
} from "./contact-retention-support.ts";

const environment = await setUpAppEnvironment("contact_retention");
const db = environment.db;

let world: World;
let read: Readers;
beforeAll(async () => {
  world = await buildWorld(db);
  read = await retentionReaders(db, world);
});
afterAll(async () => {
  await environment.tearDown();
});

describe("contact after a decline, default retention of 30 days", () => {
  it("still reveals (and audits every reveal) 29 days after the decline", async () => {
    const { engagementId } = await declinedDaysAgo(db, world, 29);
    expect(await revealCount(db, engagementId)).toBe(0);

    const page = await read.engagementPage(engagementId);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({
      engagement: { status: "DECLINED" },
      contact: { name: SECRET.enterpriseName, contactPhone: SECRET.contactPhone },
      contactNotice: null,
    });
    expect(await revealCount(db, engagementId)).toBe(1);

    const api = await read.api(engagementId);
    expect(api.status).toBe(200);
    expect(api.json).toMatchObject({ enterprise: { contactName: SECRET.contactName, idNumber: SECRET.creditCode } });
    expect(await revealCount(db, engagementId)).toBe(2);
  });

  it("shows the anonymised view with the explanation 31 days after, and the API refuses with a stable code", async () => {
    const { needId, engagementId } = await declinedDaysAgo(db, world, 31);

    const page = await read.engagementPage(engagementId);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({
      engagement: { status: "DECLINED" },
      contact: null,
      contactNotice: "对接已结束超过 30 天，企业联系方式不再向贵机构展示",
    });
    expectNoContact(page.data);
    // The rest of the workspace (the outcome the bank recorded) stays readable.
    expect((page.data.outcomes as { kind: string }[]).map((outcome) => outcome.kind)).toEqual(["DECLINED"]);

    const lead = await read.leadPage(needId);
    expect(lead.status).toBe(200);
    expectNoContact(lead.data);

    const api = await read.api(engagementId);
    expect(api).toMatchObject({
      status: 403,
      json: { code: "CONTACT_RETENTION_EXPIRED", detail: "对接已结束超过 30 天，企业联系方式不再向贵机构展示" },
    });
    expectNoContact(api.json);
    expect(await revealCount(db, engagementId)).toBe(0);
  });

  it("applies the period to a decline only, never to an approval, and counts it from the decline itself", async () => {
    const { contactRefusal } = await import("~/modules/engagements/workspace.server.ts");
    const now = new Date("2026-12-04T12:00:00Z");
    const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const consent = { id: "consent" };
    const approved = { status: "APPROVED" as const, decidedAt: daysBefore(400), closedAt: null };
    expect(contactRefusal(approved, consent, now)).toBeNull();
    const declined = { status: "DECLINED" as const, decidedAt: daysBefore(31), closedAt: daysBefore(31) };
    expect(contactRefusal(declined, consent, now)?.code).toBe("CONTACT_RETENTION_EXPIRED");
    expect(contactRefusal(declined, null, now)?.code).toBe("CONSENT_REQUIRED");
    // Exactly 30 days is not yet "longer ago than" the period.
    expect(
      contactRefusal({ ...declined, closedAt: daysBefore(30), decidedAt: daysBefore(30) }, consent, now),
    ).toBeNull();
  });
});
