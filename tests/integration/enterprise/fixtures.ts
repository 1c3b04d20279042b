/**
 * Reference data and helpers for the enterprise-journey integration tests: a small slice of the real seed (regions,
 * GB/T 4754 industries, the consent text, institutions) created in the test's own database, plus sign-up / sign-in
 * through the real routes.
 */
import type { Db } from "~/infra/db.server.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { buildCreditCode } from "~/modules/enterprise/credit-code.ts";
import { readJson, RouteClient } from "../../support/route-client.ts";

export const CONSENT_VERSION = "2026-01";
export const PASSWORD = "Enterprise-2026";

export type ReferenceData = Awaited<ReturnType<typeof createReferenceData>>;

export async function createReferenceData(db: Db) {
  const city = await db.region.create({ data: { code: "445200", name: "揭阳市", kind: "CITY" } });
  const rongcheng = await db.region.create({
    data: { code: "445202", name: "榕城区", kind: "DISTRICT", parentId: city.id, sortOrder: 10 },
  });
  const huilai = await db.region.create({
    data: { code: "445224", name: "惠来县", kind: "COUNTY", parentId: city.id, sortOrder: 40 },
  });
  const park = await db.region.create({
    data: { code: "4452-HLLG", name: "惠来县临港产业园", kind: "INDUSTRIAL_PARK", parentId: huilai.id, sortOrder: 100 },
  });
  await db.industry.createMany({
    data: [
      { code: "A", name: "农、林、牧、渔业", sectionCode: null },
      { code: "C", name: "制造业", sectionCode: null },
      { code: "M", name: "科学研究和技术服务业", sectionCode: null },
    ],
  });
  await db.industry.createMany({
    data: [
      { code: "01", name: "农业", sectionCode: "A" },
      { code: "04", name: "渔业", sectionCode: "A" },
      { code: "29", name: "橡胶和塑料制品业", sectionCode: "C" },
      { code: "73", name: "研究和试验发展", sectionCode: "M" },
    ],
  });
  await db.consentTextVersion.create({
    data: {
      version: CONSENT_VERSION,
      body: "融资需求信息共享授权书（测试版本）",
      effectiveAt: new Date("2025-12-31T16:00:00Z"),
    },
  });
  const bank = await db.institution.create({
    data: {
      code: "RCB",
      name: "揭阳农村商业银行",
      shortName: "揭阳农商银行",
      kind: "BANK",
      subType: "RURAL_COMMERCIAL_BANK",
      isKeyPartner: true,
      regionsServed: { create: [{ regionId: city.id }] },
    },
  });
  const otherBank = await db.institution.create({
    data: {
      code: "ICBC",
      name: "中国工商银行揭阳分行",
      shortName: "工商银行",
      kind: "BANK",
      subType: "STATE_OWNED_BANK",
      isKeyPartner: true,
    },
  });
  const guarantor = await db.institution.create({
    data: {
      code: "JYG",
      name: "揭阳市融资担保有限公司",
      shortName: "揭阳融担",
      kind: "GUARANTOR",
      subType: "GOVERNMENT_GUARANTOR",
      isKeyPartner: true,
    },
  });
  const closedBank = await db.institution.create({
    data: {
      code: "GONE",
      name: "已停用测试银行",
      shortName: "停用银行",
      kind: "BANK",
      subType: "VILLAGE_BANK",
      isActive: false,
    },
  });
  const officer = await db.user.create({
    data: {
      loginName: "officer.rcb",
      passwordHash: await hashPassword(PASSWORD),
      displayName: "王经理",
      role: "OFFICER",
      institutionId: bank.id,
    },
  });
  return { city, rongcheng, huilai, park, bank, otherBank, guarantor, closedBank, officer };
}

let serial = 1000;
/** A fresh valid credit code for each call. */
export function nextCreditCode(): string {
  return buildCreditCode("445202", serial++, "91");
}

/** An enterprise with one signed-in-able user, created directly (for tests that are not about registration). */
export async function createEnterpriseWithUser(
  db: Db,
  reference: ReferenceData,
  options: {
    loginName: string;
    name?: string;
    entityType?: "SMALL_MICRO" | "FARM_HOUSEHOLD" | "TRANSFERRED_FIRM" | "COOPERATIVE";
    declaresNoPriorLoan?: boolean;
  },
) {
  const enterprise = await db.enterprise.create({
    data: {
      name: options.name ?? `揭阳市${options.loginName}塑料制品有限公司`,
      idNumber: nextCreditCode(),
      entityType: options.entityType ?? "SMALL_MICRO",
      sizeClass: "SMALL",
      industrySection: "C",
      industryDivision: "29",
      regionId: reference.rongcheng.id,
      foundedOn: new Date("2015-03-01T00:00:00Z"),
      declaresNoPriorLoan: options.declaresNoPriorLoan ?? false,
      contactName: "陈先生",
      contactPhone: options.loginName,
    },
  });
  const user = await db.user.create({
    data: {
      loginName: options.loginName,
      passwordHash: await hashPassword(PASSWORD),
      displayName: "陈先生",
      role: "ENTERPRISE",
      enterpriseId: enterprise.id,
    },
  });
  return { enterprise, user };
}

export async function csrfTokenOf(client: RouteClient, root: unknown): Promise<string> {
  const response = await client.get(root as never, "/");
  return (await readJson<{ csrfToken: string }>(response)).csrfToken;
}

export async function signIn(
  client: RouteClient,
  modules: { root: unknown; login: unknown },
  loginName: string,
): Promise<string> {
  const token = await csrfTokenOf(client, modules.root);
  const response = await client.post(modules.login as never, "/login", { _csrf: token, loginName, password: PASSWORD });
  if (response.status !== 302) throw new Error(`sign-in of ${loginName} failed with ${response.status}`);
  // A new session has a new CSRF token.
  return csrfTokenOf(client, modules.root);
}

let ipCounter = 1;
export function newClient(): RouteClient {
  ipCounter++;
  return new RouteClient(`203.0.113.${ipCounter % 250}`);
}

/** A complete, valid need form; override fields to test one at a time. */
export function validNeedFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    amount: "50",
    amountUnit: "WAN",
    termMonths: "12",
    purposeCategory: "EQUIPMENT_PURCHASE",
    description: "购置两台注塑机，扩大产能。",
    collateralOffered: ["EQUIPMENT", "PERSONAL_GUARANTEE"],
    maxAnnualRate: "4.5",
    wantedBy: "",
    wantsLoan: "on",
    visibility: "OPEN",
    allowWidening: "on",
    consent: "on",
    consentVersion: CONSENT_VERSION,
    ...overrides,
  };
}
