/**
 * Self-registration of an enterprise account and the registration (or correction) of its entity profile.
 *
 * Uniqueness is enforced by the database, not by a look-up first: two browsers submitting the same mobile number or
 * credit code at the same moment both reach the INSERT, and the unique index lets exactly one win. The loser gets a
 * field message and nothing is written for it (its whole transaction rolls back).
 */
import { dateColumnDay } from "~/kernel/time.ts";
import { decimalToYuanString } from "~/kernel/money.ts";
import { Prisma } from "~/generated/prisma/client.ts";
import type { Db, DbOrTx } from "~/infra/db.server.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import type { FieldErrors } from "~/kernel/forms.ts";
import type { EnterpriseProfileInput, SignUpInput } from "./forms.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export type RegistrationResult = { ok: true; userId: string } | { ok: false; status: 409; fieldErrors: FieldErrors };

export async function registerEnterpriseAccount(
  db: DbOrTx,
  input: SignUpInput,
  context: { ip: string; userAgent: string | null },
): Promise<RegistrationResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({
      data: {
        loginName: input.mobile,
        passwordHash,
        displayName: input.displayName,
        role: "ENTERPRISE",
        phone: input.mobile,
        email: input.email,
      },
      select: { id: true },
    });
    await recordAudit(db, {
      action: "ENTERPRISE_ACCOUNT_REGISTERED",
      actor: { userId: user.id, role: "ENTERPRISE" },
      subject: { type: "User", id: user.id },
      request: context,
    });
    return { ok: true, userId: user.id };
  } catch (error) {
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        status: 409,
        fieldErrors: { mobile: "该手机号已注册，请直接登录；如忘记密码请联系平台客服" },
      };
    }
    throw error;
  }
}

// ───────────────────────────── entity profile ─────────────────────────────

/** The pickers of the profile form: GB/T 4754 sections with their divisions, counties, zones and parks. */
export async function loadProfileOptions(db: DbOrTx) {
  const [industries, regions] = await Promise.all([
    db.industry.findMany({ select: { code: true, name: true, sectionCode: true }, orderBy: { code: "asc" } }),
    db.region.findMany({
      where: { kind: { in: ["DISTRICT", "COUNTY", "FUNCTIONAL_ZONE", "INDUSTRIAL_PARK"] } },
      select: { id: true, name: true, kind: true },
      orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
    }),
  ]);
  const sections = industries
    .filter((row) => row.sectionCode === null)
    .map((section) => ({
      code: section.code,
      name: section.name,
      divisions: industries
        .filter((row) => row.sectionCode === section.code)
        .map((division) => ({ code: division.code, name: division.name })),
    }))
    .filter((section) => section.divisions.length > 0);
  return {
    industrySections: sections,
    counties: regions
      .filter((region) => region.kind === "DISTRICT" || region.kind === "COUNTY")
      .map(({ id, name }) => ({ id, name })),
    parks: regions
      .filter((region) => region.kind === "FUNCTIONAL_ZONE" || region.kind === "INDUSTRIAL_PARK")
      .map(({ id, name }) => ({ id, name })),
  };
}

export type ProfileOptions = Awaited<ReturnType<typeof loadProfileOptions>>;

export const enterpriseProfileSelect = {
  id: true,
  name: true,
  idType: true,
  idNumber: true,
  entityType: true,
  sizeClass: true,
  industrySection: true,
  industryDivision: true,
  regionId: true,
  parkId: true,
  foundedOn: true,
  employees: true,
  annualRevenue: true,
  originCity: true,
  declaresNoPriorLoan: true,
  legalRepresentative: true,
  contactName: true,
  contactPhone: true,
  contactEmail: true,
  address: true,
  region: { select: { name: true } },
  park: { select: { name: true } },
} satisfies Prisma.EnterpriseSelect;

export async function loadEnterpriseProfile(db: DbOrTx, enterpriseId: string) {
  const row = await db.enterprise.findUnique({ where: { id: enterpriseId }, select: enterpriseProfileSelect });
  if (!row) return null;
  return {
    ...row,
    foundedOn: dateColumnDay(row.foundedOn),
    annualRevenue: row.annualRevenue ? decimalToYuanString(row.annualRevenue) : null,
  };
}

