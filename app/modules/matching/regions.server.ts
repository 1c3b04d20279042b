import type { DbOrTx } from "~/infra/db.server.ts";
import type { RegionKind } from "~/generated/prisma/enums.ts";

export interface RegionNode {
  id: string;
  code: string;
  name: string;
  kind: RegionKind;
  parentId: string | null;
}

/**
 * The region tree, small (a province is a few hundred rows) and read on every match, so it is cached per database
 * handle for a short while. A region rename reaches documents through reindex/reconcile, not through this cache.
 */
export class RegionDirectory {
  private readonly byId: Map<string, RegionNode>;

  constructor(regions: readonly RegionNode[]) {
    this.byId = new Map(regions.map((region) => [region.id, region]));
  }

  get(id: string): RegionNode | undefined {
    return this.byId.get(id);
  }

  name(id: string | null | undefined): string {
    return (id && this.byId.get(id)?.name) || "未知地区";
  }

  /** The region and its ancestors, nearest first. Guards against a cycle in bad data. */
  chain(id: string | null | undefined): string[] {
    const chain: string[] = [];
    let current = id ? this.byId.get(id) : undefined;
    while (current && !chain.includes(current.id)) {
      chain.push(current.id);
      current = current.parentId ? this.byId.get(current.parentId) : undefined;
    }
    if (id && chain.length === 0) chain.push(id);
    return chain;
  }

  /** The nearest county/district-level ancestor (or the region itself), for "by county" facets. */
  county(id: string | null | undefined): RegionNode | undefined {
    for (const regionId of this.chain(id)) {
      const region = this.byId.get(regionId);
      if (region && (region.kind === "COUNTY" || region.kind === "DISTRICT")) return region;
    }
    return undefined;
  }

  /** The city the region belongs to ("揭阳" for masked names). */
  city(id: string | null | undefined): RegionNode | undefined {
    for (const regionId of this.chain(id)) {
      const region = this.byId.get(regionId);
      if (region?.kind === "CITY") return region;
    }
    return undefined;
  }
}

const TTL_MS = 60_000;
const cache = new WeakMap<object, { loadedAt: number; directory: RegionDirectory }>();

export async function loadRegionDirectory(db: DbOrTx, options: { fresh?: boolean } = {}): Promise<RegionDirectory> {
  const cached = cache.get(db);
  if (!options.fresh && cached && Date.now() - cached.loadedAt < TTL_MS) return cached.directory;
  const regions = await db.region.findMany({
    select: { id: true, code: true, name: true, kind: true, parentId: true },
  });
  const directory = new RegionDirectory(regions);
  cache.set(db, { loadedAt: Date.now(), directory });
  return directory;
}

/** Tests that create regions mid-run call this so the next match sees them. */
export function forgetRegionDirectory(db: DbOrTx): void {
  cache.delete(db);
}
