/**
 * A small, fully known world for the bureau tests (not the demo seed): 揭阳市 with two counties and a park, a bank
 * with a branch, a second bank and a guarantor, five borrowers and a dozen needs across Dec 2025 – Sep 2026 that
 * exercise every funnel step, working-day response times across the Spring Festival, near misses and bundles, an
 * amended disbursement (ledger reversal), a first-loan enterprise with two loans, open overdue items, and ledger
 * entries before the year (for "两增").
 *
 * Ledger rows are written by the real ledger module (postLedgerForOutcome), exactly as the jobs do.
 */
import type { Db } from "~/infra/db.server.ts";
import type {
  EngagementInitiator,
  EngagementStatus,
  EntityType,
  LeadPassReason,
  MatchKind,
  NeedFlag,
  NeedStatus,
  OutcomeKind,
  PolicyTool,
  PurposeCategory,
  SizeClass,
} from "~/generated/prisma/enums.ts";
import { addWorkingDays, createWorkingCalendar, type WorkingCalendar } from "~/modules/deadlines/working-days.ts";
import { shanghaiInstant } from "~/kernel/time.ts";
import { leadPassReasonKind } from "~/kernel/labels.ts";
import { recordAskAnswer, recordAsks } from "~/modules/engagements/asks.server.ts";
import {
  createBureauUser,
  createCalendar,
  createEngagement,
  createEnterprise,
  createInstitution,
  createMatch,
  createNeed,
  createOfficer,
  createOutcome,
  createProduct,
  createRegions,
  type EnterpriseAccount,
} from "../../support/world.ts";

type RegionKey = "city" | "rongcheng" | "huilai" | "park";

export const INSTITUTIONS = {
  rcb: { code: "T-RCB", name: "测试农商银行", kind: "BANK" },
  rcbBranch: { code: "T-RCB-HL", name: "测试农商银行惠来支行", kind: "BANK" },
  icbc: { code: "T-ICBC", name: "测试工商银行揭阳分行", kind: "BANK" },
  guarantor: { code: "T-GUAR", name: "测试融资担保公司", kind: "GUARANTOR" },
} as const;

type InstitutionKey = keyof typeof INSTITUTIONS;

const PRODUCTS = {
  rcbLoan: { institution: "rcb", kind: "LOAN", policyTool: "INCLUSIVE_SMALL_MICRO_TOOL" },
  branchLoan: { institution: "rcbBranch", kind: "LOAN", policyTool: "AGRI_SMALL_RELENDING" },
  icbcLoan: { institution: "icbc", kind: "LOAN", policyTool: null },
  guarantee: { institution: "guarantor", kind: "GUARANTEE", policyTool: null },
} as const;
type ProductKey = keyof typeof PRODUCTS;

const ENTERPRISES: Record<
  string,
  { name: string; entityType: EntityType; sizeClass: SizeClass; region: RegionKey; section: string }
> = {
  hardware: {
    name: "揭阳市榕城区某五金制品有限公司",
    entityType: "SMALL_MICRO",
    sizeClass: "SMALL",
    region: "rongcheng",
    section: "C",
  },
  farmer: { name: "林阿伯", entityType: "FARM_HOUSEHOLD", sizeClass: "MICRO", region: "huilai", section: "A" },
  coop: {
    name: "惠来县某荔枝专业合作社",
    entityType: "COOPERATIVE",
    sizeClass: "MICRO",
    region: "huilai",
    section: "A",
  },
  transfer: {
    name: "揭阳某新材料有限公司",
    entityType: "TRANSFERRED_FIRM",
    sizeClass: "MEDIUM",
    region: "huilai",
    section: "C",
  },
  shop: {
    name: "榕城区某副食店",
    entityType: "INDIVIDUAL_BUSINESS",
    sizeClass: "MICRO",
    region: "rongcheng",
    section: "F",
  },
};

