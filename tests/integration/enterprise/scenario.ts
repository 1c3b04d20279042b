/**
 * The enterprise-journey tests' world: a slice of the real reference data (regions, GB/T 4754 industries, the
 * consent text) and the institutions an enterprise picks from — 揭阳农商银行 serving the city with its officer, a
 * second bank, a guarantor and a deactivated bank. Plus the need form as a browser fills it.
 */
import type { Db } from "~/infra/db.server.ts";
import {
  CONSENT_VERSION,
  createConsentText,
  createIndustries,
  createInstitution,
  createOfficer,
  createRegions,
} from "../../support/world.ts";

export type Scenario = Awaited<ReturnType<typeof createScenario>>;

export async function createScenario(db: Db) {
  const regions = await createRegions(db, ["city", "rongcheng", "huilai", "huilaiPort"]);
  await createIndustries(db);
  await createConsentText(db);
  const bank = await createInstitution(db, {
    code: "RCB",
    name: "揭阳农村商业银行",
    shortName: "揭阳农商银行",
    isKeyPartner: true,
    serves: [regions.city.id],
  });
  const otherBank = await createInstitution(db, {
    code: "ICBC",
    name: "中国工商银行揭阳分行",
    shortName: "工商银行",
    subType: "STATE_OWNED_BANK",
    isKeyPartner: true,
  });
  const guarantor = await createInstitution(db, {
    code: "JYG",
    name: "揭阳市融资担保有限公司",
    shortName: "揭阳融担",
    kind: "GUARANTOR",
    isKeyPartner: true,
  });
  const closedBank = await createInstitution(db, {
    code: "GONE",
    name: "已停用测试银行",
    shortName: "停用银行",
    subType: "VILLAGE_BANK",
    isActive: false,
  });
  const officer = await createOfficer(db, bank.id, { loginName: "officer.rcb", displayName: "王经理" });
  return { ...regions, park: regions.huilaiPort, bank, otherBank, guarantor, closedBank, officer };
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
