/**
 * Sign-in accounts: the platform admin, bureau analysts, an officer and an institution admin at every operating
 * institution, and one user per enterprise whose login is the enterprise's (fake) contact mobile.
 * Passwords are referenced by key; index.ts hashes each distinct password once.
 */
import { Role } from "../../app/generated/prisma/client.ts";
import type { DemoPasswordKey } from "./demo-accounts.ts";
import type { EnterpriseSeed } from "./enterprises.ts";
import { OPERATING_INSTITUTIONS } from "./institutions.ts";
import { personName } from "./names.ts";
import { createRandom } from "./random.ts";
import { PLATFORM_LAUNCH } from "./time.ts";

export interface UserSeed {
  id: string;
  loginName: string;
  password: DemoPasswordKey;
  displayName: string;
  role: Role;
  enterpriseSerial: number | null;
  institutionCode: string | null;
  email: string | null;
  phone: string | null;
  createdAt: Date;
}

/** Staff accounts were opened when the platform went live. */
const STAFF_CREATED_AT = PLATFORM_LAUNCH;

export function buildUsers(enterprises: readonly EnterpriseSeed[]): UserSeed[] {
  const random = createRandom("users");
  const staff: UserSeed[] = [
    {
      id: "seed-user-admin",
      loginName: "admin",
      password: "admin",
      displayName: "平台管理员",
      role: Role.ADMIN,
      enterpriseSerial: null,
      institutionCode: null,
      email: "admin@example.com",
      phone: null,
      createdAt: STAFF_CREATED_AT,
    },
    {
      id: "seed-user-bureau",
      loginName: "bureau",
      password: "bureau",
      displayName: "揭阳市金融工作局 · 分析员",
      role: Role.BUREAU,
      enterpriseSerial: null,
      institutionCode: null,
      email: "bureau@example.com",
      phone: null,
      createdAt: STAFF_CREATED_AT,
    },
    {
      id: "seed-user-bureau-pboc",
      loginName: "bureau.pboc",
      password: "bureau",
      displayName: "人民银行揭阳市分行 · 分析员",
      role: Role.BUREAU,
      enterpriseSerial: null,
      institutionCode: null,
      email: null,
      phone: null,
      createdAt: STAFF_CREATED_AT,
    },
    {
      id: "seed-user-bureau-nfra",
      loginName: "bureau.nfra",
      password: "bureau",
      displayName: "揭阳金融监管分局 · 分析员",
      role: Role.BUREAU,
      enterpriseSerial: null,
      institutionCode: null,
      email: null,
      phone: null,
      createdAt: STAFF_CREATED_AT,
    },
  ];

  for (const institution of OPERATING_INSTITUTIONS) {
    const slug = institution.staffSlug!;
    staff.push({
      id: `seed-user-officer-${slug}`,
      loginName: `officer.${slug}`,
      password: "officer",
      displayName: `${institution.shortName} · 客户经理 ${personName(random)}`,
      role: Role.OFFICER,
      enterpriseSerial: null,
      institutionCode: institution.code,
      email: `officer.${slug}@example.com`,
      phone: null,
      createdAt: STAFF_CREATED_AT,
    });
    staff.push({
      id: `seed-user-inst-${slug}`,
      loginName: `inst.${slug}`,
      password: "institutionAdmin",
      displayName: `${institution.shortName} · 产品经理 ${personName(random)}`,
      role: Role.INSTITUTION_ADMIN,
      enterpriseSerial: null,
      institutionCode: institution.code,
      email: `inst.${slug}@example.com`,
      phone: null,
      createdAt: STAFF_CREATED_AT,
    });
  }

  const enterpriseUsers = enterprises.map<UserSeed>((enterprise) => ({
    id: `seed-user-ent-${String(enterprise.serial).padStart(4, "0")}`,
    loginName: enterprise.contactPhone,
    password: "enterprise",
    displayName: enterprise.contactName,
    role: Role.ENTERPRISE,
    enterpriseSerial: enterprise.serial,
    institutionCode: null,
    email: enterprise.contactEmail,
    phone: enterprise.contactPhone,
    createdAt: enterprise.createdAt,
  }));
  return [...staff, ...enterpriseUsers];
}