interface OutcomeSpec {
  kind: OutcomeKind;
  amount?: string;
  decidedOn: string;
  firstLoan?: boolean;
  policyTool?: PolicyTool | null;
  product?: ProductKey;
  /** Annual rate in percent ("4.3500"), for 贷款加权平均利率. */
  annualRate?: string;
  /** Amend: supersede this version with a new one (the ledger reverses and reposts). */
  amendTo?: { amount: string; decidedOn: string; annualRate?: string };
}

interface EngagementSpec {
  institution: InstitutionKey;
  initiatedBy: EngagementInitiator;
  status: EngagementStatus;
  /** Minutes after publication. */
  requestedAfter: number;
  acceptedAfter?: number;
  decidedAfter?: number;
  outcome?: OutcomeSpec;
}

export interface NeedSpec {
  key: string;
  enterprise: keyof typeof ENTERPRISES;
  region: RegionKey;
  amount: string;
  purpose?: PurposeCategory;
  flags?: NeedFlag[];
  status: NeedStatus;
  /** Shanghai day and time of publication; null = draft. */
  published: [string, number, number] | null;
  /** Minutes after publication of the first response. */
  respondedAfter?: number;
  matches?: { product: ProductKey; kind: MatchKind; bundle?: ProductKey }[];
  engagements?: EngagementSpec[];
  /** Asked institutions that answered with an explicit pass, minutes after publication. */
  passes?: { institution: InstitutionKey; reason: LeadPassReason; after: number }[];
  note?: string;
}

