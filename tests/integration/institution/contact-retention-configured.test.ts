/**
 * DECLINED_CONTACT_RETENTION_DAYS is honoured: with 7 days configured, a decline 6 days ago still reveals (audited),
 * 8 days ago the page and the API show nothing of the contact and say "超过 7 天".
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

const environment = await setUpAppEnvironment("contact_retention_7", { DECLINED_CONTACT_RETENTION_DAYS: "7" });
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

describe("a configured retention of 7 days", () => {
  it("reveals 6 days after the decline and hides 8 days after, on the page and in the API", async () => {
    const recent = await declinedDaysAgo(db, world, 6);
    const recentPage = await read.engagementPage(recent.engagementId);
    expect(recentPage.data).toMatchObject({ contact: { contactPhone: SECRET.contactPhone }, contactNotice: null });
    expect((await read.api(recent.engagementId)).status).toBe(200);
    expect(await revealCount(db, recent.engagementId)).toBe(2);

    const old = await declinedDaysAgo(db, world, 8);
    const oldPage = await read.engagementPage(old.engagementId);
    expect(oldPage.data).toMatchObject({
      contact: null,
      contactNotice: "对接已结束超过 7 天，企业联系方式不再向贵机构展示",
    });
    expectNoContact(oldPage.data);
    const api = await read.api(old.engagementId);
    expect(api).toMatchObject({ status: 403, json: { code: "CONTACT_RETENTION_EXPIRED" } });
    expectNoContact(api.json);
    expect(await revealCount(db, old.engagementId)).toBe(0);
  });
});
