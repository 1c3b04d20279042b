/**
 * Builders for the rows a test world is made of, shared by every integration test and the e2e data scripts.
 *
 *   const regions = await createRegions(db);
 *   const bank = await createInstitution(db, { name: "揭阳农村商业银行", serves: [regions.city.id] });
 *   const officer = await createOfficer(db, bank.id);
 *   const borrower = await createEnterprise(db, { regionId: regions.rongcheng.id });
 *   const need = await createNeed(db, { enterprise: borrower, consent: "general" });
 *   const engagement = await createEngagement(db, { needId: need.id, institutionId: bank.id, status: "CONTACTED" });
 *
 * Every builder writes through the app's Prisma client (a transaction client works too), has defaults that make a
 * valid row on their own, takes the model's own fields as overrides (undefined = the default, null = null) and
 * returns the created rows. Rows are written directly, so a test can place them anywhere in time, but they keep the
 * invariants the domain functions keep: a valid credit code or identity number, a hashed password, an active
 * engagement holding a free slot of its need, a published need with its publication and expiry times, a superseded
 * outcome when an amendment is recorded. Where the domain derives data, the real function derives it (the ledger).
 */
import { randomBytes, randomInt } from "node:crypto";
import type {
  ConsentTextVersion,
  Engagement,
  Enterprise,
  FinancingNeed,
  Institution,
  Match,
  Outcome,
  Prisma,
  Product,
  Region,
  User,
} from "~/generated/prisma/client.ts";
import type {
  EngagementStatus,
  InstitutionKind,
  InstitutionSubType,
  RegionKind,
  Role,
} from "~/generated/prisma/enums.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { isEngagementActive } from "~/kernel/statuses.ts";
import { buildCreditCode } from "~/modules/enterprise/credit-code.ts";
import { buildIdentityNumber } from "~/modules/enterprise/identifiers.ts";
import { postLedgerForOutcome } from "~/modules/ledger/ledger.server.ts";
import { buildCalendarDays } from "../../prisma/seed/calendar.ts";
import { CONSENT_TEXT_EFFECTIVE_AT, CONSENT_TEXT_VERSION } from "../../prisma/seed/consent.ts";
import { INDUSTRY_DIVISIONS, INDUSTRY_SECTIONS } from "../../prisma/seed/industries.ts";

/** The password of every user a builder creates, unless a test chooses another. */
export const PASSWORD = "Correct-Horse-2026";
/** The consent wording in force (the seed's version). */
export const CONSENT_VERSION = CONSENT_TEXT_VERSION;

const DAY_MS = 86_400_000;

export function token(bytes = 4): string {
  return randomBytes(bytes).toString("hex").toUpperCase();
}

// Counters start at a random point: the e2e scripts add rows to a database that earlier runs filled.
let serial = randomInt(1, 2 ** 40);
let mobile = randomInt(0, 90_000_000);

/** A fresh valid 统一社会信用代码 (GB 32100-2015 check character) on each call. */
export function nextCreditCode(): string {
  return buildCreditCode("445202", serial++, "91");
}

/** A fresh valid resident identity number (the 农户 identifier) on each call. */
export function nextIdentityNumber(): string {
  const n = serial++;
  const birthday = new Date(Date.UTC(1960, 0, 1) + (n % 15_000) * DAY_MS)
    .toISOString()
    .slice(0, 10)
    .replaceAll("-", "");
  return buildIdentityNumber(`445224${birthday}${String(Math.floor(n / 15_000) % 1000).padStart(3, "0")}`);
}

/** A fresh mainland mobile number on each call, in a range the tests' hand-picked numbers do not use. */
export function nextMobile(prefix = "133"): string {
  return `${prefix}${String(10_000_000 + (mobile++ % 90_000_000))}`;
}

/** Shanghai's calendar day as the Date a `@db.Date` column stores. */
function day(value: Date | string): Date {
  return typeof value === "string" ? new Date(`${value}T00:00:00Z`) : value;
}

/** The overrides a test gave, without the keys it left undefined (those take the default). */
function given<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as T;
}

// ───────────────────────────── reference data ─────────────────────────────

export type RegionKey =
  | "city"
  | "rongcheng"
  | "jiedong"
  | "jiexi"
  | "huilai"
  | "puning"
  | "gaoxin"
  | "dananhai"
  | "konggang"
  | "huilaiPort"
  | "transferPark";

const REGION_TABLE: Record<
  RegionKey,
  { code: string; name: string; kind: RegionKind; parent: RegionKey | null; sortOrder: number }