export const NEEDS: NeedSpec[] = [
  {
    key: "n1-hardware-first-loan",
    enterprise: "hardware",
    region: "rongcheng",
    amount: "500000.00",
    status: "SUCCEEDED",
    published: ["2026-01-05", 10, 0],
    respondedAfter: 180,
    matches: [
      { product: "rcbLoan", kind: "DIRECT" },
      { product: "icbcLoan", kind: "DIRECT" },
    ],
    passes: [{ institution: "icbc", reason: "OUTSIDE_SERVICE_AREA", after: 120 }],
    engagements: [
      {
        institution: "rcb",
        initiatedBy: "ENTERPRISE",
        status: "DISBURSED",
        requestedAfter: 10,
        acceptedAfter: 180,
        decidedAfter: 60 * 24 * 10,
        outcome: {
          kind: "DISBURSED",
          amount: "500000.00",
          decidedOn: "2026-01-20",
          annualRate: "4.3500",
          firstLoan: true,
          policyTool: "INCLUSIVE_SMALL_MICRO_TOOL",
          product: "rcbLoan",
        },
      },
    ],
    note: "企业联系人电话 13800138000，邮箱 boss@example.com",
  },
  {
    key: "n2-hardware-second-loan",
    enterprise: "hardware",
    region: "rongcheng",
    amount: "300000.00",
    status: "SUCCEEDED",
    published: ["2026-03-02", 9, 0],
    respondedAfter: 26 * 60,
    matches: [{ product: "icbcLoan", kind: "DIRECT" }],
    engagements: [
      {
        institution: "icbc",
        initiatedBy: "INSTITUTION",
        status: "DISBURSED",
        requestedAfter: 26 * 60,
        acceptedAfter: 27 * 60,
        decidedAfter: 60 * 24 * 20,
        outcome: {
          kind: "DISBURSED",
          amount: "300000.00",
          decidedOn: "2026-03-25",
          annualRate: "3.6500",
          firstLoan: true,
          product: "icbcLoan",
        },
      },
    ],
  },
  {
    // Published the Friday before the Spring Festival; answered after the holiday.
    key: "n3-farmer-amended",
    enterprise: "farmer",
    region: "huilai",
    amount: "80000.00",
    purpose: "SPRING_FARMING",
    status: "SUCCEEDED",
    published: ["2026-02-13", 16, 0],
    respondedAfter: 60 * 24 * 11 + 120,
    matches: [{ product: "branchLoan", kind: "DIRECT" }],
    engagements: [
      {
        institution: "rcbBranch",
        initiatedBy: "ENTERPRISE",
        status: "DISBURSED",
        requestedAfter: 5,
        acceptedAfter: 60 * 24 * 11 + 120,
        decidedAfter: 60 * 24 * 24,
        outcome: {
          kind: "DISBURSED",
          amount: "80000.00",
          decidedOn: "2026-03-10",
          policyTool: "AGRI_SMALL_RELENDING",
          product: "branchLoan",
          annualRate: "5.2000",
          amendTo: { amount: "60000.00", decidedOn: "2026-03-10", annualRate: "4.8000" },
        },
      },
    ],
  },
  {
    key: "n4-coop-park-approved",
    enterprise: "coop",
    region: "park",
    amount: "200000.00",
    status: "IN_PROGRESS",
    published: ["2026-02-27", 11, 0],
    // Answered Tue 03-03 11:00 after 71.9 working hours (Sat 02-28 is a 调休 working day): within the platform's 3
    // days but not within 惠来县's 2, which the park inherits.
    respondedAfter: 60 * 24 * 4,
    matches: [
      { product: "branchLoan", kind: "DIRECT" },
      { product: "icbcLoan", kind: "NEAR_MISS" },
    ],
    engagements: [
      {
        institution: "rcbBranch",
        initiatedBy: "ENTERPRISE",
        status: "APPROVED",
        requestedAfter: 5,
        acceptedAfter: 60 * 24 * 4,
        decidedAfter: 60 * 24 * 6,
        outcome: { kind: "APPROVED", amount: "200000.00", decidedOn: "2026-03-05", product: "branchLoan" },
      },
    ],
  },
  {
    key: "n5-transfer-green-bundle",
    enterprise: "transfer",
    region: "huilai",
    amount: "2000000.00",
    purpose: "GREEN_RETROFIT",
    flags: ["TRANSFER", "GREEN"],
    status: "SUCCEEDED",
    published: ["2026-07-15", 14, 0],
    respondedAfter: 60 * 24 * 5,
    matches: [{ product: "icbcLoan", kind: "BUNDLE", bundle: "guarantee" }],
    engagements: [
      {
        institution: "icbc",
        initiatedBy: "ENTERPRISE",
        status: "DISBURSED",
        requestedAfter: 30,
        acceptedAfter: 60 * 24 * 5,
        decidedAfter: 60 * 24 * 19,
        outcome: {
          kind: "DISBURSED",
          amount: "1500000.00",
          decidedOn: "2026-08-03",
          annualRate: "3.2000",
          policyTool: "CARBON_REDUCTION_TOOL",
          product: "icbcLoan",
        },
      },
      {
        institution: "guarantor",
        initiatedBy: "ENTERPRISE",
        status: "ACCEPTED",
        requestedAfter: 30,
        acceptedAfter: 60 * 24 * 2,
      },
    ],
  },
  {
    key: "n6-shop-unanswered-2025",
    enterprise: "shop",
    region: "rongcheng",
    amount: "50000.00",
    status: "EXPIRED",
    published: ["2025-12-20", 10, 0],
  },
  {
    key: "n7-shop-declined",
    enterprise: "shop",
    region: "rongcheng",
    amount: "100000.00",
    status: "CLOSED_UNMET",
    published: ["2026-01-28", 15, 0],
    respondedAfter: 60 * 24 * 2,
    matches: [{ product: "rcbLoan", kind: "DIRECT" }],
    engagements: [
      {
        institution: "rcb",
        initiatedBy: "ENTERPRISE",
        status: "DECLINED",
        requestedAfter: 20,
        acceptedAfter: 60 * 24 * 2,
        decidedAfter: 60 * 24 * 9,
        outcome: { kind: "DECLINED", decidedOn: "2026-02-06" },
      },
    ],
  },
  {
    key: "n8-farmer-open-overdue",
    enterprise: "farmer",
    region: "huilai",
    amount: "30000.00",
    purpose: "MARINE_AQUACULTURE",
    status: "OPEN",
    published: ["2026-09-10", 10, 0],
  },
  {
    key: "n9-coop-decision-overdue",
    enterprise: "coop",
    region: "huilai",
    amount: "120000.00",
    status: "IN_PROGRESS",
    published: ["2026-05-06", 9, 30],
    respondedAfter: 300,
    matches: [{ product: "rcbLoan", kind: "DIRECT" }],
    engagements: [
      { institution: "rcb", initiatedBy: "ENTERPRISE", status: "UNDER_REVIEW", requestedAfter: 15, acceptedAfter: 300 },
    ],
  },
  {
    key: "n10-draft",
    enterprise: "shop",
    region: "rongcheng",
    amount: "99999.00",
    status: "DRAFT",
    published: null,
  },
  {
    key: "n11-shop-loan-2025",
    enterprise: "shop",
    region: "rongcheng",
    amount: "200000.00",
    status: "SUCCEEDED",
    published: ["2025-11-10", 9, 0],
    respondedAfter: 120,
    matches: [{ product: "icbcLoan", kind: "DIRECT" }],
    engagements: [
      {
        institution: "icbc",
        initiatedBy: "INSTITUTION",
        status: "DISBURSED",
        requestedAfter: 120,
        acceptedAfter: 240,
        decidedAfter: 60 * 24 * 25,
        outcome: {
          kind: "DISBURSED",
          amount: "200000.00",
          decidedOn: "2025-12-05",
          annualRate: "3.9500",
          product: "icbcLoan",
        },
      },
    ],
  },
  {
    // A directed need the matching engine had no product for: the bank took it up anyway, then declined.
    key: "n13-shop-directed-unmatched",
    enterprise: "shop",
    region: "rongcheng",
    amount: "40000.00",
    status: "CLOSED_UNMET",
    published: ["2026-04-15", 14, 0],
    respondedAfter: 60 * 5,
    engagements: [
      {
        institution: "icbc",
        initiatedBy: "ENTERPRISE",
        status: "DECLINED",
        requestedAfter: 1,
        acceptedAfter: 60 * 5,
        decidedAfter: 60 * 24 * 3,
        outcome: { kind: "DECLINED", decidedOn: "2026-04-18" },
      },
    ],
  },
  {
    key: "n12-hardware-q3",
    enterprise: "hardware",
    region: "rongcheng",
    amount: "150000.00",
    status: "SUCCEEDED",
    published: ["2026-08-20", 10, 15],
    respondedAfter: 90,
    matches: [
      { product: "rcbLoan", kind: "DIRECT" },
      { product: "branchLoan", kind: "DIRECT" },
    ],
    engagements: [
      {
        institution: "rcb",
        initiatedBy: "INSTITUTION",
        status: "DISBURSED",
        requestedAfter: 90,
        acceptedAfter: 100,
        decidedAfter: 60 * 24 * 7,
        outcome: {
          kind: "DISBURSED",
          amount: "150000.00",
          decidedOn: "2026-08-27",
          annualRate: "4.1000",
          product: "rcbLoan",
          policyTool: "INCLUSIVE_SMALL_MICRO_TOOL",
        },
      },
    ],
  },
];

