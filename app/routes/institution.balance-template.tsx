/** GET /institution/balance-template — the balance report template as CSV (UTF-8 with BOM, as Excel opens it). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { shanghaiToday } from "~/kernel/time.ts";
import { balanceTemplateCsv } from "~/modules/balances/files.server.ts";
import { lastClosedMonth } from "~/modules/balances/rows.ts";
import { requireInstitutionUser } from "~/web/guard.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireInstitutionUser(request, ["INSTITUTION_ADMIN"]);
  const month = lastClosedMonth(shanghaiToday());
  return new Response(balanceTemplateCsv(month), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="balances-${month}.csv"; filename*=UTF-8''${encodeURIComponent(`贷款余额模板-${month}.csv`)}`,
      "Cache-Control": "no-store",
    },
  });
}