> = {
  city: { code: "445200", name: "揭阳市", kind: "CITY", parent: null, sortOrder: 0 },
  rongcheng: { code: "445202", name: "榕城区", kind: "DISTRICT", parent: "city", sortOrder: 10 },
  jiedong: { code: "445203", name: "揭东区", kind: "DISTRICT", parent: "city", sortOrder: 20 },
  jiexi: { code: "445222", name: "揭西县", kind: "COUNTY", parent: "city", sortOrder: 30 },
  huilai: { code: "445224", name: "惠来县", kind: "COUNTY", parent: "city", sortOrder: 40 },
  puning: { code: "445281", name: "普宁市", kind: "COUNTY", parent: "city", sortOrder: 50 },
  gaoxin: { code: "4452-GXQ", name: "揭阳高新技术产业开发区", kind: "FUNCTIONAL_ZONE", parent: "city", sortOrder: 60 },
  dananhai: { code: "4452-DNH", name: "大南海石化工业区", kind: "FUNCTIONAL_ZONE", parent: "city", sortOrder: 70 },
  konggang: { code: "4452-KG", name: "空港经济区", kind: "FUNCTIONAL_ZONE", parent: "city", sortOrder: 80 },
  huilaiPort: {
    code: "4452-HLLG",
    name: "惠来县临港产业园",
    kind: "INDUSTRIAL_PARK",
    parent: "huilai",
    sortOrder: 100,
  },
  transferPark: {
    code: "4452-ZYY",
    name: "揭阳产业转移工业园",
    kind: "INDUSTRIAL_PARK",
    parent: "jiedong",
    sortOrder: 90,
  },
};

export const ALL_REGIONS = Object.keys(REGION_TABLE) as RegionKey[];

/** Region ids by key, for code that only needs ids. */
export type RegionIds<K extends RegionKey = RegionKey> = Record<K, string>;

/**
 * A slice of 揭阳市's regions (the city, 榕城区 and 惠来县 unless told which), each with its parents. Overrides per
 * key, e.g. `{ huilai: { responseDeadlineWorkingDays: 2 } }`.
 */
export async function createRegions<K extends RegionKey = "city" | "rongcheng" | "huilai">(
  db: DbOrTx,
  keys: readonly K[] = ["city", "rongcheng", "huilai"] as K[],
  overrides: { [key in RegionKey]?: Partial<Prisma.RegionUncheckedCreateInput> } = {},
): Promise<Record<K, Region>> {
  const created = {} as Record<RegionKey, Region>;
  async function create(key: RegionKey): Promise<Region> {
    if (created[key]) return created[key];
    const { parent, ...row } = REGION_TABLE[key];
    const parentId = parent ? (await create(parent)).id : null;
    created[key] = await db.region.create({ data: { ...row, parentId, ...given(overrides[key] ?? {}) } });
    return created[key];
  }
  for (const key of keys) await create(key);
  return created;
}

/** A created row's id, for `await createX(…).then(idOf)` where a test keeps ids. */
export const idOf = (row: { id: string }): string => row.id;

/** `{ key: row.id }` for a record of created rows. */
export function idsOf<K extends string>(rows: Record<K, { id: string }>): Record<K, string> {
  return Object.fromEntries(Object.entries<{ id: string }>(rows).map(([key, row]) => [key, row.id])) as Record<
    K,
    string
  >;
}

/** GB/T 4754-2017 sections and divisions, all of them (the seed's table) or the given codes with their sections. */
export async function createIndustries(db: DbOrTx, codes?: readonly string[]): Promise<void> {
  const divisions = INDUSTRY_DIVISIONS.filter((division) => !codes || codes.includes(division.code));
  const sections = INDUSTRY_SECTIONS.filter(
    (section) =>
      !codes || codes.includes(section.code) || divisions.some((division) => division.sectionCode === section.code),
  );
  await db.industry.createMany({ data: sections.map((section) => ({ ...section })) });
  await db.industry.createMany({ data: divisions.map((division) => ({ ...division })) });
}

/** The consent wording enterprises agree to when they publish (the version in force since the seed's date). */
export async function createConsentText(
  db: DbOrTx,
  overrides: Partial<ConsentTextVersion> = {},
): Promise<ConsentTextVersion> {
  return db.consentTextVersion.create({
    data: {
      version: CONSENT_VERSION,
      body: "融资需求信息共享授权书（测试版本）",
      effectiveAt: CONSENT_TEXT_EFFECTIVE_AT,
      ...given(overrides),
    },
  });
}

