/**
 * A small world for the institution-workspace tests: two banks (A serves 榕城区, B the whole city), a guarantor,
 * one user per role, an enterprise with contact data that must never leak before consent, and needs in the states
 * the tests need. Everything is created through Prisma in the test's own isolated database.
 */
import { DomainError } from "~/kernel/errors.ts";
import type { Db } from "~/infra/db.server.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";

export const PASSWORD = "Correct-Horse-2026";
export const SECRET = {
  enterpriseName: "揭阳市榕城区恒达塑料制品有限公司",
  creditCode: "91445200MA4UNIQ0X1",
  contactName: "林秀英",
  contactPhone: "13912345678",
  contactEmail: "lin.hengda@example.cn",
} as const;

export type World = Awaited<ReturnType<typeof buildWorld>>;

export async function buildWorld(db: Db) {
  const passwordHash = await hashPassword(PASSWORD);
  const city = await db.region.create({ data: { code: "445200", name: "揭阳市", kind: "CITY" } });
  const rongcheng = await db.region.create({
    data: { code: "445202", name: "榕城区", kind: "DISTRICT", parentId: city.id },
  });
  const huilai = await db.region.create({
    data: { code: "445224", name: "惠来县", kind: "COUNTY", parentId: city.id },
  });
  await db.consentTextVersion.create({ data: { version: "2026-01", body: "授权书（测试）" } });

  const bankA = await db.institution.create({
    data: {
      code: "A-BANK",
      name: "甲银行揭阳分行",
      shortName: "甲银行",
      kind: "BANK",
      subType: "RURAL_COMMERCIAL_BANK",
      regionsServed: { create: [{ regionId: rongcheng.id }] },
    },
  });
  const bankB = await db.institution.create({
    data: {
      code: "B-BANK",
      name: "乙银行揭阳分行",
      shortName: "乙银行",
      kind: "BANK",
      subType: "STATE_OWNED_BANK",
      regionsServed: { create: [{ regionId: city.id }] },
    },
  });
  const guarantor = await db.institution.create({
    data: {
      code: "G-GUAR",
      name: "揭阳市融资担保有限公司",
      shortName: "揭阳担保",
      kind: "GUARANTOR",
      subType: "GOVERNMENT_GUARANTOR",
      regionsServed: { create: [{ regionId: city.id }] },
    },
  });
  const enterprise = await db.enterprise.create({
    data: {
      name: SECRET.enterpriseName,
      idNumber: SECRET.creditCode,
      entityType: "SMALL_MICRO",
      sizeClass: "SMALL",
      industrySection: "C",
      industryDivision: "29",
      regionId: rongcheng.id,
      foundedOn: new Date("2015-04-01"),
      declaresNoPriorLoan: true,
      contactName: SECRET.contactName,
      contactPhone: SECRET.contactPhone,
      contactEmail: SECRET.contactEmail,
      address: "揭阳市榕城区测试路 1 号",
    },
  });

  async function user(loginName: string, role: Role, extra: { institutionId?: string; enterpriseId?: string } = {}) {
    return db.user.create({
      data: {
        loginName,
        passwordHash,
        displayName: `测试-${loginName}`,
        role,
        institutionId: extra.institutionId ?? null,
        enterpriseId: extra.enterpriseId ?? null,
      },
      select: { id: true, loginName: true, role: true, institutionId: true },
    });
  }
  const users = {
    officerA: await user("officer.a", "OFFICER", { institutionId: bankA.id }),
    officerA2: await user("officer.a2", "OFFICER", { institutionId: bankA.id }),
    adminA: await user("inst.a", "INSTITUTION_ADMIN", { institutionId: bankA.id }),
    officerB: await user("officer.b", "OFFICER", { institutionId: bankB.id }),
    adminB: await user("inst.b", "INSTITUTION_ADMIN", { institutionId: bankB.id }),
    officerG: await user("officer.g", "OFFICER", { institutionId: guarantor.id }),
    enterprise: await user("13800001111", "ENTERPRISE", { enterpriseId: enterprise.id }),
    bureau: await user("bureau.t", "BUREAU"),
    admin: await user("admin.t", "ADMIN"),
  };

  const productA = await db.product.create({
    data: {
      code: "A-LOAN-1",
      institutionId: bankA.id,
      kind: "LOAN",
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
      status: "PUBLISHED",
      publishedAt: new Date(),
      regions: { create: [{ regionId: rongcheng.id }] },
    },
  });
  const productB = await db.product.create({
    data: {
      code: "B-LOAN-1",
      institutionId: bankB.id,
      kind: "LOAN",
      name: "乙银行普惠快贷",
      summary: "普惠小微信用贷款",
      description: "纯信用",
      minAmount: "50000",
      maxAmount: "5000000",
      minTermMonths: 3,
      maxTermMonths: 36,
      minAnnualRate: "3.6000",
      maxAnnualRate: "4.8000",
      acceptedCollateral: ["CREDIT"],
      eligibleEntityTypes: ["SMALL_MICRO", "INDIVIDUAL_BUSINESS"],
      status: "DRAFT",
      regions: { create: [{ regionId: city.id }] },
    },
  });

  let needCounter = 0;
  /** A published need of the enterprise; `consent: "general"` files the OPEN-need consent at posting. */
  async function need(
    options: {
      visibility?: "OPEN" | "DIRECTED";
      directedTo?: string[];
      consent?: "general" | string[] | null;
      regionId?: string;
      status?: "OPEN" | "IN_PROGRESS" | "DRAFT" | "WITHDRAWN";
      matchedProducts?: string[];
      description?: string;
    } = {},
  ) {
    needCounter += 1;
    const now = new Date();
    const created = await db.financingNeed.create({
      data: {
        enterpriseId: enterprise.id,
        createdById: users.enterprise.id,
        regionId: options.regionId ?? rongcheng.id,
        amount: "800000",
        termMonths: 12,
        purposeCategory: "EQUIPMENT_PURCHASE",
        description:
          options.description ??
          `购置注塑机扩大产能（第 ${needCounter} 笔），联系 ${SECRET.contactName} ${SECRET.contactPhone}`,
        shareDescription: true,
        collateralOffered: ["EQUIPMENT"],
        maxAnnualRate: "6.0000",
        flags: ["FIRST_LOAN"],
        visibility: options.visibility ?? "OPEN",
        status: options.status ?? "OPEN",
        publishedAt: now,
        expiresAt: new Date(now.getTime() + 90 * 86_400_000),
        directedInstitutions: options.directedTo
          ? { create: options.directedTo.map((institutionId) => ({ institutionId })) }
          : undefined,
      },
      select: { id: true },
    });
    const consent = options.consent === undefined ? "general" : options.consent;
    if (consent === "general") {
      await db.consentRecord.create({
        data: {
          needId: created.id,
          enterpriseId: enterprise.id,
          institutionId: null,
          textVersion: "2026-01",
          grantedById: users.enterprise.id,
        },
      });
    } else if (Array.isArray(consent)) {
      for (const institutionId of consent) {
        await db.consentRecord.create({
          data: {
            needId: created.id,
            enterpriseId: enterprise.id,
            institutionId,
            textVersion: "2026-01",
            grantedById: users.enterprise.id,
          },
        });
      }
    }
    for (const [rank, productId] of (options.matchedProducts ?? [productA.id]).entries()) {
      await db.match.create({
        data: {
          needId: created.id,
          productId,
          kind: "DIRECT",
          score: "86.50",
          rank: rank + 1,
          components: {},
          reasons: ["金额 80 万元在产品额度 10–300 万元内", "接受机器设备抵押"],
        },
      });
    }
    return created.id;
  }

  return {
    regions: { city, rongcheng, huilai },
    institutions: { bankA, bankB, guarantor },
    enterprise,
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
