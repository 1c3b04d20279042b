/** The admin's queue page through its real loader/action: ADMIN only, shows counts and failures, retries them. */
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { waitFor } from "../../support/wait.ts";
import { createAdmin, createBureauUser } from "../../support/world.ts";
import { recordingSearchPorts, startTestRuntime } from "./support/runtime.ts";

const environment = await setUpAppEnvironment("jobs-admin");
const db = environment.db;
const root = await import("~/root.tsx");
const page = await import("~/routes/admin.queues.tsx");

afterAll(() => environment.tearDown());

await createAdmin(db, { loginName: "admin.queues", displayName: "管理员" });
await createBureauUser(db, { loginName: "bureau.queues", displayName: "金融局" });

async function signedIn(loginName: string): Promise<RouteClient> {
  const client = new RouteClient();
  await signIn(client, loginName);
  return client;
}

interface Overview {
  outbox: { unrelayed: number };
  redis: { reachable: boolean };
  queues: { name: string; counts: Record<string, number>; failures: { name: string; reason: string }[] }[];
}

describe("/admin/queues", () => {
  it("is for admins only", async () => {
    expect((await new RouteClient().get(page, "/admin/queues")).status).toBe(401);
    expect((await (await signedIn("bureau.queues")).get(page, "/admin/queues")).status).toBe(403);
  });

  it("shows queue counts, the outbox and failed jobs, and retries them", async () => {
    const runtime = await startTestRuntime(db, { ...recordingSearchPorts(), queues: ["ledger"], relay: false });
    await runtime.queues.ledger.add(
      "outcome.recorded",
      { eventId: "x", type: "outcome.recorded", payload: {}, occurredAt: new Date().toISOString() },
      { jobId: "evt-invalid" },
    );
    await waitFor(async () => (await runtime.queues.ledger.getJobState("evt-invalid")) === "failed", {
      what: "job failed",
    });
    await runtime.stop({ timeoutMs: 5_000 });

    const admin = await signedIn("admin.queues");
    const response = await admin.get(page, "/admin/queues");
    expect(response.status).toBe(200);
    const overview = await readJson<Overview>(response);
    expect(overview.redis.reachable).toBe(true);
    expect(overview.queues.map((queue) => queue.name)).toEqual([
      "search-sync",
      "matching",
      "notifications",
      "deadlines",
      "ledger",
      "reports",
    ]);
    const ledger = overview.queues.find((queue) => queue.name === "ledger")!;
    expect(ledger.counts.failed).toBe(1);
    expect(ledger.failures[0]!.reason).toMatch(/invalid outcome.recorded payload/);

    const { csrfToken } = await readJson<{ csrfToken: string }>(await admin.get(root, "/admin/queues"));
    expect((await admin.post(page, "/admin/queues", { _csrf: csrfToken, queue: "no-such-queue" })).status).toBe(400);
    expect((await admin.post(page, "/admin/queues", { queue: "ledger" })).status).toBe(403);
    const retried = await admin.post(page, "/admin/queues", { _csrf: csrfToken, queue: "ledger" });
    expect(retried.status).toBe(302);
    const after = await readJson<Overview>(await admin.get(page, "/admin/queues"));
    expect(after.queues.find((queue) => queue.name === "ledger")!.counts).toMatchObject({ failed: 0, waiting: 1 });
  });
});