export type EnterpriseProfile = NonNullable<Awaited<ReturnType<typeof loadEnterpriseProfile>>>;

export type SaveProfileResult =
  { ok: true; enterpriseId: string; created: boolean } | { ok: false; status: 400 | 409; fieldErrors: FieldErrors };

/**
 * Registers the user's entity (first time) or corrects it. References (industry, region, park) are checked against
 * the reference tables; the credit code's uniqueness is left to the database's unique index.
 */
export async function saveEnterpriseProfile(
  db: Db,
  args: { userId: string; enterpriseId: string | null; input: EnterpriseProfileInput },
): Promise<SaveProfileResult> {
  const { input } = args;
  const [division, region, park] = await Promise.all([
    db.industry.findUnique({ where: { code: input.industryDivision }, select: { sectionCode: true } }),
    db.region.findUnique({ where: { id: input.regionId }, select: { kind: true } }),
    input.parkId
      ? db.region.findUnique({ where: { id: input.parkId }, select: { kind: true } })
      : Promise.resolve(null),
  ]);
  const fieldErrors: FieldErrors = {};
  if (!division?.sectionCode) fieldErrors.industryDivision = "请从列表中选择所属行业";
  if (!region || (region.kind !== "DISTRICT" && region.kind !== "COUNTY"))
    fieldErrors.regionId = "请从列表中选择所在县（市、区）";
  if (input.parkId && (!park || (park.kind !== "FUNCTIONAL_ZONE" && park.kind !== "INDUSTRIAL_PARK"))) {
    fieldErrors.parkId = "请从列表中选择园区";
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, status: 400, fieldErrors };

  const data = {
    name: input.name,
    idType: input.idType,
    idNumber: input.idNumber,
    entityType: input.entityType,
    sizeClass: input.sizeClass,
    industrySection: division!.sectionCode!,
    industryDivision: input.industryDivision,
    regionId: input.regionId,
    parkId: input.parkId,
    foundedOn: input.foundedOn ? new Date(`${input.foundedOn}T00:00:00Z`) : null,
    employees: input.employees,
    annualRevenue: input.annualRevenue,
    originCity: input.originCity,
    declaresNoPriorLoan: input.declaresNoPriorLoan,
    legalRepresentative: input.legalRepresentative,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    contactEmail: input.contactEmail,
    address: input.address,
  };

  try {
    return await db.$transaction(async (tx) => {
      if (args.enterpriseId) {
        await tx.enterprise.update({ where: { id: args.enterpriseId }, data, select: { id: true } });
        await audit(tx, args.userId, "ENTERPRISE_PROFILE_UPDATED", args.enterpriseId);
        return { ok: true as const, enterpriseId: args.enterpriseId, created: false };
      }
      const enterprise = await tx.enterprise.create({ data, select: { id: true } });
      // Only a user without an entity may register one; a double submit finds the user already linked.
      const linked = await tx.user.updateMany({
        where: { id: args.userId, role: "ENTERPRISE", enterpriseId: null },
        data: { enterpriseId: enterprise.id },
      });
      if (linked.count !== 1) throw new AlreadyLinked();
      await audit(tx, args.userId, "ENTERPRISE_REGISTERED", enterprise.id);
      return { ok: true as const, enterpriseId: enterprise.id, created: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const what = input.idType === "USCC" ? "该统一社会信用代码" : "该身份证号码";
      return {
        ok: false,
        status: 409,
        fieldErrors: {
          idNumber: `${what}已在平台登记。同一主体只能登记一次；如需加入已登记的主体，请联系该主体的经办人或平台客服`,
        },
      };
    }
    if (error instanceof AlreadyLinked) {
      return { ok: false, status: 409, fieldErrors: { _form: "您的账号已登记经营主体，请刷新页面查看" } };
    }
    throw error;
  }
}

class AlreadyLinked extends Error {}

async function audit(
  db: DbOrTx,
  actorId: string,
  action: "ENTERPRISE_REGISTERED" | "ENTERPRISE_PROFILE_UPDATED",
  enterpriseId: string,
) {
  await recordAudit(db, {
    action,
    actor: { userId: actorId, role: "ENTERPRISE" },
    subject: { type: "Enterprise", id: enterpriseId },
  });
}
