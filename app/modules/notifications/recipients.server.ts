/**
 * Who hears about what. Officers get leads from institutions whose products matched (or that a DIRECTED need
 * names), filtered by their own region / industry preferences; when no officer of an institution wants a lead its
 * institution admins get it, so no institution silently misses one. Enterprises hear about their own needs; the
 * bureau about escalations.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import type { Role } from "~/generated/prisma/enums.ts";
import { maskEnterpriseName } from "~/modules/redaction/enterprise-names.ts";
import { recipientSelect, type Recipient } from "./channels/registry.server.ts";
import type { LeadSummary } from "./templates.ts";

/** A user with the fields the notification channels read (channels/registry.server.ts). */
export type { Recipient };

export interface LeadContext {
  summary: LeadSummary;
  needId: string;
  enterpriseId: string;
  status: string;
  visibility: "OPEN" | "DIRECTED";
  allowWidening: boolean;
  industrySection: string;
  /** The need's region and its ancestors, nearest first. */
  regionChain: string[];
  firstResponseDueAt: Date | null;
  createdById: string;
}

/** The region and its ancestors (nearest first); regions are a shallow tree, so a few point reads. */
export async function regionChain(db: DbOrTx, regionId: string): Promise<{ id: string; name: string; kind: string }[]> {
  const chain: { id: string; name: string; kind: string }[] = [];
  let next: string | null = regionId;
  while (next && chain.length < 8 && !chain.some((region) => region.id === next)) {
    const region: { id: string; name: string; kind: string; parentId: string | null } | null =
      await db.region.findUnique({
        where: { id: next },
        select: { id: true, name: true, kind: true, parentId: true },
      });
    if (!region) break;
    chain.push(region);
    next = region.parentId;
  }
  return chain;
}

/** The anonymised description of a need that notifications may carry, or null when the need is gone. */
export async function loadLeadContext(db: DbOrTx, needId: string): Promise<LeadContext | null> {
  const need = await db.financingNeed.findUnique({
    where: { id: needId },
    select: {
      id: true,
      status: true,
      visibility: true,
      allowWidening: true,
      amount: true,
      termMonths: true,
      purposeCategory: true,
      regionId: true,
      firstResponseDueAt: true,
      createdById: true,
      enterprise: { select: { id: true, name: true, entityType: true, industrySection: true } },
    },
  });
  if (!need) return null;
  const chain = await regionChain(db, need.regionId);
  const city = chain.find((region) => region.kind === "CITY");
  return {
    needId: need.id,
    enterpriseId: need.enterprise.id,
    status: need.status,
    visibility: need.visibility,
    allowWidening: need.allowWidening,
    industrySection: need.enterprise.industrySection,
    regionChain: chain.map((region) => region.id),
    firstResponseDueAt: need.firstResponseDueAt,
    createdById: need.createdById,
    summary: {
      needId: need.id,
      maskedName: maskEnterpriseName(need.enterprise.name, need.enterprise.entityType, city?.name ?? null),
      regionName: chain[0]?.name ?? "",
      amount: need.amount.toFixed(2),
      termMonths: need.termMonths,
      purposeCategory: need.purposeCategory,
    },
  };
}

/** Institutions whose DIRECT or BUNDLE matches (loan or supporting product) fit the need; active ones only. */
export async function matchedInstitutionIds(db: DbOrTx, needId: string): Promise<string[]> {
  const matches = await db.match.findMany({
    where: { needId, kind: { in: ["DIRECT", "BUNDLE"] } },
    select: {
      product: { select: { institutionId: true, institution: { select: { isActive: true } } } },
      bundleProduct: { select: { institutionId: true, institution: { select: { isActive: true } } } },
    },
  });
  const ids = new Set<string>();
  for (const match of matches) {
    for (const product of [match.product, match.bundleProduct]) {
      if (product?.institution.isActive) ids.add(product.institutionId);
    }
  }
  return [...ids].sort();
}

/** Names of the products of each institution that matched the need (for "匹配贵机构产品「…」"). */
export async function matchedProductNames(db: DbOrTx, needId: string): Promise<Map<string, string[]>> {
  const matches = await db.match.findMany({
    where: { needId, kind: { in: ["DIRECT", "BUNDLE"] } },
    orderBy: { rank: "asc" },
    select: {
      product: { select: { institutionId: true, name: true } },
      bundleProduct: { select: { institutionId: true, name: true } },
    },
  });
  const names = new Map<string, string[]>();
  for (const match of matches) {
    for (const product of [match.product, match.bundleProduct]) {
      if (!product) continue;
      const list = names.get(product.institutionId) ?? [];
      if (!list.includes(product.name)) list.push(product.name);
      names.set(product.institutionId, list);
    }
  }
  return names;
}

