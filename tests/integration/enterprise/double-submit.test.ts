/**
 * A form runs once per submission token: the same need form posted twice at once (a double click, the browser's
 * retry after a timeout) creates exactly one need, and both posts get the same answer. A token is not a lock on the
 * form: a refused submission releases it, and a fresh page's token posts a second need as the user means to.
 */
import { randomBytes } from "node:crypto";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { newClient, type RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { createEnterprise } from "../../support/world.ts";
import { createScenario, validNeedFields } from "./scenario.ts";

const environment = await setUpAppEnvironment("ent_double_submit", {
  MEILI_URL: "http://127.0.0.1:9",
  MEILI_MASTER_KEY: "unreachable-key-0123456789",
});
const db = environment.db;
const newNeed = await import("~/routes/enterprise.needs.new.tsx");

let client: RouteClient;
let csrf: string;
let enterpriseId: string;

beforeAll(async () => {
  const reference = await createScenario(db);
  const { enterprise } = await createEnterprise(db, {
    regionId: reference.rongcheng.id,
    user: { loginName: "13700000091" },
  });
  enterpriseId = enterprise.id;
  client = newClient();
  csrf = await signIn(client, "13700000091");
});

afterAll(async () => {
  await environment.tearDown();
});

/** A page load's submission token, as app/components/ui/csrf-input.tsx renders it. */
const pageToken = () => `${randomBytes(9).toString("base64url")}:r0:`;

function publish(submission: string, overrides: Record<string, string | string[]> = {}) {
  return client.post(newNeed, "/enterprise/needs/new", {
    _csrf: csrf,
    _submission: submission,
    _intent: "publish",
    ...validNeedFields(overrides),
  });
}

const needCount = () => db.financingNeed.count({ where: { enterpriseId } });

describe("one need per submitted form", () => {
  it("creates one need when the same form is posted twice at once, and answers both with its page", async () => {
    const before = await needCount();
    const token = pageToken();
    const [first, second] = await Promise.all([publish(token), publish(token)]);
    expect(await needCount()).toBe(before + 1);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(first.headers.get("Location")).toMatch(/^\/enterprise\/needs\/[a-z0-9]+/);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));

    // A third, later repeat (a page resubmitted from history) is answered the same way, still one need.
    const third = await publish(token);
    expect(third.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(third.headers.get("X-Submission-Replayed")).toBe("true");
    expect(await needCount()).toBe(before + 1);
  });

  it("refuses the used token with other content (409) and writes nothing", async () => {
    const token = pageToken();
    await publish(token);
    const before = await needCount();
    const changed = await publish(token, { amount: "80" });
    expect(changed.status).toBe(409);
    expect(((await changed.json()) as { message: string }).message).toContain("该表单已经提交过");
    expect(await needCount()).toBe(before);
  });

  it("lets a refused form be corrected and sent again with its token", async () => {
    const token = pageToken();
    const before = await needCount();
    const refused = await publish(token, { amount: "-1" });
    expect(refused.status).toBe(400);
    expect(await needCount()).toBe(before);
    const corrected = await publish(token, { amount: "30" });
    expect(corrected.status).toBe(302);
    expect(await needCount()).toBe(before + 1);
  });

  it("posts a second need from a fresh page, as the user means to", async () => {
    const before = await needCount();
    await publish(pageToken());
    await publish(pageToken());
    expect(await needCount()).toBe(before + 2);
  });
});
