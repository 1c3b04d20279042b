/**
 * From the need form to every place an officer reads it, against real Postgres and Meilisearch: an enterprise shares
 * a description with its own phone, e-mail and contact name written to slip past a filter (dots, full-width digits,
 * Chinese numerals, "(at) … dot"). Before consent none of it is in the leads index, the lead page's loader data or
 * leads search (a search by the phone number finds nothing); after consent the engagement page reveals the contact
 * from the profile, and the description stays redacted.
 */
import { randomBytes } from "node:crypto";
import { compact } from "~/modules/redaction/normalise.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { deleteIndexesWithPrefix, testMeiliConfig } from "../../support/meili.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";
import { signIn } from "../../support/sign-in.ts";
import { createMatch } from "../../support/world.ts";
import { validNeedFields } from "../enterprise/scenario.ts";
import { buildWorld, SECRET, type World } from "../institution/scenario.ts";

const meiliConfig = testMeiliConfig();
const indexPrefix = `${process.env.MEILI_INDEX_PREFIX || "jytest_"}obfus_${randomBytes(3).toString("hex")}_`;
const environment = await setUpAppEnvironment("search_obfuscated", {
  MEILI_URL: meiliConfig.url,
  ...(meiliConfig.apiKey ? { MEILI_MASTER_KEY: meiliConfig.apiKey } : {}),
  MEILI_INDEX_PREFIX: indexPrefix,
});
const db = environment.db;
const newNeed = await import("~/routes/enterprise.needs.new.tsx");
const officerHome = await import("~/routes/officer._index.tsx");
const leadPage = await import("~/routes/officer.leads.$needId.tsx");
const engagementPage = await import("~/routes/officer.engagements.$engagementId.tsx");
const { getMeili } = await import("../../../search/client.ts");
const { ensureIndexes } = await import("../../../search/settings.ts");
const { syncNeeds } = await import("~/modules/search-index/sync.server.ts");

// SECRET.contactPhone is 13912345678, SECRET.contactEmail lin.hengda@example.cn, SECRET.contactName 林秀英.
const OBFUSCATED = [
  "139.1234.5678",
  "１３９１２３４５６７８",
  "一三九一二三四五六七八",
  "壹叁玖-壹贰叁肆-伍陆柒捌",
  "lin.hengda (at) example dot cn",
  "ｌｉｎ．ｈｅｎｇｄａ＠ｅｘａｍｐｌｅ．ｃｎ",
  "林 秀 英",
];
const DESCRIPTION =
  `购置两台注塑机，扩大产能，需要50万元，2026年12月前用款。电话 ${OBFUSCATED[0]}，手机 ${OBFUSCATED[1]}，` +
  `或 ${OBFUSCATED[2]}（${OBFUSCATED[3]}）；邮箱 ${OBFUSCATED[4]} 或 ${OBFUSCATED[5]}；联系人 ${OBFUSCATED[6]}。`;

let world: World;
let needId: string;
let officer: RouteClient;
let officerToken: string;

beforeAll(async () => {
  world = await buildWorld(db);
  const meili = getMeili();
  await ensureIndexes(meili);
  const enterprise = new RouteClient("198.51.100.40");
  const token = await signIn(enterprise, world.users.enterprise.loginName);
  const posted = await enterprise.post(newNeed, "/enterprise/needs/new", {
    _csrf: token,
    _intent: "publish",
    ...validNeedFields({ description: DESCRIPTION, shareDescription: "on", amount: "80" }),
  });
  expect(posted.status).toBe(302);
  needId = /\/enterprise\/needs\/([^/?]+)/.exec(posted.headers.get("Location") ?? "")![1]!;
  // The enterprise's words are stored as written: redaction is for what others read.
  expect((await db.financingNeed.findUniqueOrThrow({ where: { id: needId } })).description).toBe(DESCRIPTION);
  // Matching runs in the worker; here bank A's product is recorded as matched, so the general consent covers bank A.
  await createMatch(db, {
    needId,
    productId: world.products.productA.id,
    score: "80.00",
    rank: 1,
    reasons: ["金额 80 万元在产品额度内"],
  });
  await syncNeeds(db, meili, [needId]);
  officer = new RouteClient("198.51.100.41");
  officerToken = await signIn(officer, world.users.officerA.loginName);
});

