/**
 * Turns a BureauFilter (codes) into the ids the queries filter on: the chosen region with all its sub-regions and
 * the chosen institution with all its branches. Both trees are small reference tables (a province has a few hundred
 * regions and institution branches), read once per request.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import type { InstitutionKind, RegionKind } from "~/generated/prisma/enums.ts";
import type { BureauFilter } from "./filters.ts";

export interface RegionNode {
  id: string;
  code: string;
  name: string;
  kind: RegionKind;
  parentId: string | null;
  depth: number;
}

export interface InstitutionNode {
  id: string;
  code: string;
  name: string;
  shortName: string;
  kind: InstitutionKind;
  parentId: string | null;
  isKeyPartner: boolean;
  depth: number;
}

export interface Trees {
  regions: RegionNode[];
  institutions: InstitutionNode[];
  regionById: Map<string, RegionNode>;
  institutionById: Map<string, InstitutionNode>;
}

export interface Scope {
  from: string;
  to: string;
  /** Null = every region (no filter). */
  regionIds: string[] | null;
  /** Null = every institution (no filter). */
  institutionIds: string[] | null;
  region: RegionNode | null;
  institution: InstitutionNode | null;
  /** The regions a region split is reported by: the chosen region's children (or the top level). */
  splitRegions: RegionNode[];
  /** Maps any region id inside the scope to the split region it is reported under. */
  splitRegionOf: (regionId: string) => RegionNode | null;
}

/** Depth-first order (parents before children, siblings by sortOrder/code) with the depth for indentation. */
function orderTree<T extends { id: string; parentId: string | null }>(
  rows: T[],
  sortKey: (row: T) => string,
): (T & { depth: number })[] {
  const ids = new Set(rows.map((row) => row.id));
  const children = new Map<string | null, T[]>();
  for (const row of rows) {
    const parent = row.parentId && ids.has(row.parentId) ? row.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const ordered: (T & { depth: number })[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const row of (children.get(parent) ?? []).sort((a, b) => sortKey(a).localeCompare(sortKey(b)))) {
      ordered.push({ ...row, depth });
      visit(row.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

export async function loadTrees(db: DbOrTx): Promise<Trees> {
  const [regionRows, institutionRows] = await Promise.all([
    db.region.findMany({ select: { id: true, code: true, name: true, kind: true, parentId: true, sortOrder: true } }),
    db.institution.findMany({
      select: { id: true, code: true, name: true, shortName: true, kind: true, parentId: true, isKeyPartner: true },
    }),
  ]);
  const regions = orderTree(regionRows, (row) => `${String(row.sortOrder).padStart(6, "0")}:${row.code}`).map(
    ({ sortOrder: _sortOrder, ...region }) => region,
  );
  const kindOrder: Record<InstitutionKind, number> = { BANK: 0, GUARANTOR: 1, INSURER: 2 };
  const institutions = orderTree(institutionRows, (row) => `${kindOrder[row.kind]}:${row.code}`);
  return {
    regions,
    institutions,
    regionById: new Map(regions.map((region) => [region.id, region])),
    institutionById: new Map(institutions.map((institution) => [institution.id, institution])),
  };
}

/** The id and every descendant id of a node in a parent-linked tree. */
export function subtreeIds<T extends { id: string; parentId: string | null }>(
  nodes: readonly T[],
  rootId: string,
): string[] {
  const children = new Map<string, string[]>();
  for (const node of nodes)
    if (node.parentId) children.set(node.parentId, [...(children.get(node.parentId) ?? []), node.id]);
  const result: string[] = [];
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    result.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return result;
}

export interface ResolvedScope {
  scope: Scope;
  trees: Trees;
  /** Codes that matched nothing, in Chinese. */
  problems: string[];
}

export function resolveScope(
  trees: Trees,
  filter: BureauFilter,
  period: { from: string; to: string } = filter.period,
): ResolvedScope {
  const problems: string[] = [];
  let region: RegionNode | null = null;
  if (filter.regionCode) {
    region = trees.regions.find((candidate) => candidate.code === filter.regionCode) ?? null;
    if (!region) problems.push(`未找到区域代码 ${filter.regionCode}，已显示全部区域`);
  }
  let institution: InstitutionNode | null = null;
  if (filter.institutionCode) {
    institution = trees.institutions.find((candidate) => candidate.code === filter.institutionCode) ?? null;
    if (!institution) problems.push(`未找到机构代码 ${filter.institutionCode}，已显示全部机构`);
  }

  let regionIds = region ? subtreeIds(trees.regions, region.id) : null;
  // A region that covers everything (the only top-level region) is no filter at all: the unfiltered rollups are
  // smaller and give the same answer.
  if (regionIds && regionIds.length === trees.regions.length) regionIds = null;
  const institutionIds = institution ? subtreeIds(trees.institutions, institution.id) : null;

  const roots = trees.regions.filter((node) => node.depth === 0);
  const splitParent = region ?? (roots.length === 1 ? roots[0]! : null);
  const splitRegions = splitParent
    ? [splitParent, ...trees.regions.filter((node) => node.parentId === splitParent.id)]
    : roots;
  const splitIds = new Set(splitRegions.map((node) => node.id));
  const memo = new Map<string, RegionNode | null>();
  const splitRegionOf = (regionId: string): RegionNode | null => {
    if (memo.has(regionId)) return memo.get(regionId)!;
    let node = trees.regionById.get(regionId) ?? null;
    while (node && !splitIds.has(node.id)) node = node.parentId ? (trees.regionById.get(node.parentId) ?? null) : null;
    memo.set(regionId, node);
    return node;
  };

  return {
    scope: {
      from: period.from,
      to: period.to,
      regionIds,
      institutionIds,
      region,
      institution,
      splitRegions,
      splitRegionOf,
    },
    trees,
    problems,
  };
}
