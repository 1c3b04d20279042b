/**
 * POST /api/v1/balance-reports — an institution's month-end loan balances, checked and stored by the same domain
 * function as the workspace upload; a bad row refuses the report with every line's problem (422).
 */
import { domainError } from "~/kernel/errors.ts";
import { shanghaiToday } from "~/kernel/time.ts";
import { submitBalanceReport } from "~/modules/balances/balances.server.ts";
import { describeLineError } from "~/modules/balances/rows.ts";
import { apiMethodNotAllowed, apiPost } from "~/web/api/endpoint.server.ts";
import { balanceReportAnswer, submitBalanceReportOperation } from "~/web/api/operations/balances.ts";
import { problemBody } from "~/web/api/problem.server.ts";

export const loader = apiMethodNotAllowed("POST");

export const action = apiPost(submitBalanceReportOperation, async ({ db, body, caller }) => {
  const result = await submitBalanceReport(db, {
    actor: caller.actor,
    month: body.month,
    rows: body.rows.map((row, index) => ({
      line: index + 1,
      borrowerCode: row.borrowerCode,
      borrowerName: row.borrowerName,
      loanId: row.loanId,
      productId: row.productCode,
      tags: row.tags,
      balance: row.balance,
      totalCredit: row.totalCredit,
    })),
    source: "API",
    today: shanghaiToday(),
  });
  if (!result.ok) {
    if (result.formError) throw domainError(422, "INVALID_MONTH", result.formError);
    const errors = Object.fromEntries(
      result.errors.map((error) => [`rows[${error.line - 1}]`, describeLineError(error)]),
    );
    const first = result.errors[0]!;
    return {
      status: 422,
      body: problemBody(
        422,
        "BALANCE_ROWS_INVALID",
        `${result.errors.length} 行有误，未保存任何数据。${describeLineError(first)}`,
        errors,
      ),
    };
  }
  const { report } = result;
  return {
    status: 201,
    body: { ...balanceReportAnswer(report), replacedVersion: result.replacedVersion },
  };
});
