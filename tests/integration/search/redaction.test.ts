/**
 * A shared need description reaches the leads index and the institution's anonymised lead view without the
 * enterprise's trade name (字号), address, web address, e-mail, phone numbers or WeChat/QQ ids.
 */
import { randomBytes } from "node:crypto";
import { loadAnonymisedLead } from "~/modules/engagements/leads.server.ts";
import { type IsolatedDatabase, createIsolatedDatabase } from "../../support/database.ts";
import { type TestMeili, createTestMeili } from "../../support/meili.ts";
import { ensureIndexes } from "../../../search/settings.ts";
import { syncNeeds } from "~/modules/search-index/sync.server.ts";
import {
  type RegionIds,
  ALL_REGIONS,
  createEnterprise,
  createInstitution,
  createNeed,
  createRegions,
  idsOf,
  idOf,
} from "../../support/world.ts";

let database: IsolatedDatabase;
let meili: TestMeili;
let regions: RegionIds;
let bankId: string;

beforeAll(async () => {
  database = await createIsolatedDatabase("search_redaction");
  // loadAnonymisedLead reads the app environment (engagement settings).
  Object.assign(process.env, { DATABASE_URL: database.url, SESSION_SECRET: randomBytes(32).toString("hex") });
  meili = createTestMeili("redaction");
  regions = idsOf(await createRegions(database.db, ALL_REGIONS));
  bankId = await createInstitution(database.db, {
    name: "广东揭阳农村商业银行股份有限公司",
    shortName: "揭阳农商银行",
    locatedInRegionId: regions.rongcheng,
    serves: [regions.city],
  }).then(idOf);
  await ensureIndexes(meili);
});

afterAll(async () => {
  await meili?.cleanup();
  await database?.drop();
});

const SECRETS: [string, string, string[]][] = [
  ["trade name", "我们恒达塑料是二十年老厂。", ["恒达"]],
  ["address", "厂址：仙桥街道恒达工业园 8 号。", ["仙桥街道", "工业园 8 号"]],
  [
    "URL",
    "官网 www.hengda-plastic.com，介绍见 https://hd.example.cn/about 。",
    ["hengda-plastic", "hd.example.cn", "www.", "https://"],
  ],
  ["e-mail", "邮箱 sales@hd-plastic.cn。", ["sales@", "hd-plastic.cn"]],
  ["phone", "电话 8123 4567，手机 139-2222-3333。", ["8123 4567", "2222-3333"]],
  ["WeChat", "微信：hengda_2024。", ["hengda_2024"]],
  ["QQ", "QQ 12345678。", ["12345678"]],
];

describe("shared descriptions are redacted", () => {
  it.each(SECRETS)(
    "the %s is masked in the leads document and in the anonymised lead",
    async (_label, text, secrets) => {
      const enterprise = await createEnterprise(database.db, {
        name: "揭阳市榕城区恒达塑料制品有限公司",
        contactName: "陈晓明",
        contactPhone: "13800138000",
        address: "揭阳市榕城区仙桥街道恒达工业园 8 号",
        entityType: "SMALL_MICRO",
        industrySection: "C",
        regionId: regions.rongcheng,
      });
      const needId = await createNeed(database.db, {
        enterprise,
        regionId: regions.rongcheng,
        amount: "800000",
        termMonths: 24,
        purposeCategory: "EQUIPMENT_PURCHASE",
        description: `购置两台注塑机。${text}`,
        shareDescription: true,
      }).then(idOf);
      await syncNeeds(database.db, meili, [needId]);
      const document = await meili.client.index(meili.indexes.needs).getDocument(needId);
      const lead = await loadAnonymisedLead(database.db, needId, bankId);
      for (const view of [document, lead]) {
        expect(view.description).toContain("购置两台注塑机");
        expect(view.description).toMatch(/【.+已隐藏】/);
        const everything = JSON.stringify(view);
        for (const secret of secrets) expect(everything).not.toContain(secret);
      }
    },
  );
});