export interface World {
  calendar: WorkingCalendar;
  regionIds: Record<RegionKey, string>;
  institutionIds: Record<InstitutionKey, string>;
  needIds: Record<string, string>;
  bureauUserId: string;
  officerUserId: string;
}

const minutes = (instant: Date, count: number) => new Date(instant.getTime() + count * 60_000);

export async function buildWorld(db: Db): Promise<World> {
  const days = await createCalendar(db);
  const calendar = createWorkingCalendar(days.map((day) => ({ date: day.date, kind: day.kind })));

  // 惠来县 gives institutions 2 working days to answer (a region setting), its park inherits it.
  const regions = await createRegions(db, ["city", "rongcheng", "huilai", "huilaiPort"], {
    huilai: { responseDeadlineWorkingDays: 2 },
  });
  const regionIds = {
    city: regions.city.id,
    rongcheng: regions.rongcheng.id,
    huilai: regions.huilai.id,
    park: regions.huilaiPort.id,
  };

  const rcb = await createInstitution(db, {
    ...INSTITUTIONS.rcb,
    shortName: "农商银行",
    subType: "RURAL_COMMERCIAL_BANK",
  });
  const rcbBranch = await createInstitution(db, {
    ...INSTITUTIONS.rcbBranch,
    shortName: "农商银行惠来支行",
    subType: "RURAL_COMMERCIAL_BANK",
    parentId: rcb.id,
  });
  const icbc = await createInstitution(db, {
    ...INSTITUTIONS.icbc,
    shortName: "工商银行",
    subType: "STATE_OWNED_BANK",
  });
  const guarantor = await createInstitution(db, {
    ...INSTITUTIONS.guarantor,
    shortName: "融资担保",
    subType: "GOVERNMENT_GUARANTOR",
  });
  const institutionIds = { rcb: rcb.id, rcbBranch: rcbBranch.id, icbc: icbc.id, guarantor: guarantor.id };

  const productIds = {} as Record<ProductKey, string>;
  for (const [key, product] of Object.entries(PRODUCTS) as [ProductKey, (typeof PRODUCTS)[ProductKey]][]) {
    const created = await createProduct(db, {
      code: `T-${key}`,
      institutionId: institutionIds[product.institution],
      kind: product.kind,
      name: `测试产品 ${key}`,
      summary: "",
      description: "",
      minAmount: "10000",
      eligibleEntityTypes: ["SMALL_MICRO"],
      policyTool: product.policyTool,
    });
    productIds[key] = created.id;
  }

  const bureau = await createBureauUser(db, { loginName: "bureau.fixture", displayName: "市金融工作局分析员" });
  const officer = await createOfficer(db, rcb.id, { loginName: "officer.fixture", displayName: "客户经理甲" });

  const borrowers: Record<string, EnterpriseAccount> = {};
  let serial = 0;
  for (const [key, enterprise] of Object.entries(ENTERPRISES)) {
    serial++;
    borrowers[key] = await createEnterprise(db, {
      name: enterprise.name,
      idNumber: `T${String(serial).padStart(17, "0")}`,
      entityType: enterprise.entityType,
      sizeClass: enterprise.sizeClass,
      industrySection: enterprise.section,
      regionId: regionIds[enterprise.region],
      foundedOn: null,
      declaresNoPriorLoan: key === "hardware",
      contactPhone: "13900000000",
      contactEmail: "contact@example.com",
      user: { loginName: `1380000990${serial}`, displayName: `企业用户${serial}` },
    });
  }

  const needIds: Record<string, string> = {};
  for (const spec of NEEDS) {
    const publishedAt = spec.published
      ? shanghaiInstant(spec.published[0], spec.published[1], spec.published[2])
      : null;
    const need = await createNeed(db, {
      enterprise: borrowers[spec.enterprise]!,
      regionId: regionIds[spec.region],
      amount: spec.amount,
      purposeCategory: spec.purpose,
      description: "测试需求",
      flags: spec.flags,
      status: spec.status,
      publishedAt,
      firstResponseDueAt: publishedAt
        ? addWorkingDays(publishedAt, spec.region === "rongcheng" ? 3 : 2, calendar)
        : null,
      firstRespondedAt:
        publishedAt && spec.respondedAfter !== undefined ? minutes(publishedAt, spec.respondedAfter) : null,
    });
    needIds[spec.key] = need.id;
    for (const match of spec.matches ?? []) {
      await createMatch(db, {
        needId: need.id,
        productId: productIds[match.product],
        bundleProductId: match.bundle ? productIds[match.bundle] : null,
        kind: match.kind,
      });
    }
    if (publishedAt) {
      // Told because a product matched = asked, as notifyMatchedLeads records it.
      const matchedInstitutions = new Set<string>();
      for (const match of spec.matches ?? []) {
        if (match.kind === "NEAR_MISS") continue;
        matchedInstitutions.add(institutionIds[PRODUCTS[match.product].institution]);
        if (match.bundle) matchedInstitutions.add(institutionIds[PRODUCTS[match.bundle].institution]);
      }
      await recordAsks(db, {
        needId: need.id,
        institutionIds: [...matchedInstitutions],
        origin: "MATCHED",
        at: publishedAt,
      });
      for (const pass of spec.passes ?? []) {
        await db.needAsk.update({
          where: { needId_institutionId: { needId: need.id, institutionId: institutionIds[pass.institution] } },
          data: {
            respondedAt: minutes(publishedAt, pass.after),
            response: "PASSED",
            passKind: leadPassReasonKind[pass.reason] ?? "NOT_INTERESTED",
            passReason: pass.reason,
            passedById: null,
          },
        });
      }
    }
    if (spec.note && publishedAt) {
      await db.needEvent.create({
        data: {
          needId: need.id,
          type: "NOTE_ADDED",
          note: spec.note,
          actorId: officer.id,
          createdAt: minutes(publishedAt, 30),
        },
      });
    }
    if (publishedAt) {
      await db.needEvent.create({
        data: { needId: need.id, type: "NEED_PUBLISHED", toStatus: "OPEN", createdAt: publishedAt },
      });
    }
    for (const engagementSpec of spec.engagements ?? []) {
      if (!publishedAt) continue;
      const acceptedAt =
        engagementSpec.acceptedAfter !== undefined ? minutes(publishedAt, engagementSpec.acceptedAfter) : null;
      const engagement = await createEngagement(db, {
        needId: need.id,
        institutionId: institutionIds[engagementSpec.institution],
        initiatedBy: engagementSpec.initiatedBy,
        status: engagementSpec.status,
        requestedAt: minutes(publishedAt, engagementSpec.requestedAfter),
        acceptedAt,
        decisionDueAt: acceptedAt ? addWorkingDays(acceptedAt, 15, calendar) : null,
        decidedAt: engagementSpec.decidedAfter !== undefined ? minutes(publishedAt, engagementSpec.decidedAfter) : null,
      });
      const answeredAt =
        engagementSpec.initiatedBy === "INSTITUTION" ? minutes(publishedAt, engagementSpec.requestedAfter) : acceptedAt;
      if (answeredAt) {
        await recordAskAnswer(db, {
          needId: need.id,
          institutionId: institutionIds[engagementSpec.institution],
          response: acceptedAt && acceptedAt <= answeredAt ? "ACCEPTED" : "REQUESTED",
          at: answeredAt,
          engagementId: engagement.id,
        });
      }
      const outcome = engagementSpec.outcome;
      if (!outcome) continue;
      const terms = {
        engagementId: engagement.id,
        productId: outcome.product ? productIds[outcome.product] : null,
        policyTool: outcome.policyTool ?? null,
        firstLoanConfirmed: outcome.firstLoan ?? false,
        recordedById: officer.id,
        postLedger: true,
      };
      const first = await createOutcome(db, {
        ...terms,
        kind: outcome.kind,
        amount: outcome.amount,
        decidedOn: outcome.decidedOn,
        annualRate: outcome.annualRate ?? null,
        declineReason: outcome.kind === "DECLINED" ? "BUSINESS_RISK" : null,
      });
      if (outcome.amendTo) {
        await createOutcome(db, {
          ...terms,
          kind: "DISBURSED",
          amount: outcome.amendTo.amount,
          decidedOn: outcome.amendTo.decidedOn,
          annualRate: outcome.amendTo.annualRate ?? null,
          amends: first,
        });
      }
    }
  }
  return { calendar, regionIds, institutionIds, needIds, bureauUserId: bureau.id, officerUserId: officer.id };
}
