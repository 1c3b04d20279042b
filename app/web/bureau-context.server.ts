/**
 * What every bureau page starts with: the BUREAU role guard, the filter from the query string, the region and
 * institution trees, the resolved scope, the filter form's options and values, and when the figures were computed.
 */
import type { DbOrTx } from "~/infra/db.server.ts";
import { requireUser } from "~/web/guard.server.ts";
import type { SessionUser } from "~/modules/auth/sessions.server.ts";
import { filterToSearch, parseBureauFilter, type BureauFilter } from "~/modules/bureau/filters.ts";
import { formatShanghaiSeconds, shanghaiToday } from "~/kernel/time.ts";
import { rollupsRefreshedAt } from "~/modules/bureau/rollups.server.ts";
import { loadTrees, resolveScope, type Scope, type Trees } from "~/modules/bureau/scope.server.ts";

export interface BureauContext {
  user: SessionUser;
  filter: BureauFilter;
  scope: Scope;
  trees: Trees;
  problems: string[];
  today: string;
  refreshedAt: Date | null;
  view: ReturnType<typeof filterView>;
}

export async function bureauContext(db: DbOrTx, request: Request, now: Date = new Date()): Promise<BureauContext> {
  const user = await requireUser(request, "BUREAU");
  const url = new URL(request.url);
  const parsed = parseBureauFilter(url.searchParams, now);
  const [trees, refreshedAt] = await Promise.all([loadTrees(db), rollupsRefreshedAt(db)]);
  const resolved = resolveScope(trees, parsed.filter);
  const today = shanghaiToday(now);
  return {
    user,
    filter: parsed.filter,
    scope: resolved.scope,
    trees,
    problems: [...parsed.problems, ...resolved.problems],
    today,
    refreshedAt,
    view: filterView(parsed.filter, trees, resolved.scope, today, refreshedAt),
  };
}

/** Everything the page needs to show the filter (plain JSON for the loader). */
export function filterView(filter: BureauFilter, trees: Trees, scope: Scope, today: string, refreshedAt: Date | null) {
  const currentYear = Number(today.slice(0, 4));
  const years = Array.from({ length: 6 }, (_, index) => currentYear + 1 - index);
  if (!years.includes(filter.period.year)) years.push(filter.period.year);
  const { period } = filter;
  return {
    search: filterToSearch(filter),
    values: {
      period: period.kind,
      year: period.year,
      quarter: period.quarter,
      month: period.month,
      from: period.kind === "custom" ? period.from : "",
      to: period.kind === "custom" ? period.lastDay : "",
      region: scope.region?.code ?? "",
      institution: scope.institution?.code ?? "",
    },
    options: {
      regions: trees.regions.map((region) => ({ code: region.code, name: region.name, depth: region.depth })),
      institutions: trees.institutions.map((institution) => ({
        code: institution.code,
        name: institution.name,
        depth: institution.depth,
        kind: institution.kind,
      })),
      years: years.sort((a, b) => b - a),
    },
    periodLabel: period.label,
    period: { from: period.from, lastDay: period.lastDay, year: period.year },
    regionName: scope.region?.name ?? "全部区域",
    institutionName: scope.institution?.name ?? "全部机构",
    /** When the rollups the figures come from were computed (数据截至). */
    refreshedAt: refreshedAt ? formatShanghaiSeconds(refreshedAt) : null,
    /** When this page was read (live pages: the overdue list, a need's timeline). */
    readAt: formatShanghaiSeconds(new Date()),
  };
}