/** Holidays and 调休 working days (the seed's calendar unless given other rows); days already stored are kept. */
export async function createCalendar(
  db: DbOrTx,
  days: readonly { date: string; kind: "HOLIDAY" | "ADJUSTED_WORKDAY"; name: string }[] = buildCalendarDays(),
) {
  await db.calendarDay.createMany({
    data: days.map((row) => ({ date: day(row.date), kind: row.kind, name: row.name })),
    skipDuplicates: true,
  });
  return days;
}

// ───────────────────────────── institutions and products ─────────────────────────────

const SUBTYPE_OF: Record<InstitutionKind, InstitutionSubType> = {
  BANK: "RURAL_COMMERCIAL_BANK",
  GUARANTOR: "GOVERNMENT_GUARANTOR",
  INSURER: "PROPERTY_INSURER",
};

export type InstitutionInput = Partial<Omit<Prisma.InstitutionUncheckedCreateInput, "regionsServed">> & {
  /** Ids of the regions it serves. */
  serves?: readonly string[];
};

/** A bank (unless `kind` says otherwise), active, serving the regions given. */
export async function createInstitution(db: DbOrTx, input: InstitutionInput = {}): Promise<Institution> {
  const { serves = [], ...fields } = given(input);
  const kind = fields.kind ?? "BANK";
  const name = fields.name ?? `测试银行${token(2)}`;
  return db.institution.create({
    data: {
      code: `INST-${token()}`,
      shortName: name,
      subType: SUBTYPE_OF[kind],
      ...fields,
      name,
      kind,
      regionsServed: { create: serves.map((regionId) => ({ regionId })) },
    },
  });
}

export type ProductInput = Partial<Omit<Prisma.ProductUncheckedCreateInput, "regions">> & {
  institutionId: string;
  /** Ids of the regions it is offered in; none = everywhere. */
  regions?: readonly string[];
};

/**
 * A published credit loan of 10–500 万元 over 1–36 months, open to every entity type and industry, with no text
 * beyond its name (search tests choose their words). A published product has its publication time.
 */
export async function createProduct(db: DbOrTx, input: ProductInput): Promise<Product> {
  const { regions = [], ...fields } = given(input);
  const name = fields.name ?? "测试贷款";
  const summary = fields.summary ?? name;
  const status = fields.status ?? "PUBLISHED";
  return db.product.create({
    data: {
      code: `P-${token()}`,
      kind: "LOAN",
      description: summary,
      minAmount: "100000",
      maxAmount: "5000000",
      minTermMonths: 1,
      maxTermMonths: 36,
      acceptedCollateral: ["CREDIT"],
      publishedAt: status === "PUBLISHED" ? new Date() : null,
      ...fields,
      name,
      summary,
      status,
      regions: { create: regions.map((regionId) => ({ regionId })) },
    },
  });
}

// ───────────────────────────── users and enterprises ─────────────────────────────

export type UserInput = Partial<Omit<Prisma.UserUncheckedCreateInput, "role">> & {
  /** Hashed into `passwordHash`; null = an account nobody can sign in to. Default PASSWORD. */
  password?: string | null;
};

const hashes = new Map<string, Promise<string>>();
/** argon2 is slow on purpose: each password is hashed once per process. */
function passwordHashOf(password: string): Promise<string> {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
}

const DISPLAY_NAME: Record<Role, string> = {
  ENTERPRISE: "企业用户",
  OFFICER: "客户经理",
  INSTITUTION_ADMIN: "机构管理员",
  BUREAU: "市金融工作局",
  ADMIN: "平台管理员",
};

/** A user of the role, able to sign in with PASSWORD (or the password given). */
export async function createUser(db: DbOrTx, role: Role, input: UserInput = {}): Promise<User> {
  const { password = PASSWORD, ...fields } = given(input);
  return db.user.create({
    data: {
      loginName: `${role.toLowerCase().replace("_", "-")}.${token().toLowerCase()}`,
      displayName: DISPLAY_NAME[role],
      passwordHash: password === null ? "!" : await passwordHashOf(password),
      ...fields,
      role,
    },
  });
}

/** Institution staff have a work e-mail and a mobile for notifications. */
function staff(db: DbOrTx, role: "OFFICER" | "INSTITUTION_ADMIN", institutionId: string, input: UserInput) {
  const loginName = input.loginName ?? `${role === "OFFICER" ? "officer" : "inst"}.${token().toLowerCase()}`;
  return createUser(db, role, {
    loginName,
    email: `${loginName}@bank.example`,
    phone: nextMobile("134"),
    ...given(input),
    institutionId,
  });
}

export const createOfficer = (db: DbOrTx, institutionId: string, input: UserInput = {}) =>
  staff(db, "OFFICER", institutionId, input);
