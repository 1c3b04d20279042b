import type { Role } from "~/generated/prisma/enums.ts";

/** Where each role lands after signing in (its Chinese name is in app/kernel/labels.ts). Shared by server and browser code. */
export const roleHomePath: Record<Role, string> = {
  ENTERPRISE: "/enterprise",
  OFFICER: "/officer",
  INSTITUTION_ADMIN: "/institution",
  BUREAU: "/bureau",
  ADMIN: "/admin",
};
