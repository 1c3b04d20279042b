import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { newClient, readJson } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { createEnterprise } from "../../support/world.ts";
import { createScenario } from "./scenario.ts";

const environment = await setUpAppEnvironment("ent_inbox");
const db = environment.db;
const root = await import("~/root.tsx");
const inbox = await import("~/routes/notifications.tsx");
const home = await import("~/routes/enterprise._index.tsx");

afterAll(async () => {
  await environment.tearDown();
});

type InboxItem = { id: string; title: string; readAt: string | null };
/** An enterprise's inbox comes grouped by need; these notes are about no need, so one group. */
type InboxBody = { groups: { needId: string | null; items: InboxItem[] }[]; unread: number };
const itemsOf = (body: InboxBody) => body.groups.flatMap((group) => group.items);

it("shows the user's own in-app notifications with the unread count, and marks them read", async () => {
  const reference = await createScenario(db);
  const { user } = await createEnterprise(db, { regionId: reference.rongcheng.id, user: { loginName: "13500000001" } });
  const { user: other } = await createEnterprise(db, {
    regionId: reference.rongcheng.id,
    user: { loginName: "13500000002" },
  });
  const note = (recipientId: string, key: string, channel: "IN_APP" | "SMS" = "IN_APP") =>
    db.notification.create({
      data: {
        uniqueKey: key,
        recipientId,
        channel,
        template: "engagement.requested",
        title: `标题 ${key}`,
        body: "揭阳农商银行请求与您对接",
        link: "/enterprise",
      },
    });
  const first = await note(user.id, "a");
  await note(user.id, "b");
  await note(user.id, "c-sms", "SMS");
  const foreign = await note(other.id, "d");

  const client = newClient();
  const token = await signIn(client, "13500000001");
  const body = await readJson<InboxBody>(await client.get(inbox, "/notifications"));
  expect(body.unread).toBe(2);
  expect(
    itemsOf(body)
      .map((item) => item.title)
      .sort(),
  ).toEqual(["标题 a", "标题 b"]);
  expect((await readJson<{ unread: number }>(await client.get(home, "/enterprise"))).unread).toBe(2);

  // Marking another user's notification changes nothing.
  expect((await client.post(inbox, "/notifications", { _csrf: token, _intent: "read", id: foreign.id })).status).toBe(
    302,
  );
  expect((await db.notification.findUniqueOrThrow({ where: { id: foreign.id } })).readAt).toBeNull();

  const read = await client.post(inbox, "/notifications", {
    _csrf: token,
    _intent: "read",
    id: first.id,
    next: "https://evil.example/",
  });
  expect(read.headers.get("Location")).toBe("/notifications");
  expect(
    itemsOf(await readJson<InboxBody>(await client.get(inbox, "/notifications?unread=1"))).map((item) => item.title),
  ).toEqual(["标题 b"]);

  expect((await client.post(inbox, "/notifications", { _csrf: token, _intent: "read-all" })).status).toBe(302);
  expect((await readJson<InboxBody>(await client.get(inbox, "/notifications"))).unread).toBe(0);
  // The header badge comes from the root loader.
  type RootData = { user: { unreadNotifications: number } | null };
  expect((await readJson<RootData>(await client.get(root, "/enterprise"))).user?.unreadNotifications).toBe(0);
  expect((await readJson<RootData>(await newClient().get(root, "/"))).user).toBeNull();
  expect((await newClient().get(inbox, "/notifications")).status).toBe(401);
});