export const createInstitutionAdmin = (db: DbOrTx, institutionId: string, input: UserInput = {}) =>
  staff(db, "INSTITUTION_ADMIN", institutionId, input);
export const createBureauUser = (db: DbOrTx, input: UserInput = {}) => createUser(db, "BUREAU", input);
export const createAdmin = (db: DbOrTx, input: UserInput = {}) => createUser(db, "ADMIN", input);

/** An enterprise and the user who registered it (signing in with the enterprise's mobile number). */
export interface EnterpriseAccount {
  enterprise: Enterprise;
  user: User;
}

export type EnterpriseInput = Partial<Prisma.EnterpriseUncheckedCreateInput> & {
  regionId: string;
  /** Overrides for the enterprise's user. */
  user?: UserInput;
};

/**
 * A small manufacturing firm (橡胶和塑料制品业) founded in 2015, with a fresh credit code — or a resident identity
 * number for a 农户 — and its user, who signed up with a fresh mobile number (`user.loginName`), also the
 * enterprise's contact phone unless `contactPhone` is given.
 */
export async function createEnterprise(db: DbOrTx, input: EnterpriseInput): Promise<EnterpriseAccount> {
  const { user: userInput = {}, ...fields } = given(input);
  const mobile = userInput.loginName ?? nextMobile();
  const entityType = fields.entityType ?? "SMALL_MICRO";
  const idType = fields.idType ?? (entityType === "FARM_HOUSEHOLD" ? "FARMER_ID" : "USCC");
  const contactName = fields.contactName ?? "联系人";
  const enterprise = await db.enterprise.create({
    data: {
      name: `揭阳市榕城区恒${token(2)}塑料制品有限公司`,
      idNumber: idType === "FARMER_ID" ? nextIdentityNumber() : nextCreditCode(),
      sizeClass: "SMALL",
      // A division only where it belongs to the section.
      industryDivision: fields.industrySection === undefined ? "29" : null,
      industrySection: "C",
      foundedOn: new Date("2015-03-01T00:00:00Z"),
      contactPhone: mobile,
      ...fields,
      entityType,
      idType,
      contactName,
    },
  });
  // Enterprise users sign up with their mobile number, which is also their phone.
  const user = await createUser(db, "ENTERPRISE", {
    displayName: contactName,
    phone: mobile,
    ...userInput,
    loginName: mobile,
    enterpriseId: enterprise.id,
  });
  return { enterprise, user };
}

/** One user of every role (an enterprise, an institution and a region made for them), by the login names given. */
export async function createUserPerRole(db: DbOrTx, loginNames: Record<Role, string>): Promise<Record<Role, User>> {
  const regions = await createRegions(db, ["city"]);
  const { user: enterpriseUser } = await createEnterprise(db, {
    regionId: regions.city.id,
    user: { loginName: loginNames.ENTERPRISE },
  });
  const institution = await createInstitution(db);
  return {
    ENTERPRISE: enterpriseUser,
    OFFICER: await createOfficer(db, institution.id, { loginName: loginNames.OFFICER }),
    INSTITUTION_ADMIN: await createInstitutionAdmin(db, institution.id, { loginName: loginNames.INSTITUTION_ADMIN }),
    BUREAU: await createBureauUser(db, { loginName: loginNames.BUREAU }),
    ADMIN: await createAdmin(db, { loginName: loginNames.ADMIN }),
  };
}

// ───────────────────────────── needs, matches, engagements, outcomes ─────────────────────────────

export type NeedInput = Partial<
  Omit<Prisma.FinancingNeedUncheckedCreateInput, "enterpriseId" | "createdById" | "directedInstitutions">
> & {
  enterprise: EnterpriseAccount;
  /** Institutions a DIRECTED need names (setting DIRECTED unless `visibility` says otherwise). */
  directedTo?: readonly string[];
  /** Consent given at publication: "general" (any matching institution, the OPEN-need consent) or per institution. */
  consent?: "general" | readonly string[] | null;
  consentVersion?: string;
};

/**
 * A need of 80 万元 over 12 months for working capital, published now and open for 90 days — or a draft (status
 * "DRAFT", nothing published). The region is the enterprise's unless given.
 */
