/**
 * Index settings, applied from code. `ensureIndex` creates a missing index and updates settings only when they
 * differ from what the server reports, so running it on every deploy (or before every rebuild) is a no-op when
 * nothing changed — a settings update would otherwise make Meilisearch re-index every document.
 */
import type { Settings } from "meilisearch";
import { type IndexKind, type Meili, meiliErrorCode, waitOk } from "./client.ts";

/** Mutual synonym groups for finance vocabulary as enterprises and product managers write it. */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["贷款", "借款", "融资", "信贷"],
  ["流动资金", "周转资金", "经营周转"],
  ["小微", "小微企业"],
  ["抵押", "押品"],
  ["设备", "机器设备"],
  ["担保", "增信"],
  ["渔船", "渔业船舶"],
  ["春耕", "备耕", "春耕备耕"],
  ["个体户", "个体工商户"],
  ["合作社", "专业合作社", "农民专业合作社"],
  ["科创", "科技创新"],
  ["绿色", "低碳", "节能"],
  ["首贷", "首次贷款"],
  ["农户", "农民"],
  ["技改", "技术改造"],
  ["厂房", "厂区"],
];

export function synonymMap(groups: readonly (readonly string[])[] = SYNONYM_GROUPS): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of groups) {
    for (const word of group) {
      map[word] = [...new Set([...(map[word] ?? []), ...group.filter((other) => other !== word)])];
    }
  }
  return map;
}

const RANKING_RULES = ["words", "typo", "proximity", "attribute", "sort", "exactness"];

const productSearchable = [
  "name",
  "summary",
  "collateralLabels",
  "flagLabels",
  "policyToolLabel",
  "entityTypeLabels",
  "description",
  "institutionName",
  "institutionShortName",
];

const needSearchable = [
  "purposeLabel",
  "description",
  "industryLabel",
  "collateralLabels",
  "flagLabels",
  "entityTypeLabel",
  "maskedName",
  "regionName",
  "parkName",
];

/** The largest candidate set a match may ask for; pagination.maxTotalHits must allow it. */
export const MAX_PRODUCT_CANDIDATES = 1000;

export const INDEX_SETTINGS: Record<IndexKind, Settings> = {
  products: {
    searchableAttributes: productSearchable,
    filterableAttributes: [
      // Matching reads candidate ids from the facet distribution of `id` (see findCandidates).
      "id",
      "status",
      "validFromDay",
      "validToDay",
      "institutionId",
      "institutionActive",
      "institutionKind",
      "institutionSubType",
      "institutionKeyPartner",
      "kind",
      "eligibleEntityTypes",
      "regionIds",
      "eligibleIndustrySections",
      "minYearsInBusiness",
      "minAmount",
      "maxAmount",
      "minTermMonths",
      "maxTermMonths",
      "acceptedCollateral",
      "flags",
      "policyTool",
      "minAnnualRate",
      "maxAnnualRate",
      "feeRate",
    ],
    sortableAttributes: ["minAnnualRate", "feeRate", "maxAmount", "publishedAtTs", "updatedAtTs", "code"],
    rankingRules: RANKING_RULES,
    displayedAttributes: ["*"],
    localizedAttributes: [{ attributePatterns: productSearchable, locales: ["cmn"] }],
    synonyms: synonymMap(),
    // Up to MAX_PRODUCT_CANDIDATES ids per candidate set come back as facet values of `id`.
    faceting: { maxValuesPerFacet: MAX_PRODUCT_CANDIDATES, sortFacetValuesBy: { "*": "count" } },
    pagination: { maxTotalHits: 5000 },
  },
  needs: {
    searchableAttributes: needSearchable,
    filterableAttributes: [
      // Leads an institution passed on leave its officers' lists (id NOT IN …).
      "id",
      "status",
      "visibility",
      "directedInstitutionIds",
      "matchedInstitutionIds",
      "regionId",
      "regionChainIds",
      "countyId",
      "parkId",
      "industrySection",
      "industryDivision",
      "entityType",
      "sizeClass",
      "purposeCategory",
      "collateralOffered",
      "flags",
      "amount",
      "termMonths",
      "maxAnnualRate",
      "wantsLoan",
      "wantsGuarantee",
      "wantsInsurance",
      "wantedKinds",
      "foundedYear",
      "publishedAtTs",
      "expiresAtTs",
      "wantedByDay",
      "overdue",
      "firstLoanCandidate",
    ],
    sortableAttributes: ["publishedAtTs", "amount", "expiresAtTs", "wantedByDay", "termMonths"],
    rankingRules: RANKING_RULES,
    displayedAttributes: ["*"],
    localizedAttributes: [{ attributePatterns: needSearchable, locales: ["cmn"] }],
    synonyms: synonymMap(),
    faceting: { maxValuesPerFacet: 200, sortFacetValuesBy: { "*": "count" } },
    pagination: { maxTotalHits: 10_000 },
  },
};

