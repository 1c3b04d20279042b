/** GET /api/v1/balance-reports/{month} — the totals of the institution's current report of a month. */
import { notFound } from "~/kernel/errors.ts";
import { currentBalanceReport } from "~/modules/balances/balances.server.ts";
import { isMonth } from "~/modules/balances/rows.ts";
import { apiGet } from "~/web/api/endpoint.server.ts";
import { balanceReportAnswer, getBalanceReportOperation } from "~/web/api/operations/balances.ts";

export const loader = apiGet(getBalanceReportOperation, async ({ db, params, caller }) => {
  const month = params.month ?? "";
  if (!isMonth(month)) throw notFound(`月份“${month.slice(0, 20)}”无效，应为 YYYY-MM`);
  const report = await currentBalanceReport(db, caller.institutionId, month);
  if (!report) throw notFound(`${month} 尚未报送贷款余额`);
  return { body: balanceReportAnswer(report) };
});
