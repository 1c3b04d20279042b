/**
 * The example bank adapter (examples/bank-adapter/) against the real production server over HTTP, using only the
 * published API: it pulls the new leads, takes one up, records the approval and the disbursement (a re-run records
 * nothing twice), and after a pause replays exactly the events it missed and pulls exactly the leads published since.
 */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { startWebServer, type WebServer } from "../../support/web-server.ts";
import { actorOf, buildWorld, type World } from "../institution/scenario.ts";
import { BankAdapter, PlatformError } from "../../../examples/bank-adapter/adapter.ts";

const environment = await setUpAppEnvironment("api_example_adapter");
const db = environment.db;
const { registerApiClient } = await import("~/modules/api-clients/clients.server.ts");
const { recordMatchedLeadEvents } = await import("~/modules/institution-events/record.server.ts");
const { shanghaiToday } = await import("~/kernel/time.ts");

let server: WebServer;
let world: World;
let adapter: BankAdapter;

beforeAll(async () => {
  const started = startWebServer();
  world = await buildWorld(db);
  const registered = await registerApiClient(db, {
    actor: actorOf(world.users.adminA),
    fields: { name: "甲银行信贷系统", scopes: ["leads:read", "engagements:write", "outcomes:write", "events:read"] },
  });
  if (!registered.ok) throw new Error(JSON.stringify(registered.fieldErrors));
  server = await started;
  adapter = new BankAdapter({
    baseUrl: server.url,
    clientId: registered.client.clientId,
    clientSecret: registered.clientSecret,
  });
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await environment.tearDown();
});

describe("the example bank adapter", () => {
  it("pulls leads, takes one up to a disbursement, and replays what it missed after a pause", async () => {
    const needId = await world.need();
    const leads = await adapter.pullNewLeads();
    expect(leads.map((lead) => lead.id)).toContain(needId);
    expect(await adapter.pullNewLeads()).toEqual([]); // nothing new since

    const engagement = await adapter.takeUp(needId);
    expect(engagement.status).toBe("ACCEPTED");
    await adapter.moveTo(engagement.id, "CONTACTED");
    await adapter.moveTo(engagement.id, "UNDER_REVIEW");
    const loan = {
      loanNumber: "JY-LN-2026-0001",
      approvedAmount: "800000.00",
      disbursedAmount: "500000.00",
      annualRatePercent: "3.85",
      termMonths: 12,
      decidedOn: shanghaiToday(),
      disbursedOn: shanghaiToday(),
      firstLoan: true,
      totalCreditAtInstitution: "500000.00",
    };
    const recorded = await adapter.recordDisbursement(engagement.id, loan);
    expect(recorded.outcome.kind).toBe("DISBURSED");
    // The bank's system sends the same loan again (a retry, a re-run): answered from the first time, nothing new.
    const again = await adapter.recordDisbursement(engagement.id, loan);
    expect(again.outcome.id).toBe(recorded.outcome.id);
    expect(await db.outcome.count({ where: { engagementId: engagement.id } })).toBe(2); // approval + disbursement

    // Catch up on events, then go offline while the platform matches a new need to the bank.
    await adapter.replayEvents();
    const missedNeed = await world.need();
    await recordMatchedLeadEvents(db, missedNeed);
    const missed = await adapter.replayEvents();
    expect(missed.map((event) => [event.type, event.data.needId])).toEqual([["lead.matched", missedNeed]]);
    expect(await adapter.replayEvents()).toEqual([]);
    expect((await adapter.pullNewLeads()).map((lead) => lead.id)).toEqual([missedNeed]);
  }, 120_000);

  it("gets the platform's refusal as a coded error in Chinese", async () => {
    const refused = await adapter.takeUp("no-such-need").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PlatformError);
    expect(refused).toMatchObject({ status: 404 });
    expect((refused as PlatformError).detail).toMatch(/[\u4e00-\u9fff]/);
  });
});