/** The institutions a need is currently addressed to: the chosen ones for DIRECTED, the matching ones for OPEN. */
export async function leadInstitutionIds(
  db: DbOrTx,
  lead: Pick<LeadContext, "needId" | "visibility">,
  options: { pickedOnly?: boolean } = {},
): Promise<string[]> {
  if (lead.visibility === "DIRECTED") {
    const directed = await db.needDirectedInstitution.findMany({
      where: {
        needId: lead.needId,
        institution: { isActive: true },
        ...(options.pickedOnly ? { addedByEscalation: false } : {}),
      },
      select: { institutionId: true },
      orderBy: { institutionId: "asc" },
    });
    return directed.map((row) => row.institutionId);
  }
  return matchedInstitutionIds(db, lead.needId);
}

export async function usersWithRole(db: DbOrTx, institutionIds: readonly string[], roles: readonly Role[]) {
  if (institutionIds.length === 0) return [];
  return db.user.findMany({
    where: { institutionId: { in: [...institutionIds] }, role: { in: [...roles] }, isActive: true },
    select: {
      ...recipientSelect,
      institutionId: true,
      role: true,
      preferredRegionIds: true,
      preferredIndustrySections: true,
    },
    orderBy: { id: "asc" },
  });
}

export function officerWantsLead(
  officer: { preferredRegionIds: string[]; preferredIndustrySections: string[] },
  lead: Pick<LeadContext, "regionChain" | "industrySection">,
): boolean {
  const regionOk =
    officer.preferredRegionIds.length === 0 || officer.preferredRegionIds.some((id) => lead.regionChain.includes(id));
  const industryOk =
    officer.preferredIndustrySections.length === 0 || officer.preferredIndustrySections.includes(lead.industrySection);
  return regionOk && industryOk;
}

/**
 * Officers of each institution who should get this lead. Preferences filter officers; an institution where every
 * officer filtered it out falls back to its INSTITUTION_ADMIN users. `ignorePreferences` (escalations) reaches every
 * officer.
 */
export async function leadRecipientsByInstitution(
  db: DbOrTx,
  institutionIds: readonly string[],
  lead: Pick<LeadContext, "regionChain" | "industrySection">,
  options: { ignorePreferences?: boolean } = {},
): Promise<Map<string, Recipient[]>> {
  const staff = await usersWithRole(db, institutionIds, ["OFFICER", "INSTITUTION_ADMIN"]);
  const result = new Map<string, Recipient[]>();
  for (const institutionId of institutionIds) {
    const ofInstitution = staff.filter((user) => user.institutionId === institutionId);
    const officers = ofInstitution.filter((user) => user.role === "OFFICER");
    const wanted = officers.filter((officer) => options.ignorePreferences || officerWantsLead(officer, lead));
    const chosen = wanted.length > 0 ? wanted : ofInstitution.filter((user) => user.role === "INSTITUTION_ADMIN");
    result.set(institutionId, chosen);
  }
  return result;
}

/** Staff responsible for an engagement: its assigned officer (or every officer) plus, optionally, the admins. */
export async function engagementStaff(
  db: DbOrTx,
  engagement: { institutionId: string; officerId: string | null },
  options: { includeAdmins?: boolean } = {},
): Promise<Recipient[]> {
  const staff = await usersWithRole(db, [engagement.institutionId], ["OFFICER", "INSTITUTION_ADMIN"]);
  const officers = staff.filter((user) => user.role === "OFFICER");
  const assigned = engagement.officerId ? officers.filter((user) => user.id === engagement.officerId) : [];
  const chosen = [
    ...(assigned.length > 0 ? assigned : officers),
    ...(options.includeAdmins || officers.length === 0
      ? staff.filter((user) => user.role === "INSTITUTION_ADMIN")
      : []),
  ];
  return chosen;
}

export async function enterpriseUsers(db: DbOrTx, enterpriseId: string): Promise<Recipient[]> {
  return db.user.findMany({
    where: { enterpriseId, role: "ENTERPRISE", isActive: true },
    select: recipientSelect,
    orderBy: { id: "asc" },
  });
}

export async function bureauUsers(db: DbOrTx): Promise<Recipient[]> {
  return db.user.findMany({
    where: { role: "BUREAU", isActive: true },
    select: recipientSelect,
    orderBy: { id: "asc" },
  });
}

export async function enabledWebhookEndpoints(db: DbOrTx, institutionIds: readonly string[]) {
  if (institutionIds.length === 0) return [];
  return db.webhookEndpoint.findMany({
    where: { institutionId: { in: [...institutionIds] }, isEnabled: true },
    select: { id: true, institutionId: true },
    orderBy: { id: "asc" },
  });
}

export async function institutionNames(db: DbOrTx, institutionIds: readonly string[]): Promise<Map<string, string>> {
  if (institutionIds.length === 0) return new Map();
  const rows = await db.institution.findMany({
    where: { id: { in: [...institutionIds] } },
    select: { id: true, shortName: true, name: true },
  });
  return new Map(rows.map((row) => [row.id, row.shortName || row.name]));
}
