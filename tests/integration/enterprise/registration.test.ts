import { buildCreditCode } from "~/modules/enterprise/credit-code.ts";
import { buildIdentityNumber } from "~/modules/enterprise/identifiers.ts";
import { setUpAppEnvironment } from "../../support/app-environment.ts";
import { newClient, readJson, type RouteClient } from "../../support/route-client.ts";
import { csrfTokenOf } from "../../support/sign-in.ts";
import { nextCreditCode } from "../../support/world.ts";
import { createScenario, type Scenario } from "./scenario.ts";

const environment = await setUpAppEnvironment("ent_registration");
const db = environment.db;
const register = await import("~/routes/register.tsx");
const profile = await import("~/routes/enterprise.profile.tsx");
const home = await import("~/routes/enterprise._index.tsx");

let reference: Scenario;
let mobileSerial = 13900000000;

beforeAll(async () => {
  reference = await createScenario(db);
});

afterAll(async () => {
  await environment.tearDown();
});

type Errors = { fieldErrors: Record<string, string> };

async function signUp(client: RouteClient, overrides: Record<string, string> = {}) {
  const token = await csrfTokenOf(client);
  const mobile = String(mobileSerial++);
  const response = await client.post(register, "/register", {
    _csrf: token,
    mobile,
    displayName: "林女士",
    email: "",
    password: "Secret2026",
    passwordConfirm: "Secret2026",
    acceptTerms: "on",
    ...overrides,
  });
  return { response, mobile: overrides.mobile ?? mobile };
}

function profileFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: "揭阳市榕城区恒达塑料制品有限公司",
    entityType: "SMALL_MICRO",
    idNumber: nextCreditCode(),
    sizeClass: "SMALL",
    industryDivision: "29",
    regionId: reference.rongcheng.id,
    parkId: "",
    foundedOn: "2016-05-20",
    employees: "35",
    annualRevenue: "1200",
    annualRevenueUnit: "WAN",
    originCity: "",
    declaresNoPriorLoan: "on",
    legalRepresentative: "林某",
    contactName: "林女士",
    contactPhone: "13800138000",
    contactEmail: "",
    address: "揭阳市榕城区某路 1 号",
    ...overrides,
  };
}

/** A signed-up client ready to post the profile form, with its CSRF token. */
async function signedUpClient(): Promise<{ client: RouteClient; token: string; mobile: string }> {
  const client = newClient();
  const { response, mobile } = await signUp(client);
  expect(response.status).toBe(302);
  return { client, token: await csrfTokenOf(client), mobile };
}

describe("account sign-up", () => {
  it("creates an ENTERPRISE user with an argon2 hash, signs it in and sends it to the entity form", async () => {
    const client = newClient();
    const { response, mobile } = await signUp(client);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/enterprise/profile?welcome=1");
    const user = await db.user.findUniqueOrThrow({ where: { loginName: mobile } });
    expect(user.role).toBe("ENTERPRISE");
    expect(user.enterpriseId).toBeNull();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    // Signed in: the profile page loads; the home page sends a user without an entity to the profile form.
    expect((await client.get(profile, "/enterprise/profile")).status).toBe(200);
    const redirected = await client.get(home, "/enterprise");
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("Location")).toBe("/enterprise/profile");
  });

  it("answers invalid fields with 400 and a Chinese message per field, creating nothing", async () => {
    const before = await db.user.count();
    const client = newClient();
    const token = await csrfTokenOf(client);
    const response = await client.post(register, "/register", {
      _csrf: token,
      mobile: "12345",
      displayName: "",
      email: "not-an-email",
      password: "short",
      passwordConfirm: "different",
    });
    expect(response.status).toBe(400);
    const { fieldErrors } = await readJson<Errors>(response);
    expect(fieldErrors.mobile).toBe("请填写 11 位中国大陆手机号码");
    expect(fieldErrors.displayName).toBe("请填写您的姓名");
    expect(fieldErrors.email).toBe("电子邮箱格式不正确");
    expect(fieldErrors.password).toMatch(/密码太短/);
    expect(fieldErrors.passwordConfirm).toBe("两次输入的密码不一致");
    expect(fieldErrors.acceptTerms).toMatch(/用户协议/);
    expect(await db.user.count()).toBe(before);
  });

  it("requires letters and digits in the password", async () => {
    const { response } = await signUp(newClient(), { password: "onlyletters", passwordConfirm: "onlyletters" });
    expect(response.status).toBe(400);
    expect((await readJson<Errors>(response)).fieldErrors.password).toMatch(/字母和数字/);
  });

  it("refuses a mobile number that is already registered with 409 and a clear message", async () => {
    const first = await signUp(newClient());
    expect(first.response.status).toBe(302);
    const second = await signUp(newClient(), { mobile: first.mobile });
    expect(second.response.status).toBe(409);
    expect((await readJson<Errors>(second.response)).fieldErrors.mobile).toMatch(/该手机号已注册/);
    expect(await db.user.count({ where: { loginName: first.mobile } })).toBe(1);
  });
});

