/**
 * Who is acting, as the domain functions see it. Routes build an actor from the signed-in user; workers and (later)
 * API tokens build the same shapes, so every rule about ownership is checked against one of these.
 */
import type { Role } from "~/generated/prisma/enums.ts";

/** An officer or institution admin, acting for their institution. */
export type InstitutionActor = { userId: string; role: Role; institutionId: string };

/** An enterprise user, acting for their enterprise. */
export type EnterpriseActor = { userId: string; enterpriseId: string };