afterAll(async () => {
  await deleteIndexesWithPrefix(getMeili(), indexPrefix).catch(() => {});
  await environment.tearDown();
});

/** Nothing of the contact data, in any form: the raw and obfuscated strings, and on the normalised copy too. */
function expectNoContactData(label: string, description: string | null, everything: string) {
  expect(description, label).toContain("购置两台注塑机");
  expect(description, label).toContain("需要50万元，2026年12月前用款");
  expect(description, label).toContain("【联系方式已隐藏】");
  for (const secret of [...OBFUSCATED, SECRET.contactPhone, SECRET.contactEmail, SECRET.contactName, "lin.hengda"]) {
    expect(everything, `${label} holds ${secret}`).not.toContain(secret);
  }
  const normalised = compact(description ?? "");
  for (const digits of ["13912345678", "1234", "5678"]) expect(normalised, label).not.toContain(digits);
  for (const word of ["linhengda", "hengda", "example", "林秀英"]) expect(normalised, label).not.toContain(word);
}

describe("an obfuscated contact in a shared description, before consent", () => {
  it("is not in the leads index document", async () => {
    const document = await getMeili()
      .client.index(getMeili().indexes.needs)
      .getDocument<{ description: string | null }>(needId);
    expectNoContactData("index document", document.description, JSON.stringify(document));
  });

  it("is not in the officer's lead page loader data", async () => {
    const response = await officer.get(leadPage, `/officer/leads/${needId}`, { needId });
    expect(response.status).toBe(200);
    const text = await response.clone().text();
    const { lead } = await readJson<{ lead: { description: string | null } }>(response);
    expectNoContactData("lead page", lead.description, text);
  });

  it("is not found by leads search, in any of its forms, while the need's own words find it", async () => {
    const search = async (q: string) => {
      const response = await officer.get(officerHome, `/officer?tab=open&q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      const text = await response.clone().text();
      const data = await readJson<{
        leads: { available: true; result: { hits: { id: string; description: string | null }[] } };
      }>(response);
      expect(data.leads.available, q).toBe(true);
      return { ids: data.leads.result.hits.map((hit) => hit.id), hits: data.leads.result.hits, text };
    };
    const found = await search("注塑机");
    expect(found.ids).toContain(needId);
    const hit = found.hits.find((candidate) => candidate.id === needId)!;
    expectNoContactData("search hit", hit.description, found.text);
    for (const q of [
      SECRET.contactPhone,
      "139.1234.5678",
      "1234",
      "5678",
      "一三九一二三四五六七八",
      "lin.hengda",
      "林秀英",
    ]) {
      expect((await search(q)).ids, `search for ${q}`).not.toContain(needId);
    }
  });
});

describe("after consent", () => {
  it("reveals the contact from the profile on the engagement page; the description stays redacted", async () => {
    const requested = await officer.post(
      leadPage,
      `/officer/leads/${needId}`,
      { _csrf: officerToken },
      { params: { needId } },
    );
    expect(requested.status).toBe(302);
    const location = requested.headers.get("Location") ?? "";
    expect(location).toMatch(/saved=accepted/);
    const engagementId = /\/officer\/engagements\/([^/?]+)/.exec(location)![1]!;
    const response = await officer.get(engagementPage, `/officer/engagements/${engagementId}`, { engagementId });
    expect(response.status).toBe(200);
    const page = await readJson<{
      contact: { contactPhone: string; contactEmail: string | null; contactName: string } | null;
      lead: { description: string | null };
    }>(response);
    expect(page.contact).toMatchObject({
      contactPhone: SECRET.contactPhone,
      contactEmail: SECRET.contactEmail,
      contactName: SECRET.contactName,
    });
    expect(page.lead.description).toContain("【联系方式已隐藏】");
    expect(page.lead.description).not.toContain(OBFUSCATED[0]);
  });
});