describe("entity registration", () => {
  it("registers the entity, links the user and stores revenue exactly", async () => {
    const { client, token, mobile } = await signedUpClient();
    const code = buildCreditCode("445202", 777_001, "91");
    const response = await client.post(
      profile,
      "/enterprise/profile",
      profileFields({
        _csrf: token,
        idNumber: code.toLowerCase().replace(/(.{4})/g, "$1 "),
        annualRevenue: "1,234.567891",
        annualRevenueUnit: "WAN",
        parkId: reference.park.id,
      }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/enterprise?registered=1");
    const user = await db.user.findUniqueOrThrow({ where: { loginName: mobile }, include: { enterprise: true } });
    const enterprise = user.enterprise!;
    expect(enterprise.idType).toBe("USCC");
    expect(enterprise.idNumber).toBe(code);
    expect(enterprise.industrySection).toBe("C");
    expect(enterprise.industryDivision).toBe("29");
    expect(enterprise.parkId).toBe(reference.park.id);
    expect(enterprise.annualRevenue!.toFixed(2)).toBe("12345678.91");
    expect(enterprise.declaresNoPriorLoan).toBe(true);
    expect(enterprise.foundedOn!.toISOString().slice(0, 10)).toBe("2016-05-20");
    expect((await client.get(home, "/enterprise")).status).toBe(200);
  });

  it.each([
    ["wrong length", "91445202MA4X", /应为 18 位，您填写了 12 位/],
    ["invalid character", "91445202MA4XIO0001", /第 \d+ 位“[IO]”不是有效字符/],
    ["letter in the division code", "9144A202MA4X000010", /第 5 位“A”有误/],
    [
      "wrong check digit",
      (() => {
        const code = nextCreditCode();
        return code.slice(0, 17) + (code.endsWith("0") ? "1" : "0");
      })(),
      /第 18 位校验码不符：按前 17 位应为“.”/,
    ],
    ["empty", "", /应为 18 位|请填写/],
  ])("rejects a credit code with a %s, saving nothing", async (_label, idNumber, message) => {
    const { client, token, mobile } = await signedUpClient();
    const before = await db.enterprise.count();
    const response = await client.post(profile, "/enterprise/profile", profileFields({ _csrf: token, idNumber }));
    expect(response.status).toBe(400);
    expect((await readJson<Errors>(response)).fieldErrors.idNumber).toMatch(message);
    expect(await db.enterprise.count()).toBe(before);
    expect((await db.user.findUniqueOrThrow({ where: { loginName: mobile } })).enterpriseId).toBeNull();
  });

  it("reports every invalid field at once", async () => {
    const { client, token } = await signedUpClient();
    const response = await client.post(profile, "/enterprise/profile", {
      _csrf: token,
      name: "",
      entityType: "ALIEN",
      idNumber: "123",
      sizeClass: "HUGE",
      industryDivision: "",
      regionId: "",
      foundedOn: "2099-01-01",
      employees: "many",
      annualRevenue: "lots",
      annualRevenueUnit: "WAN",
      contactName: "",
      contactPhone: "abc",
      contactEmail: "x@",
    });
    expect(response.status).toBe(400);
    const { fieldErrors } = await readJson<Errors>(response);
    expect(Object.keys(fieldErrors).sort()).toEqual(
      [
        "annualRevenue",
        "contactEmail",
        "contactName",
        "contactPhone",
        "employees",
        "entityType",
        "foundedOn",
        "idNumber",
        "industryDivision",
        "name",
        "regionId",
        "sizeClass",
      ].sort(),
    );
    expect(fieldErrors.entityType).toBe("请选择主体类型");
    expect(fieldErrors.foundedOn).toBe("成立日期不能晚于今天");
    expect(fieldErrors.employees).toBe("从业人数请填写整数");
  });

  it("checks references against the reference tables (an unknown industry or region is a field error)", async () => {
    const { client, token } = await signedUpClient();
    const response = await client.post(
      profile,
      "/enterprise/profile",
      profileFields({ _csrf: token, industryDivision: "99", regionId: reference.park.id }),
    );
    expect(response.status).toBe(400);
    const { fieldErrors } = await readJson<Errors>(response);
    expect(fieldErrors.industryDivision).toBe("请从列表中选择所属行业");
    expect(fieldErrors.regionId).toBe("请从列表中选择所在县（市、区）");
  });

  it("requires the origin city of a transferred firm", async () => {
    const { client, token } = await signedUpClient();
    const missing = await client.post(
      profile,
      "/enterprise/profile",
      profileFields({ _csrf: token, entityType: "TRANSFERRED_FIRM" }),
    );
    expect(missing.status).toBe(400);
    expect((await readJson<Errors>(missing)).fieldErrors.originCity).toBe("转移企业请选择从哪个城市迁来");
    const ok = await client.post(
      profile,
      "/enterprise/profile",
      profileFields({ _csrf: token, entityType: "TRANSFERRED_FIRM", originCity: "东莞市" }),
    );
    expect(ok.status).toBe(302);
  });

  it("registers a farm household with a resident identity number instead of a credit code", async () => {
    const { client, token, mobile } = await signedUpClient();
    const bad = await client.post(
      profile,
      "/enterprise/profile",
      profileFields({ _csrf: token, entityType: "FARM_HOUSEHOLD", name: "陈阿伯", idNumber: "44522419800101123" }),
    );
    expect(bad.status).toBe(400);
    expect((await readJson<Errors>(bad)).fieldErrors.idNumber).toMatch(/身份证号码应为 18 位/);
    const id = buildIdentityNumber("44522419800101123");
    const ok = await client.post(
      profile,
      "/enterprise/profile",
      profileFields({
        _csrf: token,
        entityType: "FARM_HOUSEHOLD",
        name: "陈阿伯",
        idNumber: id,
        sizeClass: "MICRO",
        industryDivision: "01",
      }),
    );
    expect(ok.status).toBe(302);
    const user = await db.user.findUniqueOrThrow({ where: { loginName: mobile }, include: { enterprise: true } });
    expect(user.enterprise?.idType).toBe("FARMER_ID");
    expect(user.enterprise?.idNumber).toBe(id);
  });

  it("refuses a credit code that is already registered: 409, a clear message, no second row", async () => {
    const code = nextCreditCode();
    const first = await signedUpClient();
    expect(
      (await first.client.post(profile, "/enterprise/profile", profileFields({ _csrf: first.token, idNumber: code })))
        .status,
    ).toBe(302);
    const second = await signedUpClient();
    const response = await second.client.post(
      profile,
      "/enterprise/profile",
      profileFields({ _csrf: second.token, idNumber: code }),
    );
    expect(response.status).toBe(409);
    expect((await readJson<Errors>(response)).fieldErrors.idNumber).toMatch(/该统一社会信用代码已在平台登记/);
    expect(await db.enterprise.count({ where: { idNumber: code } })).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { loginName: second.mobile } })).enterpriseId).toBeNull();
  });

  it("lets exactly one of two concurrent submits of the same credit code win", async () => {
    const code = nextCreditCode();
    const [a, b] = await Promise.all([signedUpClient(), signedUpClient()]);
    const responses = await Promise.all([
      a.client.post(profile, "/enterprise/profile", profileFields({ _csrf: a.token, idNumber: code })),
      b.client.post(profile, "/enterprise/profile", profileFields({ _csrf: b.token, idNumber: code })),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([302, 409]);
    expect(await db.enterprise.count({ where: { idNumber: code } })).toBe(1);
    const linked = await db.user.count({
      where: { loginName: { in: [a.mobile, b.mobile] }, enterpriseId: { not: null } },
    });
    expect(linked).toBe(1);
  });

  it("a double submit by the same user creates one entity", async () => {
    const { client, token, mobile } = await signedUpClient();
    const fields = profileFields({ _csrf: token });
    const responses = await Promise.all([
      client.post(profile, "/enterprise/profile", { ...fields }),
      client.post(profile, "/enterprise/profile", { ...fields, idNumber: nextCreditCode() }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([302, 409]);
    const user = await db.user.findUniqueOrThrow({ where: { loginName: mobile } });
    expect(await db.enterprise.count({ where: { users: { some: { id: user.id } } } })).toBe(1);
    // The loser rolled back entirely: no entity without a user is left behind.
    expect(await db.enterprise.count({ where: { users: { none: {} } } })).toBe(0);
  });

  it("edits the own profile only: the form has no id to tamper with", async () => {
    const { client, token, mobile } = await signedUpClient();
    expect((await client.post(profile, "/enterprise/profile", profileFields({ _csrf: token }))).status).toBe(302);
    const other = await db.enterprise.findFirstOrThrow({
      where: { users: { none: { loginName: mobile } } },
      select: { id: true, name: true },
    });
    const response = await client.post(
      profile,
      "/enterprise/profile",
      profileFields({ _csrf: token, name: "改过的名称有限公司", id: other.id, enterpriseId: other.id }),
    );
    expect(response.status).toBe(302);
    expect((await db.enterprise.findUniqueOrThrow({ where: { id: other.id } })).name).toBe(other.name);
    const own = await db.user.findUniqueOrThrow({ where: { loginName: mobile }, include: { enterprise: true } });
    expect(own.enterprise?.name).toBe("改过的名称有限公司");
  });
});