/** Order-insensitive lists are compared sorted; everything else as the server returns it. */
const UNORDERED: ReadonlySet<string> = new Set(["filterableAttributes", "sortableAttributes"]);

function canonical(key: string, value: unknown): string {
  if (UNORDERED.has(key) && Array.isArray(value)) return JSON.stringify([...value].map(String).sort());
  if (key === "synonyms" && value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, string[]>)
      .map(([word, list]) => [word, [...list].sort()] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify(entries);
  }
  if (key === "faceting" && value && typeof value === "object") {
    const faceting = value as { maxValuesPerFacet?: number; sortFacetValuesBy?: Record<string, string> };
    return JSON.stringify([faceting.maxValuesPerFacet, faceting.sortFacetValuesBy]);
  }
  if (key === "pagination" && value && typeof value === "object") {
    return JSON.stringify((value as { maxTotalHits?: number }).maxTotalHits);
  }
  return JSON.stringify(value);
}

/** The settings keys whose server value differs from the desired one. */
export function settingsDrift(desired: Settings, actual: Settings): (keyof Settings)[] {
  return (Object.keys(desired) as (keyof Settings)[]).filter(
    (key) => canonical(key, desired[key]) !== canonical(key, actual[key]),
  );
}

async function indexExists(meili: Meili, uid: string): Promise<boolean> {
  try {
    await meili.client.index(uid).getRawInfo();
    return true;
  } catch (error) {
    if (meiliErrorCode(error) === "index_not_found") return false;
    throw error;
  }
}

/**
 * Creates the index if it is missing and brings its settings to INDEX_SETTINGS. Returns the keys it had to change
 * (empty when the index was already up to date).
 */
export async function ensureIndex(
  meili: Meili,
  kind: IndexKind,
  uid: string = meili.indexes[kind],
): Promise<(keyof Settings)[]> {
  if (!(await indexExists(meili, uid))) {
    await waitOk(meili.client.createIndex(uid, { primaryKey: "id" }));
  }
  const index = meili.client.index(uid);
  const drift = settingsDrift(INDEX_SETTINGS[kind], await index.getSettings());
  if (drift.length > 0) {
    const update: Settings = {};
    for (const key of drift) (update as Record<string, unknown>)[key] = INDEX_SETTINGS[kind][key];
    await waitOk(index.updateSettings(update), 300_000);
  }
  return drift;
}

export async function ensureIndexes(meili: Meili): Promise<Record<IndexKind, (keyof Settings)[]>> {
  return { products: await ensureIndex(meili, "products"), needs: await ensureIndex(meili, "needs") };
}

const ensured = new WeakMap<Meili, Promise<unknown>>();

/**
 * ensureIndexes once per process and Meilisearch handle (again after a failure, e.g. Meilisearch was down). Callers
 * that need the current settings before their first search or write — matching asks for facets of `id` — await it;
 * a web process may start before any worker has applied a new release's settings.
 */
export function ensureIndexesOnce(meili: Meili): Promise<unknown> {
  let ready = ensured.get(meili);
  if (!ready) {
    ready = ensureIndexes(meili).catch((error: unknown) => {
      ensured.delete(meili);
      throw error;
    });
    ensured.set(meili, ready);
  }
  return ready;
}
