import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/infra/db.server.ts";
import { bureauContext, type BureauContext } from "~/web/bureau-context.server.ts";
import { loadDashboard } from "~/modules/bureau/dashboard.server.ts";
import {
  countLedgerEntries,
  CSV_CONTENT_TYPE,
  LEDGER_XLSX_MAX_ROWS,
  ledgerCsvStream,
  ledgerXlsx,
  tablesToCsv,
  tablesToXlsx,
  XLSX_CONTENT_TYPE,
} from "~/modules/bureau/export.server.ts";
import { toCsv } from "~/modules/bureau/csv.ts";
import { loadInstitutionRanking } from "~/modules/bureau/ranking.server.ts";
import { queryAverageRates } from "~/modules/bureau/rates.server.ts";
import { averageRateTable, dashboardTables, rankingTable } from "~/modules/bureau/tables.ts";
import { listTargetsWithProgress, targetCsvTemplate } from "~/modules/bureau/targets.server.ts";
import { domainError, notFound } from "~/kernel/errors.ts";
import type { InstitutionKind } from "~/generated/prisma/enums.ts";
import { institutionKindLabel } from "~/kernel/labels.ts";

/**
 * Downloads: /bureau/export/<dataset>.<csv|xlsx> with the page's filter in the query string.
 * dataset: dashboard (the overview's tables), ledger (ledger entries), ranking (institution ranking),
 * targets-template (CSV to fill in and upload on the targets page).
 */
const FILE = /^(dashboard|ledger|ranking|targets-template)\.(csv|xlsx)$/;

function preamble(context: BureauContext, title: string): string[] {
  const { view } = context;
  return [
    `揭阳银企融资对接平台 · ${title}`,
    `统计周期：${view.periodLabel}（${view.period.from} 至 ${view.period.lastDay}）`,
    `区域：${view.regionName}；金融机构：${view.institutionName}`,
    `数据截至：${view.refreshedAt ?? "—"}；导出人：${context.user.displayName}`,
  ];
}

function download(body: BodyInit, filename: string, contentType: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${encodeURIComponent(filename).replace(/%[0-9A-F]{2}/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const context = await bureauContext(db, request);
  const match = FILE.exec(params.file ?? "");
  if (!match) throw notFound("没有这种导出文件");
  const [, dataset, format] = match as unknown as [string, string, "csv" | "xlsx"];
  const stamp = `${context.view.period.from}_${context.view.period.lastDay}`;
  const { scope } = context;

  if (dataset === "dashboard") {
    const [dashboard, averageRates] = await Promise.all([
      loadDashboard(db, scope),
      queryAverageRates(db, scope, context.trees),
    ]);
    const tables = [...dashboardTables(dashboard), averageRateTable(averageRates)];
    const lines = preamble(context, "监测总览");
    return format === "csv"
      ? download(tablesToCsv(tables, lines), `监测总览_${stamp}.csv`, CSV_CONTENT_TYPE)
      : download(await tablesToXlsx(tables, lines), `监测总览_${stamp}.xlsx`, XLSX_CONTENT_TYPE);
  }

  if (dataset === "ranking") {
    const kind = parseKind(new URL(request.url).searchParams.get("kind"));
    const ranking = await loadInstitutionRanking(db, scope, context.trees.institutions, kind);
    const tables = [rankingTable(ranking)];
    const lines = [...preamble(context, `金融机构排名（${institutionKindLabel[kind]}）`)];
    return format === "csv"
      ? download(tablesToCsv(tables, lines), `机构排名_${stamp}.csv`, CSV_CONTENT_TYPE)
      : download(await tablesToXlsx(tables, lines), `机构排名_${stamp}.xlsx`, XLSX_CONTENT_TYPE);
  }

  if (dataset === "ledger") {
    const lines = preamble(context, "目标台账明细（含冲正，合计即净额）");
    if (format === "csv") return download(ledgerCsvStream(db, scope, lines), `台账明细_${stamp}.csv`, CSV_CONTENT_TYPE);
    const count = await countLedgerEntries(db, scope);
    if (count > LEDGER_XLSX_MAX_ROWS) {
      throw domainError(
        413,
        "TOO_LARGE",
        `台账明细共 ${count} 条，超过 XLSX 导出上限 ${LEDGER_XLSX_MAX_ROWS} 条，请缩小统计范围或下载 CSV。`,
      );
    }
    return download(await ledgerXlsx(db, scope, lines), `台账明细_${stamp}.xlsx`, XLSX_CONTENT_TYPE);
  }

  // targets-template
  if (format !== "csv") throw notFound("目标导入模板仅提供 CSV");
  const year = context.filter.period.year;
  const targets = await listTargetsWithProgress(db, context.trees, year, context.today);
  return download(toCsv(targetCsvTemplate(targets, context.trees, year)), `年度目标_${year}.csv`, CSV_CONTENT_TYPE);
}

function parseKind(value: string | null): InstitutionKind {
  return value === "INSURER" || value === "GUARANTOR" ? value : "BANK";
}
