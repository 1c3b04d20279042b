/**
 * Publishing answers at once: the need form's post commits the need and its outbox event and redirects without
 * matching. Until the worker has matched the need, its page says matching is under way (not "nothing fits"); once the
 * worker has run from the outbox event, the page shows the matches — or, when nothing fits, says so — and the
 * matching institution's officer is notified. Real Postgres, Redis and Meilisearch; the worker runtime runs in this
 * process and is started only after the first look at the page, so "not matched yet" is observed, not raced.
 */
import { randomBytes } from "node:crypto";
import { createMeili } from "../../../search/client.ts";
import { createSearchPorts } from "../../../workers/search-ports.ts";
import type { WorkerRuntime } from "../../../workers/runtime.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { newClient, readJson, type RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { waitFor } from "../../support/wait.ts";
import { createEnterprise, createProduct } from "../../support/world.ts";
import { startTestRuntime } from "../jobs/support/runtime.ts";
import { createScenario, validNeedFields, type Scenario } from "./scenario.ts";

const indexPrefix = `${process.env.MEILI_INDEX_PREFIX ?? "jytest_local_"}pubfast_${randomBytes(3).toString("hex")}_`;
const environment = await setUpAppEnvironment("ent_publish_fast", { MEILI_INDEX_PREFIX: indexPrefix });
const db = environment.db;
const meili = createMeili({
  url: process.env.MEILI_URL ?? "http://127.0.0.1:7700",
  apiKey: process.env.MEILI_MASTER_KEY,
  indexPrefix,
});
const ports = createSearchPorts(db, meili);
const newNeed = await import("~/routes/enterprise.needs.new.tsx");
const needDetail = await import("~/routes/enterprise.needs.$needId.tsx");

let reference: Scenario;
let client: RouteClient;
let csrf: string;
let runtime: WorkerRuntime | null = null;

type Detail = {
  need: { status: string };
  matchingPending: boolean;
  matches: { product: { name: string } }[];
};

beforeAll(async () => {
  reference = await createScenario(db);
  await createEnterprise(db, { regionId: reference.rongcheng.id, user: { loginName: "13700000071" } });
  client = newClient();
  csrf = await signIn(client, "13700000071");
  await createProduct(db, {
    institutionId: reference.bank.id,
    name: "设备按揭贷",
    regions: [reference.city.id],
    acceptedCollateral: ["EQUIPMENT", "PERSONAL_GUARANTEE"],
  });
  for (const product of await db.product.findMany({ select: { id: true } })) await ports.search.syncProduct(product.id);
});

afterAll(async () => {
  await runtime?.stop({ timeoutMs: 5_000 });
  for (const uid of Object.values(meili.indexes))
    await meili.client
      .deleteIndex(uid)
      .waitTask()
      .catch(() => {});
  await environment.tearDown();
});

async function publish(overrides: Record<string, string | string[]> = {}): Promise<string> {
  const response = await client.post(newNeed, "/enterprise/needs/new", {
    _csrf: csrf,
    _intent: "publish",
    ...validNeedFields(overrides),
  });
  expect(response.status).toBe(302);
  const location = response.headers.get("Location") ?? "";
  expect(location).toMatch(/\?published=1$/);
  return /\/enterprise\/needs\/([^/?]+)/.exec(location)![1]!;
}

async function detail(needId: string): Promise<Detail> {
  return readJson<Detail>(await client.get(needDetail, `/enterprise/needs/${needId}`, { needId }));
}

/** The need's page once the worker has matched it (polled, no fixed sleep). */
async function afterMatching(needId: string): Promise<Detail> {
  await waitFor(async () => !(await detail(needId)).matchingPending, {
    timeoutMs: 60_000,
    what: `need ${needId} matched by the worker`,
  });
  return detail(needId);
}

describe("publishing a need does not wait for matching", () => {
  it("shows matching under way until the worker has matched, then the matches; the officer is notified", async () => {
    const matching = await publish();
    const nothingFits = await publish({ amount: "9000" });

    // No worker yet: both needs are committed and open, their outbox events wait, and no match was computed.
    for (const needId of [matching, nothingFits]) {
      const page = await detail(needId);
      expect(page.need.status).toBe("OPEN");
      expect(page.matchingPending).toBe(true);
      expect(page.matches).toEqual([]);
      expect(await db.outboxEvent.count({ where: { aggregateId: needId, type: "need.published" } })).toBe(1);
    }
    expect(await db.match.count()).toBe(0);

    runtime = await startTestRuntime(db, { ...ports });
    const matched = await afterMatching(matching);
    expect(matched.matches.map((match) => match.product.name)).toContain("设备按揭贷");
    await waitFor(
      async () =>
        (await db.notification.count({ where: { template: "lead.matched", recipientId: reference.officer.id } })) > 0,
      { timeoutMs: 30_000, what: "the officer's lead notification" },
    );

    // 9,000 万元 is beyond every product: matched, nothing fits — the page no longer says it is matching.
    const empty = await afterMatching(nothingFits);
    expect(empty.matches).toEqual([]);
    const stamped = await db.financingNeed.findUniqueOrThrow({ where: { id: nothingFits } });
    expect(stamped.matchesComputedAt).not.toBeNull();
  });
});
