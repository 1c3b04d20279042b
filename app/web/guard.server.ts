import { redirect } from "@remix-run/node";
import type { Role } from "~/generated/prisma/enums.ts";
import { forbidden, unauthorized } from "~/kernel/errors.ts";
import type { SessionUser } from "~/modules/auth/sessions.server.ts";
import { getSessionUser } from "~/web/session.server.ts";
import type { InstitutionActor } from "~/kernel/actors.ts";

/** The password page: where a user who must choose a new password is sent, so it must not send them on. */
export const CHANGE_PASSWORD_PATH = "/account/password";

/**
 * The signed-in user, whatever their role, even one who must still change the password — for the password page
 * only; everything else uses requireUser.
 */
export async function requireSignedIn(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) throw unauthorized();
  return user;
}

/**
 * The route guard every loader and action starts with. No session → 401; wrong role → 403 (both thrown as responses
 * that the route's ErrorBoundary renders in Chinese); a password someone else chose → redirect to the password page.
 * Ownership of individual records (no IDOR) is checked by the domain functions that load them, using the ids on the
 * returned user.
 */
export async function requireUser(request: Request, allowed?: Role | readonly Role[]): Promise<SessionUser> {
  const user = await requireSignedIn(request);
  // A password someone else chose (an admin's one-time password) is replaced before anything else is done.
  if (user.mustChangePassword) throw redirect(`${CHANGE_PASSWORD_PATH}?required=1`);
  if (allowed !== undefined) {
    const roles: readonly Role[] = typeof allowed === "string" ? [allowed] : allowed;
    if (!roles.includes(user.role)) throw forbidden();
  }
  return user;
}

/** For users who must belong to an enterprise (ENTERPRISE role). */
export async function requireEnterpriseUser(request: Request): Promise<SessionUser & { enterpriseId: string }> {
  const user = await requireUser(request, "ENTERPRISE");
  if (!user.enterpriseId) throw forbidden("您的账号尚未关联经营主体，请先完成主体登记");
  return { ...user, enterpriseId: user.enterpriseId };
}

/** For OFFICER and INSTITUTION_ADMIN users, who always act for their own institution. */
/** The domain's view of a signed-in institution user: who acts, in which role, for which institution. */
export function institutionActorOf(user: SessionUser & { institutionId: string }): InstitutionActor {
  return { userId: user.id, role: user.role, institutionId: user.institutionId };
}

export async function requireInstitutionUser(
  request: Request,
  allowed: readonly Role[] = ["OFFICER", "INSTITUTION_ADMIN"],
): Promise<SessionUser & { institutionId: string }> {
  const user = await requireUser(request, allowed);
  if (!user.institutionId) throw forbidden("您的账号尚未关联金融机构，请联系机构管理员");
  return { ...user, institutionId: user.institutionId };
}
