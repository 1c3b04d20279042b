import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import * as enums from "~/generated/prisma/enums.ts";
import * as labels from "~/kernel/labels.ts";
import { DEADLINE_KINDS } from "~/kernel/statuses.ts";

const CHINESE = /[\u4e00-\u9fa5]/;

/** Every enum users see, and its one map. Enums that never reach a page (RegionKind, MatchKind…) are not listed. */
const MAP_OF_ENUM: Record<string, Record<string, string>> = {
  NeedStatus: labels.needStatusLabel,
  NeedVisibility: labels.needVisibilityLabel,
  NeedFlag: labels.needFlagLabel,
  PurposeCategory: labels.purposeCategoryLabel,
  EngagementStatus: labels.engagementStatusLabel,
  OutcomeKind: labels.outcomeKindLabel,
  DeclineReason: labels.declineReasonLabel,
  EntityType: labels.entityTypeLabel,
  SizeClass: labels.sizeClassLabel,
  InstitutionKind: labels.institutionKindLabel,
  ProductKind: labels.productKindLabel,
  ProductStatus: labels.productStatusLabel,
  ProductFlag: labels.productFlagLabel,
  PolicyTool: labels.policyToolLabel,
  Collateral: labels.collateralLabel,
  Role: labels.roleLabel,
  LedgerMetric: labels.ledgerMetricLabel,
  AskOrigin: labels.askOriginLabel,
  AskResponse: labels.askResponseLabel,
  LeadPassKind: labels.leadPassKindLabel,
  LeadPassReason: labels.leadPassReasonLabel,
};

/** The second wordings the kernel names on purpose (each says why in its comment). */
const SECOND_WORDINGS: Record<string, Record<string, string>> = {
  Collateral: labels.collateralSentence,
};

function enumValues(name: string): string[] {
  const values = (enums as unknown as Record<string, Record<string, string> | undefined>)[name];
  if (!values) throw new Error(`no generated enum ${name}`);
  return Object.values(values);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === "generated" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry) ? [path] : [];
  });
}

describe("enum labels", () => {
  it.each([...Object.entries(MAP_OF_ENUM), ...Object.entries(SECOND_WORDINGS)])(
    "labels every %s value in Chinese, and nothing else",
    (name, map) => {
      const values = enumValues(name);
      expect(Object.keys(map).sort()).toEqual([...values].sort());
      for (const value of values) expect(map[value]).toMatch(CHINESE);
    },
  );

  it("labels both deadline kinds", () => {
    expect(Object.keys(labels.deadlineKindLabel).sort()).toEqual([...DEADLINE_KINDS].sort());
  });

  it("gives distinct values of one enum distinct labels, so a page never shows two values alike", () => {
    for (const [name, map] of Object.entries({ ...MAP_OF_ENUM, ...SECOND_WORDINGS })) {
      expect(new Set(Object.values(map)).size, name).toBe(Object.keys(map).length);
    }
  });

  it("exports one map per enum: every exported map is either the label or a named second wording", () => {
    const exported = Object.entries(labels).filter(([, value]) => typeof value === "object");
    const known = new Set<unknown>([
      ...Object.values(MAP_OF_ENUM),
      ...Object.values(SECOND_WORDINGS),
      labels.deadlineKindLabel,
      labels.industrySectionLabel,
      // Not a label: which 不感兴趣 / 不符合条件 group a pass reason belongs to.
      labels.leadPassReasonKind,
    ]);
    for (const [name, value] of exported) expect(known.has(value), name).toBe(true);
  });

  it("has no other Chinese map over these enums outside the kernel", () => {
    // Not names of the values, so not labels: viewer-relative actors, masked-name nouns and button verbs.
    const allowed = new Set([
      "app/modules/engagements/workspace.server.ts:Role",
      "app/modules/redaction/enterprise-names.ts:EntityType",
      "app/modules/engagements/lifecycle.ts:EngagementStatus",
      "app/modules/enterprise/labels.ts:NeedFlag",
    ]);
    const enumNames = Object.keys({ ...MAP_OF_ENUM, DeadlineKind: 1, OverdueKind: 1 }).join("|");
    const mapStart = new RegExp(`Record<(${enumNames}), string>>? = \\{`, "g");
    const found: string[] = [];
    const root = process.cwd();
    for (const file of ["app", "workers", "search"].flatMap((dir) => sourceFiles(join(root, dir)))) {
      const path = relative(root, file);
      if (path.startsWith("app/kernel/")) continue;
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(mapStart)) {
        const body = text.slice(match.index, text.indexOf("}", match.index));
        if (CHINESE.test(body) && !allowed.has(`${path}:${match[1]}`)) found.push(`${path}:${match[1]}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("keeps the sentence wording of collateral free of the 抵押/质押 the reason around it already says", () => {
    expect(labels.collateralLabel.REAL_ESTATE).toBe("房产抵押");
    expect(labels.collateralSentence.REAL_ESTATE).toBe("房产");
    for (const value of Object.values(enums.Collateral))
      expect(labels.collateralSentence[value]).not.toMatch(/(抵押|质押)$/);
  });
});
