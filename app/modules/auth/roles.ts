import type { Role } from "~/generated/prisma/enums.ts";

/** Where each role lands after signing in, and its name in Chinese. Shared by server and browser code. */
export const roleHomePath: Record<Role, string> = {
  ENTERPRISE: "/enterprise",
  OFFICER: "/officer",
  INSTITUTION_ADMIN: "/institution",
  BUREAU: "/bureau",
  ADMIN: "/admin",
};

export const roleLabel: Record<Role, string> = {
  ENTERPRISE: "企业用户",
  OFFICER: "客户经理",
  INSTITUTION_ADMIN: "机构管理员",
  BUREAU: "金融监管部门",
  ADMIN: "平台管理员",
};