export async function createNeed(db: DbOrTx, input: NeedInput): Promise<FinancingNeed> {
  const {
    enterprise: account,
    directedTo = [],
    consent = null,
    consentVersion = CONSENT_VERSION,
    ...fields
  } = given(input);
  const status = fields.status ?? "OPEN";
  const publishedAt = fields.publishedAt !== undefined ? fields.publishedAt : status === "DRAFT" ? null : new Date();
  const need = await db.financingNeed.create({
    data: {
      regionId: account.enterprise.regionId,
      amount: "800000",
      termMonths: 12,
      purposeCategory: "WORKING_CAPITAL",
      description: "",
      visibility: directedTo.length > 0 ? "DIRECTED" : "OPEN",
      expiresAt: publishedAt === null ? null : new Date(new Date(publishedAt).getTime() + 90 * DAY_MS),
      ...fields,
      status,
      publishedAt,
      enterpriseId: account.enterprise.id,
      createdById: account.user.id,
      directedInstitutions: { create: directedTo.map((institutionId) => ({ institutionId })) },
    },
  });
  const consentTo = consent === "general" ? [null] : (consent ?? []);
  for (const institutionId of consentTo) {
    await db.consentRecord.create({
      data: {
        needId: need.id,
        enterpriseId: account.enterprise.id,
        institutionId,
        textVersion: consentVersion,
        grantedById: account.user.id,
      },
    });
  }
  return need;
}

export type MatchInput = Partial<Prisma.MatchUncheckedCreateInput> & { needId: string; productId: string };

/** A stored DIRECT match, as the matching job leaves it. */
export async function createMatch(db: DbOrTx, input: MatchInput): Promise<Match> {
  return db.match.create({
    data: { kind: "DIRECT", score: "80.00", rank: 1, components: {}, reasons: ["测试匹配"], ...given(input) },
  });
}

export type EngagementInput = Partial<Prisma.EngagementUncheckedCreateInput> & {
  needId: string;
  institutionId: string;
};

/**
 * An engagement in the status given (REQUESTED unless told), started by the institution. An active one holds the
 * need's lowest free slot; one past the request has been accepted (now, unless given).
 */
export async function createEngagement(db: DbOrTx, input: EngagementInput): Promise<Engagement> {
  const fields = given(input);
  const status: EngagementStatus = fields.status ?? "REQUESTED";
  let activeSlot: number | null = null;
  if (isEngagementActive(status)) {
    const taken = await db.engagement.findMany({
      where: { needId: fields.needId, activeSlot: { not: null } },
      select: { activeSlot: true },
    });
    const used = new Set(taken.map((row) => row.activeSlot));
    activeSlot = 1;
    while (used.has(activeSlot)) activeSlot++;
  }
  const accepted = status !== "REQUESTED" && status !== "WITHDRAWN";
  return db.engagement.create({
    data: { initiatedBy: "INSTITUTION", activeSlot, acceptedAt: accepted ? new Date() : null, ...fields, status },
  });
}

export type OutcomeInput = Partial<Omit<Prisma.OutcomeUncheckedCreateInput, "decidedOn">> & {
  engagementId: string;
  kind: "APPROVED" | "DISBURSED" | "DECLINED";
  recordedById: string;
  /** 元: the approved amount, and the disbursed one for a disbursement. */
  amount?: string;
  /** A day ("2026-03-16") or a Date; today (UTC) unless given. */
  decidedOn?: Date | string;
  /** The outcome this one corrects: it is superseded and this one takes the next version. */
  amends?: Pick<Outcome, "id" | "version">;
  /** Post the outcome to the target ledger with the ledger module, as the ledger job does (not with a transaction). */
  postLedger?: boolean;
};

/**
 * An officer's recorded outcome. A disbursement's credit line at the institution is its amount unless given; a
 * decline has a reason (OTHER unless given).
 */
export async function createOutcome(db: DbOrTx, input: OutcomeInput): Promise<Outcome> {
  const { amount, decidedOn, amends, postLedger = false, ...fields } = given(input);
  if (amends) await db.outcome.update({ where: { id: amends.id }, data: { state: "SUPERSEDED" } });
  const outcome = await db.outcome.create({
    data: {
      version: amends ? amends.version + 1 : 1,
      approvedAmount: fields.kind === "DECLINED" ? null : (amount ?? null),
      disbursedAmount: fields.kind === "DISBURSED" ? (amount ?? null) : null,
      totalCreditAtInstitution: fields.kind === "DISBURSED" ? (amount ?? null) : null,
      declineReason: fields.kind === "DECLINED" ? "OTHER" : null,
      ...fields,
      decidedOn: day(decidedOn ?? new Date().toISOString().slice(0, 10)),
    },
  });
  // The ledger module opens its own transaction, so it needs the client rather than a transaction.
  if (postLedger) await postLedgerForOutcome(db as Db, outcome.id);
  return outcome;
}
