/**
 * The contact-retention tests' shared steps: an engagement of bank A that the bank declined a given number of days
 * ago (the decision timestamps moved back in the database, never a sleep), and the three ways an officer or the
 * bank's system reads it — the engagement page, the lead page and the Open API contact endpoint.
 */
import type { Db } from "~/infra/db.server.ts";
import { DAY_MS } from "~/kernel/time.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { bearerToken, callApi, type ApiRoute } from "../api/engagement-support.ts";
import { actorOf, SECRET, type World } from "./scenario.ts";

export type Readers = Awaited<ReturnType<typeof retentionReaders>>;

/** Signs officer A in and gives bank A's system a token; imports the routes only now, after the environment is set. */
export async function retentionReaders(db: Db, world: World) {
  const engagementPage = await import("~/routes/officer.engagements.$engagementId.tsx");
  const leadPage = await import("~/routes/officer.leads.$needId.tsx");
  const contactRoute = (await import("~/routes/api.v1.engagements.$engagementId.contact.ts")) as unknown as ApiRoute;
  const client = new RouteClient("203.0.113.61");
  await signIn(client, world.users.officerA.loginName);
  const { authorization } = await bearerToken(db, world.users.adminA, ["leads:read"]);
  return {
    async engagementPage(engagementId: string) {
      const response = await client.get(engagementPage, `/officer/engagements/${engagementId}`, { engagementId });
      return { status: response.status, data: await readJson(response) };
    },
    async leadPage(needId: string) {
      const response = await client.get(leadPage, `/officer/leads/${needId}`, { needId });
      return { status: response.status, data: await readJson(response) };
    },
    api(engagementId: string) {
      return callApi(contactRoute, {
        path: `/api/v1/engagements/${engagementId}/contact`,
        params: { engagementId },
        authorization,
      });
    },
  };
}

/** A need with general consent, taken on by bank A and declined by it, the decline moved `daysAgo` into the past. */
export async function declinedDaysAgo(db: Db, world: World, daysAgo: number) {
  const engagements = await import("~/modules/engagements/engagements.server.ts");
  const needId = await world.need();
  const actor = actorOf(world.users.officerA);
  const { engagementId, status } = await engagements.requestLead(db, { needId, actor });
  if (status !== "ACCEPTED") throw new Error(`expected the lead to be accepted at once, got ${status}`);
  const declined = await engagements.recordOutcome(db, {
    engagementId,
    actor,
    kind: "DECLINED",
    fields: { declineReason: "INSUFFICIENT_COLLATERAL", declineMessage: "抵押物评估价值不足，建议补充担保后再申请" },
  });
  if (!declined.ok) throw new Error(`decline failed: ${JSON.stringify(declined.fieldErrors)}`);
  const endedAt = new Date(Date.now() - daysAgo * DAY_MS);
  await db.engagement.update({ where: { id: engagementId }, data: { decidedAt: endedAt, closedAt: endedAt } });
  return { needId, engagementId };
}

export function revealCount(db: Db, engagementId: string) {
  return db.auditLog.count({
    where: { action: "CONTACT_REVEALED", data: { path: ["engagementId"], equals: engagementId } },
  });
}

/** Fails when any of the enterprise's identifying or contact values appears anywhere in the answer. */
export function expectNoContact(value: unknown) {
  const text = JSON.stringify(value);
  for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
}
