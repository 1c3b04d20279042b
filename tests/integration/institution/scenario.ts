/**
 * The institution-workspace tests' world: two banks (A serves 榕城区, B the whole city), a guarantor, one user per
 * role, an enterprise with contact data that must never leak before consent, two products, and `need()` for needs
 * in the states a test wants.
 */
import { DomainError } from "~/kernel/errors.ts";
import type { Db } from "~/infra/db.server.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import {
  createAdmin,
  createBureauUser,
  createConsentText,
  createEnterprise,
  createInstitution,
  createInstitutionAdmin,
  createMatch,
  createNeed,
  createOfficer,
  createProduct,
  createRegions,
} from "../../support/world.ts";

export const SECRET = {
  enterpriseName: "揭阳市榕城区恒达塑料制品有限公司",
  creditCode: "91445200MA4UNIQ0X1",
  contactName: "林秀英",
  contactPhone: "13912345678",
  contactEmail: "lin.hengda@example.cn",
} as const;

export type World = Awaited<ReturnType<typeof buildWorld>>;

export async function buildWorld(db: Db) {
  const { city, rongcheng, huilai } = await createRegions(db);
  await createConsentText(db, { body: "授权书（测试）" });

  const bankA = await createInstitution(db, {
    code: "A-BANK",
    name: "甲银行揭阳分行",
    shortName: "甲银行",
    serves: [rongcheng.id],
  });
  const bankB = await createInstitution(db, {
    code: "B-BANK",
    name: "乙银行揭阳分行",
    shortName: "乙银行",
    subType: "STATE_OWNED_BANK",
    serves: [city.id],
  });
  const guarantor = await createInstitution(db, {
    code: "G-GUAR",
    name: "揭阳市融资担保有限公司",
    shortName: "揭阳担保",
    kind: "GUARANTOR",
    serves: [city.id],
  });
  const owner = await createEnterprise(db, {
    name: SECRET.enterpriseName,
    idNumber: SECRET.creditCode,
    regionId: rongcheng.id,
    foundedOn: new Date("2015-04-01"),
    declaresNoPriorLoan: true,
    contactName: SECRET.contactName,
    contactPhone: SECRET.contactPhone,
    contactEmail: SECRET.contactEmail,
    address: "揭阳市榕城区测试路 1 号",
    user: { loginName: "13800001111", displayName: "测试-13800001111", phone: null },
  });
  const users = {
    officerA: await createOfficer(db, bankA.id, { loginName: "officer.a" }),
    officerA2: await createOfficer(db, bankA.id, { loginName: "officer.a2" }),
    adminA: await createInstitutionAdmin(db, bankA.id, { loginName: "inst.a" }),
    officerB: await createOfficer(db, bankB.id, { loginName: "officer.b" }),
    adminB: await createInstitutionAdmin(db, bankB.id, { loginName: "inst.b" }),
    officerG: await createOfficer(db, guarantor.id, { loginName: "officer.g" }),
    enterprise: owner.user,
    bureau: await createBureauUser(db, { loginName: "bureau.t" }),
    admin: await createAdmin(db, { loginName: "admin.t" }),
  };

  const productA = await createProduct(db, {
    code: "A-LOAN-1",
    institutionId: bankA.id,
    name: "甲银行塑料产业贷",
    summary: "面向塑料制品企业的流动资金贷款",
    description: "信用或设备抵押，随借随还",
    minAmount: "100000",
    maxAmount: "3000000",
    minTermMonths: 6,
    maxTermMonths: 36,
    minAnnualRate: "3.4500",
    maxAnnualRate: "5.2000",
    acceptedCollateral: ["CREDIT", "EQUIPMENT"],
    eligibleEntityTypes: ["SMALL_MICRO"],
    regions: [rongcheng.id],
  });
  const productB = await createProduct(db, {
    code: "B-LOAN-1",
    institutionId: bankB.id,
    name: "乙银行普惠快贷",
    summary: "普惠小微信用贷款",
    description: "纯信用",
    minAmount: "50000",
    maxAmount: "5000000",
    minTermMonths: 3,
    maxTermMonths: 36,
    minAnnualRate: "3.6000",
    maxAnnualRate: "4.8000",
    eligibleEntityTypes: ["SMALL_MICRO", "INDIVIDUAL_BUSINESS"],
    status: "DRAFT",
    regions: [city.id],
  });

  let needCounter = 0;
  /** A published need of the enterprise, matched to product A; `consent: "general"` (the default) files the OPEN-need consent. */
  async function need(
    options: {
      visibility?: "OPEN" | "DIRECTED";
      directedTo?: string[];
      consent?: "general" | string[] | null;
      regionId?: string;
      matchedProducts?: string[];
      description?: string;
    } = {},
  ) {
    needCounter += 1;
    const created = await createNeed(db, {
      enterprise: owner,
      regionId: options.regionId,
      amount: "800000",
      purposeCategory: "EQUIPMENT_PURCHASE",
      description:
        options.description ??
        `购置注塑机扩大产能（第 ${needCounter} 笔），联系 ${SECRET.contactName} ${SECRET.contactPhone}`,
      shareDescription: true,
      collateralOffered: ["EQUIPMENT"],
      maxAnnualRate: "6.0000",
      flags: ["FIRST_LOAN"],
      visibility: options.visibility ?? "OPEN",
      directedTo: options.directedTo,
      consent: options.consent === undefined ? "general" : options.consent,
    });
    for (const [rank, productId] of (options.matchedProducts ?? [productA.id]).entries()) {
      await createMatch(db, {
        needId: created.id,
        productId,
        score: "86.50",
        rank: rank + 1,
        reasons: ["金额 80 万元在产品额度 10–300 万元内", "接受机器设备抵押"],
      });
    }
    return created.id;
  }

  return {
    regions: { city, rongcheng, huilai },
    institutions: { bankA, bankB, guarantor },
    enterprise: owner.enterprise,
    users,
    products: { productA, productB },
    need,
  };
}

export function actorOf(user: { id: string; role: Role; institutionId: string | null }) {
  return { userId: user.id, role: user.role, institutionId: user.institutionId! };
}

/** The HTTP status a domain call ends with: 200 when it returns, the Response's status when it throws one. */
export async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof DomainError || error instanceof Response) return error.status;
    throw error;
  }
}
